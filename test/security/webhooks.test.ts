/**
 * Deliveries to the SAP Concur Event Trigger from someone who knows the URL: forged, tampered,
 * replayed (one after another and all at once), oversized, malformed, without facts, of another
 * event type, with a parsed body that differs from the signed bytes, and a trigger configured with
 * keys that cannot verify anything. Each case asserts the HTTP answer and what the workflow got.
 */
import { constants, generateKeyPairSync, randomUUID, sign } from 'node:crypto';

import { PACKAGE_PREFIX, runWebhook, runWebhookMethod, type WorkflowNode } from '../workflows/harness';
import { captureLogs } from './kit';

const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicPem = signing.publicKey.export({ type: 'spki', format: 'pem' }).toString();

const trigger = (parameters: Record<string, unknown> = {}): WorkflowNode => ({
	name: 'SAP Concur Event Trigger',
	type: `${PACKAGE_PREFIX}.sapConcurEventTrigger`,
	parameters: { topic: 'public.concur.financialintegration', eventTypeFilter: '.*', verifySignature: true, publicKeys: publicPem, ...parameters },
	credentials: { sapConcurOAuth2Api: { id: 'concur', name: 'concur' } },
});

const event = (overrides: Record<string, unknown> = {}) => ({
	id: randomUUID(),
	correlationId: 'c0rre1a7e',
	eventType: 'expense.readyForIntegration',
	topic: 'public.concur.financialintegration',
	timeStamp: '2026-12-04T10:00:00.000+0000',
	facts: { companyId: 'c0ffee00', documentId: 'DOC-1', href: 'https://us2.api.concursolutions.com/financialintegration/fi/v4/companies/transactiontypes/expense/transactions?docId=DOC-1' },
	...overrides,
});

function signed(body: string | Buffer, key = signing.privateKey): string {
	return sign('sha256', Buffer.from(body), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN }).toString('base64');
}

async function deliver(raw: string | Buffer, headers: Record<string, string>, node = trigger(), parsed?: unknown) {
	const rawBody = Buffer.from(raw);
	const { result, response } = await runWebhook(node, { body: parsed ?? safeJson(rawBody), rawBody, headers });
	const emitted = (result.workflowData?.[0] ?? []).map((item) => item.json);
	return { status: response.statusCode, answer: response.body as { message?: string }, emitted };
}

async function deliverSigned(body: unknown, node = trigger()) {
	const raw = JSON.stringify(body);
	return await deliver(raw, { 'concur-signature': signed(raw) }, node);
}

function safeJson(raw: Buffer): unknown {
	try {
		return JSON.parse(raw.toString('utf8'));
	} catch {
		return {};
	}
}

describe('forged and tampered deliveries', () => {
	test.each([
		['signed with another key', (raw: string) => ({ 'concur-signature': signed(raw, impostor.privateKey) })],
		['without a signature', () => ({})],
		['with a garbage signature', () => ({ 'concur-signature': '!!not-base64!!' })],
		['with an empty signature', () => ({ 'concur-signature': '' })],
	])('an event %s is answered 401 and starts nothing', async (_case, headers) => {
		const raw = JSON.stringify(event());
		const delivery = await deliver(raw, headers(raw));
		expect([delivery.status, delivery.answer.message, delivery.emitted]).toEqual([401, 'Invalid or missing Concur-Signature', []]);
	});

	test('a signed event whose body was changed afterwards is answered 401', async () => {
		const original = JSON.stringify(event());
		const tampered = original.replace('DOC-1', 'DOC-9');
		const delivery = await deliver(tampered, { 'concur-signature': signed(original) });
		expect([delivery.status, delivery.emitted]).toEqual([401, []]);
	});

	test('only the verified bytes are read: a differently parsed body is ignored', async () => {
		const genuine = event();
		const raw = JSON.stringify(genuine);
		const delivery = await deliver(raw, { 'concur-signature': signed(raw) }, trigger(), { ...genuine, facts: { documentId: 'INJECTED' } });
		expect(delivery.status).toBe(200);
		expect(delivery.emitted).toEqual([expect.objectContaining({ eventId: genuine.id, documentId: 'DOC-1' })]);
	});

	test('a request without raw bytes to verify is answered 400', async () => {
		const { response, result } = await runWebhook(trigger(), { body: event(), rawBody: undefined as never, headers: {} });
		expect([response.statusCode, result.workflowData]).toEqual([400, undefined]);
	});
});

describe('replays', () => {
	test('the same event delivered 5 times one after another starts one workflow run', async () => {
		const body = event();
		const deliveries = [];
		for (let n = 0; n < 5; n++) deliveries.push(await deliverSigned(body));
		expect(deliveries.map((delivery) => delivery.status)).toEqual([200, 200, 200, 200, 200]);
		expect(deliveries.map((delivery) => delivery.emitted.length)).toEqual([1, 0, 0, 0, 0]);
		expect(deliveries.slice(1).every((delivery) => delivery.answer.message === 'Duplicate event ignored')).toBe(true);
	});

	test('the same event delivered 5 times at once starts one workflow run', async () => {
		const body = event();
		const deliveries = await Promise.all(Array.from({ length: 5 }, async () => await deliverSigned(body)));
		expect(deliveries.map((delivery) => delivery.status)).toEqual([200, 200, 200, 200, 200]);
		expect(deliveries.reduce((total, delivery) => total + delivery.emitted.length, 0)).toBe(1);
	});

	test('a replay with a different eventType or body but the same id is still a replay', async () => {
		const first = event();
		await deliverSigned(first);
		const again = await deliverSigned({ ...first, facts: { ...first.facts, documentId: 'DOC-2' } });
		expect([again.status, again.emitted]).toEqual([200, []]);
	});
});

describe('malformed, oversized and unwanted events', () => {
	test.each([
		['malformed JSON', '{"id":"x",'],
		['an HTML page', '<html><body>hello</body></html>'],
		['an empty body', ''],
		['a JSON array', '[{"id":"x"}]'],
		['an event without an id', JSON.stringify({ eventType: 'expense.readyForIntegration', facts: { documentId: 'D' } })],
		['an event with a numeric id', JSON.stringify({ id: 42, facts: { documentId: 'D' } })],
	])('a signed %s is answered 400 and starts nothing', async (_case, raw) => {
		const delivery = await deliver(raw, { 'concur-signature': signed(raw) });
		expect([delivery.status, delivery.emitted]).toEqual([400, []]);
		expect(delivery.answer.message).toMatch(/^Not an SAP Concur event/);
	});

	test.each([
		['without facts', event({ facts: undefined })],
		['with facts but no document id', event({ facts: { companyId: 'c0ffee00' } })],
		['with a null document id', event({ facts: { documentId: null } })],
	])('a signed event %s is answered 400 and starts nothing', async (_case, body) => {
		const delivery = await deliverSigned(body);
		expect([delivery.status, delivery.answer.message, delivery.emitted]).toEqual([
			400,
			'The SAP Concur event names no document: "facts.documentId" (or "facts.reportId") is missing',
			[],
		]);
	});

	test('an oversized body is answered 413 before anything is verified or parsed', async () => {
		const raw = JSON.stringify(event({ padding: 'x'.repeat(2 * 1024 * 1024) }));
		const delivery = await deliver(raw, { 'concur-signature': signed(raw) });
		expect([delivery.status, delivery.emitted]).toEqual([413, []]);
	});

	test('an event type outside the filter is acknowledged (200) and starts nothing', async () => {
		const delivery = await deliverSigned(event({ eventType: 'invoice.readyForIntegration' }), trigger({ eventTypeFilter: '^expense\\.' }));
		expect([delivery.status, delivery.answer.message, delivery.emitted]).toEqual([200, 'Event type not selected by this trigger; ignored', []]);
	});

	test('an expense report event names its report in facts.reportId', async () => {
		const delivery = await deliverSigned(event({ eventType: 'statusChanged', topic: 'public.concur.expense.report', facts: { reportId: 'R-7' } }));
		expect(delivery.emitted).toEqual([expect.objectContaining({ documentId: 'R-7' })]);
	});
});

describe('keys that cannot verify anything are a configuration error', () => {
	test.each([
		['no key at all', ''],
		['a truncated PEM block', '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEF\n-----END PUBLIC KEY-----'],
		['an EC key instead of RSA', generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString()],
	])('%s: activation fails with the reason; a delivery is answered 500 (ESS keeps the event)', async (_case, publicKeys) => {
		const node = trigger({ publicKeys });
		await expect(runWebhookMethod(node, 'checkExists', { webhookUrl: 'http://127.0.0.1:5678/webhook' })).rejects.toThrow(/Public Keys \(PEM\)/);
		const logs: string[] = [];
		const stop = captureLogs(logs);
		const delivery = await deliverSigned(event(), node).finally(stop);
		expect([delivery.status, delivery.emitted]).toEqual([500, []]);
		expect(delivery.answer.message).toMatch(/^The SAP Concur Event Trigger is misconfigured: .*Public Keys \(PEM\)/);
	});

	test('an invalid event-type expression fails activation', async () => {
		await expect(runWebhookMethod(trigger({ eventTypeFilter: '(unclosed' }), 'checkExists', { webhookUrl: 'http://127.0.0.1:5678/webhook' })).rejects.toThrow(
			/"Event Type Filter" is not a valid regular expression/,
		);
	});
});
