import { useIfsSimulator } from '../hooks';
import { startIfsSimulator, type IfsSimulator } from './index';
import { http } from './testClient';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe('IFS IAM (Keycloak) token endpoint', () => {
	let sim: IfsSimulator;

	useIfsSimulator((started) => (sim = started.sim), { resetBeforeEach: false });

	it('issues a client-credentials token with client_secret_post, shaped like IFS IAM', async () => {
		const { clientId, clientSecret } = sim.defaultClient;
		expect(clientId).toBe('n8n-concur');
		const res = await http(sim.tokenUrl, {
			method: 'POST',
			headers: formHeaders,
			body: form({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'openid microprofile-jwt' }),
		});
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ expires_in: 180, refresh_expires_in: 1800, token_type: 'Bearer', 'not-before-policy': 0 });
		expect(res.json.access_token.split('.')).toHaveLength(3);
		expect(typeof res.json.refresh_token).toBe('string');
		expect(typeof res.json.id_token).toBe('string');
		expect(res.json.scope).toContain('microprofile-jwt');
		expect(sim.tokenUrl).toBe(`${sim.url}/auth/realms/sim1/protocol/openid-connect/token`);
	});

	it('accepts HTTP Basic client authentication (client_secret_basic)', async () => {
		const basic = Buffer.from(`${sim.defaultClient.clientId}:${sim.defaultClient.clientSecret}`).toString('base64');
		const res = await http(sim.tokenUrl, { method: 'POST', headers: { ...formHeaders, Authorization: `Basic ${basic}` }, body: form({ grant_type: 'client_credentials' }) });
		expect(res.status).toBe(200);
		expect(res.json.access_token).toBeTruthy();
	});

	it('rejects a wrong secret with Keycloak invalid_client 401', async () => {
		const res = await http(sim.tokenUrl, {
			method: 'POST',
			headers: formHeaders,
			body: form({ grant_type: 'client_credentials', client_id: 'n8n-concur', client_secret: 'wrong' }),
		});
		expect(res.status).toBe(401);
		expect(res.json).toEqual({ error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials' });
	});

	it('answers unsupported and missing grant types with 400', async () => {
		const { clientId, clientSecret } = sim.defaultClient;
		const password = await http(sim.tokenUrl, { method: 'POST', headers: formHeaders, body: form({ grant_type: 'password', client_id: clientId, client_secret: clientSecret }) });
		expect(password.status).toBe(400);
		expect(password.json.error).toBe('unsupported_grant_type');
		const missing = await http(sim.tokenUrl, { method: 'POST', headers: formHeaders, body: form({ client_id: clientId, client_secret: clientSecret }) });
		expect(missing.status).toBe(400);
		expect(missing.json.error).toBe('invalid_request');
	});

	it('refreshes with the refresh_token grant', async () => {
		const { clientId, clientSecret } = sim.defaultClient;
		const first = await http(sim.tokenUrl, { method: 'POST', headers: formHeaders, body: form({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }) });
		const refreshed = await http(sim.tokenUrl, {
			method: 'POST',
			headers: formHeaders,
			body: form({ grant_type: 'refresh_token', refresh_token: first.json.refresh_token, client_id: clientId, client_secret: clientSecret }),
		});
		expect(refreshed.status).toBe(200);
		expect(refreshed.json.access_token).not.toBe(first.json.access_token);
		const bogus = await http(sim.tokenUrl, { method: 'POST', headers: formHeaders, body: form({ grant_type: 'refresh_token', refresh_token: 'x', client_id: clientId, client_secret: clientSecret }) });
		expect(bogus.json.error).toBe('invalid_grant');
	});

	it('serves OpenID discovery and 404s an unknown realm', async () => {
		const res = await http(`${sim.url}/auth/realms/sim1/.well-known/openid-configuration`);
		expect(res.status).toBe(200);
		expect(res.json.token_endpoint).toBe(sim.tokenUrl);
		expect(res.json.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_post', 'client_secret_basic']));
		const other = await http(`${sim.url}/auth/realms/nope/protocol/openid-connect/token`, { method: 'POST', body: 'grant_type=client_credentials', headers: formHeaders });
		expect(other.status).toBe(404);
	});

	it('requires a valid bearer token on data requests; expired tokens get 401', async () => {
		const companies = `${sim.projectionUrl('CompanyHandling')}/CompanySet`;
		expect((await http(companies)).status).toBe(401);
		expect((await http(companies, { token: 'not-a-token' })).status).toBe(401);
		const basic = Buffer.from('n8n-concur:sim-ifs-secret-4Kp2').toString('base64');
		expect((await http(companies, { headers: { Authorization: `Basic ${basic}` } })).status).toBe(401);
		const token = (await http(sim.tokenUrl, { method: 'POST', headers: formHeaders, body: form({ grant_type: 'client_credentials', client_id: 'n8n-concur', client_secret: 'sim-ifs-secret-4Kp2' }) })).json.access_token;
		expect((await http(companies, { token })).status).toBe(200);
		sim.expireTokens();
		const expired = await http(companies, { token });
		expect(expired.status).toBe(401);
		expect(expired.headers.get('www-authenticate')).toContain('Bearer');
	});
});

describe('IAM options', () => {
	it('supports several clients, a configurable lifetime and realm, and an OData-style 401 body', async () => {
		const sim = await startIfsSimulator({
			realm: 'acme1',
			tokenLifetimeSeconds: 60,
			unauthorizedBody: 'odata',
			clients: [
				{ clientId: 'a', clientSecret: 'sa', allowedCompanies: ['10'] },
				{ clientId: 'b', clientSecret: 'sb', allowedCompanies: ['90'] },
			],
		});
		try {
			expect(sim.tokenUrl).toContain('/auth/realms/acme1/');
			const res = await http(sim.tokenUrl, { method: 'POST', headers: formHeaders, body: form({ grant_type: 'client_credentials', client_id: 'b', client_secret: 'sb' }) });
			expect(res.json.expires_in).toBe(60);
			const unauthorized = await http(`${sim.projectionUrl('CompanyHandling')}/CompanySet`);
			expect(unauthorized.status).toBe(401);
			expect(unauthorized.json.error.code).toBe('UNAUTHORIZED');
		} finally {
			await sim.stop();
		}
	});
});
