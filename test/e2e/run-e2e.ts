/**
 * e2e runner (`npm run test:e2e` → `node scripts/run-ts.js test/e2e/run-e2e.ts [jest args...]`):
 *
 * 1. installs or reuses the real n8n runtime (Node 24 + n8n 2.41.1, cache outside the repo) and
 *    packs the built package (`npm pack`): every test installs that tarball as n8n's installer does;
 * 2. runs `test/e2e/**\/*.e2e.ts` serially in one jest process (`--runInBand`, one n8n at a time);
 * 3. audits processes: every pid the runtime started (logged to $N8N_RUNTIME_PID_LOG) must be gone
 *    and nobody may listen on the task-broker port 5679 — leftovers are killed and fail the run;
 * 4. prints a summary ending with `N passed, N failed` and exits non-zero on any failure.
 *
 * Extra arguments go to jest (e.g. `npm run test:e2e -- -t webhook` or a test-path pattern).
 * Env: N8N_RUNTIME_DIR (runtime cache), N8N_E2E_LOG_LEVEL, N8N_E2E_ECHO=1, N8N_E2E_KEEP=1.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
	cleanBaseEnv,
	ensureRuntime,
	packPackage,
	pidAlive,
	processCommandLine,
	readPidLog,
	readProcStat,
	runtimeDir,
	tcpListeners,
	TASK_BROKER_PORT,
	acquireN8nSlot,
	RUNTIMES,
	type TrackedPid,
} from '../../scripts/n8n-runtime';

const ROOT = path.resolve(__dirname, '..', '..');
const log = (m: string) => process.stdout.write(`[e2e] ${m}\n`);

function findE2eFiles(dir: string): string[] {
	const out: string[] = [];
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		if (e.isDirectory() && e.name !== 'node_modules') out.push(...findE2eFiles(p));
		else if (e.isFile() && e.name.endsWith('.e2e.ts')) out.push(p);
	}
	return out.sort();
}

function fmt(ms: number): string {
	return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

interface JestAssertion {
	fullName: string;
	status: 'passed' | 'failed' | 'pending' | 'skipped' | 'todo' | 'disabled';
	duration?: number | null;
	failureMessages?: string[];
}
interface JestFileResult {
	name: string;
	status: 'passed' | 'failed';
	message: string;
	startTime: number;
	endTime: number;
	assertionResults: JestAssertion[];
}
interface JestJson {
	numPassedTests: number;
	numFailedTests: number;
	numPendingTests: number;
	numFailedTestSuites: number;
	numRuntimeErrorTestSuites: number;
	success: boolean;
	testResults: JestFileResult[];
}

async function runJest(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
	const jestBin = require.resolve('jest/bin/jest', { paths: [ROOT] });
	return await new Promise<number>((resolve, reject) => {
		const child = spawn(process.execPath, [jestBin, ...args], { cwd: ROOT, env, stdio: 'inherit' });
		const forward = (sig: NodeJS.Signals) => child.kill(sig);
		process.on('SIGINT', forward);
		process.on('SIGTERM', forward);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			process.removeListener('SIGINT', forward);
			process.removeListener('SIGTERM', forward);
			resolve(code ?? (signal ? 128 : 1));
		});
	});
}

/** Kill (SIGKILL, with process group) every logged process that is still alive; return them. */
function auditProcesses(pidLog: string): TrackedPid[] {
	const seen = new Map<string, TrackedPid>();
	for (const p of readPidLog(pidLog)) seen.set(`${p.pid}:${p.start}`, p);
	const alive = [...seen.values()].filter((p) => pidAlive(p.pid, p.start));
	for (const p of alive) {
		const st = readProcStat(p.pid);
		try {
			if (st && st.pgid === p.pid) process.kill(-p.pid, 'SIGKILL');
			process.kill(p.pid, 'SIGKILL');
		} catch {
			/* gone meanwhile */
		}
	}
	return alive;
}

async function main(): Promise<number> {
	const t0 = Date.now();
	const jestArgs = process.argv.slice(2);
	log(`n8n runtime: ${runtimeDir()}`);
	const tRt = Date.now();
	const rt = await ensureRuntime({ log: (m) => log(m) });
	// The n8n 1.x subset (n8n-1x.e2e.ts) runs on its own runtime: installed here too, outside the test timeouts.
	await ensureRuntime({ spec: RUNTIMES['1.x'], log: (m) => log(m) });
	const runtimeMs = Date.now() - tRt;

	const files = findE2eFiles(__dirname);
	if (files.length === 0) {
		log('no test/e2e/**/*.e2e.ts files');
		process.stdout.write('0 passed, 0 failed\n');
		return 0;
	}
	log(`${files.length} e2e file(s): ${files.map((f) => path.relative(ROOT, f)).join(', ')}`);

	// Never two n8n at once: wait while another n8n (a teammate's demo, another e2e run) holds the
	// task-broker slot/port; the tests themselves take the slot per n8n process.
	const waitMs = Number(process.env.N8N_E2E_PORT_WAIT_MS) || 180_000;
	(await acquireN8nSlot(TASK_BROKER_PORT, 'e2e runner pre-check', waitMs, log)).release();

	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-run-'));
	const pidLog = path.join(work, 'pids.jsonl');
	const jsonOut = path.join(work, 'jest-results.json');
	const tarball = await packPackage(ROOT, work, cleanBaseEnv());
	log(`packed ${path.basename(tarball)} (${Math.round(fs.statSync(tarball).size / 1024)} kB): the tests install it as n8n's Community Nodes installer does`);
	const env: NodeJS.ProcessEnv = {
		...process.env,
		N8N_RUNTIME_DIR: rt.dir,
		N8N_RUNTIME_PID_LOG: pidLog,
		N8N_E2E_PACKAGE_TARBALL: tarball,
	};
	const args = [
		'--config',
		path.join(__dirname, 'jest.e2e.config.js'),
		'--runInBand',
		'--json',
		`--outputFile=${jsonOut}`,
		...jestArgs,
	];
	const tJest = Date.now();
	const jestCode = await runJest(args, env);
	const jestMs = Date.now() - tJest;

	// --- process audit ---
	const leftovers = auditProcesses(pidLog);
	const ourPids = new Set(readPidLog(pidLog).map((p) => p.pid));
	const started = ourPids.size;
	let brokerListeners = tcpListeners(TASK_BROKER_PORT);
	if (brokerListeners.listening) {
		await new Promise((r) => setTimeout(r, 2000));
		brokerListeners = tcpListeners(TASK_BROKER_PORT);
	}
	// A listener on 5679 fails the run unless it provably belongs to somebody else (a process this
	// run did not start, e.g. a teammate's `npm run demo` that started after our last test).
	const foreignListener =
		brokerListeners.listening && brokerListeners.pids.length > 0 && brokerListeners.pids.every((p) => !ourPids.has(p));
	const hygieneOk = leftovers.length === 0 && (!brokerListeners.listening || foreignListener);
	if (foreignListener)
		log(`note: port ${TASK_BROKER_PORT} is now used by a process this run did not start: ${brokerListeners.pids
			.map((p) => `${p} ${processCommandLine(p).slice(0, 100)}`)
			.join(', ')}`);

	// --- summary ---
	let results: JestJson | undefined;
	try {
		results = JSON.parse(fs.readFileSync(jsonOut, 'utf8'));
	} catch {
		/* jest crashed before writing */
	}
	const lines: string[] = [];
	let passed = 0;
	let failed = 0;
	let skipped = 0;
	if (results) {
		for (const file of results.testResults) {
			const rel = path.relative(ROOT, file.name);
			const fileMs = file.endTime - file.startTime || file.assertionResults.reduce((t, a) => t + (a.duration ?? 0), 0);
			lines.push(`${file.status === 'passed' ? 'PASS' : 'FAIL'} ${rel} (${fmt(fileMs)})`);
			for (const a of file.assertionResults) {
				const mark = a.status === 'passed' ? '  ✓' : a.status === 'failed' ? '  ✗' : '  -';
				lines.push(`${mark} ${a.fullName}${a.duration != null ? ` (${fmt(a.duration)})` : ''}`);
				if (a.status === 'passed') passed++;
				else if (a.status === 'failed') {
					failed++;
					const first = (a.failureMessages?.[0] ?? '').split('\n').find((l) => l.trim());
					if (first) lines.push(`      ${first.trim().slice(0, 200)}`);
				} else skipped++;
			}
			// suite-level failures (syntax error, beforeAll/afterAll failure, leaked processes)
			const suiteErrors = [...file.message.matchAll(/● Test suite failed to run\s*\n\s*\n?\s*([^\n]+)/g)].map((m) => m[1].trim());
			for (const err of suiteErrors) {
				failed++;
				lines.push(`  ✗ ${rel}: suite failed: ${err.slice(0, 300)}`);
			}
			if (file.status === 'failed' && suiteErrors.length === 0 && file.assertionResults.every((a) => a.status !== 'failed')) {
				failed++;
				lines.push(`  ✗ ${rel}: suite failed: ${file.message.split('\n').filter(Boolean).slice(0, 6).join(' | ')}`);
			}
		}
	} else {
		failed++;
		lines.push(`jest produced no results (exit ${jestCode})`);
	}
	if (results && jestCode !== 0 && failed === 0) {
		failed++;
		lines.push(`jest exited with ${jestCode} although no test failed`);
	}
	lines.push(
		hygieneOk
			? `  ✓ process hygiene: ${started} n8n/task-runner process(es) started, none left; port ${TASK_BROKER_PORT} free`
			: `  ✗ process hygiene: ${leftovers.length} process(es) left alive (killed now): ${leftovers
					.map((p) => `${p.pid} [${p.label}] ${p.cmd.slice(0, 120)}`)
					.join('; ')}${
					brokerListeners.listening && !foreignListener
						? `; port ${TASK_BROKER_PORT} still listening (pids ${brokerListeners.pids.map((p) => `${p} ${processCommandLine(p).slice(0, 80)}`).join(', ') || '?'})`
						: ''
				}`,
	);
	if (!hygieneOk) failed++;

	process.stdout.write('\n==================== e2e summary ====================\n');
	process.stdout.write(lines.join('\n') + '\n');
	process.stdout.write(
		`runtime ${fmt(runtimeMs)}, jest ${fmt(jestMs)}, total ${fmt(Date.now() - t0)}${skipped ? `, ${skipped} skipped` : ''}\n`,
	);
	if (failed === 0 && process.env.N8N_E2E_KEEP !== '1') fs.rmSync(work, { recursive: true, force: true });
	else process.stdout.write(`run artifacts (pid log, jest json): ${work}\n`);
	process.stdout.write(`${passed} passed, ${failed} failed\n`);
	return failed === 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(e) => {
		process.stderr.write(`[e2e] runner failed: ${e?.stack ?? e}\n`);
		process.stdout.write('0 passed, 1 failed\n');
		process.exit(1);
	},
);
