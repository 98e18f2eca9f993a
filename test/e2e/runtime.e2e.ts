/**
 * Self-test of the real-n8n runner (scripts/n8n-runtime/ + test/e2e/n8n.ts) with a throwaway
 * community package generated here — independent of the project's own build.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
	assertNoLeftovers,
	nodeOutputJson,
	pidAlive,
	tcpListeners,
	TASK_BROKER_PORT,
	withN8n,
	type N8nInstance,
	type TrackedPid,
} from './n8n';
import {
	createThrowawayPackage,
	manualWorkflow,
	THROWAWAY_NODE_TYPE,
	THROWAWAY_PACKAGE,
	webhookWorkflow,
} from './throwaway-package';

let pkgDir: string;

beforeAll(() => {
	pkgDir = createThrowawayPackage();
});

afterAll(() => {
	if (pkgDir) fs.rmSync(pkgDir, { recursive: true, force: true });
});

test('throwaway node type resolves as <package>.<node> in real n8n 2.41.1 (n8n execute)', async () => {
	await withN8n({ packages: [pkgDir] }, async (n8n) => {
		// installed the way n8n's community installer does: packed, unpacked, peers stripped, listed in nodes/package.json
		const installed = path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', THROWAWAY_PACKAGE, 'package.json');
		expect(JSON.parse(fs.readFileSync(installed, 'utf8'))).not.toHaveProperty('peerDependencies');
		expect(fs.existsSync(path.join(path.dirname(installed), 'node_modules'))).toBe(false);
		const nodesPackageJson = JSON.parse(fs.readFileSync(path.join(n8n.userFolder, '.n8n', 'nodes', 'package.json'), 'utf8'));
		expect(nodesPackageJson.dependencies).toEqual({ [THROWAWAY_PACKAGE]: '0.0.1' });

		await n8n.importWorkflow([manualWorkflow('e2eManualHello01'), manualWorkflow('e2eManualCustom1', 'CUSTOM.helloWorld')]);

		const ok = await n8n.executeWorkflow('e2eManualHello01');
		expect(ok.code).toBe(0);
		expect(ok.status).toBe('success');
		expect(nodeOutputJson(ok.run, 'Hello')).toEqual([{ hello: 'world' }]);
		expect(ok.run.data.resultData.runData.Hello[0].executionStatus).toBe('success');
		// the CLI command and its task runner are gone, the broker port is free
		expect(ok.pids.length).toBeGreaterThanOrEqual(2);
		expect(ok.pids.filter((p) => pidAlive(p))).toEqual([]);
		expect(tcpListeners(TASK_BROKER_PORT).listening).toBe(false);

		// control: the CUSTOM. prefix (N8N_CUSTOM_EXTENSIONS loading) is *not* what we get
		const custom = await n8n.executeWorkflow('e2eManualCustom1');
		expect(custom.code).not.toBe(0);
		expect(custom.errorMessage).toContain('Unrecognized node type: CUSTOM.helloWorld');

		// credentials round trip: plain data is encrypted on import, export --decrypted returns it
		await n8n.importCredentials([
			{ id: 'e2eCred0000001', name: 'e2e header', type: 'httpHeaderAuth', data: { name: 'X-Api-Key', value: 's3cret' } },
		]);
		const exported = await n8n.exportCredentials();
		expect(exported).toEqual([
			expect.objectContaining({ id: 'e2eCred0000001', type: 'httpHeaderAuth', data: { name: 'X-Api-Key', value: 's3cret' } }),
		]);
		const dbFiles = fs.readdirSync(n8n.n8nFolder).filter((f) => f.startsWith('database.sqlite'));
		expect(dbFiles.length).toBeGreaterThan(0);
		for (const f of dbFiles) expect(fs.readFileSync(path.join(n8n.n8nFolder, f)).includes(Buffer.from('s3cret'))).toBe(false);
	});
});

test('server: published webhook workflow runs, executions are listable, a failed one can be retried', async () => {
	await withN8n({ packages: [pkgDir] }, async (n8n) => {
		const flag = path.join(n8n.userFolder, 'downstream-down.flag');
		await n8n.importWorkflow([
			webhookWorkflow('e2eWebhook01', 'e2e-hello', flag),
			webhookWorkflow('e2eWebhook02', 'e2e-hello-rest'),
		]);
		await n8n.publishWorkflow('e2eWebhook01'); // CLI publish before start

		await n8n.start(); // + owner setup + login
		expect(n8n.authCookie).toMatch(/^n8n-auth=/);
		expect(n8n.taskRunnerPids().length).toBe(1);

		const ok = await n8n.callWebhook('e2e-hello', { orderId: 'A-1' });
		expect(ok.status).toBe(200);
		expect(ok.data).toEqual({ hello: 'world', received: { orderId: 'A-1' } });

		// failing run (downstream "down"), then heal and retry through the REST API
		fs.writeFileSync(flag, 'down');
		const bad = await n8n.callWebhook('e2e-hello', { orderId: 'B-2' });
		expect(bad.status).toBe(500);
		fs.rmSync(flag);

		const list = await n8n.waitForExecutions((l) => l.length >= 2 && l.every((e) => e.status !== 'running'), {
			workflowId: 'e2eWebhook01',
		});
		expect(list.map((e) => [e.mode, e.status])).toEqual([
			['webhook', 'error'],
			['webhook', 'success'],
		]);
		const failed = list[0];
		const failedExec = await n8n.getExecution(failed.id);
		expect(failedExec.data.resultData.error.message).toContain('Downstream unavailable');

		const retry = await n8n.retryExecution(failed.id, false);
		expect(retry).toMatchObject({ mode: 'retry', retryOf: failed.id, status: 'success' });
		// trigger output of the original run is reused, only the failed node ran again
		expect(nodeOutputJson(retry, 'Hello')).toEqual([{ hello: 'world', received: { orderId: 'B-2' } }]);
		const after = await n8n.listExecutions({ workflowId: 'e2eWebhook01' });
		expect(after.find((e) => e.id === failed.id)?.retrySuccessId).toBe(retry.id);

		// activation over REST for a workflow that was not published before start
		await n8n.activateWorkflow('e2eWebhook02');
		const viaRest = await n8n.callWebhook('e2e-hello-rest', { x: 1 });
		expect(viaRest.status).toBe(200);
		expect(viaRest.data).toEqual({ hello: 'world', received: { x: 1 } });
	});
});

test('a test failing inside withN8n leaves no n8n or task-runner process behind', async () => {
	let procs: TrackedPid[] = [];
	let runnerPids: number[] = [];
	let serverPid: number | undefined;
	let instance: N8nInstance | undefined;
	await expect(
		withN8n({ packages: [pkgDir], start: { owner: false } }, async (n8n) => {
			instance = n8n;
			serverPid = n8n.serverPid();
			runnerPids = n8n.taskRunnerPids();
			procs = n8n.trackedProcesses();
			expect(tcpListeners(TASK_BROKER_PORT).listening).toBe(true);
			throw new Error('deliberate failure inside withN8n');
		}),
	).rejects.toThrow('deliberate failure inside withN8n');

	expect(serverPid).toBeDefined();
	expect(runnerPids.length).toBe(1);
	expect(procs.map((p) => p.pid)).toEqual(expect.arrayContaining([serverPid!, ...runnerPids]));
	assertNoLeftovers(procs);
	expect(instance!.running).toBe(false);
	expect(fs.existsSync(instance!.userFolder)).toBe(false);
	// also the ones found later (e.g. short-lived helpers) are gone
	expect(instance!.alivePids()).toEqual([]);
	expect(THROWAWAY_NODE_TYPE).toBe('n8n-nodes-e2e-throwaway.helloWorld');
});

// A genuinely failing test body (jest `test.failing` passes only if the body fails) — the next
// test checks that its n8n server and task runner did not outlive it.
let fromFailingTest: TrackedPid[] = [];
test.failing('deliberately failing test (expected to fail) with a running n8n', async () => {
	await withN8n({ packages: [pkgDir], start: { owner: false } }, async (n8n) => {
		fromFailingTest = n8n.trackedProcesses();
		expect(n8n.taskRunnerPids()).toHaveLength(1);
		expect('the failing test').toBe('a passing test');
	});
});

test('...and after it, its server and task runner are gone and port 5679 is free', () => {
	expect(fromFailingTest.length).toBeGreaterThanOrEqual(2);
	expect(fromFailingTest.some((p) => /@n8n\/task-runner\//.test(p.cmd))).toBe(true);
	assertNoLeftovers(fromFailingTest);
});
