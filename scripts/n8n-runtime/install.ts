/**
 * Install (or reuse) a Node + n8n line (runtimes.ts) in the cache folder: `ensureRuntime()`. Several processes may
 * call it at once; an install lock next to the cache folder lets one install while the others wait.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
	MARKER_FILE,
	NODE_PACKAGE,
	cleanBaseEnv,
	defaultLog,
	isRuntimeInstalled,
	nodeToolEnv,
	runtimeDir,
	runtimePaths,
	type Logger,
	type RuntimeInfo,
} from './paths';
import { pidAlive } from './proc';
import { selectedRuntime, type RuntimeSpec } from './runtimes';
import { realProcess, trackProcess } from './processes';
import { fmtMs, sleep } from './helpers';

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

export interface EnsureRuntimeOptions {
	dir?: string;
	log?: Logger;
	/** Reinstall even when the marker exists. */
	force?: boolean;
	/** Which n8n line (default: N8N_RUNTIME, else the current one). */
	spec?: RuntimeSpec;
}

/** Install (or reuse) Node + n8n of one line. Safe to call concurrently from several processes. */
export async function ensureRuntime(options: EnsureRuntimeOptions = {}): Promise<RuntimeInfo> {
	const spec = options.spec ?? selectedRuntime();
	const dir = options.dir ?? runtimeDir(spec);
	const log = options.log ?? defaultLog;
	const rt = runtimePaths(dir, spec);
	const { n8nVersion: N8N_VERSION, nodeVersion: NODE_VERSION } = spec;
	const t0 = Date.now();
	if (!options.force && isRuntimeInstalled(dir, spec)) {
		log(`reusing n8n ${N8N_VERSION} + Node ${NODE_VERSION} in ${dir} (${fmtMs(Date.now() - t0)})`);
		return rt;
	}
	return withInstallLock(dir, log, async () => {
		if (!options.force && isRuntimeInstalled(dir, spec)) {
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

function writePrivatePackageJson(prefix: string, name: string, overrides: Record<string, string> = {}): void {
	fs.mkdirSync(prefix, { recursive: true });
	fs.writeFileSync(
		path.join(prefix, 'package.json'),
		JSON.stringify({ name, version: '0.0.0', private: true, description: 'n8n runtime cache (generated)', ...(Object.keys(overrides).length ? { overrides } : {}) }, null, 2),
	);
	// Local .npmrc so the user's/global config cannot change the essentials.
	fs.writeFileSync(path.join(prefix, '.npmrc'), 'audit=false\nfund=false\nupdate-notifier=false\npackage-lock=true\n');
}

function nodeBinWorks(rt: RuntimeInfo): boolean {
	if (!fs.existsSync(rt.nodeBin)) return false;
	const r = spawnSync(rt.nodeBin, ['--version'], { encoding: 'utf8' });
	return r.status === 0 && r.stdout.trim() === `v${rt.nodeVersion}`;
}

async function installNode(rt: RuntimeInfo, log: Logger): Promise<void> {
	const NODE_VERSION = rt.nodeVersion;
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
	const { n8nVersion: N8N_VERSION, nodeVersion: NODE_VERSION } = rt;
	const { rebuild } = rt.spec;
	// Always from scratch when the marker is missing: an interrupted extraction can leave a tree npm
	// considers complete. The npm cache keeps the downloads, so a redo is faster than the first run.
	fs.rmSync(rt.n8nPrefix, { recursive: true, force: true });
	writePrivatePackageJson(rt.n8nPrefix, 'n8n-runtime', rt.spec.overrides);
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
	log(`npm rebuild ${rebuild.join(' ')} (against Node ${NODE_VERSION} headers) ...`);
	const reb = await runStreaming('npm', ['rebuild', ...rebuild, '--ignore-scripts=false', '--foreground-scripts'], {
		cwd: rt.n8nPrefix,
		env,
		log: throttledLog(log, 10_000),
		label: 'npm(rebuild)',
	});
	if (reb.code !== 0) throw new Error(`npm rebuild ${rebuild.join(' ')} failed (exit ${reb.code}):\n${reb.output.slice(-4000)}`);
	log(`native modules rebuilt in ${fmtMs(Date.now() - t)}`);
	// Smoke: the native modules load under that Node and the CLI answers.
	const check = spawnSync(
		rt.nodeBin,
		['-e', `${rebuild.map((name) => `require('${name}');`).join(' ')} console.log('native ok')`],
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
