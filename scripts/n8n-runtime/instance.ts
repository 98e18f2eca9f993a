/**
 * One n8n: a fresh user folder with built community packages, n8n CLI commands run in it
 * (n8n-commands.ts), and the server (`n8n start`) with its REST client (rest-client.ts). Every
 * process it starts is tracked and killed on stop(), dispose() and exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import axios from 'axios';
import { fmtMs, sleep, tail } from './helpers';
import { ensureRuntime } from './install';
import { N8nCommands } from './n8n-commands';
import { TASK_BROKER_PORT, defaultLog, type Logger, type RuntimeInfo } from './paths';
import { describePids, findFreePort, pidAlive, processCommandLine, tcpListeners } from './proc';
import { registerInstance, trackChild, unregisterInstance, untrack, type ProcessGroup, type TrackedPid } from './processes';
import { acquireN8nSlot, type N8nSlot } from './slot-lock';
import { DEFAULT_OWNER, type CliResult, type N8nLogLevel, type N8nOptions, type StartOptions } from './types';
import { installCommunityPackage, type InstalledPackage } from './community-install';
import { n8nEnv } from './user-folder';

let instanceCounter = 0;

export class N8nInstance extends N8nCommands {
	readonly id = ++instanceCounter;
	readonly runtime: RuntimeInfo;
	readonly userFolder: string;
	readonly port: number;
	readonly brokerPort: number;
	readonly env: NodeJS.ProcessEnv;
	readonly installedPackages: InstalledPackage[] = [];

	private server?: { child: ChildProcess; group: ProcessGroup; output: string[]; exited: boolean; exitCode?: number | null };
	private readonly cliGroups = new Set<ProcessGroup>();
	private slot?: N8nSlot;
	private readonly startedPids = new Map<number, TrackedPid>();
	private readonly log: Logger;
	private readonly echo: boolean;
	private readonly keepUserFolder: boolean;
	private readonly ownsUserFolder: boolean;
	private readonly portWaitMs: number;
	protected readonly logLevel: N8nLogLevel;
	private disposed = false;

	private constructor(runtime: RuntimeInfo, opts: N8nOptions, userFolder: string, port: number, ownsUserFolder: boolean) {
		super(`http://127.0.0.1:${port}`, runtime.n8nPrefix);
		this.runtime = runtime;
		this.userFolder = userFolder;
		this.ownsUserFolder = ownsUserFolder;
		this.port = port;
		this.brokerPort = opts.brokerPort ?? TASK_BROKER_PORT;
		this.log = opts.log ?? defaultLog;
		this.echo = opts.echo ?? process.env.N8N_E2E_ECHO === '1';
		this.keepUserFolder = opts.keepUserFolder ?? process.env.N8N_E2E_KEEP === '1';
		this.portWaitMs = opts.portWaitMs ?? (Number(process.env.N8N_E2E_PORT_WAIT_MS) || 180_000);
		this.logLevel = opts.logLevel ?? ((process.env.N8N_E2E_LOG_LEVEL as N8nLogLevel) || 'warn');
		const { brokerPort, logLevel, baseUrl } = this;
		this.env = n8nEnv({ nodeDir: runtime.nodeDir, userFolder, baseUrl, port, brokerPort, logLevel }, { ...runtime.spec.env, ...opts.env });
	}

	/** Create an instance with a fresh user folder (nothing is started yet). */
	static async create(opts: N8nOptions = {}): Promise<N8nInstance> {
		const runtime = opts.runtime ?? (await ensureRuntime({ log: opts.log }));
		const owns = !opts.userFolder;
		const userFolder = opts.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
		fs.mkdirSync(userFolder, { recursive: true });
		const port = opts.port ?? (await findFreePort());
		const inst = new N8nInstance(runtime, opts, userFolder, port, owns);
		registerInstance(inst);
		try {
			for (const pkg of opts.packages ?? []) await inst.installPackage(pkg);
		} catch (e) {
			await inst.dispose();
			throw e;
		}
		return inst;
	}

	/** `<user folder>/.n8n` */
	get n8nFolder(): string {
		return path.join(this.userFolder, '.n8n');
	}

	get running(): boolean {
		return !!this.server && !this.server.exited;
	}

	/**
	 * Install a community package as n8n's Community Nodes installer does (community-install.ts):
	 * a package folder is `npm pack`ed first, a `.tgz` is installed as it is. n8n loads it at its next start.
	 */
	async installPackage(source: string): Promise<InstalledPackage> {
		const installed = await installCommunityPackage(this.n8nFolder, source, this.env);
		this.installedPackages.push(installed);
		return installed;
	}

	// ---- CLI --------------------------------------------------------------------------------

	/**
	 * Run `n8n <args>` with this instance's env. Waits for the task broker port to be free first
	 * (`execute` starts a broker + JS task runner). Kills anything the command leaves behind.
	 */
	async cli(args: string[], opts: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CliResult> {
		this.assertUsable();
		if (this.running)
			throw new Error(
				`n8n ${args[0]}: the server of this instance is running; CLI commands would start a second task broker on ` +
					`port ${this.brokerPort} and share the SQLite file. Use the REST helpers, or stop() first.`,
			);
		const slot = await acquireN8nSlot(this.brokerPort, `n8n ${args[0]}`, this.portWaitMs, this.log);
		try {
			return await this.cliInSlot(args, opts);
		} finally {
			slot.release();
		}
	}

	private async cliInSlot(args: string[], opts: { timeoutMs?: number; env?: Record<string, string> }): Promise<CliResult> {
		const timeoutMs = opts.timeoutMs ?? 180_000;
		const t0 = Date.now();
		const env = { ...this.env, ...(opts.env ?? {}) };
		const child = spawn(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
			cwd: this.userFolder,
			env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const label = `n8n ${args[0]}`;
		const group = trackChild(child, label, true);
		this.cliGroups.add(group);
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (c: Buffer) => {
			stdout += c.toString();
			if (this.echo) process.stderr.write(`[${label}] ${c}`);
		});
		child.stderr!.on('data', (c: Buffer) => {
			stderr += c.toString();
			if (this.echo) process.stderr.write(`[${label}] ${c}`);
		});
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			group.signalAll('SIGKILL');
		}, timeoutMs);
		const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
			child.on('error', reject);
			child.on('close', (c, s) => resolve({ code: c, signal: s }));
		});
		clearTimeout(timer);
		for (const m of group.members.values()) this.startedPids.set(m.pid, m);
		const left = await group.terminate(2000);
		this.cliGroups.delete(group);
		untrack(group);
		if (left.length) throw new Error(`${label} left processes that could not be killed: ${describePids(left.map((l) => l.pid))}`);
		const res: CliResult = {
			args,
			code: code ?? 128,
			signal,
			stdout,
			stderr,
			durationMs: Date.now() - t0,
			pids: [...group.members.keys()],
		};
		if (timedOut) throw new Error(`${label} timed out after ${fmtMs(timeoutMs)}:\n${tail(stdout + stderr)}`);
		return res;
	}

	// ---- server -----------------------------------------------------------------------------

	/** `n8n start`, wait for readiness, then (by default) owner setup + login. */
	async start(opts: StartOptions = {}): Promise<void> {
		this.assertUsable();
		if (this.running) throw new Error('n8n server already running');
		if (tcpListeners(this.port).listening) throw new Error(`port ${this.port} is already taken`);
		this.slot = await acquireN8nSlot(this.brokerPort, `n8n start ${this.baseUrl}`, this.portWaitMs, this.log);
		const timeoutMs = opts.timeoutMs ?? 120_000;
		const t0 = Date.now();
		// Readiness = "Editor is now accessible" (printed through logger.info, after webhooks/triggers
		// are registered), so the server runs with at least `info`; output goes to n8n-server.log.
		const env = { ...this.env, N8N_LOG_LEVEL: this.logLevel === 'debug' ? 'debug' : 'info' };
		const child = spawn(this.runtime.nodeBin, [this.runtime.n8nBin, 'start'], {
			cwd: this.userFolder,
			env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const group = trackChild(child, 'n8n start', true);
		const output: string[] = [];
		const logFile = path.join(this.userFolder, 'n8n-server.log');
		const server = { child, group, output, exited: false, exitCode: undefined as number | null | undefined };
		this.server = server;
		const onData = (c: Buffer) => {
			const s = c.toString();
			output.push(s);
			if (output.length > 2000) output.splice(0, output.length - 1000);
			try {
				fs.appendFileSync(logFile, s);
			} catch {
				/* folder removed */
			}
			if (this.echo) process.stderr.write(`[n8n start] ${s}`);
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.on('exit', (code) => {
			server.exited = true;
			server.exitCode = code;
			for (const m of group.members.values()) this.startedPids.set(m.pid, m);
		});
		try {
			await this.waitReady(timeoutMs);
		} catch (e) {
			await this.stop();
			throw e;
		}
		group.refresh();
		for (const m of group.members.values()) this.startedPids.set(m.pid, m);
		this.timings.start = Date.now() - t0;
		this.log(`n8n server ready at ${this.baseUrl} in ${fmtMs(this.timings.start)} (server pid ${child.pid}, task runner ${this.taskRunnerPids().join(', ') || 'not up yet'})`);
		if (opts.owner !== false) {
			await this.setupOwner(opts.owner ?? DEFAULT_OWNER);
			await this.login();
		}
	}

	private async waitReady(timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		const client = axios.create({ timeout: 2000, validateStatus: () => true });
		let healthy = false;
		while (Date.now() < deadline) {
			if (!this.server || this.server.exited)
				throw new Error(`n8n start exited (code ${this.server?.exitCode}) before it was ready:\n${tail(this.serverOutput())}`);
			if (!healthy) {
				try {
					const r = await client.get(`${this.baseUrl}/healthz/readiness`);
					healthy = r.status === 200;
				} catch {
					/* not listening yet */
				}
			}
			// "Editor is now accessible" is printed at the very end of start-up (after webhooks/triggers).
			if (healthy && /Editor is now accessible/.test(this.serverOutput())) return;
			await sleep(200);
		}
		throw new Error(`n8n did not become ready within ${fmtMs(timeoutMs)}:\n${tail(this.serverOutput())}`);
	}

	/** Everything the server printed so far (also in `<user folder>/n8n-server.log`). */
	serverOutput(): string {
		return this.server?.output.join('') ?? '';
	}

	// ---- lifecycle --------------------------------------------------------------------------

	/** Every pid this instance started (server, CLI commands, their task runners) — alive or not. */
	pids(): number[] {
		if (this.server) {
			this.server.group.refresh();
			for (const m of this.server.group.members.values()) this.startedPids.set(m.pid, m);
		}
		for (const g of this.cliGroups) for (const m of g.members.values()) this.startedPids.set(m.pid, m);
		return [...this.startedPids.keys()];
	}

	/** Started processes still alive (verified by pid start time, so pid reuse is not a false positive). */
	alivePids(): number[] {
		this.pids();
		return [...this.startedPids.values()].filter((m) => pidAlive(m.pid, m.start)).map((m) => m.pid);
	}

	/** Pid of the running `n8n start` process (undefined when not running). */
	serverPid(): number | undefined {
		return this.running ? this.server!.child.pid : undefined;
	}

	/**
	 * Live JS task-runner processes started by this instance: descendants (found through
	 * `/proc/<pid>/task/<tid>/children`) whose command line runs `@n8n/task-runner/dist/start.js`.
	 */
	taskRunnerPids(): number[] {
		this.pids();
		return [...this.startedPids.values()]
			.filter((m) => pidAlive(m.pid, m.start) && /@n8n\/task-runner\//.test(processCommandLine(m.pid)))
			.map((m) => m.pid);
	}

	/** Identity records (pid + start time + command line) of everything this instance started. */
	trackedProcesses(): TrackedPid[] {
		this.pids();
		return [...this.startedPids.values()];
	}

	/**
	 * Stop everything this instance started: SIGTERM to the server (n8n stops its task runner),
	 * SIGKILL to the whole process group after `graceMs`; same for any CLI command still running.
	 * Throws if a process survives or the task-broker port stays taken.
	 */
	async stop(graceMs = 15_000): Promise<void> {
		const groups: ProcessGroup[] = [];
		if (this.server) groups.push(this.server.group);
		groups.push(...this.cliGroups);
		for (const g of groups) {
			g.refresh();
			for (const m of g.members.values()) this.startedPids.set(m.pid, m);
		}
		const survivors: TrackedPid[] = [];
		await Promise.all(
			groups.map(async (g) => {
				const left = await g.terminate(graceMs);
				survivors.push(...left);
				untrack(g);
			}),
		);
		this.cliGroups.clear();
		if (this.server) this.server.exited = true;
		this.server = undefined;
		this.forgetLogin();
		if (survivors.length) throw new Error(`processes survived stop(): ${describePids(survivors.map((s) => s.pid))}`);
		const stillAlive = this.alivePids();
		if (stillAlive.length) throw new Error(`processes survived stop(): ${describePids(stillAlive)}`);
		const deadline = Date.now() + 10_000;
		while (Date.now() < deadline) {
			const l = tcpListeners(this.brokerPort);
			const ours = l.pids.filter((p) => this.startedPids.has(p));
			if (!l.listening || (l.pids.length > 0 && ours.length === 0)) break;
			await sleep(100);
		}
		this.slot?.release();
		this.slot = undefined;
	}

	/** stop() + remove the user folder (unless kept). Idempotent. */
	async dispose(): Promise<void> {
		if (this.disposed) return;
		try {
			await this.stop();
		} finally {
			this.disposed = true;
			unregisterInstance(this);
			if (this.ownsUserFolder && !this.keepUserFolder) fs.rmSync(this.userFolder, { recursive: true, force: true });
			else this.log(`kept n8n user folder ${this.userFolder}`);
		}
	}

	/** Used by the exit handler after SIGKILL of all groups. */
	removeUserFolderSync(): void {
		if (this.ownsUserFolder && !this.keepUserFolder) fs.rmSync(this.userFolder, { recursive: true, force: true });
	}

	private assertUsable(): void {
		if (this.disposed) throw new Error('n8n instance was disposed');
	}
}

/** Create an instance, run `fn`, and always stop/dispose it (also when `fn` throws). */
export async function withN8nInstance<T>(opts: N8nOptions, fn: (n8n: N8nInstance) => Promise<T>): Promise<T> {
	const n8n = await N8nInstance.create(opts);
	let failed = false;
	try {
		return await fn(n8n);
	} catch (e) {
		failed = true;
		throw e;
	} finally {
		try {
			await n8n.dispose();
		} catch (e) {
			if (!failed) throw e;
			defaultLog(`cleanup after failure also failed: ${(e as Error).message}`);
		}
	}
}
