import { constants, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useConcurSimulator } from '../hooks';
import type { ConcurSimulator } from './index';
import { appToken, bearer, company, companyToken, http, type TokenResponse } from './test-helpers';

interface Received { headers: IncomingHttpHeaders; body: string }

describe('Concur simulator: Event Subscription Service', () => {
	let sim: ConcurSimulator;
	let receiver: Server;
	let endpoint: string;
	let received: Received[];
	let receiverStatus: number;
	let app: TokenResponse;
	const subscribe = (body: unknown, host = sim.datacenterUrls.us2, token = app) => http.put(`${host}/events/v4/subscriptions/webhook`, body, { headers: bearer(token) });
	const fisSubscription = () => ({ id: 'ifs-fis', topic: 'public.concur.financialintegration', filter: '.*', webHookConfig: { endpoint } });
	const verifySignature = (r: Received) => verify('sha256', Buffer.from(r.body), {
		key: sim.publicKeyPem, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO,
	}, Buffer.from(String(r.headers['concur-signature']), 'base64'));

	useConcurSimulator((started) => (sim = started));
	beforeAll(async () => {
		receiver = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
				res.writeHead(receiverStatus).end();
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook`;
	});
	afterAll(async () => await new Promise<void>((resolve) => receiver.close(() => resolve())));
	beforeEach(async () => {
		received = [];
		receiverStatus = 200;
		app = await appToken(sim);
	});

	it('manages webhook subscriptions with an app token (PUT, GET list, GET by id as array, DELETE, topics)', async () => {
		await companyToken(sim);
		const saved = await subscribe(fisSubscription());
		expect(saved.data).toEqual({ message: "Subscription 'ifs-fis' saved successfully" });
		const list = await http.get(`${sim.datacenterUrls.us2}/events/v4/subscriptions`, { headers: bearer(app) });
		expect(list.data).toEqual([{ id: 'ifs-fis', applicationId: expect.any(String), scope: 'FISVC', filter: '.*', topic: 'public.concur.financialintegration', webHookConfig: { endpoint }, groups: [], companyIds: [company.companyUuid] }]);
		const one = await http.get(`${sim.datacenterUrls.us2}/events/v4/subscriptions/ifs-fis`, { headers: bearer(app) });
		expect(Array.isArray(one.data)).toBe(true);
		expect(one.data).toHaveLength(1);
		const topics = await http.get(`${sim.datacenterUrls.us2}/events/v4/topics`, { headers: bearer(app) });
		expect(topics.data).toEqual(expect.arrayContaining(['public.concur.financialintegration', 'public.concur.expense.report']));
		expect((await subscribe({ id: 'bad', topic: 'public.concur.nothing', webHookConfig: { endpoint } })).status).toBe(400);
		const removed = await http.delete(`${sim.datacenterUrls.us2}/events/v4/subscriptions/ifs-fis`, { headers: bearer(app) });
		expect(removed.data).toEqual({ message: "Subscription 'ifs-fis' marked for deletion" });
		expect((await http.get(`${sim.datacenterUrls.us2}/events/v4/subscriptions/ifs-fis`, { headers: bearer(app) })).status).toBe(404);
		expect((await http.get(`${sim.datacenterUrls.us2}/events/v4/topics`, { headers: bearer(await companyToken(sim)) })).status).toBe(403);
	});

	it('delivers a signed FIS event verifiable with the public key (RSA-PSS/SHA-256 over the raw body)', async () => {
		await companyToken(sim);
		await subscribe(fisSubscription());
		const [record] = await sim.deliverEvent({ eventType: 'expense.readyForIntegration', documentId: '764428DD6A664AF0BFC1' });
		expect(record).toMatchObject({ subscriptionId: 'ifs-fis', status: 200, signature: 'valid', error: null });
		expect(received).toHaveLength(1);
		expect(verifySignature(received[0])).toBe(true);
		expect(received[0].headers['concur-correlationid']).toMatch(/^[0-9a-f]{32}$/);
		const event = JSON.parse(received[0].body);
		expect(event).toMatchObject({ eventType: 'expense.readyForIntegration', topic: 'public.concur.financialintegration', subtopic: company.entityId, data: null });
		expect(event.timeStamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
		expect(event.facts).toEqual({ companyId: company.companyUuid, documentId: '764428DD6A664AF0BFC1', entityId: company.entityId, href: `${sim.datacenterUrls.us2}/financialintegration/fi/v4/companies/transactiontypes/expense/transactions?docId=764428DD6A664AF0BFC1` });
		const pem = await http.get(`${sim.controlUrl}/ess/public-key`);
		expect(pem.data).toBe(sim.publicKeyPem);
	});

	it('can sign with a wrong key, omit the signature, redeliver the same id and use the Z timestamp style', async () => {
		await companyToken(sim);
		await subscribe(fisSubscription());
		await sim.deliverEvent({ documentId: '764428DD6A664AF0BFC2', signature: 'wrong-key' });
		await sim.deliverEvent({ documentId: '764428DD6A664AF0BFC2', signature: 'omit' });
		const [first] = await sim.deliverEvent({ documentId: '764428DD6A664AF0BFC2', timestampStyle: 'z' });
		await sim.deliverEvent({ documentId: '764428DD6A664AF0BFC2', eventId: first.eventId });
		expect(verifySignature(received[0])).toBe(false);
		expect(received[1].headers['concur-signature']).toBeUndefined();
		expect(JSON.parse(received[2].body).timeStamp).toMatch(/Z$/);
		expect(JSON.parse(received[3].body).id).toBe(first.eventId);
		expect(sim.deliveries.map((d) => d.signature)).toEqual(['wrong-key', 'omitted', 'valid', 'valid']);
	});

	it('delivers only to matching subscriptions of attached companies at the company datacenter, and records failures', async () => {
		await subscribe(fisSubscription());
		expect(await sim.deliverEvent({ documentId: '764428DD6A664AF0BFC1' })).toEqual([]);
		await companyToken(sim);
		await subscribe({ id: 'reports-only', topic: 'public.concur.expense.report', filter: '^statusChanged$', webHookConfig: { endpoint } });
		await subscribe({ ...fisSubscription(), id: 'eu-fis' }, sim.datacenterUrls.eu2, await appToken(sim, sim.datacenterUrls.eu2));
		expect((await sim.deliverEvent({ eventType: 'reportCreated', documentId: '764428DD6A664AF0BFC1' }))).toEqual([]);
		const status = await sim.deliverEvent({ eventType: 'statusChanged', documentId: '764428DD6A664AF0BFC1' });
		expect(status.map((d) => d.subscriptionId)).toEqual(['reports-only']);
		expect(JSON.parse(received[0].body).facts).toMatchObject({ reportId: '764428DD6A664AF0BFC1', currentApprovalStatus: 'A_APPR', currentPaymentStatus: 'P_PROC' });
		receiverStatus = 500;
		const failed = await sim.deliverEvent({ documentId: '764428DD6A664AF0BFC1' });
		expect(failed.map((d) => [d.subscriptionId, d.status])).toEqual([['ifs-fis', 500]]);
	});

	it('auto-delivers readyForIntegration on resubmission when switched on, and over the control API', async () => {
		await companyToken(sim);
		await subscribe(fisSubscription());
		const viaHttp = await http.post(`${sim.controlUrl}/events/deliver`, { documentId: '764428DD6A664AF0BFC3', eventType: 'expense.readyForIntegration' });
		expect(viaHttp.data[0]).toMatchObject({ status: 200 });
		sim.setOptions({ autoDeliverReadyEvents: true });
		sim.recallAndResubmit('expense', '764428DD6A664AF0BFC4');
		for (let i = 0; i < 50 && received.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
		expect(JSON.parse(received[1].body).facts.documentId).toBe('764428DD6A664AF0BFC4');
	});
});
