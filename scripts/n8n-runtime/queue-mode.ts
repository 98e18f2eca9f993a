/**
 * n8n queue mode for tests: a private PostgreSQL cluster and a private Redis on free loopback
 * ports (Debian packages installed when absent), the environment main and workers share, and
 * `n8n worker` processes started on an instance's user folder. Every process is tracked by its
 * process group and stopped by pid (also on exit, through processes.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fmtMs, sleep, tail } from './helpers';
import type { N8nInstance } from './instance';
import { defaultLog, type Logger } from './paths';
import { findFreePort } from './proc';
import { trackChild, untrack, type ProcessGroup } from './processes';

const POSTGRES_BIN_ROOT = '/usr/lib/postgresql';

/** A process we started, stopped by its process group. */
export interface Service {
	readonly pid: number;
	readonly port: number;
	output(): string;
	stop(graceMs?: number): Promise<void>;
}

function postgresBinDir(): string | undefined {
	if (!fs.existsSync(POSTGRES_BIN_ROOT)) return undefined;
	const versions = fs.readdirSync(POSTGRES_BIN_ROOT).filter((version) => fs.existsSync(path.join(POSTGRES_BIN_ROOT, version, 'bin', 'postgres')));
	const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
	return newest && path.join(POSTGRES_BIN_ROOT, newest, 'bin');
}

const redisBin = () => ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((file) => fs.existsSync(file));

/** `apt-get install -y postgresql redis-server` for what is missing (CI runs as root). */
export function ensureQueueModePackages(log: Logger = defaultLog): void {
	const missing = [postgresBinDir() ? undefined : 'postgresql', redisBin() ? undefined : 'redis-server'].filter((name): name is string => !!name);
	if (!missing.length) return;
	log(`installing Debian packages ${missing.join(', ')}`);
	const apt = (args: string[]) => spawnSync('apt-get', args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	let result = apt(['install', '-y', '--no-install-recommends', ...missing]);
	if (result.status !== 0) {
		apt(['update']);
		result = apt(['install', '-y', '--no-install-recommends', ...missing]);
	}
	if (result.status !== 0 || !postgresBinDir() || !redisBin())
		throw new Error(`could not install ${missing.join(', ')} (apt-get needs root): ${tail(`${result.stdout}${result.stderr}`, 20)}`);
}

/** initdb refuses root: as root, the cluster belongs to the Debian package's `postgres` user. */
function clusterOwner(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const entry = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.map((line) => line.split(':'))
		.find((fields) => fields[0] === 'postgres');
	if (!entry) throw new Error('running as root and there is no `postgres` user to own the PostgreSQL cluster');
	return { uid: Number(entry[2]), gid: Number(entry[3]) };
}

function startService(command: string, args: string[], label: string, options: { cwd?: string; uid?: number; gid?: number } = {}): { child: ChildProcess; group: ProcessGroup; output: string[] } {
	const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...options });
	const group = trackChild(child, label, true);
	const output: string[] = [];
	child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
	return { child, group, output };
}

async function waitListening(port: number, label: string, exited: () => boolean, output: () => string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (exited()) throw new Error(`${label} exited before it listened on 127.0.0.1:${port}:\n${tail(output(), 30)}`);
		const connected = await new Promise<boolean>((resolve) => {
			const socket = net.connect(port, '127.0.0.1', () => {
				socket.end();
				resolve(true);
			});
			socket.on('error', () => resolve(false));
		});
		if (connected) return;
		await sleep(200);
	}
	throw new Error(`${label} did not listen on 127.0.0.1:${port} within ${fmtMs(timeoutMs)}:\n${tail(output(), 30)}`);
}

function asService(started: ReturnType<typeof startService>, port: number, cleanup: () => void = () => undefined): Service {
	let exited = false;
	started.child.on('exit', () => (exited = true));
	return {
		pid: started.child.pid!,
		port,
		output: () => started.output.join(''),
		async stop(graceMs = 10_000) {
			if (!exited) started.child.kill('SIGINT'); // PostgreSQL: fast shutdown; Redis: shutdown
			const left = await started.group.terminate(graceMs);
			untrack(started.group);
			cleanup();
			if (left.length) throw new Error(`processes survived: ${left.map((member) => member.pid).join(', ')}`);
		},
	};
}

/** A throwaway PostgreSQL cluster (trust auth, user `postgres`, database `postgres`) on 127.0.0.1. */
export async function startPostgres(log: Logger = defaultLog): Promise<Service> {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL is not installed: call ensureQueueModePackages() first');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pg-'));
	const owner = clusterOwner();
	if (owner) fs.chownSync(dir, owner.uid, owner.gid);
	const data = path.join(dir, 'data');
	const init = spawnSync(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync'], { encoding: 'utf8', cwd: dir, ...owner });
	if (init.status !== 0) throw new Error(`initdb failed: ${tail(`${init.stdout}${init.stderr}`, 20)}`);
	const port = await findFreePort();
	const settings = ['listen_addresses=127.0.0.1', `unix_socket_directories=${dir}`, 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200'];
	const started = startService(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), ...settings.flatMap((setting) => ['-c', setting])], 'postgres', { cwd: dir, ...owner });
	const service = asService(started, port, () => fs.rmSync(dir, { recursive: true, force: true }));
	await waitListening(port, 'postgres', () => started.group.exited || started.child.exitCode !== null, service.output);
	log(`PostgreSQL ready on 127.0.0.1:${port} (pid ${service.pid})`);
	return service;
}

/** A private redis-server on 127.0.0.1, nothing persisted. */
export async function startRedis(log: Logger = defaultLog): Promise<Service> {
	const bin = redisBin();
	if (!bin) throw new Error('redis-server is not installed: call ensureQueueModePackages() first');
	const port = await findFreePort();
	const started = startService(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], 'redis-server');
	const service = asService(started, port);
	await waitListening(port, 'redis-server', () => started.child.exitCode !== null, service.output);
	log(`Redis ready on 127.0.0.1:${port} (pid ${service.pid})`);
	return service;
}

/** The queue-mode settings main and workers share (variable names as in n8n 2.41.1's @n8n/config). */
export function queueModeEnv(postgres: Service, redis: Service, offloadManualExecutions = true): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: String(offloadManualExecutions),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: 'postgres',
		DB_POSTGRESDB_USER: 'postgres',
		DB_POSTGRESDB_PASSWORD: '',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_BULL_REDIS_DB: '0',
		QUEUE_HEALTH_CHECK_ACTIVE: 'false',
	};
}

export interface Worker extends Service {
	readonly name: string;
	/** Execution ids this worker logged as started ("Worker started execution <id>"). */
	startedExecutions(): string[];
	/** SIGKILL to the worker's process group (worker and its task runner), as an OOM kill does. */
	kill(): void;
	/** Resolves once the killed or stopped worker process has exited. */
	exited(): Promise<void>;
}

/**
 * `n8n worker --concurrency=N` on the instance's user folder (same encryption key, database, Redis
 * and installed packages), with its own task-broker port; resolves once the worker is ready.
 */
export async function startWorker(n8n: N8nInstance, name: string, concurrency: number, log: Logger = defaultLog): Promise<Worker> {
	const brokerPort = await findFreePort();
	const env = { ...n8n.env, N8N_RUNNERS_BROKER_PORT: String(brokerPort), N8N_LOG_LEVEL: 'info' };
	const child = spawn(n8n.runtime.nodeBin, [n8n.runtime.n8nBin, 'worker', `--concurrency=${concurrency}`], { cwd: n8n.userFolder, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const group = trackChild(child, `n8n worker ${name}`, true);
	const output: string[] = [];
	const logFile = path.join(n8n.userFolder, `n8n-worker-${name}.log`);
	const onData = (chunk: Buffer) => {
		output.push(chunk.toString());
		try {
			fs.appendFileSync(logFile, chunk);
		} catch {
			/* user folder removed */
		}
	};
	child.stdout!.on('data', onData);
	child.stderr!.on('data', onData);
	const exit = new Promise<void>((resolve) => child.on('exit', () => resolve()));
	let exited = false;
	void exit.then(() => (exited = true));
	const text = () => output.join('');
	const deadline = Date.now() + 120_000;
	while (!/n8n worker is now ready/.test(text())) {
		if (exited || Date.now() > deadline) {
			await group.terminate(2000);
			untrack(group);
			throw new Error(`n8n worker ${name} did not become ready:\n${tail(text(), 40)}`);
		}
		await sleep(200);
	}
	log(`n8n worker ${name} ready (pid ${child.pid}, concurrency ${concurrency})`);
	return {
		name,
		pid: child.pid!,
		port: brokerPort,
		output: text,
		startedExecutions: () => [...text().matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]),
		kill: () => group.signalAll('SIGKILL'),
		exited: () => exit,
		async stop(graceMs = 15_000) {
			const left = await group.terminate(graceMs);
			untrack(group);
			if (left.length) throw new Error(`n8n worker ${name}: processes survived: ${left.map((member) => member.pid).join(', ')}`);
		},
	};
}
