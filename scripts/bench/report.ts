/** Renders docs/benchmarks.md from the measured figures (everything in it comes from one bench run). */
import type { BenchResults, Flavour, RunResult } from './results';
import type { ReferencePass, ReferenceRunResult } from './reference';
import { comparableBaseline, find, fmt, int, perDoc, perDocDenominator, type Verdict } from './figures';
import { queueSection, queueVerdicts } from './queue-report';
import { scaleVerdicts } from './scale-verdicts';

const TARGET_SPEEDUP = 50;
/** Reference data: how far the n8n server may grow above its idle size during the passes, in MB. */
const REFERENCE_MEMORY_BUDGET_MB = 1024;
/** Concur's List v4 bulk limit. */
const LIST_BULK_LIMIT = 250;
const TARGET_IFS_PER_DOC = 0.25;

const label = (flavour: Flavour) => (flavour === 'ours' ? 'ours (template)' : 'baseline (core nodes)');

/** Token requests allowed by "≤ 1 per credential per token lifetime" over the run's wall time. */
function tokenAllowance(seconds: number, lifetime: number): number {
	return Math.max(1, Math.ceil(seconds / lifetime));
}

function statusText(run: RunResult): string {
	if (run.stoppedAtLimit) return `stopped at the ${run.wallSeconds >= 60 ? `${fmt(run.wallSeconds / 60, 0)}-minute` : 'time'} limit`;
	return run.error ? `${run.status}: ${run.error}` : run.status;
}

function summaryTable(results: BenchResults): string[] {
	const lines = [
		'| workflow | documents | status | wall s | docs/s | Concur req/doc | IFS req/doc | IFS $batch parts/doc | 429s | token requests Concur / IFS | peak RSS server (runner) MB | failed | duplicated |',
		'|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
	];
	for (const run of results.runs) {
		const d = perDoc(run);
		const t = run.traffic;
		lines.push(
			`| ${label(run.flavour)} | ${int(run.size)} | ${statusText(run)} | ${fmt(run.wallSeconds)} | ${fmt(run.documentsPerSecond, 2)} | ${fmt(d.concur, 3)} | ${fmt(d.ifs, 3)} | ${fmt(d.ifsBatchParts, 2)} | ${int(t.ifs429 + t.concur429)} | ${int(t.concurTokenRequests)} / ${int(t.ifsTokenRequests)} | ${fmt(run.memory.serverPeakRssMb, 0)} (${fmt(run.memory.runnerPeakRssMb, 0)}) | ${int(run.outcome.failed)} | ${int(run.outcome.duplicated)} |`,
		);
	}
	return lines;
}

function detailTable(run: RunResult): string[] {
	const d = perDoc(run);
	const t = run.traffic;
	const m = run.memory;
	const o = run.outcome;
	const rows: Array<[string, string]> = [
		['execution status', statusText(run)],
		...(run.flavour === 'ours' && run.pageSize !== undefined ? [['the template’s pageSize setting', run.pageSize ? int(run.pageSize) : '0 (as shipped: one execution)'] as [string, string]] : []),
		['wall seconds (run started → finished)', fmt(run.wallSeconds)],
		["n8n's execution time (startedAt → stoppedAt), s", fmt(run.executionSeconds)],
		['documents posted once and confirmed', `${int(o.postedOnce)} of ${int(run.size)}`],
		['documents per second', fmt(run.documentsPerSecond, 2)],
		['Concur HTTP requests (per document)', `${int(t.concurRequests)} (${fmt(d.concur, 3)})`],
		['IFS HTTP requests (per document)', `${int(t.ifsRequests)} (${fmt(d.ifs, 3)})`],
		['IFS operations inside $batch requests', int(t.ifsBatchParts)],
		['429s received (IFS / Concur)', `${int(t.ifs429)} / ${int(t.concur429)}`],
		['token requests Concur (grants)', `${int(t.concurTokenRequests)} (${Object.entries(t.concurTokensByGrant).map(([grant, n]) => `${grant} ${n}`).join(', ') || '–'})`],
		['token requests IFS (tokens issued)', `${int(t.ifsTokenRequests)} (${int(t.ifsTokensIssued)})`],
		['max concurrent IFS requests', int(t.ifsMaxConcurrency)],
		['n8n server RSS at run start / peak during run / VmHWM, MB', `${fmt(m.serverStartRssMb, 0)} / ${fmt(m.serverPeakRssMb, 0)} / ${fmt(m.serverHwmMb, 0)}`],
		['task runner peak RSS / VmHWM, MB', `${fmt(m.runnerPeakRssMb, 0)} / ${fmt(m.runnerHwmMb, 0)}`],
		['server + runner peak RSS, MB', fmt(m.combinedPeakRssMb, 0)],
		[
			'CPU seconds during the run: n8n server / task runner / simulators',
			run.cpu ? `${fmt(run.cpu.server, 1)} / ${fmt(run.cpu.runner, 1)} / ${fmt(run.cpu.simulators, 1)}` : '–',
		],
		[
			'n8n REST answer time during the run: median / p95 / max, ms (failed polls)',
			run.responsiveness ? `${int(run.responsiveness.p50Ms)} / ${int(run.responsiveness.p95Ms)} / ${int(run.responsiveness.maxMs)} (${int(run.responsiveness.failedPolls)})` : '–',
		],
		[
			'slowest REST answers: at second … of the run (ms)',
			run.responsiveness?.slowest?.length ? run.responsiveness.slowest.map((poll) => `${fmt(poll.atSeconds, 1)} s (${int(poll.ms)})`).join(', ') : '–',
		],
		['documents failed (missing / duplicated / not confirmed)', `${int(o.failed)} (${int(o.missing)} / ${int(o.duplicated)} / ${int(o.documents - o.confirmedSuccess)})`],
		['IFS vouchers / voucher rows created', `${int(o.vouchers)} / ${int(o.voucherRows)}`],
	];
	if (run.templateOutputs) rows.push(['template outputs: posted / held by mapping / refused by IFS', `${int(run.templateOutputs.posted)} / ${int(run.templateOutputs.held)} / ${int(run.templateOutputs.failedInIfs)}`]);
	return ['| | |', '|---|---:|', ...rows.map(([name, value]) => `| ${name} | ${value} |`), ...(o.examples.length ? ['', `Failed documents (first ${o.examples.length}): ${o.examples.map((e) => `\`${e}\``).join('; ')}`] : [])];
}

function ratioTable(results: BenchResults): string[] {
	const sizes = [...new Set(results.runs.map((run) => run.size))].filter((size) => find(results, 'ours', size) && comparableBaseline(results, size));
	if (!sizes.length) return ['No size was run with both workflows to the end (a baseline run that failed part-way is not compared; its figures are in the results table).'];
	const lines = ['| documents | metric | ours | baseline | ours / baseline |', '|---:|---|---:|---:|---:|'];
	for (const size of sizes) {
		const ours = find(results, 'ours', size)!;
		const base = comparableBaseline(results, size)!;
		const a = perDoc(ours);
		const b = perDoc(base);
		const row = (metric: string, x: number, y: number, digits = 2) => lines.push(`| ${int(size)} | ${metric} | ${fmt(x, digits)} | ${fmt(y, digits)}${base.stoppedAtLimit ? '*' : ''} | ${fmt(x / y, 3)} |`);
		row('documents per second', ours.documentsPerSecond, base.documentsPerSecond);
		row('wall seconds per 1,000 documents', (ours.wallSeconds / ours.size) * 1000, (base.wallSeconds / perDocDenominator(base)) * 1000, 1);
		row('Concur requests per document', a.concur, b.concur, 3);
		row('IFS requests per document', a.ifs, b.ifs, 3);
		row('429s per document', (ours.traffic.ifs429 + ours.traffic.concur429) / ours.size, (base.traffic.ifs429 + base.traffic.concur429) / perDocDenominator(base), 3);
		row('peak server RSS, MB', ours.memory.serverPeakRssMb, base.memory.serverPeakRssMb, 0);
		if (!base.stoppedAtLimit && ours.outcome.voucherDigest && base.outcome.voucherDigest) {
			const same = ours.outcome.voucherDigest === base.outcome.voucherDigest;
			lines.push(`| ${int(size)} | same IFS postings (per document and account: date, currency, debit and credit totals, row count) | ${ours.outcome.voucherDigest} | ${base.outcome.voucherDigest} | ${same ? 'identical' : '**different**'} |`);
		}
	}
	if (results.runs.some((run) => run.flavour === 'baseline' && run.stoppedAtLimit)) lines.push('', '\\* baseline stopped at the time limit; its figures are over the documents it finished.');
	return lines;
}

function verdicts(results: BenchResults): Verdict[] {
	const out: Verdict[] = [];
	const rate = results.settings.ifsRateLimitPerMinute / 60;
	const ours1000 = find(results, 'ours', 1000);
	const base1000 = comparableBaseline(results, 1000);
	const failedBase = find(results, 'baseline', 1000);
	if (ours1000 && base1000 && base1000.documentsPerSecond > 0) {
		const speedup = ours1000.documentsPerSecond / base1000.documentsPerSecond;
		const met = speedup >= TARGET_SPEEDUP;
		out.push({
			target: `≥ ${TARGET_SPEEDUP}× the baseline's documents per second at 1,000 documents`,
			measured: `${fmt(speedup, 1)}× (${fmt(ours1000.documentsPerSecond, 2)} vs ${fmt(base1000.documentsPerSecond, 2)} docs/s${base1000.stoppedAtLimit ? ', baseline stopped at the time limit' : ''})`,
			met,
			note: met
				? `The baseline needs ${fmt(perDoc(base1000).ifs, 1)} IFS requests per document; under ${int(results.settings.ifsRateLimitPerMinute)} requests/min no client sending that many can exceed ${fmt(rate / perDoc(base1000).ifs, 2)} docs/s once the ${int(results.settings.ifsRateLimitPerMinute)}-request burst is spent.`
				: `missed by ${fmt(TARGET_SPEEDUP - speedup, 1)}× (${fmt((1 - speedup / TARGET_SPEEDUP) * 100, 0)} % short).`,
		});
	} else {
		const why = failedBase ? `the baseline run failed after ${int(failedBase.outcome.postedOnce)} of ${int(failedBase.size)} documents: ${failedBase.error ?? failedBase.status}` : 'needs ours and baseline at 1,000';
		out.push({ target: `≥ ${TARGET_SPEEDUP}× the baseline's documents per second at 1,000 documents`, measured: `not measured (${why})`, met: undefined, note: '' });
	}

	const ours = results.runs.filter((run) => run.flavour === 'ours');
	if (ours.length) {
		const worst = ours.reduce((a, b) => (perDoc(a).ifs >= perDoc(b).ifs ? a : b));
		const met = ours.every((run) => perDoc(run).ifs <= TARGET_IFS_PER_DOC);
		out.push({
			target: `≤ ${TARGET_IFS_PER_DOC} IFS HTTP requests per document`,
			measured: ours.map((run) => `${fmt(perDoc(run).ifs, 3)} at ${int(run.size)}`).join(', '),
			met,
			note: met
				? 'Token, reference-data reads, look-ups, $batch writes and read-backs all counted.'
				: `missed at ${int(worst.size)} documents by ${fmt(perDoc(worst).ifs - TARGET_IFS_PER_DOC, 3)} requests per document: the fixed per-run requests (token, reference-data sync) are spread over too few documents.`,
		});
		const tokenRows = ours.map((run) => {
			const seconds = run.executionSeconds ?? run.wallSeconds;
			const ifsAllowed = tokenAllowance(seconds, results.settings.ifsTokenLifetimeSeconds);
			const concurAllowed = tokenAllowance(seconds, results.settings.concurTokenLifetimeSeconds);
			return { run, ifsAllowed, concurAllowed, met: run.traffic.ifsTokenRequests <= ifsAllowed && run.traffic.concurTokenRequests <= concurAllowed };
		});
		out.push({
			target: '≤ 1 token request per credential per token lifetime',
			measured: tokenRows
				.map((r) => `${int(r.run.size)}: Concur ${int(r.run.traffic.concurTokenRequests)} (≤ ${r.concurAllowed}), IFS ${int(r.run.traffic.ifsTokenRequests)} (≤ ${r.ifsAllowed})`)
				.join('; '),
			met: tokenRows.every((r) => r.met),
			note: `Allowance = ⌈run seconds ÷ lifetime⌉ per credential; lifetimes: IFS ${results.settings.ifsTokenLifetimeSeconds} s, Concur ${results.settings.concurTokenLifetimeSeconds} s.`,
		});
		const bad = ours.filter((run) => run.outcome.failed > 0 || run.outcome.duplicated > 0);
		out.push({
			target: 'zero failed or duplicated documents under the rate limit',
			measured: ours.map((run) => `${int(run.size)}: ${int(run.outcome.failed)} failed, ${int(run.outcome.duplicated)} duplicated, ${int(run.traffic.ifs429)} × 429`).join('; '),
			met: bad.length === 0,
			note: bad.length ? bad.map((run) => run.outcome.examples.join('; ')).join(' ') : 'Checked in the simulators: one IFS voucher per document reference, one successful FIS posting confirmation per document.',
		});
	}
	return out;
}

const referenceLabel = (reference: ReferenceRunResult) => `${int(reference.costCenters)} cost centers × ${reference.companies} companies + ${int(reference.vendors)} vendors`;
const passOf = (reference: ReferenceRunResult, name: ReferencePass['name']) => reference.passes.find((pass) => pass.name === name);
/** Peak server RSS over all passes above the server's RSS before the first pass. */
const referenceGrowthMb = (reference: ReferenceRunResult) => Math.max(...reference.passes.map((pass) => pass.memory.serverPeakRssMb)) - (reference.passes[0]?.memory.serverStartRssMb ?? 0);
const bulkCalls = (pass: ReferencePass) => Object.entries(pass.traffic.concurByRoute).filter(([route]) => /^(POST|PATCH) \/list\/v4\/lists\/:listId\/bulk$/.test(route)).reduce((total, [, count]) => total + count, 0);

function referenceVerdicts(results: BenchResults): Verdict[] {
	return (results.references ?? []).flatMap((reference): Verdict[] => {
		const [preview, apply, repeat] = (['preview', 'apply', 'repeat'] as const).map((name) => passOf(reference, name));
		const growth = referenceGrowthMb(reference);
		const outcome = reference.outcome;
		const wrong = outcome ? outcome.costCentersWrong + outcome.deactivatedWrong + outcome.vendorsWrong : undefined;
		const complete = Boolean(preview && apply && repeat) && !reference.error;
		return [
			{
				target: `reference data, ${referenceLabel(reference)}: peak n8n server RSS ≤ ${int(REFERENCE_MEMORY_BUDGET_MB)} MB above the idle server, every pass`,
				measured: complete ? `+${int(growth)} MB (idle ${int(reference.passes[0].memory.serverStartRssMb)} MB, peak ${int(reference.passes.reduce((max, pass) => Math.max(max, pass.memory.serverPeakRssMb), 0))} MB)` : `not measured (${reference.error ?? 'a pass did not run'})`,
				met: complete ? growth <= REFERENCE_MEMORY_BUDGET_MB : undefined,
				note: 'Both sides of the list are held in memory for the full comparison (Concur has no delta); the rest is n8n keeping the change items of the run.',
			},
			{
				target: `reference data, ${referenceLabel(reference)}: the preview writes nothing, the apply run leaves every record synced, a repeat writes nothing`,
				measured: complete
					? `preview ${int(preview!.concurWrites + preview!.ifsWrites)} writes; apply: ${int(wrong)} records wrong of ${int((outcome?.costCentersExpected ?? 0) + (outcome?.deactivatedExpected ?? 0) + (outcome?.vendorsExpected ?? 0))}; repeat ${int(repeat!.concurWrites + repeat!.ifsWrites)} writes, ${int(repeat!.changes.costCenters + repeat!.changes.vendors)} changes`
					: 'not measured',
				met: complete ? preview!.concurWrites + preview!.ifsWrites === 0 && wrong === 0 && repeat!.concurWrites + repeat!.ifsWrites === 0 && repeat!.changes.costCenters + repeat!.changes.vendors === 0 : undefined,
				note: outcome?.examples.length ? outcome.examples.join('; ') : 'Checked in the simulators: every open IFS value live under its company item with its IFS name, every blocked or expired one deactivated, every supplier a vendor with its name.',
			},
			{
				target: `reference data: Concur list items written in bulk, ≤ ${LIST_BULK_LIMIT} per request`,
				measured: apply ? `${int(apply.changes.costCenters)} list items in ${int(bulkCalls(apply))} bulk requests (${fmt(apply.changes.costCenters / Math.max(1, bulkCalls(apply)), 1)} per request)` : 'not measured',
				met: apply ? bulkCalls(apply) > 0 && apply.changes.costCenters / bulkCalls(apply) <= LIST_BULK_LIMIT && bulkCalls(apply) <= Math.ceil(apply.changes.costCenters / LIST_BULK_LIMIT) + 1 : undefined,
				note: 'Creates and updates/deactivations go in separate bulk calls (POST and PATCH), so at most one partly filled request of each.',
			},
		];
	});
}

function referenceSection(results: BenchResults): string[] {
	const references = results.references ?? [];
	if (!references.length) return [];
	const out = [
		'## Reference data at tenant scale',
		'',
		'Template 01 (*Reference Data Sync*) set up for a connected Concur cost-center list (level 1 = the companies US, EU, UK through the company mapping, level 2 = cost centers) and three IFS companies (10, 20, 30), otherwise as shipped (dash rule substitute `_`, IFS master, blocked and expired values deactivated in Concur, Concur-born records left alone, *Preview: First Run*). Seeded per company: the cost centers (every tenth code with `-`, 1 % blocked, 1 % expired), half of them already in the Concur list (2.5 % under an old name, the blocked and expired ones live); the suppliers with invoicing data in all three companies, 60 % of them already Concur vendors (10 % under an old name). One fresh n8n and fresh simulators per size, three manual runs one after the other: the **preview** (first run: writes nothing, outputs every planned change), the **apply** run, and a **repeat**. Same latency and IFS rate limit as above. Code: `scripts/bench/reference.ts`, `scripts/bench/reference-volume.ts`.',
		'',
		'| data | pass | status | wall s | changes: cost centers + vendors | Concur requests (writes) | IFS requests (writes, $batch parts) | n8n server RSS before → peak, MB | task runner peak, MB | CPU s: n8n server / simulators | Sync Cost Centers / Sync Vendors, s |',
		'|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
	];
	for (const reference of references) {
		for (const pass of reference.passes) {
			const node = (name: string) => fmt(pass.nodes.find((entry) => entry.node === name)?.seconds, 1);
			out.push(
				`| ${referenceLabel(reference)} | ${pass.name}${pass.preview ? ' (preview)' : ''} | ${pass.error ? `${pass.status}: ${pass.error}` : pass.status} | ${fmt(pass.wallSeconds)} | ${int(pass.changes.costCenters)} + ${int(pass.changes.vendors)} | ${int(pass.traffic.concurRequests)} (${int(pass.concurWrites)}) | ${int(pass.traffic.ifsRequests)} (${int(pass.ifsWrites)}, ${int(pass.traffic.ifsBatchParts)}) | ${int(pass.memory.serverStartRssMb)} → ${int(pass.memory.serverPeakRssMb)} | ${int(pass.memory.runnerPeakRssMb)} | ${fmt(pass.cpu.server, 1)} / ${fmt(pass.cpu.simulators, 1)} | ${node('Sync Cost Centers')} / ${node('Sync Vendors')} |`,
			);
		}
		if (reference.error) out.push(`| ${referenceLabel(reference)} | – | ${reference.error} | | | | | | | | |`);
	}
	out.push('', 'Changes count the items on the sync nodes’ *Changes* outputs (one per planned or written change, the summaries not counted); writes count POST/PUT/PATCH/DELETE requests (tokens excluded). RSS: sampled every 200 ms during each pass; n8n does not give memory back between passes, so later passes start higher.');
	for (const reference of references) {
		const outcome = reference.outcome;
		if (outcome) {
			out.push(
				'',
				`After the apply run (${referenceLabel(reference)}): ${int(outcome.costCentersExpected - outcome.costCentersWrong)} of ${int(outcome.costCentersExpected)} open cost centers live in Concur under their company with their IFS name, ${int(outcome.deactivatedExpected - outcome.deactivatedWrong)} of ${int(outcome.deactivatedExpected)} blocked or expired ones deactivated, ${int(outcome.vendorsExpected - outcome.vendorsWrong)} of ${int(outcome.vendorsExpected)} suppliers Concur vendors with their IFS name.`,
			);
		}
		const repeat = passOf(reference, 'repeat');
		if (repeat) {
			const reads = Object.entries(repeat.traffic.concurByRoute).filter(([route]) => route.startsWith('GET /list/')).reduce((total, [, count]) => total + count, 0);
			out.push(
				'',
				`Where the repeat pass spends its ${fmt(repeat.wallSeconds, 1)} s: it reads everything again (${int(reads)} Concur list pages of 100, the vendors in pages of 1,000, IFS in ${int(repeat.traffic.ifsRequests)} requests) and compares. Concur has no modified-since filter for lists or vendors, so a full read is the floor for any client; at ${results.settings.latencyMs} ms per request the list pages alone wait ${fmt((reads * results.settings.latencyMs) / 1000, 1)} s. During the pass the n8n server was busy ${fmt((repeat.cpu.server / repeat.wallSeconds) * 100, 0)} % of the time (${fmt(repeat.cpu.server, 1)} CPU-seconds) and the simulators ${fmt((repeat.cpu.simulators / repeat.wallSeconds) * 100, 0)} % (${fmt(repeat.cpu.simulators, 1)}).`,
			);
		}
	}
	out.push('');
	return out;
}

function verdictTable(results: BenchResults): string[] {
	const lines = ['| target | measured | result | note |', '|---|---|---|---|'];
	for (const v of [...verdicts(results), ...scaleVerdicts(results), ...queueVerdicts(results), ...referenceVerdicts(results)]) lines.push(`| ${v.target} | ${v.measured} | ${v.met === undefined ? 'not measured' : v.met ? '**met**' : '**missed**'} | ${v.note} |`);
	return lines;
}

function nodeTable(run: RunResult, limit = 12): string[] {
	if (!run.nodes.length) return ['(node timings unavailable)'];
	const lines = ['| node | runs | items out | seconds | share of wall | first start → last end, s into the run |', '|---|---:|---:|---:|---:|---:|'];
	for (const node of run.nodes.slice(0, limit)) {
		const span = node.firstStartSeconds === undefined ? '–' : `${fmt(node.firstStartSeconds, 1)} → ${fmt(node.lastEndSeconds, 1)}`;
		lines.push(`| ${node.node} | ${int(node.runs)} | ${int(node.items)} | ${fmt(node.seconds, 2)} | ${fmt((node.seconds / run.wallSeconds) * 100, 0)} % | ${span} |`);
	}
	const total = run.nodes.reduce((sum, node) => sum + node.seconds, 0);
	lines.push(`| *all nodes* | ${int(run.nodes.reduce((n, node) => n + node.runs, 0))} | | ${fmt(total, 2)} | ${fmt((total / run.wallSeconds) * 100, 0)} % | |`);
	return lines;
}

function routeTable(run: RunResult): string[] {
	const lines = ['| service | request | count | per document |', '|---|---|---:|---:|'];
	const n = perDocDenominator(run);
	const rows = [
		...Object.entries(run.traffic.concurByRoute).map(([route, count]) => ['Concur', route, count] as const),
		...Object.entries(run.traffic.ifsByRoute).map(([route, count]) => ['IFS', route, count] as const),
	].sort((a, b) => b[2] - a[2]);
	for (const [service, route, count] of rows) lines.push(`| ${service} | \`${route.replace(/\|/g, '\\|')}\` | ${int(count)} | ${fmt(count / n, 3)} |`);
	return lines;
}

/**
 * Time the IFS rate limit alone imposes on a run: the data requests it let through (token
 * requests are not limited, 429s take no token) beyond the initial bucket, at perMinute/60 per second.
 */
function rateLimitFloorSeconds(run: RunResult, perMinute: number): number {
	const admitted = run.traffic.ifsRequests - run.traffic.ifsTokenRequests - run.traffic.ifs429;
	return Math.max(0, admitted - perMinute) / (perMinute / 60);
}

function limitsSection(results: BenchResults): string[] {
	const perMinute = results.settings.ifsRateLimitPerMinute;
	const perSecond = perMinute / 60;
	const lines = [
		`**The rate limit.** The IFS simulator refills its token bucket at ${int(perMinute)} requests per minute = ${fmt(perSecond, 2)} requests per second (bucket size ${int(perMinute)}, full at the start of a run). Once the burst is spent, a client that needs *r* IFS requests per document cannot post more than ${fmt(perSecond, 2)} ÷ *r* documents per second, however it is built. Every request also costs ${results.settings.latencyMs} ms of simulated latency, so a workflow that sends one request at a time cannot exceed ${fmt(1000 / results.settings.latencyMs, 0)} requests per second even without n8n's own overhead.`,
		'',
		'**Where the CPU goes.** n8n, the simulators and the harness share this machine; CPU seconds used during each run:',
		'',
		'| run | wall, s | IFS requests | rate-limit floor, s | ceiling from the rate limit, docs/s | n8n server CPU, s | task runner CPU, s | simulators CPU, s | n8n CPU per document, ms |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---:|',
	];
	for (const run of results.runs) {
		const floor = rateLimitFloorSeconds(run, perMinute);
		const r = perDoc(run).ifs;
		const cpu = run.cpu;
		lines.push(
			`| ${label(run.flavour)} ${int(run.size)} | ${fmt(run.wallSeconds, 1)} | ${int(run.traffic.ifsRequests)} | ${fmt(floor, 1)} | ${r > 0 ? fmt(perSecond / r, 1) : '–'} | ${fmt(cpu?.server, 1)} | ${fmt(cpu?.runner, 1)} | ${fmt(cpu?.simulators, 1)} | ${cpu ? fmt(((cpu.server + cpu.runner) / perDocDenominator(run)) * 1000, 1) : '–'} |`,
		);
	}
	lines.push('', ...findings(results));
	return lines;
}

/** The longest time n8n's REST API did not answer during the run, and which node was running then. */
function mainThreadNote(run: RunResult): string[] {
	const slowest = run.responsiveness?.slowest?.[0];
	if (!slowest || slowest.ms < 2000) return [];
	const at = slowest.atSeconds + slowest.ms / 2000;
	const node = run.nodes.find((n) => n.firstStartSeconds !== undefined && n.lastEndSeconds !== undefined && n.firstStartSeconds <= at && at <= n.lastEndSeconds && n.runs === 1);
	return [
		`  - n8n's REST API took up to ${fmt(slowest.ms / 1000, 1)} s to answer (asked ${fmt(slowest.atSeconds, 1)} s into the run${node ? `, while *${node.node}* ran, ${fmt(node.firstStartSeconds, 1)} → ${fmt(node.lastEndSeconds, 1)} s` : ''}): a node's synchronous work holds n8n's main thread, so the editor, webhooks and other executions wait meanwhile.`,
	];
}

/** Plain statements about this run's figures (what bounds each workflow). */
function findings(results: BenchResults): string[] {
	const out: string[] = [];
	const perSecond = results.settings.ifsRateLimitPerMinute / 60;
	const baseline = results.runs.filter((run) => run.flavour === 'baseline').sort((a, b) => b.size - a.size)[0];
	if (baseline) {
		const ifsRate = baseline.traffic.ifsRequests / baseline.wallSeconds;
		const stepMs = (baseline.wallSeconds / Math.max(1, baseline.nodes.find((node) => node.node === 'Loop Over Steps')?.runs ?? 1)) * 1000;
		out.push(
			`- **Baseline, ${int(baseline.size)} documents:** ${fmt(perDoc(baseline).ifs, 1)} IFS requests per document, sent one at a time: ${fmt(ifsRate, 1)} IFS requests per second on average (${fmt(stepMs, 0)} ms per loop step: ${results.settings.latencyMs} ms latency plus n8n running the loop, the switch and an HTTP Request node per request), ${ifsRate > perSecond ? 'above' : 'at or below'} the ${fmt(perSecond, 1)}/s the rate limit allows after its burst, so ${baseline.traffic.ifs429 > 0 ? `it ran into the limit (${int(baseline.traffic.ifs429)} × 429, each costing a 1-second Retry On Fail wait)` : 'it was bounded by its own per-request overhead rather than by 429s'}. Its wall time (${fmt(baseline.wallSeconds, 0)} s) is ${fmt(baseline.wallSeconds / Math.max(1e-9, rateLimitFloorSeconds(baseline, results.settings.ifsRateLimitPerMinute)), 2)}× the ${fmt(rateLimitFloorSeconds(baseline, results.settings.ifsRateLimitPerMinute), 0)} s the rate limit alone imposes on that many requests. Sending the rows of a document in parallel would only move it onto the rate limit sooner: at ${fmt(perDoc(baseline).ifs, 1)} requests per document no client can exceed ${fmt(perSecond / perDoc(baseline).ifs, 2)} documents per second.`,
		);
	}
	const ours = results.runs.filter((run) => run.flavour === 'ours').sort((a, b) => b.size - a.size)[0];
	if (ours) {
		const node = (name: string) => ours.nodes.find((n) => n.node === name);
		const post = node('Post to IFS');
		const audit = node('Write Audit Rows');
		const confirm = node('Confirm Posted in Concur');
		const share = (seconds = 0) => `${fmt((seconds / ours.wallSeconds) * 100, 0)} %`;
		out.push(
			`- **Ours, ${int(ours.size)} documents:** ${fmt(perDoc(ours).ifs, 3)} IFS requests per document, so the rate limit allows ${fmt(perSecond / Math.max(perDoc(ours).ifs, 1e-9), 0)} docs/s (this run: ${fmt((ours.documentsPerSecond / (perSecond / Math.max(perDoc(ours).ifs, 1e-9))) * 100, 0)} % of that). The time goes to *Post to IFS* (${fmt(post?.seconds, 1)} s, ${share(post?.seconds)} of the wall time), *Write Audit Rows* (${fmt(audit?.seconds, 1)} s, ${share(audit?.seconds)}) and *Confirm Posted in Concur* (${fmt(confirm?.seconds, 1)} s, ${share(confirm?.seconds)}).`,
			`  - *Post to IFS* ${(ours.cpu?.simulators ?? 0) >= 0.5 * (post?.seconds ?? Infinity) ? 'mostly waits for the IFS simulator' : 'waits for IFS and its own work'}: the simulator process used ${fmt(ours.cpu?.simulators, 1)} CPU-seconds during this run, validating every row as IFS would (balance in both currencies, field lengths, keys) and finding rows through indexes, so its cost grows with the documents, not with the rows already posted (${int(ours.outcome.voucherRows)} in this run).`,
			...mainThreadNote(ours),
			`  - *Write Audit Rows* (n8n's Data Table node mapping the posting output's ready-made audit row by column name: ${fmt(((audit?.seconds ?? 0) / Math.max(1, ours.size)) * 1000, 2)} ms per document including the insert) and *Confirm Posted in Concur* (the ready-made confirmations, 100 per request: ${fmt(((confirm?.seconds ?? 0) / Math.max(1, ours.size)) * 1000, 2)} ms per document including the requests) evaluate no expression per document.`,
		);
	}
	out.push(
		'',
		'To see more: `BENCH_SIM_CPU_PROF=tmp/bench/prof npm run bench -- …` writes a V8 CPU profile of the simulators, `npm run bench -- --n8n-env "NODE_OPTIONS=--cpu-prof --cpu-prof-dir=$PWD/tmp/bench/n8nprof"` one of n8n (written when n8n stops).',
	);
	return out;
}

/** Headline: the 1,000-document comparison (or the largest size run with both) and the targets. */
function summary(results: BenchResults): string[] {
	const both = results.runs
		.filter((run) => run.flavour === 'ours' && comparableBaseline(results, run.size))
		.map((run) => run.size)
		.sort((a, b) => (a === 1000 ? -1 : b === 1000 ? 1 : b - a));
	const out: string[] = ['## Summary', ''];
	if (both.length) {
		const size = both[0];
		const ours = find(results, 'ours', size)!;
		const base = comparableBaseline(results, size)!;
		out.push(
			`At ${int(size)} documents our template posted **${fmt(ours.documentsPerSecond, 1)} documents per second** against the core-nodes baseline's ${fmt(base.documentsPerSecond, 2)}${base.stoppedAtLimit ? ' (stopped at the time limit)' : ''} — **${fmt(ours.documentsPerSecond / base.documentsPerSecond, 1)}×** — with ${fmt(perDoc(ours).ifs, 3)} instead of ${fmt(perDoc(base).ifs, 1)} IFS requests and ${fmt(perDoc(ours).concur, 3)} instead of ${fmt(perDoc(base).concur, 2)} Concur requests per document, each on a fresh n8n 2.41.1 against fresh simulators with the same settings, in the same bench run.`,
		);
	} else {
		const runs = results.runs.filter((run) => run.flavour === 'ours');
		if (runs.length) out.push(`Our template posted ${runs.map((run) => `**${fmt(run.documentsPerSecond, 1)} documents per second** at ${int(run.size)}`).join(', ')}; no baseline run of this bench run can be compared with (see *Targets*).`);
	}
	const v = [...verdicts(results), ...scaleVerdicts(results), ...queueVerdicts(results), ...referenceVerdicts(results)];
	const measured = v.filter((x) => x.met !== undefined);
	const missed = measured.filter((x) => !x.met);
	out.push(
		'',
		`Targets: ${measured.length - missed.length} of ${measured.length} measured targets met${missed.length ? `; missed: ${missed.map((x) => x.target).join('; ')}` : ''}${v.length > measured.length ? ` (${v.length - measured.length} not measured in this run)` : ''}.`,
	);
	const ours = results.runs.filter((run) => run.flavour === 'ours');
	const held = ours.reduce((n, run) => n + (run.templateOutputs?.held ?? 0), 0);
	if (ours.length) out.push('', `Every generated document mapped without being held (${int(held)} held in all runs of the template) and reached IFS exactly once: ${ours.map((run) => `${int(run.outcome.postedOnce)}/${int(run.size)}`).join(', ')}.`);
	out.push('');
	return out;
}

export function renderReport(results: BenchResults): string {
	const m = results.machine as BenchResults['machine'] & { revision?: string };
	const s = results.settings;
	const o = results.options;
	const out: string[] = [
		'# Benchmarks',
		'',
		`> Written by \`npm run bench\` from the figures it measured on ${m.date.slice(0, 10)}${m.revision ? ` (commit ${m.revision})` : ''}. Don't edit by hand: rerun it.${results.complete ? '' : ' **Partial: the run was still going or was interrupted when this was written.**'}`,
		'',
		'Our expense-posting template against the workflow a capable user would build from n8n core nodes, both in a real n8n 2.41.1 against the Concur and IFS simulators with a fixed latency per request and IFS’s rate limit.',
		'',
		...summary(results),
		'## How to run',
		'',
		'```sh',
		'npm run bench                                            # 100, 1,000 and 5,000 documents; baseline at 100 and 1,000; reference data 20,000 × 3 + 5,000',
		'npm run bench -- --sizes 100,1000 --baseline-sizes 100   # other sizes',
		'npm run bench -- --latency 25 --rate-limit 1000 --lines 5 --baseline-limit-min 25 --timeout-min 45',
		'npm run bench -- --sizes none --baseline-sizes none --reference-sizes 2000,20000 --reference-vendors 5000   # reference data only',
		'npm run bench -- --receipts off --rate-limit 120 --sizes 5000 --baseline-sizes none --reference-sizes none   # posting only, IFS’s limit binding',
		'npm run bench -- --receipts off --page-size 200 --sizes 1000,5000,20000 --baseline-sizes 1000 --reference-sizes none   # the template in pages (Settings → pageSize)',
		'npm run bench -- --receipts off --page-size 200 --sizes none --baseline-sizes none --reference-sizes none --queue-sizes 5000,20000 --queue-workers 1,2   # n8n queue mode (PostgreSQL, Redis, workers)',
		'```',
		'',
		'It builds the package, installs (first time only, outside the repository) or reuses n8n 2.41.1 on Node 24, and for every workflow and size starts fresh simulators and a fresh n8n (new user folder, package installed as a community package, workflows and credentials imported, server started), runs the workflow once from its manual trigger over the REST API, and stops everything. Only loopback traffic. Raw figures go to `tmp/bench/results.json`. The code is in `scripts/bench/`.',
		'',
		`This run: \`--sizes ${o.sizes.join(',') || 'none'} --baseline-sizes ${o.baselineSizes.join(',') || 'none'}${o.queueSizes?.length ? ` --queue-sizes ${o.queueSizes.join(',')} --queue-workers ${o.queueWorkers.join(',')}` : ''} --reference-sizes ${o.referenceSizes?.join(',') || 'none'} --reference-vendors ${o.referenceVendors ?? 5000} --lines ${o.lines}${o.receipts === false ? ' --receipts off' : ''}${o.pageSize ? ` --page-size ${o.pageSize}` : ''}${o.pageFrom ? ` --page-from ${o.pageFrom}` : ''} --latency ${o.latencyMs} --rate-limit ${o.rateLimitPerMinute}${Object.keys(o.n8nEnv ?? {}).length ? ` --n8n-env ${Object.entries(o.n8nEnv).map(([k, v]) => `${k}=${v}`).join(',')}` : ''}\`.`,
		'',
		'## Machine and settings',
		'',
		'| | |',
		'|---|---|',
		`| CPU | ${m.cpuModel}, ${m.cores} cores |`,
		`| memory | ${fmt(m.memoryGb, 1)} GB |`,
		`| OS | ${m.os} |`,
		`| n8n | ${m.n8n} on Node ${m.n8nNode} (SQLite, regular mode, task runner internal${results.queueRuns?.length ? '; queue mode: PostgreSQL and Redis from Debian' : ''}) |`,
		`| benchmark harness and simulators | Node ${m.benchNode}, same machine; the simulators run in a process of their own |`,
		`| date | ${m.date} |`,
		`| latency | ${s.latencyMs} ms on every Concur and IFS request (token requests included) |`,
		`| IFS rate limit | ${int(s.ifsRateLimitPerMinute)} requests/min per tenant, token bucket (${int(s.ifsRateLimitPerMinute)} at the start, refilled continuously), 429 with \`Retry-After\` |`,
		`| token lifetimes | IFS ${s.ifsTokenLifetimeSeconds} s, Concur ${s.concurTokenLifetimeSeconds} s |`,
		`| documents | generated FIS expense documents, ${s.linesPerDocument} lines each, ${s.receipts === false ? 'no receipt images (`--receipts off`: the receipts step has nothing to attach)' : 'a receipt image per entry (attached to the voucher by the template)'}: expense types AIRFR/LODNG/BUSML/CARMI/TAXIX/OFCSP/MISCL, cost centers CC100/CC200/CC300 (30 % of lines split 50/50), 60 % cash, 40 % company card; employees in the US and EU ledgers (IFS companies 10 and 20; one reimbursed in SEK). The scenario’s seed documents are recalled first so the queue holds exactly the generated ones. |`,
		'',
		'## What is compared',
		'',
		`- **ours (template)**: \`workflows/02-expense-posting.json\` as shipped, with its reference-data sync sub-workflow (\`01\`), the package’s credentials. It syncs reference data, reads the ready FIS documents (100 per page), acknowledges them (100 per request), maps them (*Concur to IFS*), posts them (*IFS Cloud → Posting*: a company-scoped look-up of the references already in IFS, then one \`$batch\` change set per document, up to 50 documents per \`$batch\` request and 4 requests in flight, then a read-back of the voucher keys), confirms them in Concur (100 per request) and writes an audit row per document to an n8n data table. The time includes the reference-data sync.${s.pageSize ? ` With \`--page-size ${s.pageSize}\` its *pageSize* setting is ${s.pageSize}${s.pageFrom ? ` in runs of ${int(s.pageFrom)} documents or more (\`--page-from\`; smaller runs keep the shipped 0, one execution, as the README advises for them)` : ''}: the run hands the documents to its own workflow ${s.pageSize} at a time (*Post Next Page*), each page an execution of its own.` : ''}`,
		'- **baseline (core nodes)**: `scripts/bench/baseline-workflow.ts`: Manual Trigger → Set (endpoints) → HTTP Request (IFS token, client credentials, once) → HTTP Request (IFS currency rates of type 1, once) → HTTP Request (Concur token, once) → HTTP Request (FIS ready documents, 100 per page with the node’s pagination) → HTTP Request (acknowledge, one per page) → Code (documents → voucher rows: expense account by expense type, credit employee payable or card clearing, cost center from the allocation; a report in a currency other than the company’s carries IFS’s rate and the accounting amounts on each row, the rounding cent on the rounding account, as the template’s mapping posts it) → Loop Over Items (batch size 1) → Switch → one HTTP Request with Retry On Fail (5 tries, 1 s apart) per IFS call: create the load per document, one POST per voucher row, check-and-create per document; then one FIS posting confirmation per document. The IFS token is renewed inside the loop when it is within 30 s of its 3-minute expiry. No audit table and no look-up of what IFS already holds (the template looks before it writes, so a replayed or repeated run never posts a document twice); the same accounts, cost centers and amounts as the template’s mapping (checked below: *same IFS postings*).',
		'',
		'Documents count as *posted* only when the simulators show exactly one IFS voucher carrying the document’s reference and a successful FIS posting confirmation; *documents per second* = documents posted ÷ wall seconds.',
		'',
		'## Results',
		'',
		...summaryTable(results),
		'',
		'Requests per document include everything the run sent: tokens, reference data, look-ups, writes, confirmations. Peak RSS is sampled from `/proc/<pid>/status` every 200 ms during the run (server; task runner in parentheses).',
		'',
		'### Ours / baseline, same bench run',
		'',
		...ratioTable(results),
		'',
		'## Targets',
		'',
		...verdictTable(results),
		'',
		'## What limits the numbers',
		'',
		...limitsSection(results),
		'',
		...queueSection(results),
		...referenceSection(results),
	];
	for (const run of results.runs) {
		out.push(`### ${label(run.flavour)}, ${int(run.size)} documents`, '', ...detailTable(run), '', 'Where the time goes (node execution time as n8n records it; a node that waits on HTTP counts the wait):', '', ...nodeTable(run), '');
	}
	const largest = (flavour: Flavour) => results.runs.filter((run) => run.flavour === flavour).sort((a, b) => b.size - a.size)[0];
	for (const flavour of ['ours', 'baseline'] as const) {
		const run = largest(flavour);
		if (run) out.push(`### Requests by route: ${label(run.flavour)}, ${int(run.size)} documents`, '', ...routeTable(run), '');
	}
	return `${out.join('\n').trimEnd()}\n`;
}
