/**
 * The queue-mode side of a bench run: a private PostgreSQL and Redis, the environment main and
 * workers share, `n8n worker` processes (concurrency 1 each, so runs started together land on
 * different workers), and what the workers used while the run went (memory, CPU, which runs).
 */
import { descendantPids, processCommandLine } from '../n8n-runtime/proc';
import { ensureQueueModePackages, queueModeEnv, startPostgres, startRedis, startWorker, type Service, type Worker } from '../n8n-runtime';
import type { N8nInstance } from '../n8n-runtime';
import { MemorySampler, cpuSeconds, type MemoryReport } from './metrics';

export interface QueueMeasurements {
	workers: number;
	/** Runs started together (one per worker). */
	runs: number;
	/** Per worker: the executions it logged as started (runs and their pages). */
	executionsByWorker: Record<string, number>;
	/** Per worker: peak RSS of the worker and of its task runner. */
	workerMemory: MemoryReport[];
	/** CPU seconds of all workers and their task runners during the run. */
	workerCpu: number;
}

const runnerPidsOf = (pid: number) => descendantPids(pid).filter((child) => /@n8n\/task-runner\//.test(processCommandLine(child)));

export class QueueDeployment {
	private workers: Worker[] = [];
	private samplers: MemorySampler[] = [];
	private cpuBefore = 0;

	private constructor(
		private readonly postgres: Service,
		private readonly redis: Service,
	) {}

	static async start(log: (message: string) => void): Promise<QueueDeployment> {
		ensureQueueModePackages(log);
		const postgres = await startPostgres(log);
		try {
			return new QueueDeployment(postgres, await startRedis(log));
		} catch (error) {
			await postgres.stop();
			throw error;
		}
	}

	/** n8n's queue-mode environment (manual runs offloaded to the workers, as *Run Now* is here). */
	env(): Record<string, string> {
		return queueModeEnv(this.postgres, this.redis);
	}

	async startWorkers(n8n: N8nInstance, count: number, log: (message: string) => void): Promise<void> {
		const names = Array.from({ length: count }, (_, i) => String.fromCharCode(65 + i));
		this.workers = await Promise.all(names.map((name) => startWorker(n8n, name, 1, log)));
	}

	startMeasuring(): void {
		this.samplers = this.workers.map((worker) => new MemorySampler(worker.pid, () => runnerPidsOf(worker.pid)));
		for (const sampler of this.samplers) sampler.start();
		this.cpuBefore = this.workerCpu();
	}

	stopMeasuring(runs: number): QueueMeasurements {
		const workerMemory = this.samplers.map((sampler) => sampler.stop());
		return {
			workers: this.workers.length,
			runs,
			executionsByWorker: Object.fromEntries(this.workers.map((worker) => [worker.name, worker.startedExecutions().length])),
			workerMemory,
			workerCpu: this.workerCpu() - this.cpuBefore,
		};
	}

	private workerCpu(): number {
		return this.workers.reduce((total, worker) => total + cpuSeconds(worker.pid) + runnerPidsOf(worker.pid).reduce((sum, pid) => sum + cpuSeconds(pid), 0), 0);
	}

	/** Before n8n's main process is disposed (the workers run on its user folder). */
	async stopWorkers(): Promise<void> {
		await stopAll(this.workers.map((worker) => () => worker.stop()));
		this.workers = [];
	}

	/** After n8n's main process: Redis, then PostgreSQL. */
	async stop(): Promise<void> {
		await stopAll([() => this.stopWorkers(), () => this.redis.stop(), () => this.postgres.stop()]);
	}
}

/** Runs every stop even when one fails; the first error is rethrown. */
async function stopAll(stops: Array<() => Promise<void>>): Promise<void> {
	const errors: unknown[] = [];
	for (const stop of stops) await stop().catch((error: unknown) => errors.push(error));
	if (errors.length) throw errors[0];
}
