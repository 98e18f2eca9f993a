/** What a benchmark run measured, shared by the runner (bench.ts) and the report (report.ts). */
import type { DocumentOutcome, MemoryReport, NodeTime, Traffic } from './metrics';
import type { QueueMeasurements } from './queue-deployment';
import type { ReferenceRunResult } from './reference';

export type Flavour = 'ours' | 'baseline';

export interface BenchOptions {
	sizes: number[];
	baselineSizes: number[];
	/** Document counts for our template in n8n queue mode (absent in results written before the option existed). */
	queueSizes: number[];
	/** Worker counts for each queue-mode size; as many runs as workers start together. */
	queueWorkers: number[];
	referenceSizes: number[];
	referenceVendors: number;
	lines: number;
	/** Whether the generated entries carry receipt images (the template attaches them to the vouchers). */
	receipts: boolean;
	/** The expense template's *pageSize* setting (0 = as shipped: one execution per run). */
	pageSize: number;
	/** Runs of fewer documents than this keep *pageSize* 0 (as shipped). */
	pageFrom: number;
	latencyMs: number;
	rateLimitPerMinute: number;
	timeoutMin: number;
	baselineLimitMin: number;
	out: string;
	json: string;
	/** Extra environment for n8n (experiments only; the report lists it). */
	n8nEnv: Record<string, string>;
}

export interface RunResult {
	flavour: Flavour;
	size: number;
	/** Our template's *pageSize* in this run (absent: the bench's --page-size, as before --page-from existed). */
	pageSize?: number;
	mode?: 'regular' | 'queue';
	/** Queue mode: the workers and what they used (the main process is `memory` / `cpu.server`). */
	queue?: QueueMeasurements;
	/** n8n's execution status (success, error, canceled…), or 'not-started'. */
	status: string;
	/** The run was stopped at the time limit: the rate is measured over the documents it finished. */
	stoppedAtLimit: boolean;
	error?: string;
	n8nStartSeconds: number;
	/** From the REST call that started the run until its last execution stopped (n8n's stoppedAt; the poll's moment when that could not be read). */
	wallSeconds: number;
	/** n8n's own startedAt → stoppedAt. */
	executionSeconds?: number;
	/** Documents that reached IFS exactly once and were confirmed, per wall second. */
	documentsPerSecond: number;
	traffic: Traffic;
	memory: MemoryReport;
	/** CPU seconds used during the run by the n8n server, its task runner(s), the simulators and the harness. */
	cpu?: { server: number; runner: number; simulators: number; harness: number };
	/** How long n8n took to answer `GET /rest/executions` while the run was going (its main thread's availability). */
	responsiveness?: { polls: number; p50Ms: number; p95Ms: number; maxMs: number; failedPolls: number; slowest: Array<{ atSeconds: number; ms: number }> };
	outcome: DocumentOutcome;
	nodes: NodeTime[];
	/** Several runs started together (queue mode): documents each run posted. */
	postedByRun?: number[];
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
	/** Our template in n8n queue mode (--queue-sizes × --queue-workers), kept apart from the regular-mode runs the other ratios use. */
	queueRuns?: RunResult[];
	/** The reference-data case (template 01 at tenant scale), one per reference size. */
	references?: ReferenceRunResult[];
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
	/** Absent in results written before the option existed: receipts on. */
	receipts?: boolean;
	/** Absent in results written before the option existed: 0 (no page fan-out). */
	pageSize?: number;
	/** Absent in results written before the option existed: 0 (every run with pageSize). */
	pageFrom?: number;
}
