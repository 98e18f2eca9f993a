/**
 * `npm run bench [-- --sizes 100,1000,5000 --baseline-sizes 100,1000]`
 *
 * For each size: fresh simulators in a process of their own (fixed latency on every request, IFS
 * rate limit, N generated FIS expense documents), a fresh real n8n 2.41.1 with this package, then
 * one manual run (over n8n's REST API, as the editor's "Execute workflow" does) of
 *   ours      the shipped expense-posting template (with its reference-data sync), or
 *   baseline  the core-nodes workflow of ./baseline-workflow.ts (one IFS request per voucher row),
 * measuring wall time, requests per document, 429s, token requests, peak memory of the n8n
 * server and its task runner, and whether every document reached IFS exactly once and was
 * confirmed in Concur. Writes docs/benchmarks.md (and the raw figures as JSON under tmp/bench/).
 *
 * Options (all optional):
 *   --sizes 100,1000,5000          document counts for our template
 *   --baseline-sizes 100,1000      document counts for the baseline ("none" to skip it)
 *   --reference-sizes 20000        cost centers per IFS company (3 companies) for the reference-data case ("none" to skip it)
 *   --reference-vendors 5000       suppliers in the reference-data case
 *   --lines 5                      expense lines per document
 *   --page-size 0                  the expense template's pageSize setting (0 = as shipped, one execution per run)
 *   --page-from 0                  only runs of at least this many documents use --page-size; smaller ones run as shipped
 *   --queue-sizes 5000,20000       document counts for our template in n8n queue mode ("none", the default, to skip it)
 *   --queue-workers 1,2            worker counts for each queue-mode size; as many runs as workers start together
 *   --latency 25                   simulator latency per request, ms (Concur and IFS)
 *   --rate-limit 1000              IFS requests per minute (token bucket of that size)
 *   --timeout-min 45               stop any run after this long (reported as failed)
 *   --baseline-limit-min 25        stop a baseline run after this long and report its measured rate
 *   --out docs/benchmarks.md       report file ("-" = print only)
 *   --json tmp/bench/results.json  raw figures
 *   --n8n-env KEY=VALUE,…          extra n8n environment, for experiments (e.g. N8N_EXPRESSION_ENGINE=legacy)
 * Environment: BENCH_SIM_CPU_PROF=<dir> writes a V8 CPU profile of the simulator process.
 *
 * Everything it starts (simulator process, n8n server and task runner) is stopped in `finally`;
 * only one n8n runs at a time (the runtime waits for the task-runner port).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { projectPackageDir } from '../../test/e2e/n8n';
import { WORKFLOW_IDS, importCredentials, importTemplates, outputOf, templateJson, withPages, withSetting, type Execution } from '../deploy';
import { N8N_VERSION, NODE_VERSION, N8nInstance } from '../n8n-runtime';
import { BASELINE_WORKFLOW_ID, baselineWorkflow } from './baseline-workflow';
import { MemorySampler, cpuSeconds, nodeTimes, trafficBetween, type DocumentOutcome, type MemoryReport, type Traffic } from './metrics';
import { runReference } from './reference';
import { renderReport } from './report';
import type { BenchOptions, BenchResults, Flavour, MachineInfo, RunResult } from './results';
import { QueueDeployment } from './queue-deployment';
import { SimulatorProcess, type SimulatorEndpoints } from './simulator-process';

const IFS_TOKEN_LIFETIME_SECONDS = 180;
/** How often the executions list is asked whether the run finished; 4 times a second grew main's heap by 0.5 GB (docs/scaling.md). */
const POLL_MS = 2000;
const CONCUR_TOKEN_LIFETIME_SECONDS = 3600;
const ROOT = path.resolve(__dirname, '..', '..');

function onOff(value: string, name: string): boolean {
	if (value !== 'on' && value !== 'off') throw new Error(`--${name}: on or off`);
	return value === 'on';
}

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
	const known = ['sizes', 'baseline-sizes', 'queue-sizes', 'queue-workers', 'reference-sizes', 'reference-vendors', 'lines', 'receipts', 'page-size', 'page-from', 'latency', 'rate-limit', 'timeout-min', 'baseline-limit-min', 'out', 'json', 'n8n-env'];
	for (const name of values.keys()) if (!known.includes(name)) throw new Error(`unknown option --${name} (known: ${known.map((k) => `--${k}`).join(', ')})`);
	const list = (name: string, fallback: number[]) => {
		const raw = values.get(name);
		if (raw === undefined) return fallback;
		if (raw === '' || raw === 'none') return [];
		const sizes = raw.split(',').map((s) => Number(s.trim()));
		if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--${name}: positive whole numbers, comma-separated`);
		return [...new Set(sizes)].sort((a, b) => a - b);
	};
	const number = (name: string, fallback: number, zeroAllowed = false) => {
		const raw = values.get(name);
		const n = raw === undefined ? fallback : Number(raw);
		if (!Number.isFinite(n) || n < 0 || (n === 0 && !zeroAllowed)) throw new Error(`--${name} must be a positive number`);
		return n;
	};
	return {
		sizes: list('sizes', [100, 1000, 5000]),
		baselineSizes: list('baseline-sizes', [100, 1000]),
		queueSizes: list('queue-sizes', []),
		queueWorkers: list('queue-workers', [1, 2]),
		referenceSizes: list('reference-sizes', [20000]),
		referenceVendors: number('reference-vendors', 5000),
		lines: number('lines', 5),
		receipts: onOff(values.get('receipts') ?? 'on', 'receipts'),
		pageSize: number('page-size', 0, true),
		pageFrom: number('page-from', 0, true),
		latencyMs: number('latency', 25),
		rateLimitPerMinute: number('rate-limit', 1000),
		timeoutMin: number('timeout-min', 45),
		baselineLimitMin: number('baseline-limit-min', 25),
		out: values.get('out') ?? path.join(ROOT, 'docs', 'benchmarks.md'),
		json: values.get('json') ?? path.join(ROOT, 'tmp', 'bench', 'results.json'),
		n8nEnv: Object.fromEntries(
			(values.get('n8n-env') ?? '')
				.split(',')
				.filter(Boolean)
				.map((pair) => {
					const at = pair.indexOf('=');
					if (at < 1) throw new Error(`--n8n-env: KEY=VALUE pairs, comma-separated (got ${pair})`);
					return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
				}),
		),
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

async function importWorkflows(n8n: N8nInstance, sims: SimulatorEndpoints, flavour: Flavour, pageSize: number): Promise<string> {
	if (flavour === 'ours') {
		await importCredentials(n8n, sims.credentialData);
		await importTemplates(n8n, [templateJson('referenceSync'), withSetting(templateJson('expensePosting'), 'pageSize', String(pageSize))]);
		return WORKFLOW_IDS.expensePosting;
	}
	const concur = sims.credentialData.concur;
	const workflow = baselineWorkflow({
		ifsUrl: sims.ifsUrl,
		ifsRealm: sims.ifsRealm,
		ifsClientId: sims.ifsClient.clientId,
		ifsClientSecret: sims.ifsClient.clientSecret,
		concurTokenHost: sims.concurTokenHost,
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
	/** Round-trip times of the status polls (a busy n8n main thread answers late), with when they were asked. */
	pollMs: Array<{ atSeconds: number; ms: number }>;
	failedPolls: number;
	/** The runs started together (one, or one per queue-mode worker). */
	executionIds: string[];
	/** When they were started (this machine's clock, which n8n's startedAt/stoppedAt also read). */
	startedMs: number;
	/** `finished` until the execution is read after the run (n8n's status then), or the status it had when stopped at the limit. */
	status: string;
	wallSeconds: number;
	stoppedAtLimit: boolean;
	timedOut: boolean;
}

const UNFINISHED = ['new', 'running', 'waiting', 'unknown'];

async function startRun(n8n: N8nInstance, workflowId: string): Promise<string> {
	const answer = await n8n.rest.post(`/workflows/${workflowId}/run`, { triggerToStartFrom: { name: 'Run Now' } });
	const executionId = String(answer.data?.data?.executionId ?? '');
	if (!executionId) throw new Error(`n8n did not start workflow ${workflowId}: ${JSON.stringify(answer.data).slice(0, 500)}`);
	return executionId;
}

/**
 * Starts the manual run(s) and polls the list of unfinished executions (cheap) until none of them
 * is in it or they are stopped at the limit. A paged run's pages are executions of the same
 * workflow, never more than one at a time per run, so the runs stay within the list's 100.
 */
async function runAndWatch(n8n: N8nInstance, workflowId: string, runs: number, limitMs: number, isBaseline: boolean, progress: () => Promise<string>): Promise<Watched> {
	const started = Date.now();
	const executionIds = await Promise.all(Array.from({ length: runs }, () => startRun(n8n, workflowId)));
	const unfinished = async () => (await n8n.listExecutions({ workflowId, status: UNFINISHED }, 100)).filter((e) => executionIds.includes(String(e.id)));
	let seen = false;
	let lastReport = started;
	let failures = 0;
	let failedPolls = 0;
	const pollMs: Array<{ atSeconds: number; ms: number }> = [];
	for (;;) {
		let running: Awaited<ReturnType<typeof unfinished>>;
		const asked = Date.now();
		try {
			running = await unfinished();
			pollMs.push({ atSeconds: (asked - started) / 1000, ms: Date.now() - asked });
			failures = 0;
		} catch (error) {
			pollMs.push({ atSeconds: (asked - started) / 1000, ms: Date.now() - asked });
			failedPolls++;
			// a dropped connection while n8n is busy is not the run's failure; a dead server is
			if (!n8n.running) throw new Error(`the n8n server exited during the run: ${(error as Error).message}`);
			if (++failures > 20) throw error;
			log(`  polling the run failed (${(error as Error).message}); trying again`);
			await sleep(1000);
			continue;
		}
		seen ||= running.length > 0;
		const elapsed = Date.now() - started;
		// (not listed yet right after the start is not finished)
		if (!running.length && (seen || elapsed > 10_000)) {
			return { pollMs, failedPolls, executionIds, startedMs: started, status: 'finished', wallSeconds: elapsed / 1000, stoppedAtLimit: false, timedOut: false };
		}
		if (elapsed > limitMs) {
			const wallSeconds = elapsed / 1000;
			log(`  ${isBaseline ? 'time limit' : 'timeout'} reached after ${wallSeconds.toFixed(0)} s: stopping execution(s) ${executionIds.join(', ')}`);
			for (const id of executionIds) await n8n.rest.post(`/executions/${id}/stop`, {}).catch((error: unknown) => log(`  stop refused: ${(error as Error).message}`));
			for (let i = 0; i < 120 && (await unfinished()).length; i++) await sleep(500);
			return { pollMs, failedPolls, executionIds, startedMs: started, status: 'stopped', wallSeconds, stoppedAtLimit: isBaseline, timedOut: !isBaseline };
		}
		if (Date.now() - lastReport > 30_000) {
			lastReport = Date.now();
			log(`  … ${(elapsed / 1000).toFixed(0)} s: ${await progress().catch((error: unknown) => (error as Error).message)}`);
		}
		await sleep(POLL_MS);
	}
}

function responsiveness(polls: Watched['pollMs'], failedPolls: number): RunResult['responsiveness'] {
	if (!polls.length) return undefined;
	const sorted = polls.map((poll) => poll.ms).sort((a, b) => a - b);
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
	const slowest = [...polls].sort((a, b) => b.ms - a.ms).slice(0, 3).map((poll) => ({ atSeconds: Math.round(poll.atSeconds * 10) / 10, ms: poll.ms }));
	return { polls: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: sorted[sorted.length - 1], failedPolls, slowest };
}

function emptyTraffic(): Traffic {
	return { concurRequests: 0, concurTokenRequests: 0, concurTokensByGrant: {}, concur429: 0, concurByRoute: {}, ifsRequests: 0, ifsTokenRequests: 0, ifsTokensIssued: 0, ifsBatchParts: 0, ifs429: 0, ifsMaxConcurrency: 0, ifsByRoute: {} };
}

function emptyMemory(): MemoryReport {
	return { samples: 0, intervalMs: 0, serverStartRssMb: 0, serverPeakRssMb: 0, serverHwmMb: 0, runnerPeakRssMb: 0, runnerHwmMb: 0, combinedPeakRssMb: 0 };
}

/** One run of a workflow on fresh simulators and a fresh n8n; with `queueWorkers`, n8n in queue mode and that many runs started together. */
async function runOne(flavour: Flavour, size: number, options: BenchOptions, queueWorkers = 0): Promise<RunResult> {
	const result: RunResult = {
		flavour,
		size,
		mode: queueWorkers ? 'queue' : 'regular',
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
	let sims: SimulatorProcess | undefined;
	let n8n: N8nInstance | undefined;
	let queue: QueueDeployment | undefined;
	try {
		sims = await SimulatorProcess.start({
			documents: size,
			linesPerDocument: options.lines,
			withReceipts: options.receipts,
			latencyMs: options.latencyMs,
			ifsRateLimitPerMinute: options.rateLimitPerMinute,
			ifsTokenLifetimeSeconds: IFS_TOKEN_LIFETIME_SECONDS,
			concurTokenLifetimeSeconds: CONCUR_TOKEN_LIFETIME_SECONDS,
		});
		if (sims.endpoints.fisIds !== size) throw new Error(`the simulator generated ${sims.endpoints.fisIds} documents instead of ${size}`);
		if (queueWorkers) queue = await QueueDeployment.start((message) => log(`  ${message}`));
		// only one n8n at a time on this machine (task-runner port): wait for another user's n8n to finish
		n8n = await N8nInstance.create({ packages: [projectPackageDir()], env: { ...queue?.env(), ...options.n8nEnv }, portWaitMs: 60 * 60_000, log: (message) => log(`  ${message}`) });
		if (flavour === 'ours') result.pageSize = size >= options.pageFrom ? options.pageSize : 0;
		const workflowId = await importWorkflows(n8n, sims.endpoints, flavour, result.pageSize ?? 0);
		// a run on a worker is not a manual run for its sub-workflows: they run as published (docs/scaling.md)
		if (queue && flavour === 'ours') await n8n.publishWorkflow(WORKFLOW_IDS.referenceSync);
		await n8n.start();
		await queue?.startWorkers(n8n, queueWorkers, (message) => log(`  ${message}`));
		result.n8nStartSeconds = (n8n.timings.start ?? 0) / 1000;
		const serverPid = n8n.serverPid();
		if (!serverPid) throw new Error('n8n server is not running');
		const instance = n8n;
		const simulators = sims;
		const runnerCpu = () => instance.taskRunnerPids().reduce((total, pid) => total + cpuSeconds(pid), 0);
		const sampler = new MemorySampler(serverPid, () => instance.taskRunnerPids());
		const before = await sims.traffic();
		const cpuBefore = { server: cpuSeconds(serverPid), runner: runnerCpu(), simulators: cpuSeconds(sims.pid), harness: process.cpuUsage() };
		sampler.start();
		queue?.startMeasuring();
		const limitMs = (flavour === 'baseline' ? Math.min(options.baselineLimitMin, options.timeoutMin) : options.timeoutMin) * 60_000;
		let watched: Watched;
		try {
			watched = await runAndWatch(n8n, workflowId, queueWorkers || 1, limitMs, flavour === 'baseline', async () => {
				const p = await simulators.progress();
				return `${p.confirmed}/${size} documents confirmed, ${p.ifsRequests} IFS requests, ${p.ifs429} × 429`;
			});
		} finally {
			result.memory = sampler.stop();
			result.queue = queue?.stopMeasuring(queueWorkers);
		}
		const harness = process.cpuUsage(cpuBefore.harness);
		result.cpu = {
			server: cpuSeconds(serverPid) - cpuBefore.server,
			runner: runnerCpu() - cpuBefore.runner,
			simulators: cpuSeconds(sims.pid) - cpuBefore.simulators,
			harness: (harness.user + harness.system) / 1e6,
		};
		result.traffic = trafficBetween(before, await sims.traffic());
		result.responsiveness = responsiveness(watched.pollMs, watched.failedPolls);
		result.status = watched.status;
		result.stoppedAtLimit = watched.stoppedAtLimit;
		if (watched.timedOut) result.error = `timed out after ${options.timeoutMin} min`;
		result.wallSeconds = watched.wallSeconds;
		result.outcome = await sims.outcome();
		// the full execution (run data of every node) only now, so serving it does not count in the run's memory
		try {
			await readExecutions(n8n, watched, flavour, result);
		} catch (error) {
			log(`  could not read the execution's node data (wall time as the poll saw it): ${(error as Error).message}`);
		}
		result.documentsPerSecond = result.outcome.postedOnce / result.wallSeconds;
	} catch (error) {
		result.error = (error as Error).message;
		log(`  ${flavour} ${size}: ${result.error}`);
		if (n8n) keepServerLog(n8n, `${flavour}-${size}`, options);
	} finally {
		try {
			await queue?.stopWorkers();
			await n8n?.dispose();
		} finally {
			await queue?.stop();
			await sims?.stop();
		}
	}
	return result;
}

type TimedExecution = Execution & { startedAt?: string; stoppedAt?: string };

/**
 * Status, n8n's own execution time, node times and template outputs of the run(s), pages
 * included (with --page-size, Post Next Page's own time includes its page's nodes). Several runs
 * (queue mode): the worst status, the longest execution time, the first run's node times, the
 * outputs of all. A finished run's wall time ends when its last execution stopped.
 */
async function readExecutions(n8n: N8nInstance, watched: Watched, flavour: Flavour, result: RunResult): Promise<void> {
	const executions: TimedExecution[] = [];
	for (const id of watched.executionIds) executions.push(await withPages(n8n, (await n8n.getExecution(id)) as TimedExecution));
	result.status = executions.find((execution) => execution.status !== 'success')?.status ?? 'success';
	const timed = executions.filter((e) => e.startedAt && e.stoppedAt);
	if (timed.length) result.executionSeconds = Math.max(...timed.map((e) => (Date.parse(e.stoppedAt!) - Date.parse(e.startedAt!)) / 1000));
	if (watched.status === 'finished' && timed.length === executions.length) result.wallSeconds = (Math.max(...timed.map((e) => Date.parse(e.stoppedAt!))) - watched.startedMs) / 1000;
	result.nodes = nodeTimes(executions[0] as Parameters<typeof nodeTimes>[0]);
	const error = executions.map((execution) => execution.data?.resultData?.error?.message).find(Boolean);
	if (!result.error && error) result.error = error;
	if (flavour !== 'ours') return;
	const outputs = (node: string, index: number) => executions.flatMap((execution) => outputOf(execution, node, index));
	const held = outputs('Map to IFS', 1);
	if (executions.length > 1) result.postedByRun = executions.map((execution) => outputOf(execution, 'Post to IFS', 0).length);
	result.templateOutputs = {
		posted: outputs('Post to IFS', 0).length,
		held: held.length,
		failedInIfs: outputs('Post to IFS', 1).length,
		heldExamples: held.slice(0, 3).map((item) => `${String((item.audit as { sourceId?: string } | undefined)?.sourceId)}: ${String(item.message)}`),
	};
}

/** A failed run's n8n server log next to the raw results (the user folder is removed on dispose). */
function keepServerLog(n8n: N8nInstance, name: string, options: BenchOptions): void {
	const file = path.join(path.dirname(options.json), `n8n-server-${name}.log`);
	try {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, n8n.serverOutput());
		log(`  n8n server log kept in ${path.relative(process.cwd(), file)}`);
	} catch {
		/* nothing to keep */
	}
}

function documentOutcomeEmpty(size: number): DocumentOutcome {
	return { documents: size, postedOnce: 0, missing: size, duplicated: 0, confirmedSuccess: 0, confirmedFailure: 0, confirmedTwice: 0, failed: size, examples: [], vouchers: 0, voucherRows: 0, voucherDigest: '' };
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
			receipts: options.receipts,
			pageSize: options.pageSize,
			pageFrom: options.pageFrom,
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
	const queuePlan = options.queueSizes.flatMap((size) => options.queueWorkers.map((workers) => [size, workers] as const));
	log(`plan: ${[...plan.map(([flavour, size]) => `${flavour} ${size}`), ...queuePlan.map(([size, workers]) => `ours ${size} in queue mode, ${workers} worker(s)`)].join(', ')}; ${options.lines} lines per document, latency ${options.latencyMs} ms, IFS ${options.rateLimitPerMinute} requests/min`);
	for (const [flavour, size] of plan) {
		log(`${flavour} ${size}: starting simulators and n8n`);
		const run = await runOne(flavour, size, options);
		results.runs.push(run);
		log(describe(run));
		writeOutputs(results, options);
	}
	for (const [size, workers] of queuePlan) {
		log(`ours ${size}, queue mode with ${workers} worker(s): starting PostgreSQL, Redis, simulators, n8n and workers`);
		const run = await runOne('ours', size, options, workers);
		(results.queueRuns ??= []).push(run);
		log(describe(run));
		writeOutputs(results, options);
	}
	for (const size of options.referenceSizes) {
		log(`reference data ${size} × 3 companies + ${options.referenceVendors} vendors: starting simulators and n8n`);
		const reference = await runReference(size, options.referenceVendors, {
			latencyMs: options.latencyMs,
			rateLimitPerMinute: options.rateLimitPerMinute,
			ifsTokenLifetimeSeconds: IFS_TOKEN_LIFETIME_SECONDS,
			concurTokenLifetimeSeconds: CONCUR_TOKEN_LIFETIME_SECONDS,
			timeoutMin: options.timeoutMin,
			n8nEnv: options.n8nEnv,
			log,
		});
		(results.references ??= []).push(reference);
		if (reference.error) log(`  reference data ${size}: ${reference.error}`);
		writeOutputs(results, options);
	}
	results.complete = true;
	results.finishedAt = new Date().toISOString();
	writeOutputs(results, options);
	log(`wrote ${options.out === '-' ? 'the report to stdout' : path.relative(process.cwd(), options.out)} and ${path.relative(process.cwd(), options.json)}`);
	if ([...results.runs, ...(results.queueRuns ?? [])].some((run) => run.error && !run.stoppedAtLimit) || results.references?.some((reference) => reference.error)) process.exitCode = 1;
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
