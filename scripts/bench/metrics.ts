/**
 * What the benchmark measures around one workflow run: process memory (sampled from /proc),
 * the simulators' request counters, per-node time from the execution, and whether every
 * document ended up in IFS exactly once and confirmed in Concur.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

import type { Simulators } from '../../test/simulators';

// ---------------------------------------------------------------------------------------------
// memory
// ---------------------------------------------------------------------------------------------

export interface ProcMemory {
	rssKb: number;
	hwmKb: number;
}

/** VmRSS / VmHWM of a live process, undefined when it is gone. */
export function readProcMemory(pid: number): ProcMemory | undefined {
	let text: string;
	try {
		text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	} catch {
		return undefined;
	}
	const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(text)?.[1] ?? 0);
	return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

export interface MemoryReport {
	samples: number;
	intervalMs: number;
	/** Server RSS when sampling started (n8n idle after start-up and import). */
	serverStartRssMb: number;
	/** Highest server VmRSS seen while the run was going. */
	serverPeakRssMb: number;
	/** Server VmHWM at the end: the kernel's peak since the process started (start-up included). */
	serverHwmMb: number;
	/** Highest VmRSS of any JS task runner while the run was going (0 when none was up). */
	runnerPeakRssMb: number;
	runnerHwmMb: number;
	/** Highest server + task runner RSS at one sample. */
	combinedPeakRssMb: number;
}

const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;

/**
 * Samples the n8n server and its task runner(s) every `intervalMs` until stopped. The runner
 * pids are looked up again every second (n8n may start a runner on demand).
 */
export class MemorySampler {
	private timer?: NodeJS.Timeout;
	private samples = 0;
	private serverStart = 0;
	private serverPeak = 0;
	private serverHwm = 0;
	private runnerPeak = 0;
	private runnerHwm = 0;
	private combinedPeak = 0;
	private runners: number[] = [];
	private lastRunnerLookup = 0;

	constructor(
		private readonly serverPid: number,
		private readonly runnerPids: () => number[],
		private readonly intervalMs = 200,
	) {}

	start(): void {
		this.sample();
		this.serverStart = this.serverPeak;
		this.timer = setInterval(() => this.sample(), this.intervalMs);
		this.timer.unref();
	}

	private sample(): void {
		const now = Date.now();
		if (now - this.lastRunnerLookup > 1000) {
			this.runners = this.runnerPids();
			this.lastRunnerLookup = now;
		}
		const server = readProcMemory(this.serverPid);
		if (!server) return;
		this.samples++;
		this.serverPeak = Math.max(this.serverPeak, server.rssKb);
		this.serverHwm = Math.max(this.serverHwm, server.hwmKb);
		let runnersRss = 0;
		for (const pid of this.runners) {
			const runner = readProcMemory(pid);
			if (!runner) continue;
			runnersRss += runner.rssKb;
			this.runnerPeak = Math.max(this.runnerPeak, runner.rssKb);
			this.runnerHwm = Math.max(this.runnerHwm, runner.hwmKb);
		}
		this.combinedPeak = Math.max(this.combinedPeak, server.rssKb + runnersRss);
	}

	stop(): MemoryReport {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
		this.sample();
		return {
			samples: this.samples,
			intervalMs: this.intervalMs,
			serverStartRssMb: mb(this.serverStart),
			serverPeakRssMb: mb(this.serverPeak),
			serverHwmMb: mb(this.serverHwm),
			runnerPeakRssMb: mb(this.runnerPeak),
			runnerHwmMb: mb(this.runnerHwm),
			combinedPeakRssMb: mb(this.combinedPeak),
		};
	}
}

// ---------------------------------------------------------------------------------------------
// CPU
// ---------------------------------------------------------------------------------------------

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const CLOCK_TICKS = 100;

/** User + system CPU seconds a live process has used so far (0 when it is gone). */
export function cpuSeconds(pid: number): number {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
	} catch {
		return 0;
	}
}

// ---------------------------------------------------------------------------------------------
// simulator traffic
// ---------------------------------------------------------------------------------------------

export interface TrafficSnapshot {
	concur: { requests: number; byTemplate: Record<string, number>; tokensByGrant: Record<string, number>; rateLimited: number; maxConcurrency: number };
	ifs: { requests: number; batchParts: number; byRoute: Record<string, number>; tokensIssued: number; throttled: number; maxConcurrency: number };
}

const sum = (values: Record<string, number>) => Object.values(values).reduce((total, value) => total + value, 0);

export function trafficSnapshot(sims: Simulators): TrafficSnapshot {
	const concur = sims.concur.statsSnapshot() as {
		byTemplate: Record<string, number>;
		tokensByGrant: Record<string, number>;
		rateLimitedResponses: number;
		maxConcurrency: number;
	};
	const ifs = sims.ifs.stats();
	return {
		// statsSnapshot().requests is the length of a log capped at 20,000 entries; the per-route counters are not capped
		concur: { requests: sum(concur.byTemplate), byTemplate: { ...concur.byTemplate }, tokensByGrant: { ...concur.tokensByGrant }, rateLimited: concur.rateLimitedResponses, maxConcurrency: concur.maxConcurrency },
		ifs: { requests: ifs.requests, batchParts: ifs.batchParts, byRoute: { ...ifs.byRoute }, tokensIssued: ifs.tokensIssued, throttled: ifs.throttled, maxConcurrency: ifs.maxConcurrency },
	};
}

function diffCounts(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
	const out: Record<string, number> = {};
	for (const [key, value] of Object.entries(after)) {
		const delta = value - (before[key] ?? 0);
		if (delta) out[key] = delta;
	}
	return out;
}

export interface Traffic {
	concurRequests: number;
	concurTokenRequests: number;
	concurTokensByGrant: Record<string, number>;
	concur429: number;
	concurByRoute: Record<string, number>;
	ifsRequests: number;
	ifsTokenRequests: number;
	ifsTokensIssued: number;
	ifsBatchParts: number;
	ifs429: number;
	ifsMaxConcurrency: number;
	ifsByRoute: Record<string, number>;
}

const isTokenRoute = (route: string) => /\/token\b/.test(route);

export function trafficBetween(before: TrafficSnapshot, after: TrafficSnapshot): Traffic {
	const concurByRoute = diffCounts(after.concur.byTemplate, before.concur.byTemplate);
	const ifsByRoute = diffCounts(after.ifs.byRoute, before.ifs.byRoute);
	return {
		concurRequests: after.concur.requests - before.concur.requests,
		concurTokenRequests: sum(Object.fromEntries(Object.entries(concurByRoute).filter(([route]) => isTokenRoute(route)))),
		concurTokensByGrant: diffCounts(after.concur.tokensByGrant, before.concur.tokensByGrant),
		concur429: after.concur.rateLimited - before.concur.rateLimited,
		concurByRoute,
		ifsRequests: after.ifs.requests - before.ifs.requests,
		ifsTokenRequests: sum(Object.fromEntries(Object.entries(ifsByRoute).filter(([route]) => isTokenRoute(route) && !route.startsWith('[batch]')))),
		ifsTokensIssued: after.ifs.tokensIssued - before.ifs.tokensIssued,
		ifsBatchParts: after.ifs.batchParts - before.ifs.batchParts,
		ifs429: after.ifs.throttled - before.ifs.throttled,
		ifsMaxConcurrency: after.ifs.maxConcurrency,
		ifsByRoute,
	};
}

// ---------------------------------------------------------------------------------------------
// outcome per document
// ---------------------------------------------------------------------------------------------

export interface DocumentOutcome {
	documents: number;
	/** One IFS voucher carrying the document's reference, and a successful FIS posting confirmation. */
	postedOnce: number;
	/** No voucher in IFS. */
	missing: number;
	/** More than one voucher (or more than one voucher number) with the document's reference. */
	duplicated: number;
	/** FIS status POSTING_CONFIRMED_SUCCESS. */
	confirmedSuccess: number;
	/** FIS status POSTING_CONFIRMED_FAILURE. */
	confirmedFailure: number;
	/** Successful posting confirmations received per document, more than one. */
	confirmedTwice: number;
	/** Not posted exactly once, or not confirmed as posted. */
	failed: number;
	/** Up to 5 examples of failed documents: FIS id, reference, what is wrong. */
	examples: string[];
	vouchers: number;
	voucherRows: number;
	/**
	 * sha256 over the vouchers' totals per (reference, company, date, account, currency) with their
	 * row counts: equal digests = both workflows posted the same amounts to the same accounts.
	 */
	voucherDigest: string;
}

export function documentOutcome(sims: Simulators, fisIds: string[]): DocumentOutcome {
	const state = sims.concur.inspect();
	const byId = new Map(state.fisDocuments.map((doc) => [doc.id, doc]));
	const vouchersByReference = new Map<string, Set<string>>();
	const rows = sims.ifs.voucherRows();
	for (const row of rows) {
		const reference = String(row.ReferenceNumber ?? '');
		const set = vouchersByReference.get(reference) ?? new Set<string>();
		set.add(`${String(row.Company)}/${String(row.VoucherType)}/${String(row.AccountingYear)}/${String(row.VoucherNo)}`);
		vouchersByReference.set(reference, set);
	}
	const successfulConfirmations = new Map<string, number>();
	for (const call of state.postingConfirmations as Array<{ results: Array<{ code: number; docId: string }> }>) {
		for (const result of call.results) if (result.code === 0) successfulConfirmations.set(result.docId, (successfulConfirmations.get(result.docId) ?? 0) + 1);
	}
	const outcome: DocumentOutcome = {
		documents: fisIds.length, postedOnce: 0, missing: 0, duplicated: 0, confirmedSuccess: 0, confirmedFailure: 0, confirmedTwice: 0, failed: 0, examples: [],
		vouchers: 0, voucherRows: rows.length, voucherDigest: voucherDigest(rows),
	};
	const allVouchers = new Set<string>();
	for (const id of fisIds) {
		const doc = byId.get(id);
		const reference = `CX-${doc?.sourceId ?? '?'}`;
		const vouchers = vouchersByReference.get(reference) ?? new Set<string>();
		vouchers.forEach((voucher) => allVouchers.add(voucher));
		const problems: string[] = [];
		if (vouchers.size === 0) {
			outcome.missing++;
			problems.push('no IFS voucher');
		} else if (vouchers.size > 1) {
			outcome.duplicated++;
			problems.push(`${vouchers.size} IFS vouchers`);
		}
		if (doc?.status === 'POSTING_CONFIRMED_SUCCESS') outcome.confirmedSuccess++;
		else {
			if (doc?.status === 'POSTING_CONFIRMED_FAILURE') outcome.confirmedFailure++;
			problems.push(`FIS status ${doc?.status ?? 'unknown'}`);
		}
		if ((successfulConfirmations.get(id) ?? 0) > 1) {
			outcome.confirmedTwice++;
			problems.push(`${successfulConfirmations.get(id)} posting confirmations`);
		}
		if (problems.length) {
			outcome.failed++;
			if (outcome.examples.length < 5) outcome.examples.push(`${id} (${reference}): ${problems.join(', ')}`);
		} else outcome.postedOnce++;
	}
	outcome.vouchers = allVouchers.size;
	return outcome;
}

function voucherDigest(rows: Array<Record<string, unknown>>): string {
	// Totals per document, account and currency: where a split line's odd cent lands (which cost
	// center gets 0.01 more) is a rounding choice each workflow makes its own way.
	const totals = new Map<string, { debit: number; credit: number; rows: number }>();
	for (const row of rows) {
		const key = [row.ReferenceNumber, row.Company, row.VoucherDate, row.Account, row.CurrencyCode].map(String).join('|');
		const total = totals.get(key) ?? { debit: 0, credit: 0, rows: 0 };
		total.debit += Math.round(Number(row.CurrencyDebetAmount ?? 0) * 100);
		total.credit += Math.round(Number(row.CurrencyCreditAmount ?? 0) * 100);
		total.rows += 1;
		totals.set(key, total);
	}
	const lines = [...totals].map(([key, t]) => `${key}|${t.debit}|${t.credit}|${t.rows}`).sort();
	return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

// ---------------------------------------------------------------------------------------------
// where the time goes
// ---------------------------------------------------------------------------------------------

export interface NodeTime {
	node: string;
	runs: number;
	/** Sum of the node's own execution time over its runs. */
	seconds: number;
	/** Items on all outputs of all runs. */
	items: number;
	/** When the node first started, seconds after the execution started. */
	firstStartSeconds?: number;
	/** When its last run ended, seconds after the execution started. */
	lastEndSeconds?: number;
}

interface RunDataEntry {
	startTime?: number;
	executionTime?: number;
	data?: { main?: Array<unknown[] | null> };
}

/** Per-node run count and execution time, longest first. */
export function nodeTimes(execution: { startedAt?: string; data?: { resultData?: { runData?: Record<string, RunDataEntry[]> } } } | undefined): NodeTime[] {
	const runData = execution?.data?.resultData?.runData ?? {};
	const origin = execution?.startedAt ? Date.parse(execution.startedAt) : NaN;
	const offset = (ms: number) => (Number.isFinite(origin) && Number.isFinite(ms) ? Math.round((ms - origin) / 100) / 10 : undefined);
	return Object.entries(runData)
		.map(([node, runs]) => ({
			node,
			runs: runs.length,
			seconds: runs.reduce((total, run) => total + (run.executionTime ?? 0), 0) / 1000,
			items: runs.reduce((total, run) => total + (run.data?.main ?? []).reduce((n, output) => n + (output?.length ?? 0), 0), 0),
			firstStartSeconds: offset(Math.min(...runs.map((run) => run.startTime ?? NaN))),
			lastEndSeconds: offset(Math.max(...runs.map((run) => (run.startTime ?? NaN) + (run.executionTime ?? 0)))),
		}))
		.sort((a, b) => b.seconds - a.seconds);
}
