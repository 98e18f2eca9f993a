/**
 * e2e helper: a real n8n 2.41.1 (Node 24) with our package installed as users install it: the
 * `npm pack` tarball, installed into `.n8n/nodes` the way n8n's Community Nodes installer does.
 *
 *   await withN8n(async (n8n) => {
 *     await n8n.importCredentials([...]);
 *     await n8n.importWorkflow(workflowJson);            // keep "id" in the JSON
 *     const r = await n8n.executeWorkflow(workflowJson.id);
 *     expect(r.status).toBe('success');
 *     expect(nodeOutputJson(r.run, 'SAP Concur')).toEqual([...]);
 *   });
 *
 *   await withN8n({ start: true }, async (n8n) => {        // server + owner + login
 *     const res = await n8n.callWebhook('path', { ... });
 *     const [last] = await n8n.listExecutions({ workflowId });
 *     await n8n.retryExecution(last.id);
 *   });
 *
 * `withN8n` always stops n8n and its task runner (SIGTERM, then SIGKILL of the process group) and
 * removes the temp user folder, also when the callback throws. The runtime (Node 24 + n8n) is
 * installed on first use into ~/.cache/n8n-nodes-concur-ifs/n8n-2.41.1 (env N8N_RUNTIME_DIR);
 * `npm run test:e2e` does that once before jest starts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
	N8nInstance,
	cleanBaseEnv,
	packPackage,
	withN8nInstance,
	type N8nOptions,
	type StartOptions,
	ensureRuntime,
	pidAlive,
	tcpListeners,
	TASK_BROKER_PORT,
	type TrackedPid,
} from '../../scripts/n8n-runtime';

export {
	N8nInstance,
	DEFAULT_OWNER,
	TASK_BROKER_PORT,
	extractJsonObjects,
	nodeError,
	nodeOutputJson,
	pidAlive,
	tcpListeners,
	type CliResult,
	type CredentialImport,
	type ExecuteResult,
	type ExecutionSummary,
	type N8nOptions,
	type OwnerAccount,
	type StartOptions,
	type TrackedPid,
} from '../../scripts/n8n-runtime';

/** Repository root: `package.json` + `dist/` of n8n-nodes-concur-ifs. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** The built project package; throws a clear error when `npm run build` has not been run. */
export function projectPackageDir(): string {
	const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
	const missing = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])].filter(
		(f: string) => !fs.existsSync(path.join(PROJECT_ROOT, f)),
	);
	if (missing.length) throw new Error(`package not built (missing ${missing.join(', ')}): run \`npm run build\` first`);
	return PROJECT_ROOT;
}

let packed: Promise<string> | undefined;

/**
 * The package as users get it: `npm pack` of the built project. run-e2e.ts packs it once per run
 * and passes it in `N8N_E2E_PACKAGE_TARBALL`; otherwise it is packed once per test file.
 */
export async function projectTarball(): Promise<string> {
	const given = process.env.N8N_E2E_PACKAGE_TARBALL;
	if (given && fs.existsSync(given)) return given;
	if (!packed) {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pack-'));
		process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
		packed = packPackage(projectPackageDir(), dir, cleanBaseEnv());
	}
	return await packed;
}

export interface WithN8nOptions extends N8nOptions {
	/** Start the server (and by default set up the owner + log in) before calling `fn`. */
	start?: boolean | StartOptions;
}

/**
 * Run `fn` against a fresh n8n; guarantees stop + cleanup in `finally`.
 * Default `packages`: the project's tarball (projectTarball()).
 */
export async function withN8n<T>(fn: (n8n: N8nInstance) => Promise<T>): Promise<T>;
export async function withN8n<T>(opts: WithN8nOptions, fn: (n8n: N8nInstance) => Promise<T>): Promise<T>;
export async function withN8n<T>(
	a: WithN8nOptions | ((n8n: N8nInstance) => Promise<T>),
	b?: (n8n: N8nInstance) => Promise<T>,
): Promise<T> {
	const opts: WithN8nOptions = typeof a === 'function' ? {} : a;
	const fn = (typeof a === 'function' ? a : b)!;
	const { start, ...createOpts } = opts;
	const instanceOptions = { ...createOpts, packages: createOpts.packages ?? [await projectTarball()], runtime: createOpts.runtime ?? (await ensureRuntime()) };
	return await withN8nInstance(instanceOptions, async (n8n) => {
		try {
			if (start) await n8n.start(typeof start === 'object' ? start : {});
			return await fn(n8n);
		} catch (e) {
			if (e instanceof Error) e.message += lastServerLines(n8n);
			throw e;
		}
	});
}

/** The last server lines, to go with a failure: usually the explanation. */
function lastServerLines(n8n: N8nInstance): string {
	const out = n8n
		.serverOutput()
		.split('\n')
		.filter((l) => !/^(Starting|Finished) migration /.test(l))
		.slice(-40)
		.join('\n');
	return out.trim() ? `\n--- last n8n server output ---\n${out}` : '';
}

/** Assert that none of `procs` is alive (pid + start time) and nobody listens on the task-broker port. */
export function assertNoLeftovers(procs: TrackedPid[], brokerPort = TASK_BROKER_PORT): void {
	const alive = procs.filter((p) => pidAlive(p.pid, p.start));
	if (alive.length) throw new Error(`processes still alive: ${alive.map((p) => `${p.pid} ${p.cmd}`).join('; ')}`);
	const l = tcpListeners(brokerPort);
	if (l.listening) throw new Error(`port ${brokerPort} still has a listener (pids ${l.pids.join(', ') || '?'})`);
}
