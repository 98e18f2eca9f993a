/**
 * `npm run bench [-- --sizes 100,1000,5000 --baseline-sizes 100,1000]`
 *
 * For each size: fresh simulators (fixed latency on every request, IFS rate limit), N generated
 * FIS expense documents, a fresh real n8n 2.41.1 with this package, then one manual run of
 *   ours      the shipped expense-posting template (with its reference-data sync), or
 *   baseline  the core-nodes workflow of ./baseline-workflow.ts (one IFS request per voucher row),
 * measuring wall time, requests per document, 429s, token requests, peak memory of the n8n
 * server and its task runner, and whether every document reached IFS exactly once and was
 * confirmed in Concur. Writes docs/benchmarks.md (and the raw figures as JSON under tmp/bench/).
 *
 * Options (all optional):
 *   --sizes 100,1000,5000          document counts for our template
 *   --baseline-sizes 100,1000      document counts for the baseline ("none" to skip it)
 *   --lines 5                      expense lines per document
 *   --latency 25                   simulator latency per request, ms (Concur and IFS)
 *   --rate-limit 1000              IFS requests per minute (token bucket of that size)
 *   --timeout-min 45               stop any run after this long (reported as failed)
 *   --baseline-limit-min 25        stop a baseline run after this long and report its measured rate
 *   --out docs/benchmarks.md       report file ("-" = print only)
 *   --json tmp/bench/results.json  raw figures
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startSimulators, type Simulators } from '../../test/simulators';
import { expenseReports } from '../../test/simulators/seed/scenario';
import { projectPackageDir } from '../../test/e2e/n8n';
import { WORKFLOW_IDS, importCredentials, importTemplates, outputOf, templateJson, type Execution } from '../deploy';
import { N8N_VERSION, NODE_VERSION, N8nInstance } from '../n8n-runtime';
import { BASELINE_WORKFLOW_ID, baselineWorkflow } from './baseline-workflow';
import { MemorySampler, documentOutcome, nodeTimes, trafficBetween, trafficSnapshot, type DocumentOutcome, type MemoryReport, type NodeTime, type Traffic } from './metrics';
import { renderReport } from './report';

export type Flavour = 'ours' | 'baseline';

export interface BenchOptions {
	sizes: number[];
	baselineSizes: number[];
	lines: number;
	latencyMs: number;
	rateLimitPerMinute: number;
	timeoutMin: number;
	baselineLimitMin: number;
	out: string;
	json: string;
}

export interface RunResult {
	flavour: Flavour;
	size: number;
	/** n8n's execution status (success, error, canceled…), or 'not-started'. */
	status: string;
	/** The run was stopped at the time limit: the rate is measured over the documents it finished. */
	stoppedAtLimit: boolean;
	error?: string;
	n8nStartSeconds: number;
	/** From the REST call that started the run until the execution was seen finished (polled every 100 ms). */
	wallSeconds: number;
	/** n8n's own startedAt → stoppedAt. */
	executionSeconds?: number;
	/** Documents that reached IFS exactly once and were confirmed, per wall second. */
	documentsPerSecond: number;
	traffic: Traffic;
	memory: MemoryReport;
	outcome: DocumentOutcome;
	nodes: NodeTime[];
	/** Our template's outputs: posted / held by the mapping / refused by IFS. */
	templateOutputs?: { posted: number; held: number; failedInIfs: number; heldExamples: string[] };
}

export interface BenchResults {
	options: BenchOptions;
	startedAt: string;
	finishedAt?: string;
	complete: boolean;
	machine: MachineInfo;
	settings: SimulatorSettings;
	runs: RunResult[];
}

export interface MachineInfo {
	cpuModel: string;
	cores: number;
	memoryGb: number;
	os: string;
	benchNode: string;
	n8nNode: string;
	n8n: string;
	date: string;
}

export interface SimulatorSettings {
	latencyMs: number;
	ifsRateLimitPerMinute: number;
	ifsTokenLifetimeSeconds: number;
	concurTokenLifetimeSeconds: number;
	linesPerDocument: number;
}

const IFS_TOKEN_LIFETIME_SECONDS = 180;
const CONCUR_TOKEN_LIFETIME_SECONDS = 3600;
const ROOT = path.resolve(__dirname, '..', '..');

function parseArgs(argv: string[]): BenchOptions {
	const values = new Map<string, string>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
		const [name, inline] = arg.slice(2).split('=', 2);
		const value = inline ?? argv[++i];
		if (value === undefined) throw new Error(`--${name} needs a value`);
		values.set(name, value);
	}
	const known = ['sizes', 'baseline-sizes', 'lines', 'latency', 'rate-limit', 'timeout-min', 'baseline-limit-min', 'out', 'json'];
	for (const name of values.keys()) if (!known.includes(name)) throw new Error(`unknown option --${name} (known: ${known.map((k) => `--${k}`).join(', ')})`);
	const list = (name: string, fallback: number[]) => {
		const raw = values.get(name);
		if (raw === undefined) return fallback;
		if (raw === '' || raw === 'none') return [];
		const sizes = raw.split(',').map((s) => Number(s.trim()));
		if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--${name}: positive whole numbers, comma-separated`);
		return [...new Set(sizes)].sort((a, b) => a - b);
	};
	const number = (name: string, fallback: number) => {
		const raw = values.get(name);
		const n = raw === undefined ? fallback : Number(raw);
		if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
		return n;
	};
	return {
		sizes: list('sizes', [100, 1000, 5000]),
		baselineSizes: list('baseline-sizes', [100, 1000]),
		lines: number('lines', 5),
		latencyMs: number('latency', 25),
		rateLimitPerMinute: number('rate-limit', 1000),
		timeoutMin: number('timeout-min', 45),
		baselineLimitMin: number('baseline-limit-min', 25),
		out: values.get('out') ?? path.join(ROOT, 'docs', 'benchmarks.md'),
		json: values.get('json') ?? path.join(ROOT, 'tmp', 'bench', 'results.json'),
	};
}

function machineInfo(): MachineInfo {
	let osName = `${os.type()} ${os.release()}`;
	try {
		const release = fs.readFileSync('/etc/os-release', 'utf8');
		const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release)?.[1];
		if (pretty) osName = `${pretty} (kernel ${os.release()})`;
	} catch {
		/* not Linux */
	}
	return {
		cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown',
		cores: os.cpus().length,
		memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
		os: osName,
		benchNode: process.version,
		n8nNode: `v${NODE_VERSION}`,
		n8n: N8N_VERSION,
		date: new Date().toISOString(),
	};
}

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The seed scenario's READY expense documents leave the queue, so the run sees exactly the generated ones. */
function recallSeedDocuments(sims: Simulators): void {
	for (const report of expenseReports) {
		const ready = sims.concur.fisDocuments.some((doc) => doc.docType === 'expense' && doc.sourceId === report.reportId && doc.status === 'READY');
		if (ready) sims.concur.recall('expense', report.reportId);
	}
}

function confirmedCount(sims: Simulators, fisIds: Set<string>): number {
	return sims.concur.fisDocuments.filter((doc) => fisIds.has(doc.id) && doc.status === 'POSTING_CONFIRMED_SUCCESS').length;
}

async function importWorkflows(n8n: N8nInstance, sims: Simulators, flavour: Flavour): Promise<string> {
	if (flavour === 'ours') {
		await importCredentials(n8n, sims.credentialData);
		await importTemplates(n8n, [templateJson('referenceSync'), templateJson('expensePosting')]);
		return WORKFLOW_IDS.expensePosting;
	}
	const concur = sims.credentialData.concur;
	const workflow = baselineWorkflow({
		ifsUrl: sims.ifs.url,
		ifsRealm: sims.ifs.realm,
		ifsClientId: sims.ifs.defaultClient.clientId,
		ifsClientSecret: sims.ifs.defaultClient.clientSecret,
		concurTokenHost: sims.concur.tokenHostUrl,
		concurClientId: concur.clientId,
		concurClientSecret: concur.clientSecret,
		concurCompanyUuid: concur.companyUuid,
		concurRequestToken: concur.requestToken,
	});
	const result = await n8n.importWorkflow(workflow);
	if (result.code !== 0) throw new Error(`n8n import:workflow failed: ${result.stderr.slice(-2000)}`);
	return BASELINE_WORKFLOW_ID;
}

interface Watched {
	executionId?: string;
	status: string;
	wallSeconds: number;
	stoppedAtLimit: boolean;
	timedOut: boolean;
	summary?: { startedAt?: string | null; stoppedAt?: string | null };
}

/** Starts the manual run and polls the executions list (cheap) until it is finished or stopped at the limit. */
async function runAndWatch(n8n: N8nInstance, workflowId: string, limitMs: number, isBaseline: boolean, progress: () => string): Promise<Watched> {
	const started = Date.now();
	const answer = await n8n.rest.post(`/workflows/${workflowId}/run`, { triggerToStartFrom: { name: 'Run Now' } });
	const executionId = String(answer.data?.data?.executionId ?? '');
	if (!executionId) throw new Error(`n8n did not start workflow ${workflowId}: ${JSON.stringify(answer.data).slice(0, 500)}`);
	let lastReport = started;
	for (;;) {
		const list = await n8n.listExecutions({ workflowId }, 5);
		const summary = list.find((e) => String(e.id) === executionId);
		const status = summary?.status ?? 'new';
		if (!['new', 'running', 'waiting', 'unknown'].includes(status)) {
			return { executionId, status, wallSeconds: (Date.now() - started) / 1000, stoppedAtLimit: false, timedOut: false, summary };
		}
		const elapsed = Date.now() - started;
		if (elapsed > limitMs) {
			const wallSeconds = elapsed / 1000;
			log(`  ${isBaseline ? 'time limit' : 'timeout'} reached after ${wallSeconds.toFixed(0)} s: stopping execution ${executionId}`);
			await n8n.rest.post(`/executions/${executionId}/stop`, {}).catch((error: unknown) => log(`  stop refused: ${(error as Error).message}`));
			let final = status;
			for (let i = 0; i < 120 && ['new', 'running', 'waiting', 'unknown'].includes(final); i++) {
				await sleep(500);
				final = (await n8n.listExecutions({ workflowId }, 5)).find((e) => String(e.id) === executionId)?.status ?? final;
			}
			return { executionId, status: final, wallSeconds, stoppedAtLimit: isBaseline, timedOut: !isBaseline, summary };
		}
		if (Date.now() - lastReport > 30_000) {
			lastReport = Date.now();
			log(`  … ${(elapsed / 1000).toFixed(0)} s: ${progress()}`);
		}
		await sleep(100);
	}
}

function emptyTraffic(): Traffic {
	return { concurRequests: 0, concurTokenRequests: 0, concurTokensByGrant: {}, concur429: 0, concurByRoute: {}, ifsRequests: 0, ifsTokenRequests: 0, ifsTokensIssued: 0, ifsBatchParts: 0, ifs429: 0, ifsMaxConcurrency: 0, ifsByRoute: {} };
}

function emptyMemory(): MemoryReport {
	return { samples: 0, intervalMs: 0, serverStartRssMb: 0, serverPeakRssMb: 0, serverHwmMb: 0, runnerPeakRssMb: 0, runnerHwmMb: 0, combinedPeakRssMb: 0 };
}

async function runOne(flavour: Flavour, size: number, options: BenchOptions): Promise<RunResult> {
	const result: RunResult = {
		flavour,
		size,
		status: 'not-started',
		stoppedAtLimit: false,
		n8nStartSeconds: 0,
		wallSeconds: 0,
		documentsPerSecond: 0,
		traffic: emptyTraffic(),
		memory: emptyMemory(),
		outcome: documentOutcomeEmpty(size),
		nodes: [],
	};
	const sims = await startSimulators({
		concur: { latencyMs: options.latencyMs, tokenLifetimeSeconds: CONCUR_TOKEN_LIFETIME_SECONDS },
		ifs: { latencyMs: options.latencyMs, rateLimitPerMinute: options.rateLimitPerMinute, tokenLifetimeSeconds: IFS_TOKEN_LIFETIME_SECONDS },
	});
	let n8n: N8nInstance | undefined;
	try {
		recallSeedDocuments(sims);
		const fisIds = sims.concur.generateExpenseDocuments(size, options.lines);
		const idSet = new Set(fisIds);
		n8n = await N8nInstance.create({ packages: [projectPackageDir()], log: (message) => log(`  ${message}`) });
		const workflowId = await importWorkflows(n8n, sims, flavour);
		await n8n.start();
		result.n8nStartSeconds = (n8n.timings.start ?? 0) / 1000;
		const serverPid = n8n.serverPid();
		if (!serverPid) throw new Error('n8n server is not running');
		const instance = n8n;
		const sampler = new MemorySampler(serverPid, () => instance.taskRunnerPids());
		const before = trafficSnapshot(sims);
		sampler.start();
		const limitMs = (flavour === 'baseline' ? Math.min(options.baselineLimitMin, options.timeoutMin) : options.timeoutMin) * 60_000;
		let watched: Watched;
		try {
			watched = await runAndWatch(n8n, workflowId, limitMs, flavour === 'baseline', () => `${confirmedCount(sims, idSet)}/${size} documents confirmed, ${sims.ifs.stats().requests} IFS requests, ${sims.ifs.stats().throttled} × 429`);
		} finally {
			result.memory = sampler.stop();
		}
		result.traffic = trafficBetween(before, trafficSnapshot(sims));
		result.status = watched.status;
		result.stoppedAtLimit = watched.stoppedAtLimit;
		if (watched.timedOut) result.error = `timed out after ${options.timeoutMin} min`;
		result.wallSeconds = watched.wallSeconds;
		const { startedAt, stoppedAt } = watched.summary ?? {};
		if (startedAt && stoppedAt) result.executionSeconds = (Date.parse(stoppedAt) - Date.parse(startedAt)) / 1000;
		result.outcome = documentOutcome(sims, fisIds);
		result.documentsPerSecond = result.outcome.postedOnce / result.wallSeconds;
		// the full execution (run data of every node) only now, so serving it does not count in the run's memory
		try {
			const execution = (await n8n.getExecution(watched.executionId!)) as Execution;
			result.nodes = nodeTimes(execution as Parameters<typeof nodeTimes>[0]);
			if (!result.error && execution.data?.resultData?.error?.message) result.error = execution.data.resultData.error.message;
			if (flavour === 'ours') {
				const held = outputOf(execution, 'Map to IFS', 1);
				result.templateOutputs = {
					posted: outputOf(execution, 'Post to IFS', 0).length,
					held: held.length,
					failedInIfs: outputOf(execution, 'Post to IFS', 1).length,
					heldExamples: held.slice(0, 3).map((item) => `${String((item.audit as { sourceId?: string } | undefined)?.sourceId)}: ${String(item.message)}`),
				};
			}
		} catch (error) {
			log(`  could not read the execution's node data: ${(error as Error).message}`);
		}
	} catch (error) {
		result.error = (error as Error).message;
		log(`  ${flavour} ${size}: ${result.error}`);
	} finally {
		try {
			await n8n?.dispose();
		} finally {
			await sims.stop();
		}
	}
	return result;
}

function documentOutcomeEmpty(size: number): DocumentOutcome {
	return { documents: size, postedOnce: 0, missing: size, duplicated: 0, confirmedSuccess: 0, confirmedFailure: 0, confirmedTwice: 0, failed: size, examples: [], vouchers: 0, voucherRows: 0 };
}

function describe(run: RunResult): string {
	const t = run.traffic;
	return [
		`${run.flavour} ${run.size}: ${run.status}${run.stoppedAtLimit ? ' (stopped at the time limit)' : ''}${run.error ? ` — ${run.error}` : ''}`,
		`${run.wallSeconds.toFixed(1)} s, ${run.documentsPerSecond.toFixed(2)} docs/s, posted once ${run.outcome.postedOnce}/${run.size}, failed ${run.outcome.failed}, duplicated ${run.outcome.duplicated}`,
		`Concur ${t.concurRequests} req (${t.concurTokenRequests} token), IFS ${t.ifsRequests} req (${t.ifsTokenRequests} token, ${t.ifsBatchParts} batch parts, ${t.ifs429} × 429)`,
		`server peak RSS ${run.memory.serverPeakRssMb} MB (start ${run.memory.serverStartRssMb} MB, HWM ${run.memory.serverHwmMb} MB), task runner ${run.memory.runnerPeakRssMb} MB`,
	].join('\n    ');
}

function writeOutputs(results: BenchResults, options: BenchOptions): void {
	fs.mkdirSync(path.dirname(options.json), { recursive: true });
	fs.writeFileSync(options.json, `${JSON.stringify(results, null, 2)}\n`);
	const markdown = renderReport(results);
	if (options.out === '-') return void console.log(markdown);
	fs.mkdirSync(path.dirname(options.out), { recursive: true });
	fs.writeFileSync(options.out, markdown);
}

function gitRevision(): string | undefined {
	try {
		return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	} catch {
		return undefined;
	}
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	const results: BenchResults = {
		options,
		startedAt: new Date().toISOString(),
		complete: false,
		machine: { ...machineInfo() },
		settings: {
			latencyMs: options.latencyMs,
			ifsRateLimitPerMinute: options.rateLimitPerMinute,
			ifsTokenLifetimeSeconds: IFS_TOKEN_LIFETIME_SECONDS,
			concurTokenLifetimeSeconds: CONCUR_TOKEN_LIFETIME_SECONDS,
			linesPerDocument: options.lines,
		},
		runs: [],
	};
	const revision = gitRevision();
	if (revision) (results.machine as MachineInfo & { revision?: string }).revision = revision;
	projectPackageDir();
	const plan: Array<[Flavour, number]> = [];
	for (const size of [...new Set([...options.sizes, ...options.baselineSizes])].sort((a, b) => a - b)) {
		if (options.sizes.includes(size)) plan.push(['ours', size]);
		if (options.baselineSizes.includes(size)) plan.push(['baseline', size]);
	}
	log(`plan: ${plan.map(([flavour, size]) => `${flavour} ${size}`).join(', ')}; ${options.lines} lines per document, latency ${options.latencyMs} ms, IFS ${options.rateLimitPerMinute} requests/min`);
	for (const [flavour, size] of plan) {
		log(`${flavour} ${size}: starting simulators and n8n`);
		const run = await runOne(flavour, size, options);
		results.runs.push(run);
		log(describe(run));
		writeOutputs(results, options);
	}
	results.complete = true;
	results.finishedAt = new Date().toISOString();
	writeOutputs(results, options);
	log(`wrote ${options.out === '-' ? 'the report to stdout' : path.relative(process.cwd(), options.out)} and ${path.relative(process.cwd(), options.json)}`);
	if (results.runs.some((run) => run.error && !run.stoppedAtLimit)) process.exitCode = 1;
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
