import { REDACTED, redactErrorInPlace, redactSecrets } from '../../nodes/shared/redact';

describe('redactSecrets', () => {
	const clientSecret = 'S3cr3t+Value/1';
	const accessToken = 'eyJhbGciOiJSUzI1NiJ9.payload.sig';

	it('masks sensitive headers and token fields wherever they appear', () => {
		const traffic = {
			request: {
				headers: { Authorization: `Bearer ${accessToken}`, cookie: 'XSRF-TOKEN=abc', Accept: 'application/json' },
				body: { client_secret: clientSecret, grant_type: 'client_credentials' },
			},
			response: {
				headers: { 'Set-Cookie': ['a=1', 'b=2'], 'content-type': 'application/json' },
				body: {
					access_token: accessToken,
					refresh_token: 'rt-123456',
					id_token: 'idt-123456',
					nested: [{ password: 'hunter22' }, { accessToken: 'camel-case-token' }, { requestToken: 'concur-rt' }],
				},
			},
		};
		const redacted = redactSecrets(traffic);
		expect(redacted.request.headers).toEqual({ Authorization: REDACTED, cookie: REDACTED, Accept: 'application/json' });
		expect(redacted.request.body).toEqual({ client_secret: REDACTED, grant_type: 'client_credentials' });
		expect(redacted.response.headers).toEqual({ 'Set-Cookie': REDACTED, 'content-type': 'application/json' });
		expect(redacted.response.body).toEqual({
			access_token: REDACTED,
			refresh_token: REDACTED,
			id_token: REDACTED,
			nested: [{ password: REDACTED }, { accessToken: REDACTED }, { requestToken: REDACTED }],
		});
	});

	it('does not modify the input (deep clone)', () => {
		const input = { headers: { authorization: 'Bearer abcdefghijkl' }, list: [{ text: 'x' }] };
		const output = redactSecrets(input);
		expect(input.headers.authorization).toBe('Bearer abcdefghijkl');
		expect(output.list).not.toBe(input.list);
		expect(output.list[0]).not.toBe(input.list[0]);
	});

	it('replaces every occurrence of each secret in strings and keys, raw and URL-encoded', () => {
		const value = {
			message: `token ${accessToken} rejected; again: ${accessToken}`,
			form: `grant_type=client_credentials&client_id=abc&x=${encodeURIComponent(clientSecret)}`,
			[`key-${accessToken}`]: 'value',
			deep: [[`in array ${clientSecret}`]],
		};
		const redacted = redactSecrets(value, [accessToken, clientSecret]);
		const text = JSON.stringify(redacted);
		expect(text).not.toContain(accessToken);
		expect(text).not.toContain(clientSecret);
		expect(text).not.toContain(encodeURIComponent(clientSecret));
		expect(redacted.message).toBe('token *** rejected; again: ***');
		expect(redacted).toHaveProperty(['key-***'], 'value');
		expect(redacted.deep).toEqual([['in array ***']]);
	});

	it('masks the longer secret whole when one secret contains another', () => {
		expect(redactSecrets('abcd-efgh', ['abcd', 'abcd-efgh'])).toBe('***');
	});

	it('ignores secrets shorter than 4 characters', () => {
		expect(redactSecrets('a 10 b', ['10', ''])).toBe('a 10 b');
	});

	it('masks bearer tokens and credential pairs in free text', () => {
		expect(redactSecrets('Authorization: Bearer eyJabc.def-ghi_jkl')).toBe('Authorization: Bearer ***');
		expect(redactSecrets('grant_type=refresh_token&refresh_token=abc123xyz&client_id=c')).toBe(
			'grant_type=refresh_token&refresh_token=***&client_id=c',
		);
		expect(redactSecrets('{"access_token":"a \\" b","expires_in":180}')).toBe('{"access_token":"***","expires_in":180}');
		expect(redactSecrets("password: 'p w'")).toBe("password: '***'");
	});

	it('keeps ordinary business text intact', () => {
		const message = 'ORA-20110: VoucherTypeUserGroup.INVVOUTYPE2: Bearer token expired. Basic data missing.';
		expect(redactSecrets(message, ['SECRET-VALUE'])).toBe(message);
	});

	it('keeps primitives, nulls, dates, and handles cycles', () => {
		const cyclic: Record<string, unknown> = { n: 1, b: true, nil: null, when: new Date('2026-01-15T00:00:00Z') };
		cyclic.self = cyclic;
		const shared = { s: 'x' };
		const redacted = redactSecrets({ cyclic, a: shared, b: shared });
		expect(redacted.cyclic).toMatchObject({ n: 1, b: true, nil: null, self: '[Circular]' });
		expect((redacted.cyclic as { when: Date }).when).toEqual(new Date('2026-01-15T00:00:00Z'));
		expect(redacted.a).toEqual({ s: 'x' });
		expect(redacted.b).toEqual({ s: 'x' });
	});

	it('keeps the name and message of Error objects', () => {
		const error = Object.assign(new Error(`Request failed: ${accessToken}`), { status: 401 });
		expect(redactSecrets({ error }, [accessToken])).toEqual({
			error: { name: 'Error', message: 'Request failed: ***', status: 401 },
		});
	});
});

describe('redactSecrets on free text', () => {
	it('masks a JWT quoted without its Bearer prefix, and a Basic header', () => {
		const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
		expect(redactSecrets(`token ${jwt} expired; sent Basic Y2xpZW50OnNlY3JldA==`)).toBe('token *** expired; sent Basic ***');
	});
});

describe('redactErrorInPlace', () => {
	it('redacts every field n8n stores or shows: message, stack, description, messages, errorResponse, context, cause', () => {
		const secret = 'the-client-secret-123';
		const error = Object.assign(new Error(`refused ${secret}`), {
			description: `form client_secret=${secret}`,
			messages: [`echo ${secret}`],
			errorResponse: { error_description: `bad ${secret}`, nested: [{ text: secret }] },
			context: { data: { body: `x=${secret}` } },
			node: { name: 'SAP Concur', parameters: { untouched: secret } },
		});
		(error as { cause?: unknown }).cause = Object.assign(new Error(`cause ${secret}`), { config: { headers: { Authorization: `Bearer ${secret}` } } });
		const node = error.node;
		redactErrorInPlace(error, [secret]);
		const visible = JSON.stringify({ ...error, message: error.message, stack: error.stack, cause: { message: (error.cause as Error).message, stack: (error.cause as Error).stack, rest: { ...(error.cause as object) } } });
		expect(visible.replace(JSON.stringify(node), '')).not.toContain(secret);
		expect(error.message).toBe('refused ***');
		expect(error.node).toBe(node);
	});
});
