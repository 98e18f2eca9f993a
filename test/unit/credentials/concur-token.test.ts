import { ConcurRefreshRaceError, obtainConcurTokens as obtainWith, type ConcurConnection, type PostForm } from '../../../nodes/shared/concur/token';
import { GrantLedger } from '../../../nodes/shared/concur/grant-ledger';
import { isAllowedConcurUrl } from '../../../nodes/shared/concur/hosts';

const GLZ = 'https://glz.api.concursolutions.com';
const US2 = 'https://us2.api.concursolutions.com';

const company: ConcurConnection = {
	clientId: 'client-1',
	clientSecret: 'secret-xyz',
	connectionType: 'company',
	companyUuid: 'company-uuid',
	requestToken: 'request-token-abc',
	tokenHost: GLZ,
	extraAllowedHosts: [],
};

const tokenBody = (overrides: Record<string, unknown> = {}) => ({
	access_token: 'access-1',
	refresh_token: 'refresh-1',
	expires_in: '3600',
	refresh_expires_in: 1800000000,
	geolocation: US2,
	...overrides,
});

function recorder(responses: Array<{ statusCode: number; body: unknown }>) {
	const calls: Array<{ url: string; form: Record<string, string> }> = [];
	const postForm: PostForm = async (url, form) => {
		calls.push({ url, form });
		const next = responses.shift();
		if (!next) throw new Error('unexpected token request');
		return next;
	};
	return { calls, postForm };
}

let ledger: GrantLedger;
beforeEach(() => {
	ledger = new GrantLedger();
});
const obtainConcurTokens = (connection: ConcurConnection, postForm: PostForm) => obtainWith(connection, postForm, ledger);

describe('Concur token exchange', () => {
	it('exchanges the company request token at the token host and keeps the geolocation', async () => {
		const { calls, postForm } = recorder([{ statusCode: 200, body: tokenBody() }]);
		const tokens = await obtainConcurTokens(company, postForm);
		expect(calls).toEqual([
			{
				url: `${GLZ}/oauth2/v0/token`,
				form: { client_id: 'client-1', client_secret: 'secret-xyz', grant_type: 'password', username: 'company-uuid', password: 'request-token-abc', credtype: 'authtoken' },
			},
		]);
		expect(tokens).toEqual({ accessToken: 'access-1', refreshToken: 'refresh-1', geolocation: US2, connectionRenewBy: '2027-01-15T08:00:00.000Z' });
	});

	it('refreshes at the stored geolocation and stores the rotated refresh token', async () => {
		const { calls, postForm } = recorder([{ statusCode: 200, body: tokenBody({ access_token: 'access-2', refresh_token: 'refresh-2' }) }]);
		const tokens = await obtainConcurTokens({ ...company, refreshToken: 'refresh-1', geolocation: US2 }, postForm);
		expect(calls[0].url).toBe(`${US2}/oauth2/v0/token`);
		expect(calls[0].form).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'refresh-1' });
		expect(tokens.refreshToken).toBe('refresh-2');
		expect(tokens.accessToken).toBe('access-2');
	});

	it('on a first code 108 reports a possible race (the caller re-reads the credential); on the second falls back to the request token', async () => {
		const refused = { statusCode: 400, body: { error: 'invalid_grant', error_description: 'Invalid refresh token', code: 108 } };
		const { calls, postForm } = recorder([refused, refused, { statusCode: 200, body: tokenBody({ refresh_token: 'refresh-fresh' }) }]);
		const stale = { ...company, refreshToken: 'stale', geolocation: US2 };
		await expect(obtainConcurTokens(stale, postForm)).rejects.toBeInstanceOf(ConcurRefreshRaceError);
		const tokens = await obtainConcurTokens(stale, postForm);
		expect(calls.map((call) => call.form.grant_type)).toEqual(['refresh_token', 'refresh_token', 'password']);
		expect(tokens.refreshToken).toBe('refresh-fresh');
	});

	it('fails with the reconnect advice, saying the refresh token was refused first, when both the refresh token and the request token are spent', async () => {
		const refused = { statusCode: 400, body: { error: 'invalid_grant', error_description: 'Invalid refresh token', code: 108 } };
		const { postForm } = recorder([
			refused,
			refused,
			{ statusCode: 400, body: { error: 'invalid_grant', error_description: 'Incorrect Credentials. Please Retry', code: 5 } },
		]);
		const stale = { ...company, refreshToken: 'stale', geolocation: US2 };
		await obtainConcurTokens(stale, postForm).catch(() => undefined);
		await expect(obtainConcurTokens(stale, postForm)).rejects.toThrow(
			/^SAP Concur refused the token request \(code 5\): invalid_grant: Incorrect Credentials\. Please Retry\. The stored refresh token had been refused \(code 108\).*Generate a new company request token/,
		);
	});

	it('five callers finding the token expired at once make one refresh; a caller arriving later with the spent token gets the new tokens without a call', async () => {
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const calls: string[] = [];
		const postForm: PostForm = async (_url, form) => {
			calls.push(form.refresh_token);
			await gate;
			return { statusCode: 200, body: tokenBody({ access_token: 'access-2', refresh_token: 'refresh-2' }) };
		};
		const expired = { ...company, refreshToken: 'refresh-1', geolocation: US2 };
		const five = Array.from({ length: 5 }, () => obtainConcurTokens(expired, postForm));
		release();
		const results = await Promise.all(five);
		expect(calls).toEqual(['refresh-1']);
		expect(new Set(results.map((tokens) => tokens.refreshToken))).toEqual(new Set(['refresh-2']));
		expect((await obtainConcurTokens(expired, postForm)).accessToken).toBe('access-2');
		expect(calls).toHaveLength(1);
	});

	it('five first runs at once exchange the one-shot company request token once', async () => {
		const { calls, postForm } = recorder([{ statusCode: 200, body: tokenBody() }]);
		const results = await Promise.all(Array.from({ length: 5 }, () => obtainConcurTokens(company, postForm)));
		expect(calls).toHaveLength(1);
		expect(results.every((tokens) => tokens.refreshToken === 'refresh-1')).toBe(true);
	});

	it('a token response without a refresh token is refused at exchange time', async () => {
		const { postForm } = recorder([{ statusCode: 200, body: tokenBody({ refresh_token: undefined }) }]);
		await expect(obtainConcurTokens(company, postForm)).rejects.toThrow(/without a refresh token/);
	});

	it.each([
		['an HTML page', '<html><body>Bad gateway</body></html>', 200, /answered HTTP 200 with an HTML\/XML page instead of a token/],
		['an empty body', '', 200, /answered HTTP 200 with an empty body instead of a token/],
		['text', 'not json at all', 502, /answered HTTP 502 with text that is not JSON instead of an OAuth answer\. Try again later/],
	])('a token endpoint answering %s gets a message, not parser text', async (_what, body, statusCode, expected) => {
		const { postForm } = recorder([{ statusCode, body }]);
		const error = (await obtainConcurTokens(company, postForm).catch((e: Error) => e)) as Error;
		expect(error.message).toMatch(expected);
		expect(error.message).not.toMatch(/Unexpected token|JSON\.parse|position/);
	});

	it('a redirect answer to the token request is an error naming the target, never followed', async () => {
		const { calls, postForm } = recorder([{ statusCode: 307, body: '', location: 'https://evil.example/collect' } as never]);
		await expect(obtainConcurTokens(company, postForm)).rejects.toThrow(/answered HTTP 307 \(a redirect to https:\/\/evil\.example\)\..*never redirected/);
		expect(calls).toHaveLength(1);
	});

	it('words a refusal as a refusal, with Concur\'s code and text', async () => {
		const { postForm } = recorder([{ statusCode: 400, body: { error: 'invalid_grant', error_description: 'Incorrect Credentials. Please Retry', code: 5 } }]);
		await expect(obtainConcurTokens(company, postForm)).rejects.toThrow(/^SAP Concur refused the token request \(code 5\): invalid_grant: Incorrect Credentials/);
	});

	it('redacts secrets Concur echoes in its error text', async () => {
		const { postForm } = recorder([
			{ statusCode: 400, body: { error: 'invalid_grant', error_description: 'bad form client_secret=secret-xyz&password=request-token-abc; token request-token-abc', code: 5 } },
		]);
		const error = (await obtainConcurTokens(company, postForm).catch((e: Error) => e)) as Error;
		expect(error.message).toContain('code 5');
		for (const secret of ['secret-xyz', 'request-token-abc']) expect(JSON.stringify({ message: error.message, stack: error.stack })).not.toContain(secret);
	});

	it('explains code 136 (request token issued for another app)', async () => {
		const { postForm } = recorder([{ statusCode: 400, body: { error: 'invalid_request', error_description: 'authtoken was not issued for you', code: 136 } }]);
		await expect(obtainConcurTokens(company, postForm)).rejects.toThrow(/issued for another app/);
	});

	it('follows a code 16 redirect to the principal\'s datacenter', async () => {
		const user: ConcurConnection = { ...company, connectionType: 'user', username: 'ap@example.com', password: 'pw-123' };
		const { calls, postForm } = recorder([
			{ statusCode: 400, body: { error: 'invalid_request', error_description: 'user lives elsewhere', code: 16, geolocation: 'https://eu2.api.concursolutions.com' } },
			{ statusCode: 200, body: tokenBody({ geolocation: 'https://eu2.api.concursolutions.com' }) },
		]);
		const tokens = await obtainConcurTokens(user, postForm);
		expect(calls.map((call) => call.url)).toEqual([`${GLZ}/oauth2/v0/token`, 'https://eu2.api.concursolutions.com/oauth2/v0/token']);
		expect(calls[1].form).toMatchObject({ credtype: 'password', username: 'ap@example.com' });
		expect(tokens.geolocation).toBe('https://eu2.api.concursolutions.com');
	});

	it('refuses a code 16 redirect to a host outside the allow-list without sending anything there', async () => {
		const { calls, postForm } = recorder([{ statusCode: 400, body: { code: 16, error: 'invalid_request', geolocation: 'https://evil.example.com' } }]);
		await expect(obtainConcurTokens(company, postForm)).rejects.toThrow(/Refusing to use the geolocation Concur redirected to "https:\/\/evil\.example\.com"/);
		expect(calls).toHaveLength(1);
	});

	it('refuses a token response whose geolocation is outside the allow-list', async () => {
		const { postForm } = recorder([{ statusCode: 200, body: tokenBody({ geolocation: 'https://api.concursolutions.com.evil.example' }) }]);
		await expect(obtainConcurTokens(company, postForm)).rejects.toThrow(/Refusing to use the geolocation in the token response/);
	});

	it('normalises a geolocation returned with a path to its origin', async () => {
		const { postForm } = recorder([{ statusCode: 200, body: tokenBody({ geolocation: `${US2}/oauth2/v0/token` }) }]);
		expect((await obtainConcurTokens(company, postForm)).geolocation).toBe(US2);
	});

	it('never puts a secret in an error message', async () => {
		const { postForm } = recorder([{ statusCode: 401, body: { error: 'invalid_client', error_description: 'bad client', code: 61 } }]);
		const error = await obtainConcurTokens(company, postForm).catch((e: Error) => e);
		for (const secret of ['secret-xyz', 'request-token-abc']) expect(String((error as Error).message)).not.toContain(secret);
	});
});

describe('Concur host allow-list', () => {
	it.each([
		['https://us2.api.concursolutions.com', [], true],
		['https://www-us2.api.concursolutions.com', [], true],
		['https://cn.api.concurcdc.cn', [], true],
		['http://us2.api.concursolutions.com', [], false],
		['https://api.concursolutions.com.attacker.io', [], false],
		['https://concursolutions.com', [], false],
		['http://127.0.0.1:4010', [], false],
		['http://127.0.0.1:4010', ['127.0.0.1'], true],
		['http://sim.example.com', ['sim.example.com'], false],
		['https://sim.example.com', ['sim.example.com'], true],
		['https://us2.api.concursolutions.com@evil.example', [], false],
		['https://evil.example@us2.api.concursolutions.com', [], false],
		['https://us2.api.concursolutions.com.', [], false],
		['https://us2.api.concursolutions.com.evil.example', [], false],
		['https://us2.api.cоncursolutions.com', [], false],
		['https://2130706433', ['127.0.0.1'], true],
		['http://[::ffff:127.0.0.1]', ['127.0.0.1'], false],
		['not a url', ['127.0.0.1'], false],
	])('%s with extra hosts %j → %s', (url, extra, expected) => {
		expect(isAllowedConcurUrl(url, extra as string[])).toBe(expected);
	});
});
