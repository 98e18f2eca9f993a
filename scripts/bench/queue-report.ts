/** The queue-mode part of docs/benchmarks.md: main + workers on PostgreSQL and Redis, 1 vs N workers, memory per process. */
import { fmt, int, perDoc, type Verdict } from './figures';
import type { BenchResults, RunResult } from './results';
import { pagesNote } from './scale-verdicts';

const MAX_RSS_GROWTH = 1.25;

const queueRuns = (results: BenchResults) => results.queueRuns ?? [];

/** Highest RSS of any n8n process of the deployment: main, its task runner, every worker and its task runner. */
export function anyProcessPeakMb(run: RunResult): number {
	const workers = run.queue?.workerMemory ?? [];
	return Math.max(run.memory.serverPeakRssMb, run.memory.runnerPeakRssMb, ...workers.map((m) => Math.max(m.serverPeakRssMb, m.runnerPeakRssMb)));
}

/** Main's peak and the largest worker's, each with its task runner. */
function peaksByProcess(run: RunResult): string {
	const workers = run.queue?.workerMemory ?? [];
	const largest = (field: 'serverPeakRssMb' | 'runnerPeakRssMb') => Math.max(0, ...workers.map((m) => m[field]));
	return `main ${int(run.memory.serverPeakRssMb)}, worker ${int(largest('serverPeakRssMb'))} (runner ${int(largest('runnerPeakRssMb'))})`;
}

function statusOf(run: RunResult): string {
	return run.error ? `${run.status}: ${run.error}` : run.status;
}

function runsTable(runs: RunResult[]): string[] {
	const lines = [
		'| documents | page size | workers | runs started together | status | wall s | docs/s | runs per worker | documents posted per run | IFS req/doc | peak RSS main (runner) MB | peak RSS per worker (runner) MB | CPU s main / workers | failed | duplicated |',
		'|---:|---:|---:|---:|---|---:|---:|---|---|---:|---:|---|---|---:|---:|',
	];
	for (const run of runs) {
		const q = run.queue;
		const perWorker = Object.entries(q?.executionsByWorker ?? {}).map(([name, n]) => `${name}: ${int(n)}`).join(', ');
		const workerRss = (q?.workerMemory ?? []).map((m) => `${fmt(m.serverPeakRssMb, 0)} (${fmt(m.runnerPeakRssMb, 0)})`).join(', ');
		lines.push(
			`| ${int(run.size)} | ${run.pageSize ? int(run.pageSize) : 'one execution'} | ${int(q?.workers)} | ${int(q?.runs)} | ${statusOf(run)} | ${fmt(run.wallSeconds)} | ${fmt(run.documentsPerSecond, 2)} | ${perWorker || '–'} | ${run.postedByRun?.map(int).join(' + ') ?? int(run.templateOutputs?.posted)} | ${fmt(perDoc(run).ifs, 3)} | ${fmt(run.memory.serverPeakRssMb, 0)} (${fmt(run.memory.runnerPeakRssMb, 0)}) | ${workerRss || '–'} | ${fmt(run.cpu?.server)} / ${fmt(q?.workerCpu)} | ${int(run.outcome.failed)} | ${int(run.outcome.duplicated)} |`,
		);
	}
	return lines;
}

function workerRatios(runs: RunResult[]): string[] {
	const lines: string[] = [];
	for (const size of [...new Set(runs.map((run) => run.size))]) {
		const bySize = runs.filter((run) => run.size === size && run.status === 'success').sort((a, b) => (a.queue?.workers ?? 0) - (b.queue?.workers ?? 0));
		if (bySize.length < 2) continue;
		const [one, most] = [bySize[0], bySize[bySize.length - 1]];
		lines.push(`- ${int(size)} documents: ${int(most.queue?.workers)} workers ${fmt(most.documentsPerSecond, 2)} docs/s vs ${int(one.queue?.workers)} worker ${fmt(one.documentsPerSecond, 2)} docs/s = **${fmt(most.documentsPerSecond / one.documentsPerSecond, 2)}×**.`);
	}
	return lines;
}

/** Peak RSS of any n8n process at the largest queue-mode size against the smallest, per worker count. */
export function queueVerdicts(results: BenchResults): Verdict[] {
	const runs = queueRuns(results);
	const out: Verdict[] = [];
	for (const workers of [...new Set(runs.map((run) => run.queue?.workers ?? 0))]) {
		const same = runs.filter((run) => run.queue?.workers === workers).sort((a, b) => a.size - b.size);
		if (same.length < 2) continue;
		const [small, large] = [same[0], same[same.length - 1]];
		const growth = anyProcessPeakMb(large) / anyProcessPeakMb(small);
		out.push({
			target: `queue mode, ${workers} worker${workers > 1 ? 's' : ''}: peak RSS of any n8n process at the largest size ≤ ${MAX_RSS_GROWTH}× that at the smallest`,
			measured: `${fmt(growth, 2)}× at ${int(large.size)} vs ${int(small.size)} (${int(anyProcessPeakMb(large))} vs ${int(anyProcessPeakMb(small))} MB; ${int(large.size)}: ${peaksByProcess(large)}; ${int(small.size)}: ${peaksByProcess(small)})`,
			met: growth <= MAX_RSS_GROWTH,
			note: `Main, workers and their task runners sampled every 200 ms; the verdict compares the largest of them.${pagesNote(small, large, results)}`,
		});
		const failed = same.filter((run) => run.outcome.failed > 0 || run.outcome.duplicated > 0);
		out.push({
			target: `queue mode, ${workers} worker${workers > 1 ? 's' : ''}: zero failed or duplicated documents`,
			measured: same.map((run) => `${int(run.size)}: ${int(run.outcome.failed)} failed, ${int(run.outcome.duplicated)} duplicated`).join('; '),
			met: failed.length === 0,
			note: failed.map((run) => run.outcome.examples.join('; ')).join(' '),
		});
	}
	return out;
}

export function queueSection(results: BenchResults): string[] {
	const runs = queueRuns(results);
	if (!runs.length) return [];
	return [
		'## Queue mode',
		'',
		`n8n ${results.machine.n8n} in queue mode as a group scaling out runs it: a main process (editor, REST API), Redis (Bull) as the queue, PostgreSQL as the database (both private, on loopback, started by the bench), and \`n8n worker --concurrency=1\` processes. *Run Now* runs go to the workers (\`OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true\`). With N workers the bench starts N runs of the template together on the same queue of documents; each run and its pages stay on the worker that took it (n8n runs a sub-workflow in the caller's process), the claims keep the runs from posting a document twice, and the wall time is until the last run finished. Everything shares this machine's ${results.machine.cores} cores: main, workers, task runners, PostgreSQL, Redis and the simulators.`,
		'',
		...runsTable(runs),
		'',
		...workerRatios(runs),
		'',
	];
}
