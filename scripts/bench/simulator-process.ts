/**
 * The simulators of one benchmark run in a process of their own, so their CPU time is measured
 * apart from n8n's and the harness (polling, memory sampling) is never held up by them.
 *
 * Child side (this file run by `scripts/run-ts.js` with the options as JSON): starts both
 * simulators, takes the scenario's seed expense documents out of the FIS queue, generates the
 * run's documents, reports `ready`, then answers `traffic` / `outcome` / `progress` requests over
 * IPC until told to `stop` (or the parent goes away).
 * Parent side: `SimulatorProcess.start(options)`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startSimulators, type Simulators } from '../../test/simulators';
import { DEFAULT_CLIENT } from '../../test/simulators/ifs';
import { expenseReports, SCENARIO_DATE } from '../../test/simulators/seed/scenario';
import { documentOutcome, trafficSnapshot, type DocumentOutcome, type TrafficSnapshot } from './metrics';
import { REFERENCE_COMPANIES, referenceOutcome, seedReferenceVolume, type ReferenceOutcome, type ReferenceVolume } from './reference-volume';

export interface SimulatorRunOptions {
	documents: number;
	linesPerDocument: number;
	withReceipts: boolean;
	latencyMs: number;
	ifsRateLimitPerMinute: number;
	ifsTokenLifetimeSeconds: number;
	concurTokenLifetimeSeconds: number;
	/** Reference data at scale (and an IFS service user that sees the three companies it lives in). */
	reference?: ReferenceVolume;
}

export interface SimulatorEndpoints {
	credentialData: Simulators['credentialData'];
	ifsUrl: string;
	ifsRealm: string;
	ifsClient: { clientId: string; clientSecret: string };
	concurTokenHost: string;
	fisIds: number;
}

export interface Progress {
	confirmed: number;
	ifsRequests: number;
	ifs429: number;
}

type Method = 'traffic' | 'outcome' | 'progress' | 'referenceOutcome' | 'stop';
interface Request {
	id: number;
	method: Method;
}
interface Reply {
	id: number;
	result?: unknown;
	error?: string;
}

// ---------------------------------------------------------------------------------------------
// child
// ---------------------------------------------------------------------------------------------

/** The seed scenario's READY expense documents leave the queue, so the run sees exactly the generated ones. */
function recallSeedDocuments(sims: Simulators): void {
	for (const report of expenseReports) {
		const ready = sims.concur.fisDocuments.some((doc) => doc.docType === 'expense' && doc.sourceId === report.reportId && doc.status === 'READY');
		if (ready) sims.concur.recall('expense', report.reportId);
	}
}

/** Sends to the parent; a parent that has gone away (Ctrl+C) is not an error here. */
function reply(message: Reply): void {
	if (!process.connected) return;
	process.send?.(message, undefined, undefined, () => undefined);
}

async function child(options: SimulatorRunOptions): Promise<void> {
	const clients = options.reference ? [{ ...DEFAULT_CLIENT, allowedCompanies: REFERENCE_COMPANIES }] : undefined;
	const sims = await startSimulators({
		concur: { latencyMs: options.latencyMs, tokenLifetimeSeconds: options.concurTokenLifetimeSeconds },
		ifs: { latencyMs: options.latencyMs, rateLimitPerMinute: options.ifsRateLimitPerMinute, tokenLifetimeSeconds: options.ifsTokenLifetimeSeconds, clients },
	});
	if (options.reference) {
		seedReferenceVolume(sims, options.reference, SCENARIO_DATE);
		sims.credentialData.ifs.allowedCompanies = REFERENCE_COMPANIES.join(', ');
	}
	recallSeedDocuments(sims);
	const fisIds = sims.concur.generateExpenseDocuments(options.documents, options.linesPerDocument, options.withReceipts);
	const idSet = new Set(fisIds);
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await sims.stop();
	};
	const answer = async (method: Method): Promise<unknown> => {
		if (method === 'traffic') return trafficSnapshot(sims);
		if (method === 'outcome') return documentOutcome(sims, fisIds);
		if (method === 'referenceOutcome') return options.reference ? referenceOutcome(sims, options.reference) : undefined;
		if (method === 'progress') {
			const stats = sims.ifs.stats();
			const confirmed = sims.concur.fisDocuments.filter((doc) => idSet.has(doc.id) && doc.status === 'POSTING_CONFIRMED_SUCCESS').length;
			return { confirmed, ifsRequests: stats.requests, ifs429: stats.throttled } satisfies Progress;
		}
		await stop();
		return { stopped: true };
	};
	process.on('message', (message: Request) => {
		answer(message.method).then(
			(result) => {
				reply({ id: message.id, result });
				if (message.method === 'stop') setImmediate(() => process.exit(0));
			},
			(error: unknown) => reply({ id: message.id, error: (error as Error).message }),
		);
	});
	process.on('disconnect', () => void stop().finally(() => process.exit(0)));
	const endpoints: SimulatorEndpoints = {
		credentialData: sims.credentialData,
		ifsUrl: sims.ifs.url,
		ifsRealm: sims.ifs.realm,
		ifsClient: { clientId: sims.ifs.defaultClient.clientId, clientSecret: sims.ifs.defaultClient.clientSecret },
		concurTokenHost: sims.concur.tokenHostUrl,
		fisIds: fisIds.length,
	};
	if (!process.connected) return void stop().finally(() => process.exit(0));
	reply({ id: 0, result: endpoints });
}

// ---------------------------------------------------------------------------------------------
// parent
// ---------------------------------------------------------------------------------------------

const RUN_TS = path.resolve(__dirname, '..', 'run-ts.js');

export class SimulatorProcess {
	private nextId = 1;
	private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
	private exited = false;

	private constructor(
		private readonly proc: ChildProcess,
		readonly endpoints: SimulatorEndpoints,
	) {
		proc.on('message', (reply: Reply) => {
			const waiting = this.pending.get(reply.id);
			if (!waiting) return;
			this.pending.delete(reply.id);
			if (reply.error) waiting.reject(new Error(`simulator process: ${reply.error}`));
			else waiting.resolve(reply.result);
		});
		proc.on('exit', (code, signal) => {
			this.exited = true;
			for (const waiting of this.pending.values()) waiting.reject(new Error(`simulator process exited (${code ?? signal})`));
			this.pending.clear();
		});
	}

	get pid(): number {
		return this.proc.pid!;
	}

	static async start(options: SimulatorRunOptions, timeoutMs = 120_000): Promise<SimulatorProcess> {
		// BENCH_SIM_CPU_PROF=<dir>: write a V8 CPU profile of the simulators (where their time goes)
		const profileDir = process.env.BENCH_SIM_CPU_PROF;
		const execArgv = profileDir ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : process.execArgv;
		const proc = fork(RUN_TS, [__filename, JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
		const endpoints = await new Promise<SimulatorEndpoints>((resolve, reject) => {
			const timer = setTimeout(() => {
				proc.kill('SIGKILL');
				reject(new Error('the simulator process did not start in time'));
			}, timeoutMs);
			proc.once('message', (reply: Reply) => {
				clearTimeout(timer);
				if (reply.id === 0 && reply.result) resolve(reply.result as SimulatorEndpoints);
				else reject(new Error(`simulator process: ${reply.error ?? 'unexpected first message'}`));
			});
			proc.once('exit', (code, signal) => {
				clearTimeout(timer);
				reject(new Error(`the simulator process exited before it was ready (${code ?? signal})`));
			});
		});
		return new SimulatorProcess(proc, endpoints);
	}

	private call<T>(method: Method, timeoutMs = 300_000): Promise<T> {
		if (this.exited) return Promise.reject(new Error('simulator process is not running'));
		const id = this.nextId++;
		return new Promise<T>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.pending.delete(id);
				reject(new Error(`simulator process did not answer ${method} in time`));
			}, timeoutMs);
			this.pending.set(id, {
				resolve: (value) => {
					clearTimeout(timer);
					resolve(value as T);
				},
				reject: (error) => {
					clearTimeout(timer);
					reject(error);
				},
			});
			this.proc.send({ id, method } satisfies Request);
		});
	}

	traffic(): Promise<TrafficSnapshot> {
		return this.call('traffic');
	}

	outcome(): Promise<DocumentOutcome> {
		return this.call('outcome');
	}

	referenceOutcome(): Promise<ReferenceOutcome> {
		return this.call('referenceOutcome');
	}

	progress(): Promise<Progress> {
		return this.call('progress', 30_000);
	}

	/** Stops the simulators and the process (SIGKILL if it does not exit within `graceMs`). */
	async stop(graceMs = 15_000): Promise<void> {
		if (this.exited) return;
		const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
		await this.call('stop', graceMs).catch(() => undefined);
		const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
		await exited;
		clearTimeout(timer);
	}
}

if (require.main === module || (process.send && process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(__filename))) {
	const options = JSON.parse(process.argv[2] ?? '{}') as SimulatorRunOptions;
	child(options).catch((error: unknown) => {
		reply({ id: 0, error: (error as Error).stack ?? String(error) });
		process.exit(1);
	});
}
