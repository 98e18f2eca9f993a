import { useIfsSimulator } from '../hooks';
import { startIfsSimulator, type IfsSimulator } from './index';
import { buildBatch, http, TestClient } from './testClient';

describe('faults and rate limiting', () => {
	let sim: IfsSimulator;
	let c: TestClient;

	useIfsSimulator((started) => ({ sim, client: c } = started), { resetBeforeEach: false });
	afterEach(() => {
		sim.reset();
		sim.setRateLimit(null);
	});

	const companies = () => c.get('CompanyHandling', 'CompanySet');

	it('answers 429 with a computed Retry-After once the token bucket is empty', async () => {
		sim.setRateLimit(2);
		expect((await companies()).status).toBe(200);
		expect((await companies()).status).toBe(200);
		const limited = await companies();
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(sim.stats().throttled).toBe(1);
	});

	it('sends a fixed Retry-After or none, as configured', async () => {
		sim.setRateLimit(1, 7);
		await companies();
		expect((await companies()).headers.get('retry-after')).toBe('7');
		sim.setRateLimit(1, null);
		await companies();
		const noHeader = await companies();
		expect(noHeader.status).toBe(429);
		expect(noHeader.headers.get('retry-after')).toBeNull();
	});

	it('answers the next request with 503 MI_MODIFIED_ERROR and the retry succeeds', async () => {
		sim.setFaults({ miModified: { next: 1 } });
		const first = await companies();
		expect(first.status).toBe(503);
		expect(first.json.error).toEqual({ code: 'MI_MODIFIED_ERROR', message: 'Service metadata already modified.' });
		expect((await companies()).status).toBe(200);
		expect(sim.stats().faultsInjected.miModified).toBe(1);
	});

	it('injects 5xx by count or rate (seeded), and resets connections', async () => {
		sim.setFaults({ serverError: { next: 2, status: 502 } });
		expect((await companies()).status).toBe(502);
		expect((await companies()).status).toBe(502);
		expect((await companies()).status).toBe(200);
		sim.setFaults({ serverError: { rate: 1, status: 500 } });
		expect((await companies()).json.error.code).toBe('ODP_INTERNAL_ERROR');
		sim.clearFaults();
		sim.setFaults({ connectionReset: { next: 1 } });
		await expect(companies()).rejects.toThrow();
		expect((await companies()).status).toBe(200);
	});

	it('answers every data request with 503 during an outage, until healed', async () => {
		sim.setFaults({ outage: true });
		expect((await companies()).status).toBe(503);
		expect((await c.post('ExternalVoucherHandling', 'ExtLoadInfoSet', { Company: '10', LoadType: 'X' })).status).toBe(503);
		expect((await http(`${sim.url}/auth/realms/sim1/.well-known/openid-configuration`)).status).toBe(200);
		sim.clearFaults();
		expect((await companies()).status).toBe(200);
	});

	it('concurrent-change fault: the next GET is followed by another user’s modification, so If-Match goes stale (412) until re-read', async () => {
		const path = "SupplierInfoGeneralSet(SupplierId='1000')";
		sim.setFaults({ concurrentChange: { next: 1, entitySet: 'SupplierInfoGeneralSet', key: { SupplierId: '1000' } } });
		const read = await c.get('SupplierHandling', path);
		const stale = await c.patch('SupplierHandling', path, { Name: 'Acme' }, { 'If-Match': read.headers.get('etag')! });
		expect(stale.status).toBe(412);
		const reread = await c.get('SupplierHandling', path);
		expect(reread.headers.get('etag')).not.toBe(read.headers.get('etag'));
		const ok = await c.patch('SupplierHandling', path, { Name: 'Acme' }, { 'If-Match': reread.headers.get('etag')! });
		expect(ok.status).toBe(204);
		expect(sim.stats().concurrentChanges).toBe(1);
	});

	it('concurrent-change fault also hits collection reads of any set when no set is given', async () => {
		sim.setFaults({ concurrentChange: { next: 1 } });
		const list = await c.get('AccountingCodePartValueHandling', "AccountingCodePartValueSet?$filter=Company eq '10' and CodePartValue eq 'CC100'");
		const etag = list.json.value[0]['@odata.etag'];
		const res = await c.patch('AccountingCodePartValueHandling', "AccountingCodePartValueSet(Company='10',CodePart='B',CodePartValue='CC100')", { Description: 'x' }, { 'If-Match': etag });
		expect(res.status).toBe(412);
	});

	it('applies a fixed latency without breaking requests', async () => {
		sim.setFaults({ latencyMs: 20 });
		expect((await companies()).status).toBe(200);
		expect(sim.faults().latencyMs).toBe(20);
	});
});

describe('fault options at start', () => {
	it('honours rateLimitPerMinute, retryAfterSeconds and miModifiedStatus options; rates are reproducible per seed', async () => {
		const run = async () => {
			const sim = await startIfsSimulator({ rateLimitPerMinute: 1, retryAfterSeconds: 3, miModifiedStatus: 500, seed: 42 });
			try {
				const c = await TestClient.connect(sim);
				sim.setFaults({ miModified: { next: 1 } });
				const mi = await c.get('CompanyHandling', 'CompanySet');
				const limited = await c.get('CompanyHandling', 'CompanySet');
				sim.setRateLimit(null);
				sim.setFaults({ serverError: { rate: 0.5 } });
				const statuses: number[] = [];
				for (let i = 0; i < 8; i++) statuses.push((await c.get('CompanyHandling', 'CompanySet')).status);
				return { mi: mi.status, limited: limited.status, retryAfter: limited.headers.get('retry-after'), statuses };
			} finally {
				await sim.stop();
			}
		};
		const first = await run();
		expect(first).toMatchObject({ mi: 500, limited: 429, retryAfter: '3' });
		expect(first.statuses).toContain(503);
		expect(first.statuses).toContain(200);
		expect((await run()).statuses).toEqual(first.statuses);
	});
});

describe('an outage that begins mid-run', () => {
	let sim: IfsSimulator;
	useIfsSimulator((started) => (sim = started.sim), { resetBeforeEach: false });

	it('lets reads through until the next $batch, then answers 503 to everything until healed', async () => {
		const c = await TestClient.connect(sim);
		sim.setFaults({ outageAtNextBatch: true });
		expect((await c.get('CompanyHandling', 'CompanySet')).status).toBe(200);
		const batch = await c.batch('ExternalVoucherHandling', buildBatch('b1', []), 'b1');
		expect(batch.status).toBe(503);
		expect((await c.get('CompanyHandling', 'CompanySet')).status).toBe(503);
		sim.clearFaults();
		expect((await c.get('CompanyHandling', 'CompanySet')).status).toBe(200);
	});
});

describe('answers lost or mangled after the write was committed', () => {
	let sim: IfsSimulator;
	let c: TestClient;
	beforeAll(async () => {
		sim = await startIfsSimulator();
		c = await TestClient.connect(sim);
	});
	afterEach(() => sim.reset());
	afterAll(async () => await sim.stop());

	const loadBatch = () =>
		c.batch('ExternalVoucherHandling', buildBatch('b1', [[{ method: 'POST', url: 'ExtLoadInfoSet', body: { Company: '10', LoadType: 'CONCUR' }, contentId: '1' }]]), 'b1');
	const loads = () => sim.rows('ExtLoadInfoSet').length;

	it.each(['drop', 'reset'] as const)('%s: the $batch is applied, the client gets no answer', async (mode) => {
		sim.setFaults({ afterCommit: { next: 1, mode } });
		await expect(loadBatch()).rejects.toThrow();
		expect(loads()).toBe(1);
		expect(sim.requestLog().at(-1)).toMatchObject({ kind: 'batch', fault: `afterCommit:${mode}` });
		expect((await loadBatch()).status).toBe(200);
		expect(loads()).toBe(2);
	});

	it('html500 / html200: the $batch is applied, the client gets an HTML page instead of the multipart answer', async () => {
		sim.setFaults({ afterCommit: { next: 1, mode: 'html500' } });
		const error = await loadBatch();
		expect([error.status, error.headers.get('content-type')]).toEqual([500, 'text/html']);
		sim.setFaults({ afterCommit: { next: 1, mode: 'html200' } });
		const login = await loadBatch();
		expect([login.status, login.headers.get('content-type')]).toEqual([200, 'text/html']);
		expect(login.text).toMatch(/^<!DOCTYPE html>/);
		expect(loads()).toBe(2);
	});

	it('truncate: the $batch is applied, the multipart answer arrives cut in half without its closing delimiter', async () => {
		sim.setFaults({ afterCommit: { next: 1, mode: 'truncate' } });
		const cut = await loadBatch();
		expect(cut.status).toBe(200);
		const boundary = /boundary=(\S+)/.exec(cut.headers.get('content-type')!)![1];
		expect(cut.text).not.toContain(`--${boundary}--`);
		expect(loads()).toBe(1);
	});

	it('targets only $batch requests unless told to hit any write; reads and refused writes never consume it', async () => {
		sim.setFaults({ afterCommit: { next: 1, mode: 'html500' } });
		expect((await c.post('ExternalVoucherHandling', 'ExtLoadInfoSet', { Company: '10', LoadType: 'CONCUR' })).status).toBe(201);
		sim.setFaults({ afterCommit: { next: 1, mode: 'html500', on: 'write' } });
		expect((await c.get('CompanyHandling', 'CompanySet')).status).toBe(200);
		expect((await c.post('ExternalVoucherHandling', 'ExtLoadInfoSet', { Company: '99', LoadType: 'CONCUR' })).status).toBeGreaterThanOrEqual(400);
		const lost = await c.post('ExternalVoucherHandling', 'ExtLoadInfoSet', { Company: '10', LoadType: 'CONCUR' });
		expect([lost.status, lost.headers.get('content-type')]).toEqual([500, 'text/html']);
		expect(loads()).toBe(2);
		expect(sim.faults().afterCommit.next).toBe(0);
	});
});
