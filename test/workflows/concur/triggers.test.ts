import { constants, generateKeyPairSync, sign } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { runPoll, runWebhook, runWebhookMethod } from '../harness';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { appToken, bearer, http } from '../../simulators/concur/test-helpers';
import { useConcurSimulator, concurCredentials, CREDENTIAL_ID, EVENT_TRIGGER_TYPE, expectNoSecrets, secretsOf, TRIGGER_TYPE, type ConcurSimulator } from './concur-test-kit';

let sim: ConcurSimulator;
useConcurSimulator((started) => (sim = started));

const credentials = { sapConcurOAuth2Api: { id: CREDENTIAL_ID, name: CREDENTIAL_ID } };
const pollNode = (parameters: IDataObject) => ({ name: 'Concur Trigger', type: TRIGGER_TYPE, parameters, credentials });
const emittedIds = (items: Array<Array<{ json: IDataObject }>> | null, key = 'id') => (items?.[0] ?? []).map((item) => String(item.json[key]));

describe('SAP Concur Trigger (polling)', () => {
	test('FIS documents across three polls with a failure in the middle: nothing skipped, nothing twice', async () => {
		const store = concurCredentials(sim);
		const node = pollNode({ event: 'fisDocumentReady', docType: 'expense' });
		const first = await runPoll(node, { credentials: store });
		const initial = sim.inspect().fisDocuments.filter((d) => d.docType === 'expense' && d.status === 'READY').map((d) => d.id);
		expect(emittedIds(first.items).sort()).toEqual([...initial].sort());

		const added = sim.generateExpenseDocuments(3, 2);
		sim.setFaults({ burst: { count: 1, status: 500, path: '^/financialintegration/' } });
		const saved = JSON.parse(JSON.stringify(first.staticData)) as IDataObject;
		await expect(runPoll(node, { credentials: store, staticData: saved })).rejects.toThrow(/500/);
		expect(saved).toEqual(first.staticData);

		const third = await runPoll(node, { credentials: store, staticData: saved });
		expect(emittedIds(third.items).sort()).toEqual([...added].sort());
		const fourth = await runPoll(node, { credentials: store, staticData: third.staticData });
		expect(fourth.items).toBeNull();
	});

	test('manual mode returns a sample without moving the cursor', async () => {
		const staticData: IDataObject = {};
		const manual = await runPoll(pollNode({ event: 'fisDocumentReady', docType: 'invoice' }), { credentials: concurCredentials(sim), staticData, mode: 'manual' });
		expect(manual.items?.[0]).toHaveLength(1);
		expect(manual.staticData.poll).toBeUndefined();
	});

	test('approved reports: emitted once per processing-payment time, a resubmitted report again', async () => {
		const store = concurCredentials(sim);
		const node = pollNode({ event: 'expenseReportApproved', reportDateField: 'processingPaymentDate', options: { initialLookbackHours: 24 * 365 } });
		const first = await runPoll(node, { credentials: store });
		const approved = sim.inspect().reports.filter((r) => r.approvalStatus === 'A_APPR' && r.paymentStatus === 'P_PROC').map((r) => r.reportId);
		expect(emittedIds(first.items, 'ID').sort()).toEqual([...approved].sort());
		const second = await runPoll(node, { credentials: store, staticData: first.staticData });
		expect(second.items).toBeNull();
		sim.recallAndResubmit('expense', approved[0]);
		const third = await runPoll(node, { credentials: store, staticData: second.staticData });
		expect(emittedIds(third.items, 'ID')).toEqual([approved[0]]);
	});

	test('payment requests changed since the cursor: the day-precise overlap is de-duplicated', async () => {
		const store = concurCredentials(sim);
		const node = pollNode({ event: 'paymentRequestChanged', options: { initialLookbackHours: 24 * 365 } });
		const first = await runPoll(node, { credentials: store });
		expect(emittedIds(first.items, 'PaymentRequestId').sort()).toEqual(sim.inspect().invoices.map((i) => i.requestId).sort());
		const second = await runPoll(node, { credentials: store, staticData: first.staticData });
		expect(second.items).toBeNull();
		expectNoSecrets(first.items, secretsOf(store));
	});
});

describe('SAP Concur Event Trigger (webhook)', () => {
	const eventNode = (parameters: IDataObject) => ({ name: 'Concur Events', type: EVENT_TRIGGER_TYPE, parameters, credentials });
	const event = (id: string) => ({
		id, correlationId: 'c0ffee', eventType: 'expense.readyForIntegration', topic: 'public.concur.financialintegration', timeStamp: '2026-11-16T10:00:00.000+0000',
		facts: { companyId: 'x', documentId: '764428DD6A664AF0BFC1', href: 'https://us2.api.concursolutions.com/financialintegration/fi/v4/companies/transactiontypes/expense/transactions?docId=764428DD6A664AF0BFC1' },
	});
	const signWith = (key: Parameters<typeof sign>[2] extends infer K ? K : never, body: string) =>
		sign('sha256', Buffer.from(body), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN } as never).toString('base64');
	const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const otherPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const publicKeys = [otherPair.publicKey.export({ type: 'spki', format: 'pem' }), pair.publicKey.export({ type: 'spki', format: 'pem' })].join('\n');
	const deliver = async (body: string, signature: string | undefined, staticData: IDataObject, parameters: IDataObject = { publicKeys }) => {
		const headers: Record<string, string> = { 'content-type': 'application/json' };
		if (signature) headers['concur-signature'] = signature;
		return await runWebhook(eventNode({ topic: 'public.concur.financialintegration', verifySignature: true, ...parameters }), { body: JSON.parse(body), rawBody: Buffer.from(body), headers }, { credentials: concurCredentials(sim), staticData });
	};

	test('valid signature (second configured key) emits the event with its document reference; a replay emits nothing', async () => {
		const staticData: IDataObject = {};
		const body = JSON.stringify(event('evt-1'));
		const accepted = await deliver(body, signWith(pair.privateKey, body), staticData);
		const [[item]] = accepted.result.workflowData as Array<Array<{ json: IDataObject }>>;
		expect(item.json).toMatchObject({ eventId: 'evt-1', documentType: 'expense', documentId: '764428DD6A664AF0BFC1', href: expect.stringContaining('docId=764428DD6A664AF0BFC1') });
		const replay = await deliver(body, signWith(pair.privateKey, body), accepted.staticData);
		expect(replay.result.workflowData).toBeUndefined();
		expect(replay.response.statusCode).toBe(200);
	});

	test('invalid, missing or tampered signatures are answered 401 and emit nothing', async () => {
		const body = JSON.stringify(event('evt-2'));
		for (const signature of [signWith(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, body), undefined, signWith(pair.privateKey, `${body} `)]) {
			const rejected = await deliver(body, signature, {});
			expect(rejected.response.statusCode).toBe(401);
			expect(rejected.result.workflowData).toBeUndefined();
		}
	});

	test('deliveries from the simulator: valid, wrong-key and unsigned events; a redelivered event id emits once', async () => {
		const received: Array<{ body: Buffer; headers: IncomingHttpHeaders }> = [];
		const endpoint = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => { received.push({ body: Buffer.concat(chunks), headers: req.headers }); res.end('ok'); });
		});
		await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${(endpoint.address() as { port: number }).port}/hook`;
			const store = concurCredentials(sim);
			await runPoll(pollNode({ event: 'fisDocumentReady', docType: 'expense' }), { credentials: store, mode: 'manual' }); // connects the company
			const app = await appToken(sim);
			await http.put(`${sim.datacenterUrls.us2}/events/v4/subscriptions/webhook`, { id: 'n8n-test', topic: 'public.concur.financialintegration', filter: '.*', webHookConfig: { endpoint: url } }, { headers: bearer(app) });
			for (const signature of ['valid', 'wrong-key', 'omit', 'valid'] as const) {
				await sim.deliverEvent({ documentId: '764428DD6A664AF0BFC1', signature, eventId: signature === 'valid' ? 'evt-sim' : undefined });
			}
			expect(received).toHaveLength(4);
			let staticData: IDataObject = {};
			const outcomes: Array<[number, number]> = [];
			for (const delivery of received) {
				const headers = Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k, String(v)]));
				const result = await runWebhook(
					eventNode({ topic: 'public.concur.financialintegration', verifySignature: true, publicKeys: sim.publicKeyPem }),
					{ body: JSON.parse(delivery.body.toString()), rawBody: delivery.body, headers },
					{ credentials: store, staticData },
				);
				staticData = result.staticData;
				outcomes.push([result.response.statusCode, (result.result.workflowData?.[0] ?? []).length]);
			}
			expect(outcomes).toEqual([[200, 1], [401, 0], [401, 0], [200, 0]]);
		} finally {
			await new Promise((resolve) => endpoint.close(resolve));
		}
	});

	test('subscription management: skipped when off; with a company token Concur refuses it with an explanation', async () => {
		const store = concurCredentials(sim);
		const off = eventNode({ topic: 'public.concur.financialintegration', manageSubscription: false, publicKeys });
		for (const method of ['checkExists', 'create', 'delete'] as const) {
			expect((await runWebhookMethod(off, method, { credentials: store, webhookUrl: 'https://n8n.example/webhook' })).result).toBe(true);
		}
		expect(sim.requestLog().filter((entry) => entry.path.startsWith('/events/'))).toHaveLength(0);
		const on = eventNode({ topic: 'public.concur.financialintegration', manageSubscription: true, subscriptionId: 'n8n-test', publicKeys });
		await expect(runWebhookMethod(on, 'create', { credentials: store, webhookUrl: 'https://n8n.example/webhook' })).rejects.toThrow(/event subscription/);
		expect(sim.inspect().subscriptions).toHaveLength(0);
	});
});
