import { useConcurSimulator, concurCredentials, CREDENTIAL_ID, expectNoSecrets, requestCount, runConcur, runConcurWithInputs, secretsOf, type ConcurSimulator } from './concur-test-kit';

const FIS_LIST = 'GET /financialintegration/fi/v4/companies/transactiontypes/:docType/transactions';
const getManyFis = { resource: 'financialDocument', operation: 'getMany', docType: 'expense', returnAll: true };

let sim: ConcurSimulator;
useConcurSimulator((started) => (sim = started));

const grants = () => sim.statsSnapshot().tokensByGrant;

describe('transport and credential lifecycle', () => {
	test('first run exchanges the request token at the token host; data calls go to the geolocation datacenter; a later run after expiry refreshes and stores the rotated refresh token', async () => {
		const store = concurCredentials(sim);
		const first = await runConcur(store, getManyFis);
		expect(first.status).toBe('success');
		expect(grants()).toEqual({ 'password:authtoken': 1 });
		const log = sim.requestLog();
		expect(log.filter((entry) => entry.role === 'token').every((entry) => entry.path.startsWith('/oauth2/'))).toBe(true);
		expect(log.filter((entry) => entry.path.startsWith('/financialintegration/')).every((entry) => entry.role === 'us2')).toBe(true);
		expect(store.get(CREDENTIAL_ID).geolocation).toBe(sim.datacenterUrls.us2);
		const firstRefreshToken = store.get(CREDENTIAL_ID).refreshToken;

		sim.advanceTime(3700);
		const later = await runConcur(store, getManyFis);
		expect(later.status).toBe('success');
		expect(grants()).toEqual({ 'password:authtoken': 1, refresh_token: 1 });
		expect(store.get(CREDENTIAL_ID).refreshToken).not.toBe(firstRefreshToken);
		expectNoSecrets([first.run.data, later.run.data], secretsOf(store));
	});

	test('1,000 requests across one access-token expiry make exactly one refresh, and the rotated refresh token is stored', async () => {
		const store = concurCredentials(sim);
		await runConcur(store, getManyFis);
		const refreshBefore = store.get(CREDENTIAL_ID).refreshToken;
		sim.advanceTime(3599); // the token has about one second left; the run below takes longer
		sim.setOptions({ latencyMs: 3 });
		const inputs = Array.from({ length: 1000 }, () => ({ po: 'P1001' }));
		const run = await runConcurWithInputs(store, inputs, { resource: 'purchaseOrder', operation: 'get', purchaseOrderNumber: '={{ $json.po }}' });
		expect(run.status).toBe('success');
		expect(run.json('Concur')).toHaveLength(1000);
		expect(run.json('Concur').every((item) => item.PurchaseOrderNumber === 'P1001')).toBe(true);
		expect(grants().refresh_token).toBe(1);
		expect(store.get(CREDENTIAL_ID).refreshToken).not.toBe(refreshBefore);
		expect(store.get(CREDENTIAL_ID).refreshToken).toEqual(expect.any(String));
	});

	test('a token response naming a host outside the allow-list is refused and that host receives nothing', async () => {
		// Token host reached as "localhost" (allowed); Concur's answer names 127.0.0.1, which is not.
		const port = new URL(sim.tokenHostUrl).port;
		const store = concurCredentials(sim, { customLoginHost: `http://localhost:${port}`, extraAllowedHosts: 'localhost' });
		const run = await runConcur(store, getManyFis);
		expect(run.status).toBe('error');
		expect(run.error?.message).toMatch(/not a SAP Concur host|Refusing/);
		expect(sim.requestLog().filter((entry) => entry.role === 'us2' || entry.role === 'eu2')).toHaveLength(0);
		expectNoSecrets(run.run.data, secretsOf(store));
	});

	test('429 (Retry-After: 0) and 503 bursts are survived with no lost or duplicated record', async () => {
		sim.generateExpenseDocuments(250, 1);
		const store = concurCredentials(sim);
		const clean = (await runConcur(store, getManyFis)).json('Concur').map((item) => item.id);
		sim.setFaults({ burst: { count: 2, status: 429, path: '^/financialintegration/', retryAfter: '0' } });
		const throttled = await runConcur(store, getManyFis);
		sim.setFaults({ burst: { count: 3, status: 503, path: '^/financialintegration/' } });
		const failing = await runConcur(store, getManyFis);
		for (const run of [throttled, failing]) {
			expect(run.status).toBe('success');
			expect(run.json('Concur').map((item) => item.id)).toEqual(clean);
		}
		expect(sim.requestLog().filter((entry) => entry.status === 429)).toHaveLength(2);
	});

	test('a permanent failure is not retried and surfaces Concur\'s message without secrets', async () => {
		const store = concurCredentials(sim);
		sim.setFaults({ burst: { count: 1, status: 500, path: '^/financialintegration/' } });
		const run = await runConcur(store, getManyFis, { onError: 'continueRegularOutput' });
		const [item] = run.json('Concur');
		expect(item.error).toContain('SAP Concur answered 500');
		expect(requestCount(sim, FIS_LIST)).toBe(1);
		expectNoSecrets(run.run.data, secretsOf(store));
	});

	test('deprecation headers become warnings in _concur; ids containing $ are URL-encoded', async () => {
		sim.setFaults({ deprecatedPaths: ['^/api/v3.0/invoice/purchaseorders'] });
		const run = await runConcur(concurCredentials(sim), { resource: 'purchaseOrder', operation: 'get', purchaseOrderNumber: 'P1001' });
		expect((run.json('Concur')[0]._concur as { warnings: string[] }).warnings.length).toBeGreaterThan(0);
		const dollar = await runConcur(concurCredentials(sim), { resource: 'purchaseOrder', operation: 'get', purchaseOrderNumber: 'gW12$ab' }, { onError: 'continueRegularOutput' });
		expect(sim.requestLog().at(-1)?.path).toContain('gW12%24ab');
		expect(dollar.json('Concur')[0].error).toContain('404');
	});
});
