/**
 * Credentials and webhooks in a real n8n 2.41.1 (one main process, as a default install runs):
 *
 * - five executions find the Concur access token expired at the same moment (each one a Get With
 *   Details: four parallel Concur calls), refresh-token rotation on: all succeed, Concur sees one
 *   refresh;
 * - the same ESS event delivered to the shipped event-driven posting template five times at once
 *   and five times one after another: one execution's worth of work (one voucher, one
 *   confirmation), the other deliveries acknowledged without starting anything;
 * - for the record: n8n's own "Remove Duplicates" store (the only persistent de-duplication store a
 *   community node can reach) measured under five concurrent identical deliveries.
 *
 * The figures go to docs/reliability.md ("Credentials and webhooks").
 */
import axios from 'axios';

import { startSimulators, type Simulators } from '../simulators';
import { employees, expenseReports } from '../simulators/seed/scenario';
import { CONCUR, CREDENTIAL_IDS, PACKAGE } from '../../scripts/templates/nodes';
import { WORKFLOW_IDS, importCredentials, importTemplates, runFromTrigger, templateJson, withEssPublicKey } from '../../scripts/deploy';
import { subscribeToFinancialIntegrationEvents } from './ess';
import { withN8n, type N8nInstance } from './n8n';

const report = expenseReports[0];
const owner = employees.find((employee) => employee.employeeId === report.employeeId)!;

const tokenRace = {
	id: 'secTokenRace0001',
	name: 'Security e2e: five executions refresh at once',
	nodes: [
		{ id: 'tr-hook', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: 'sec-token-race', parameters: { httpMethod: 'POST', path: 'sec-token-race', responseMode: 'lastNode', options: {} } },
		{
			id: 'tr-concur',
			name: 'Get Report With Details',
			type: `${PACKAGE}.sapConcur`,
			typeVersion: 1,
			position: [220, 0],
			parameters: { resource: 'expenseReport', operation: 'getWithDetails', reportId: report.reportId, ownerLoginId: owner.loginId },
			credentials: CONCUR,
		},
	],
	connections: { Webhook: { main: [[{ node: 'Get Report With Details', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

const removeDuplicates = {
	id: 'secDedupStore001',
	name: 'Security e2e: n8n Remove Duplicates under concurrency',
	nodes: [
		{ id: 'rd-hook', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: 'sec-dedup-store', parameters: { httpMethod: 'POST', path: 'sec-dedup-store', responseMode: 'lastNode', options: {} } },
		{
			id: 'rd-dedupe',
			name: 'Remove Duplicates',
			type: 'n8n-nodes-base.removeDuplicates',
			typeVersion: 2,
			position: [220, 0],
			parameters: { operation: 'removeItemsSeenInPreviousExecutions', logic: 'removeItemsWithAlreadySeenKeyValues', dedupeValue: '={{ $json.body.id }}', options: {} },
		},
	],
	connections: { Webhook: { main: [[{ node: 'Remove Duplicates', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

const EVENT_WEBHOOK = 'c0ncur1f-e55f-4e9e-8a11-readyforinteg/webhook';

let sims: Simulators;
beforeAll(async () => {
	sims = await startSimulators();
});
afterAll(async () => await sims?.stop());

async function concurrently<T>(count: number, call: () => Promise<T>): Promise<T[]> {
	return await Promise.all(Array.from({ length: count }, call));
}

async function finishedExecutions(n8n: N8nInstance, workflowId: string, count: number) {
	return await n8n.waitForExecutions((list) => list.length >= count && list.every((execution) => !['new', 'running', 'waiting'].includes(execution.status)), {
		workflowId,
		timeoutMs: 180_000,
	});
}

test('five executions find the Concur access token expired at once (rotation on): all succeed, Concur sees one refresh', async () => {
	await withN8n(async (n8n) => {
		await importCredentials(n8n, sims.credentialData);
		await n8n.importWorkflow(tokenRace);
		await n8n.start();
		await n8n.activateWorkflow(tokenRace.id);

		// First run: the company request token is exchanged once and the tokens are stored.
		const first = await n8n.callWebhook('sec-token-race', {}, { waitRegisteredMs: 60_000 });
		expect(first.status).toBe(200);
		const before = structuredClone(sims.concur.statsSnapshot()); // its counters are live objects

		sims.concur.advanceTime(3700); // every call now finds the access token expired (Concur answers 403)
		const answers = await concurrently(5, async () => await n8n.callWebhook('sec-token-race', {}));
		const executions = await finishedExecutions(n8n, tokenRace.id, 6);
		const after = sims.concur.statsSnapshot();
		const figures = {
			executions: executions.length - 1,
			succeeded: executions.slice(0, 5).filter((execution) => execution.status === 'success').length,
			refreshesAtConcur: (after.tokensByGrant.refresh_token ?? 0) - (before.tokensByGrant.refresh_token ?? 0),
			requestTokenExchanges: (after.tokensByGrant['password:authtoken'] ?? 0) - (before.tokensByGrant['password:authtoken'] ?? 0),
			concurRequests: after.requests - before.requests,
		};
		process.stdout.write(`[security e2e] token race: ${JSON.stringify(figures)}\n`);

		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
		expect(figures).toMatchObject({ executions: 5, succeeded: 5, refreshesAtConcur: 1, requestTokenExchanges: 0 });
		await n8n.stop(); // the CLI reads the database only while the server is down
		const stored = (await n8n.exportCredentials()).find((credential) => credential.id === CREDENTIAL_IDS.concur).data;
		expect(await refreshStatus(stored.refreshToken)).toBe(200); // the stored refresh token is the rotated, live one
	});
});

test('the same event delivered 5× at once and 5× one after another to the event-driven template: one execution\'s worth of work each', async () => {
	await withN8n(async (n8n) => {
		await importCredentials(n8n, sims.credentialData);
		await importTemplates(n8n, [withEssPublicKey(templateJson('eventPosting'), sims.concur.publicKeyPem), removeDuplicates]);
		await n8n.start();
		await n8n.activateWorkflow(WORKFLOW_IDS.eventPosting);
		await n8n.activateWorkflow(removeDuplicates.id);
		await subscribeToFinancialIntegrationEvents(sims, 'n8n-security-e2e', n8n.webhookUrl(EVENT_WEBHOOK));
		await n8n.callWebhook(EVENT_WEBHOOK, {}, { waitRegisteredMs: 60_000 }); // waits until n8n serves the webhook (401: unsigned)
		// The template's sweep creates the audit table the event path writes to (and posts what is ready now).
		await runFromTrigger(n8n, WORKFLOW_IDS.eventPosting);
		const sweeps = (await n8n.listExecutions({ workflowId: WORKFLOW_IDS.eventPosting })).length;

		const [concurrentDoc, sequentialDoc] = sims.concur.generateExpenseDocuments(2, 2).map((id) => sims.concur.inspect().fisDocuments.find((doc) => doc.id === id)!);

		const concurrentId = `evt-concurrent-${Date.now()}`;
		const atOnce = (await concurrently(5, async () => await sims.concur.deliverEvent({ documentId: concurrentDoc.sourceId, eventId: concurrentId }))).flat();
		await finishedExecutions(n8n, WORKFLOW_IDS.eventPosting, sweeps + 1);

		const sequentialId = `evt-sequential-${Date.now()}`;
		const oneByOne = [];
		for (let n = 0; n < 5; n++) oneByOne.push(...(await sims.concur.deliverEvent({ documentId: sequentialDoc.sourceId, eventId: sequentialId })));
		const executions = (await finishedExecutions(n8n, WORKFLOW_IDS.eventPosting, sweeps + 2)).slice(0, -sweeps);

		const figures = {
			concurrent: work(concurrentDoc, atOnce.map((delivery) => delivery.status)),
			sequential: work(sequentialDoc, oneByOne.map((delivery) => delivery.status)),
			executionsStarted: executions.length,
			executionsSucceeded: executions.filter((execution) => execution.status === 'success').length,
		};
		process.stdout.write(`[security e2e] event redelivery: ${JSON.stringify(figures)}\n`);

		for (const side of [figures.concurrent, figures.sequential]) {
			expect(side).toMatchObject({ answers: [200, 200, 200, 200, 200], vouchers: 1, acknowledgements: 1, confirmations: 1 });
		}
		expect([figures.executionsStarted, figures.executionsSucceeded]).toEqual([2, 2]);

		// For the record (docs/reliability.md): n8n's persistent de-duplication store, which a webhook
		// trigger cannot use, under the same five concurrent deliveries.
		// Round 1 writes the store's first row for this node; round 2 updates it.
		const rounds = [];
		for (const round of [1, 2]) {
			const storeId = `evt-store-${round}-${Date.now()}`;
			const answers = await concurrently(5, async () => await n8n.callWebhook('sec-dedup-store', { id: storeId }, { waitRegisteredMs: 60_000 }));
			const storeExecutions = (await finishedExecutions(n8n, removeDuplicates.id, 5 * round)).slice(0, 5);
			rounds.push({
				round,
				answers: answers.map((answer) => `${answer.status}${answer.status === 200 ? '' : ` ${JSON.stringify(answer.data).slice(0, 80)}`}`),
				executions: storeExecutions.map((execution) => execution.status),
				itemsThrough: await itemsThrough(n8n, storeExecutions.map((execution) => execution.id)),
			});
		}
		process.stdout.write(`[security e2e] n8n Remove Duplicates, 5 concurrent identical deliveries: ${JSON.stringify(rounds)}\n`);
		expect(rounds.every((round) => round.itemsThrough >= 1)).toBe(true);
	});
});

/** One document's footprint in both systems after the deliveries. */
function work(document: { id: string; sourceId: string }, answers: Array<number | null>) {
	const rows = sims.ifs.voucherRows().filter((row) => row.ReferenceNumber === `CX-${document.sourceId}`);
	const calls = sims.concur.inspect();
	const mentions = (call: { body: unknown }) => JSON.stringify(call.body).includes(document.id);
	return {
		answers,
		vouchers: new Set(rows.map((row) => `${row.VoucherType}-${row.VoucherNo}`)).size,
		voucherRows: rows.length,
		acknowledgements: calls.acknowledgements.filter(mentions).length,
		confirmations: calls.postingConfirmations.filter(mentions).length,
	};
}

/** How many executions let the item through Remove Duplicates. */
async function itemsThrough(n8n: N8nInstance, ids: string[]): Promise<number> {
	let through = 0;
	for (const id of ids) {
		const execution = await n8n.getExecution(id);
		const runs = execution.data?.resultData?.runData?.['Remove Duplicates'] ?? [];
		if (runs.some((run: { data?: { main?: Array<unknown[] | null> } }) => (run.data?.main?.[0] ?? []).length > 0)) through += 1;
	}
	return through;
}

async function refreshStatus(refreshToken: string): Promise<number> {
	const { concur } = sims.credentialData;
	const form = new URLSearchParams({ client_id: concur.clientId, client_secret: concur.clientSecret, grant_type: 'refresh_token', refresh_token: refreshToken });
	const response = await axios.post(`${sims.concur.datacenterUrls.us2}/oauth2/v0/token`, form.toString(), {
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		validateStatus: () => true,
	});
	return response.status;
}
