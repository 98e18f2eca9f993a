import { useConcurSimulator } from '../hooks';
import { startConcurSimulator, type ConcurSimulator } from './index';
import { bearer, companyGrant, companyToken, FIS, http, postToken, type TokenResponse } from './test-helpers';

type Json = Record<string, any>;

describe('Concur simulator: control API and fault injection', () => {
	let sim: ConcurSimulator;
	let token: TokenResponse;
	const control = (method: string, path: string, data?: unknown) => http.request({ method, url: `${sim.controlUrl}${path}`, data });
	const reports = (headers: Json = {}) => http.get(`${token.geolocation}/api/v3.0/expense/reports?user=ALL`, { headers: { ...bearer(token), ...headers } });

	useConcurSimulator((started) => (sim = started), { simulator: { seed: 42 } });
	beforeEach(async () => {
		token = await companyToken(sim);
	});

	describe('control API over HTTP', () => {
		it('reports info, state, counters per template and per datacenter, and the request log', async () => {
			expect((await control('GET', '/info')).data).toMatchObject({ tokenHostUrl: sim.tokenHostUrl, datacenterUrls: sim.datacenterUrls, controlUrl: sim.controlUrl });
			await reports();
			await reports();
			await http.get(`${token.geolocation}${FIS}/expense/transactions`, { headers: bearer(token) });
			const stats = (await control('GET', '/stats')).data;
			expect(stats.byTemplate).toMatchObject({ 'POST /oauth2/v0/token': 1, 'GET /api/v3.0/expense/reports': 2, 'GET /financialintegration/fi/v4/companies/transactiontypes/:docType/transactions': 1 });
			expect(stats.byRole).toEqual({ token: 1, us2: 3 });
			expect(stats.tokensByGrant).toEqual({ 'password:authtoken': 1 });
			const log = (await control('GET', '/requests?limit=2')).data;
			expect(log.map((e: Json) => [e.role, e.method, e.status])).toEqual([['us2', 'GET', 200], ['us2', 'GET', 200]]);
			const state = (await control('GET', '/state')).data;
			expect(state.fisDocuments).toHaveLength(8);
			expect(state.fisDocuments.every((d: Json) => d.status === 'READY')).toBe(true);
			expect(state.connectedCompanies).toHaveLength(1);
			expect(state.requestTokens[0]).toMatchObject({ token: 'crt-northwind-0001', uses: 1 });
		});

		it('echoes a caller correlation id and sets one on every response', async () => {
			expect((await reports({ 'concur-correlationid': 'abc-123' })).headers['concur-correlationid']).toBe('abc-123');
			expect((await http.get(`${token.geolocation}/nowhere`)).headers['concur-correlationid']).toBeTruthy();
		});

		it('advances the clock, switches options, recalls/resubmits/generates documents and resets to seed', async () => {
			await control('PUT', '/config', { expiredTokenStatus: { v3: 401 } });
			await control('POST', '/clock/advance', { seconds: 4000 });
			expect((await reports()).status).toBe(401);
			const resubmitted = (await control('POST', '/fis/resubmit', { docType: 'expense', id: '764428DD6A664AF0BFC1' })).data;
			expect(resubmitted).toMatchObject({ sourceId: '764428DD6A664AF0BFC1', revision: 1, status: 'READY' });
			expect((await control('POST', '/fis/recall', { docType: 'invoice', id: '9B1D30723CBF4F86A571' })).data.status).toBe('RECALLED');
			expect((await control('POST', '/fis/recall', { docType: 'invoice', id: 'NOPE' })).status).toBe(400);
			expect((await control('POST', '/fis/generate', { count: 3, linesPerDocument: 2 })).data).toHaveLength(3);
			const issued = (await control('POST', '/request-tokens', {})).data;
			expect((await postToken(sim.tokenHostUrl, companyGrant(issued.requestToken))).status).toBe(200);
			expect((await control('POST', '/reset')).status).toBe(200);
			const state = (await control('GET', '/state')).data;
			expect(state.fisDocuments).toHaveLength(8);
			expect((await control('GET', '/info')).data.clockOffsetSeconds).toBe(0);
			expect((await control('GET', '/nothing')).status).toBe(404);
		});

		it('produces the same ids for the same seed and different ids for another seed', async () => {
			const other = await startConcurSimulator({ seed: 7 });
			const same = await startConcurSimulator({ seed: 42 });
			try {
				expect(same.fisDocuments.map((d) => d.id)).toEqual(sim.fisDocuments.map((d) => d.id));
				expect(other.fisDocuments.map((d) => d.id)).not.toEqual(sim.fisDocuments.map((d) => d.id));
			} finally {
				await Promise.all([other.stop(), same.stop()]);
			}
		});
	});

	describe('faults', () => {
		it('injects 5xx in the family error style and 429 with a configurable retry-after', async () => {
			sim.setFaults({ rules: [{ path: '^/api/v3', serverErrorRate: 1, serverErrorStatus: 502 }] });
			const res = await reports();
			expect(res.status).toBe(502);
			expect(res.data.Error.Message).toBeTruthy();
			await control('PUT', '/faults', { rules: [{ path: '^/api/v3', rateLimitRate: 1, retryAfter: '7' }] });
			const limited = await reports();
			expect(limited.status).toBe(429);
			expect(limited.headers['retry-after']).toBe('7');
			await control('DELETE', '/faults');
			expect((await reports()).status).toBe(200);
		});

		it('fails the next N matching requests in burst mode', async () => {
			sim.setFaults({ burst: { count: 2, status: 503, server: 'us2' } });
			expect((await postToken(sim.tokenHostUrl, companyGrant())).status).toBe(200);
			expect((await reports()).status).toBe(503);
			expect((await reports()).status).toBe(503);
			expect((await reports()).status).toBe(200);
			expect(sim.faults().burstRemaining).toBe(0);
		});

		it('resets connections, by rate and by burst', async () => {
			sim.setFaults({ burst: { count: 1, status: 'reset', path: 'expense/reports' } });
			const reset: Json = await reports().then(() => ({ code: 'answered' }), (error: Json) => error);
			expect(reset.code).toMatch(/ECONNRESET|ERR_BAD_RESPONSE|ECONNABORTED/);
			expect((await reports()).status).toBe(200);
			sim.setFaults({ rules: [{ path: '^/oauth2', connectionResetRate: 1 }] });
			await expect(postToken(sim.datacenterUrls.us2, companyGrant())).rejects.toBeTruthy();
			expect(sim.requestLog().filter((e) => e.fault === 'reset')).toHaveLength(2);
		});

		it('rolls seeded dice: the same fault setting plays out the same sequence', async () => {
			const play = async () => {
				sim.setFaults({ rules: [{ path: 'expense/reports', rateLimitRate: 0.5 }] });
				const statuses: number[] = [];
				for (let i = 0; i < 16; i++) statuses.push((await reports()).status);
				return statuses;
			};
			const first = await play();
			expect(first).toContain(429);
			expect(first).toContain(200);
			expect(await play()).toEqual(first);
		});

		it('adds latency without failing, and records the highest concurrency', async () => {
			sim.setFaults({ rules: [{ path: 'expense/reports', latencyMs: 40 }] });
			const results = await Promise.all(Array.from({ length: 5 }, () => reports()));
			expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
			expect(sim.statsSnapshot().maxConcurrency).toBeGreaterThanOrEqual(2);
		});

		it('adds x-api-warn and sunset headers on deprecated paths and changes the token lifetime', async () => {
			sim.setFaults({ deprecatedPaths: ['^/api/v3.0/expense/'], tokenLifetimeSeconds: 120 });
			const res = await reports();
			expect(res.headers['x-api-warn']).toBeTruthy();
			expect(res.headers.sunset).toBeTruthy();
			expect((await http.get(`${token.geolocation}/list/v4/lists`, { headers: bearer(token) })).headers['x-api-warn']).toBeUndefined();
			expect((await companyToken(sim)).expires_in).toBe('120');
		});

		it('answers injected token-endpoint 503s with a free-text body', async () => {
			sim.setFaults({ rules: [{ path: '^/oauth2', serverErrorRate: 1 }] });
			const res = await postToken(sim.tokenHostUrl, companyGrant());
			expect(res.status).toBe(503);
			expect(typeof res.data).toBe('string');
		});
	});
});
