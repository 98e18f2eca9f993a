import { useConcurSimulator } from '../hooks';
import { OTHER_APP_REQUEST_TOKEN, startConcurSimulator, type ConcurSimulator } from './index';
import { apUser, app, bearer, company, companyGrant, companyToken, FIS, http, postToken, userToken } from './test-helpers';

describe('Concur simulator: OAuth2, geolocation and tokens', () => {
	let sim: ConcurSimulator;

	useConcurSimulator((started) => (sim = started));

	it('runs the token host and each datacenter on its own loopback port', () => {
		const urls = [sim.tokenHostUrl, sim.datacenterUrls.us2, sim.datacenterUrls.eu2];
		expect(new Set(urls).size).toBe(3);
		for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sim.controlUrl).toBe(`${sim.tokenHostUrl}/_sim`);
	});

	it('exchanges the company request token at GLZ; geolocation points at the home datacenter', async () => {
		const res = await postToken(sim.tokenHostUrl, companyGrant());
		expect(res.status).toBe(200);
		expect(res.headers['concur-correlationid']).toBeTruthy();
		expect(res.data.expires_in).toBe('3600');
		expect(typeof res.data.refresh_expires_in).toBe('number');
		expect(res.data.refresh_expires_in).toBeGreaterThan(Math.floor(Date.now() / 1000) + 100 * 86400);
		expect(res.data.geolocation).toBe(sim.datacenterUrls.us2);
		expect(res.data.token_type).toBe('Bearer');
		const claims = JSON.parse(Buffer.from(res.data.id_token.split('.')[1], 'base64url').toString());
		expect(claims).toMatchObject({ sub: company.companyUuid, 'concur.type': 'company' });
	});

	it('rejects credentials in the query string and non-form bodies', async () => {
		const query = await http.post(`${sim.tokenHostUrl}/oauth2/v0/token?client_id=${app.clientId}&client_secret=x`, 'grant_type=password', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
		expect(query.status).toBe(400);
		expect(query.data.error).toBe('invalid_request');
		const jsonBody = await http.post(`${sim.tokenHostUrl}/oauth2/v0/token`, companyGrant());
		expect(jsonBody.status).toBe(400);
		expect(jsonBody.data).toMatchObject({ error: 'invalid_request', code: 62 });
	});

	it('answers bad client secrets and unknown request tokens with the documented error body', async () => {
		const secret = await postToken(sim.tokenHostUrl, { ...companyGrant(), client_secret: 'wrong' });
		expect(secret.status).toBe(401);
		expect(secret.data).toMatchObject({ error: 'invalid_client', code: 19 });
		const token = await postToken(sim.tokenHostUrl, companyGrant('no-such-token'));
		expect(token.data).toEqual({ error: 'invalid_grant', error_description: 'Incorrect Credentials. Please Retry', code: 5 });
		const credtype = await postToken(sim.tokenHostUrl, { ...companyGrant(), credtype: 'magic' });
		expect(credtype.data.code).toBe(120);
	});

	it('answers code 16 "user lives elsewhere" for the company at the wrong datacenter, and accepts its home datacenter', async () => {
		const wrong = await postToken(sim.datacenterUrls.eu2, companyGrant());
		expect(wrong.status).toBe(400);
		expect(wrong.data).toMatchObject({ error: 'invalid_request', error_description: 'user lives elsewhere', code: 16, geolocation: sim.datacenterUrls.us2 });
		const home = await postToken(sim.datacenterUrls.us2, companyGrant());
		expect(home.status).toBe(200);
	});

	it('user password grant: code 16 at GLZ with the user geolocation, success there', async () => {
		const glz = await postToken(sim.tokenHostUrl, { client_id: app.clientId, client_secret: app.clientSecret, grant_type: 'password', username: apUser.loginId, password: apUser.password, credtype: 'password' });
		expect(glz.data).toMatchObject({ code: 16, geolocation: sim.datacenterUrls.eu2 });
		const token = await userToken(sim);
		expect(token.geolocation).toBe(sim.datacenterUrls.eu2);
		const wrongPassword = await postToken(sim.datacenterUrls.eu2, { client_id: app.clientId, client_secret: app.clientSecret, grant_type: 'password', username: apUser.loginId, password: 'nope' });
		expect(wrongPassword.data.code).toBe(5);
	});

	it('answers code 136 for a request token issued for another client id', async () => {
		const res = await postToken(sim.tokenHostUrl, companyGrant(OTHER_APP_REQUEST_TOKEN));
		expect(res.status).toBe(400);
		expect(res.data).toMatchObject({ error: 'invalid_request', code: 136 });
	});

	it('limits the request token to 5 exchanges by default', async () => {
		for (let i = 0; i < 5; i++) expect((await postToken(sim.tokenHostUrl, companyGrant())).status).toBe(200);
		const sixth = await postToken(sim.tokenHostUrl, companyGrant());
		expect(sixth.status).toBe(400);
		expect(sixth.data.code).toBe(5);
	});

	it('makes the request-token use limit configurable', async () => {
		const strict = await startConcurSimulator({ requestTokenMaxUses: 1 });
		try {
			expect((await postToken(strict.tokenHostUrl, companyGrant())).status).toBe(200);
			expect((await postToken(strict.tokenHostUrl, companyGrant())).data.code).toBe(5);
		} finally {
			await strict.stop();
		}
	});

	it('expires the request token after 24 simulated hours', async () => {
		sim.advanceTime(24 * 3600 + 1);
		const res = await postToken(sim.tokenHostUrl, companyGrant());
		expect(res.data.code).toBe(5);
		const fresh = sim.issueRequestToken();
		expect((await postToken(sim.tokenHostUrl, companyGrant(fresh.requestToken))).status).toBe(200);
	});

	it('rotates refresh tokens: the old one answers 108, the new one works', async () => {
		const first = await companyToken(sim);
		const refresh = (token: string) => postToken(sim.datacenterUrls.us2, { client_id: app.clientId, client_secret: app.clientSecret, grant_type: 'refresh_token', refresh_token: token });
		const second = await refresh(first.refresh_token as string);
		expect(second.status).toBe(200);
		expect(second.data.refresh_token).not.toBe(first.refresh_token);
		expect(second.data.geolocation).toBe(sim.datacenterUrls.us2);
		const reused = await refresh(first.refresh_token as string);
		expect(reused.status).toBe(400);
		expect(reused.data).toMatchObject({ error: 'invalid_grant', code: 108 });
		expect((await refresh(second.data.refresh_token)).status).toBe(200);
		expect(sim.statsSnapshot().refreshTokensRotated).toBe(2);
		expect(sim.statsSnapshot().tokensByGrant).toMatchObject({ 'password:authtoken': 1, refresh_token: 2 });
	});

	it('keeps the old refresh token valid when oldRefreshTokenStaysValid is switched on', async () => {
		sim.setOptions({ oldRefreshTokenStaysValid: true });
		const first = await companyToken(sim);
		const fields = { client_id: app.clientId, client_secret: app.clientSecret, grant_type: 'refresh_token', refresh_token: first.refresh_token as string };
		expect((await postToken(sim.datacenterUrls.us2, fields)).status).toBe(200);
		expect((await postToken(sim.datacenterUrls.us2, fields)).status).toBe(200);
	});

	it('requires the refresh at the stored geolocation and rejects unknown refresh tokens with 108', async () => {
		const first = await companyToken(sim);
		const fields = { client_id: app.clientId, client_secret: app.clientSecret, grant_type: 'refresh_token', refresh_token: first.refresh_token as string };
		const atGlz = await postToken(sim.tokenHostUrl, fields);
		expect(atGlz.data).toMatchObject({ code: 16, geolocation: sim.datacenterUrls.us2 });
		expect((await postToken(sim.datacenterUrls.us2, { ...fields, refresh_token: 'bogus' })).data.code).toBe(108);
		expect((await postToken(sim.datacenterUrls.us2, { ...fields, refresh_token: '' })).data.code).toBe(106);
	});

	it('answers an expired access token with 403 by default and 401 where switched, per family', async () => {
		const token = await companyToken(sim);
		const fisUrl = `${token.geolocation}${FIS}/expense/transactions`;
		const listUrl = `${token.geolocation}/list/v4/lists`;
		expect((await http.get(fisUrl, { headers: bearer(token) })).status).toBe(200);
		sim.advanceTime(3601);
		expect((await http.get(fisUrl, { headers: bearer(token) })).status).toBe(403);
		sim.setOptions({ expiredTokenStatus: { list: 401 } });
		const list = await http.get(listUrl, { headers: bearer(token) });
		expect(list.status).toBe(401);
		expect(list.data.error).toBe('invalid_token');
		expect((await http.get(fisUrl, { headers: bearer(token) })).status).toBe(403);
	});

	it('honours a shorter token lifetime', async () => {
		const short = await startConcurSimulator({ tokenLifetimeSeconds: 60, expiredTokenStatus: { profile: 401 } });
		try {
			const token = await companyToken(short);
			expect(token.expires_in).toBe('60');
			short.advanceTime(61);
			expect((await http.get(`${token.geolocation}/profile/v1/me`, { headers: bearer(token) })).status).toBe(401);
		} finally {
			await short.stop();
		}
	});

	it('refuses data calls at another datacenter, at the token host and without a token', async () => {
		const token = await companyToken(sim);
		const wrongDc = await http.get(`${sim.datacenterUrls.eu2}/api/v3.0/expense/reports?user=ALL`, { headers: bearer(token) });
		expect(wrongDc.status).toBe(401);
		expect(wrongDc.data).toMatchObject({ error: 'invalid_token' });
		expect((await http.get(`${sim.tokenHostUrl}/api/v3.0/expense/reports?user=ALL`, { headers: bearer(token) })).status).toBe(404);
		expect((await http.get(`${token.geolocation}/api/v3.0/expense/reports?user=ALL`)).status).toBe(401);
	});

	it('FIS accepts company tokens only', async () => {
		const user = await userToken(sim);
		const res = await http.get(`${user.geolocation}${FIS}/expense/transactions`, { headers: bearer(user) });
		expect(res.status).toBe(403);
	});

	it('profile/v1/me describes the company or the user behind the token', async () => {
		const companyMe = await http.get(`${sim.datacenterUrls.us2}/profile/v1/me`, { headers: bearer(await companyToken(sim)) });
		expect(companyMe.data).toMatchObject({ id: company.companyUuid, meta: { principalType: 'company' }, 'com:concur:Expense:0.1': { marketingName: 'Enterprise' } });
		const userMe = await http.get(`${sim.datacenterUrls.eu2}/profile/v1/me`, { headers: bearer(await userToken(sim)) });
		expect(userMe.data).toMatchObject({ id: apUser.userUuid, meta: { principalType: 'user' } });
	});

	it('issues app tokens with client_credentials (no refresh token) and can emit expires_in as a number', async () => {
		sim.setOptions({ expiresInAsNumber: true, issueIdToken: false });
		const res = await postToken(sim.datacenterUrls.eu2, { client_id: app.clientId, client_secret: app.clientSecret, grant_type: 'client_credentials' });
		expect(res.data.expires_in).toBe(3600);
		expect(res.data.refresh_token).toBeUndefined();
		expect(res.data.geolocation).toBe(sim.datacenterUrls.eu2);
		const companyRes = await postToken(sim.tokenHostUrl, companyGrant());
		expect(companyRes.data.id_token).toBeUndefined();
	});
});
