/**
 * n8n 2.41.1 in queue mode, as a group scaling out runs it: PostgreSQL and Redis of their own, a
 * main process and two `n8n worker` processes, the package and the shipped templates imported as a
 * user does. Runs go to the workers (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true; schedules and
 * webhooks always do). Proves: runs spread over both workers post every document once; a worker
 * SIGKILLed in the middle of its $batch requests and restarted, then the next run, still leave
 * every document in IFS once and confirmed in Concur once. A Concur event reaches template 05
 * through the main process's webhook while the workers execute, and runs on a worker. Template 02
 * runs as a user sets it for large runs: pages of 200 documents (Settings → pageSize), each page an
 * execution of its own on the worker that runs the run; two runs started together share the
 * documents page by page. Each test posts 5,000 new documents, 50 of them with receipt images.
 */
import { startSimulators, type Simulators } from '../simulators';
import { WORKFLOW_IDS, executionError, importCredentials, importTemplates, outputOf, runFromTrigger, templateJson, withEssPublicKey, withPages, withSetting, type Execution } from '../../scripts/deploy';
import { ensureQueueModePackages, ensureRuntime, queueModeEnv, startPostgres, startRedis, startWorker, type Service, type Worker } from '../../scripts/n8n-runtime';
import { subscribeToFinancialIntegrationEvents } from './ess';
import { N8nInstance, projectTarball } from './n8n';

/** Claims of the killed run are stale after this; a claim lives one page here (seconds), so longer than any claim of a live run. */
const GRACE_MINUTES = 0.5;
/** The volume: enough pages (25 per run) that runs and workers overlap for tens of seconds. */
const DOCUMENTS = 5000;
const PAGE_SIZE = 200;
/** Receipt images cost a download and an upload each: a few documents carry them, the rest are the volume. */
const WITH_RECEIPTS = 50;

const newDocuments = () => [...sims.concur.generateExpenseDocuments(DOCUMENTS - WITH_RECEIPTS, 2, false), ...sims.concur.generateExpenseDocuments(WITH_RECEIPTS, 2, true)];
const EVENT_WEBHOOK = 'c0ncur1f-e55f-4e9e-8a11-readyforinteg/webhook';

let sims: Simulators;
let postgres: Service | undefined;
let redis: Service | undefined;
let n8n: N8nInstance | undefined;
const workers: Worker[] = [];

beforeAll(async () => {
	ensureQueueModePackages();
	postgres = await startPostgres();
	redis = await startRedis();
	sims = await startSimulators();
	n8n = await N8nInstance.create({ packages: [await projectTarball()], runtime: await ensureRuntime(), env: queueModeEnv(postgres, redis) });
	await importCredentials(n8n, sims.credentialData);
	await importTemplates(n8n, [templateJson('referenceSync'), withShortGrace(withSetting(templateJson('expensePosting'), 'pageSize', String(PAGE_SIZE))), withShortGrace(withEssPublicKey(templateJson('eventPosting'), sims.concur.publicKeyPem))]);
	await n8n.publishWorkflow(WORKFLOW_IDS.referenceSync);
	await n8n.start();
	// concurrency 1: two runs started together cannot both land on one worker
	workers.push(...(await Promise.all([startWorker(n8n, 'A', 1), startWorker(n8n, 'B', 1)])));
}, 900_000);

const stopAll = async () => {
	sims?.ifs.onApplied(undefined);
	const stops = [...workers.map((worker) => () => worker.stop()), () => n8n?.dispose(), () => redis?.stop(), () => postgres?.stop(), () => sims?.stop()];
	const errors: unknown[] = [];
	for (const stop of stops) await Promise.resolve(stop()).catch((error: unknown) => errors.push(error));
	if (errors.length) throw errors[0];
};

const withShortGrace = (workflow: ReturnType<typeof templateJson>) => withSetting(workflow, 'claimGraceMinutes', String(GRACE_MINUTES));

function expectSuccess(execution: Execution): void {
	expect([execution.status, executionError(execution)]).toEqual(['success', undefined]);
}

/** Per expense document: vouchers in IFS carrying its report, and Concur confirmations of it. */
function verdict(docIds: string[]) {
	const confirmations = new Map<string, number>();
	for (const call of sims.concur.inspect().postingConfirmations)
		for (const { docId } of (call.body as { postingConfirmations?: Array<{ docId: string }> }).postingConfirmations ?? []) confirmations.set(docId, (confirmations.get(docId) ?? 0) + 1);
	const vouchers = new Map<string, Set<unknown>>();
	for (const row of sims.ifs.voucherRows()) vouchers.set(String(row.ReferenceNumber), (vouchers.get(String(row.ReferenceNumber)) ?? new Set()).add(row.VoucherNo));
	const wanted = new Set(docIds);
	const docs = sims.concur.inspect().fisDocuments.filter((doc) => wanted.has(doc.id));
	const inIfs = (doc: { sourceId: string }) => vouchers.get(`CX-${doc.sourceId}`)?.size ?? 0;
	const attached = new Map<string, number>();
	for (const { title } of sims.ifs.attachments()) attached.set(title, (attached.get(title) ?? 0) + 1);
	const receipts = docs.flatMap((doc) => sims.concur.receiptIdsOf(doc.sourceId));
	return {
		documents: docs.length,
		'not confirmed posted': docs.filter((doc) => doc.status !== 'POSTING_CONFIRMED_SUCCESS').length,
		'not in IFS': docs.filter((doc) => inIfs(doc) === 0).length,
		'in IFS twice or more': docs.filter((doc) => inIfs(doc) > 1).length,
		'confirmations ≠ 1': docs.filter((doc) => confirmations.get(doc.id) !== 1).length,
		receipts: receipts.length > 0,
		'receipts not attached once': receipts.filter((id) => attached.get(`Concur receipt ${id}`) !== 1).length,
	};
}

const clean = (documents: number) => ({ documents, 'not confirmed posted': 0, 'not in IFS': 0, 'in IFS twice or more': 0, 'confirmations ≠ 1': 0, receipts: true, 'receipts not attached once': 0 });

/** A run from *Run Now* (offloaded to a worker); its execution id once n8n accepted it. */
async function startRun(workflowId: string): Promise<string> {
	const answer = await n8n!.rest.post(`/workflows/${workflowId}/run`, { triggerToStartFrom: { name: 'Run Now' } });
	const executionId = String(answer.data?.data?.executionId ?? '');
	if (!executionId) throw new Error(`n8n did not start workflow ${workflowId}: ${JSON.stringify(answer.data).slice(0, 500)}`);
	return executionId;
}

const ranOn = (executionId: string) => workers.filter((worker) => worker.startedExecutions().includes(executionId)).map((worker) => worker.name);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// in a describe: its afterAll runs before setup-e2e.ts's, which would find the workers still running
describe('queue mode: main + 2 workers on PostgreSQL and Redis', () => {
	afterAll(stopAll, 120_000);

	it(`reference sync, then four expense runs in pages of ${PAGE_SIZE} started together on ${DOCUMENTS} documents and a Concur event to template 05 meanwhile: both workers execute, every document once`, async () => {
		expectSuccess(await runFromTrigger(n8n!, WORKFLOW_IDS.referenceSync));
		await n8n!.activateWorkflow(WORKFLOW_IDS.eventPosting);
		await subscribeToFinancialIntegrationEvents(sims, 'n8n-queue-e2e', n8n!.webhookUrl(EVENT_WEBHOOK));
		// an unsigned call is refused (and starts nothing) once the main process serves the webhook
		expect((await n8n!.callWebhook(EVENT_WEBHOOK, { id: 'probe' }, { waitRegisteredMs: 60_000 })).status).toBe(401);
		const generated = newDocuments();
		const ids = await Promise.all(Array.from({ length: 4 }, async () => await startRun(WORKFLOW_IDS.expensePosting)));
		const evented = sims.concur.inspect().fisDocuments.find((doc) => doc.id === generated[0])!;
		expect((await sims.concur.deliverEvent({ documentId: evented.sourceId })).map((delivery) => delivery.status)).toEqual([200]);
		const runs = await Promise.all(ids.map(async (id) => (await n8n!.waitForExecutionDone(id, 600_000)) as Execution));
		for (const run of runs) expectSuccess(run);
		expect(runs.flatMap((run) => run.data?.resultData?.runData?.['Post Next Page'] ?? []).length).toBeGreaterThanOrEqual(DOCUMENTS / PAGE_SIZE);
		const [event] = await n8n!.waitForExecutions((list) => list.length === 1 && list.every((e) => e.status !== 'running' && e.status !== 'new'), { workflowId: WORKFLOW_IDS.eventPosting, timeoutMs: 300_000 });
		expect(event.status).toBe('success');
		expect(ids.map((id) => ranOn(id).length)).toEqual([1, 1, 1, 1]);
		expect(ranOn(event.id)).toHaveLength(1);
		expect(new Set(ids.flatMap(ranOn))).toEqual(new Set(['A', 'B']));
		expect(verdict(generated)).toEqual(clean(DOCUMENTS));
	}, 900_000);

	it(`two expense runs started together on the two workers share the ${DOCUMENTS} documents page by page: both post, every document once`, async () => {
		const generated = newDocuments();
		const ids = await Promise.all([startRun(WORKFLOW_IDS.expensePosting), startRun(WORKFLOW_IDS.expensePosting)]);
		const runs = await Promise.all(ids.map(async (id) => (await n8n!.waitForExecutionDone(id, 600_000)) as Execution));
		for (const run of runs) expectSuccess(run);
		expect(new Set(ids.flatMap(ranOn))).toEqual(new Set(['A', 'B']));
		// both read the same first page; the run whose acknowledgement came second goes on with the next page instead of stopping
		const posted = await Promise.all(runs.map(async (run) => outputOf(await withPages(n8n!, run), 'Post to IFS').length));
		expect(posted.every((count) => count > 0)).toBe(true);
		expect(posted[0] + posted[1]).toBe(DOCUMENTS);
		expect(verdict(generated)).toEqual(clean(DOCUMENTS));
	}, 900_000);

	it(`a worker SIGKILLed in the middle of the $batch requests of a ${DOCUMENTS}-document run and restarted: the next run completes every document, each once`, async () => {
		const generated = newDocuments();
		let killedAt: number | undefined;
		let victim: Worker | undefined;
		let crashedId = '';
		let batches = 0;
		sims.ifs.onApplied((request) => {
			if (request.kind !== 'batch' || ++batches < 2) return;
			sims.ifs.onApplied(undefined);
			victim = workers.find((worker) => worker.startedExecutions().includes(crashedId));
			victim?.kill();
			killedAt = Date.now();
		});
		crashedId = await startRun(WORKFLOW_IDS.expensePosting);
		while (killedAt === undefined) await sleep(50);
		expect(victim).toBeDefined();
		await victim!.exited();
		workers.splice(workers.indexOf(victim!), 1, await startWorker(n8n!, victim!.name, 1));
		expect(verdict(generated)['not confirmed posted']).toBeGreaterThan(0); // the kill left work undone

		// the killed run's claims go stale after the grace period; then the next run (the operator's, or the schedule's) recovers them
		await sleep(Math.max(0, killedAt + GRACE_MINUTES * 60_000 + 2000 - Date.now()));
		const recoveryId = await startRun(WORKFLOW_IDS.expensePosting);
		expectSuccess((await n8n!.waitForExecutionDone(recoveryId, 600_000)) as Execution);
		expect(ranOn(recoveryId)).toHaveLength(1);
		expect(verdict(generated)).toEqual(clean(DOCUMENTS));
	}, 900_000);
});
