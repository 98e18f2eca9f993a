import { useIfsSimulator } from '../hooks';
import type { IfsSimulator } from './index';
import { http, type TestClient } from './testClient';

describe('control & inspection API', () => {
	let sim: IfsSimulator;
	let c: TestClient;

	useIfsSimulator((started) => ({ sim, client: c } = started), { simulator: { latencyMs: 30 }, resetBeforeEach: false });

	const control = (method: string, path: string, body?: unknown) => http(`${sim.controlUrl}/${path}`, { method, body });

	it('exposes config and the state per entity set (all companies, with ETags)', async () => {
		const config = await control('GET', 'config');
		expect(config.json).toMatchObject({ url: sim.url, realm: 'sim1', tokenUrl: sim.tokenUrl });
		const state = await control('GET', 'state');
		expect(Object.keys(state.json)).toEqual(expect.arrayContaining(['VoucherRowSet', 'ManSuppInvoiceSet', 'PurchaseRequisitionSet', 'AccountingCodePartValueSet', 'SupplierInfoGeneralSet']));
		const companies = await control('GET', 'state/CompanySet');
		expect(companies.json.map((r: Record<string, unknown>) => r.Company)).toEqual(['10', '20', '90', '30']);
		expect(companies.json[0]['@odata.etag']).toMatch(/^W\//);
		expect((await control('GET', 'state/NoSuchSet')).status).toBe(400);
	});

	it('counts requests per method and path template, tokens issued and the highest concurrency', async () => {
		await control('POST', 'reset');
		await Promise.all([1, 2, 3, 4].map(() => c.get('CompanyHandling', 'CompanySet')));
		await c.get('SupplierHandling', "SupplierInfoGeneralSet(SupplierId='1000')");
		const stats = (await control('GET', 'stats')).json;
		expect(stats.byRoute['GET CompanyHandling.svc/CompanySet']).toBe(4);
		expect(stats.byRoute['GET SupplierHandling.svc/SupplierInfoGeneralSet(…)']).toBe(1);
		expect(stats.tokensIssued).toBeGreaterThanOrEqual(1);
		expect(stats.maxConcurrency).toBeGreaterThanOrEqual(2);
		const log = (await control('GET', 'requests')).json;
		expect(log).toHaveLength(5);
		const since = (await control('GET', `requests?since=${log[3].seq}`)).json;
		expect(since).toHaveLength(1);
		expect(since[0]).toMatchObject({ kind: 'odata', method: 'GET', status: 200, clientId: 'n8n-concur' });
	});

	it('sets and heals faults and the rate limit, expires tokens and resets to the seed over HTTP', async () => {
		expect((await control('POST', 'faults', { outage: true })).json.outage).toBe(true);
		expect((await c.get('CompanyHandling', 'CompanySet')).status).toBe(503);
		expect((await control('GET', 'faults')).json.outage).toBe(true);
		await control('DELETE', 'faults');
		expect((await c.get('CompanyHandling', 'CompanySet')).status).toBe(200);

		await control('POST', 'rate-limit', { perMinute: 1, retryAfterSeconds: 2 });
		await c.get('CompanyHandling', 'CompanySet');
		expect((await c.get('CompanyHandling', 'CompanySet')).status).toBe(429);
		await control('POST', 'rate-limit', { perMinute: null });
		expect((await c.get('CompanyHandling', 'CompanySet')).status).toBe(200);

		await c.post('AccountingCodePartValueHandling', 'AccountingCodePartValueSet', { Company: '10', CodePart: 'B', CodePartValue: 'CC555', Description: 'x' });
		expect(sim.rows('AccountingCodePartValueSet').some((r) => r.CodePartValue === 'CC555')).toBe(true);
		await control('POST', 'reset');
		expect(sim.rows('AccountingCodePartValueSet').some((r) => r.CodePartValue === 'CC555')).toBe(false);
		expect(sim.stats().requests).toBe(0);

		await control('POST', 'tokens/expire');
		expect((await c.get('CompanyHandling', 'CompanySet')).status).toBe(401);
		expect((await control('GET', 'nope')).status).toBe(404);
	});
});
