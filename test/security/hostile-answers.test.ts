/**
 * Malformed answers from every endpoint (HTML pages, empty bodies, cut-off JSON, text) and a
 * Retry-After far beyond the retry budget: the user gets a message that says what arrived, never
 * parser text or a quoted page, and nothing is retried for minutes against a server that said when.
 */
import {
	RecordingServer,
	useRecordingServers,
	CONCUR_SECRETS,
	actAsConcur,
	actAsIfs,
	concurNode,
	concurStore,
	expectNoSecret,
	ifsNode,
	ifsStore,
	runNode,
	userVisible,
} from './kit';

let concur: RecordingServer;
let ifs: RecordingServer;

useRecordingServers(['127.0.0.1', '127.0.0.1'], (servers) => ([concur, ifs] = servers));

const MALFORMED = [
	['an HTML login page', 200, '<!DOCTYPE html><html><body>Sign in</body></html>', 'an HTML/XML page'],
	['an empty body', 200, '', 'an empty body'],
	['cut-off JSON', 200, '{"Items":[{"ID":"R1"', 'JSON that is cut off or malformed'],
	['plain text', 200, 'OK', 'text that is not JSON'],
] as const;

const getPurchaseOrder = { resource: 'purchaseOrder', operation: 'get', purchaseOrderNumber: 'P1' };
const ifsGet = {
	resource: 'record',
	operation: 'get',
	projection: { __rl: true, mode: 'name', value: 'SupplierHandling' },
	entitySet: { __rl: true, mode: 'name', value: 'SupplierInfoGeneralSet' },
	companyScoped: false,
	keys: { key: [{ name: 'SupplierId', value: 'S1', valueType: 'string' }] },
};

describe('SAP Concur', () => {
	test.each(MALFORMED)('a data read answered with %s fails with what arrived', async (_case, status, body, kind) => {
		actAsConcur(concur);
		concur.on((request) => (request.path.startsWith('/api/') ? { status, body } : undefined));
		const run = await runNode(concurNode(getPurchaseOrder), concurStore(concur));
		expect(run.error?.message).toBe(`SAP Concur answered GET /api/v3.0/invoice/purchaseorders/P1 with HTTP 200 and ${kind} instead of JSON; nothing was read.`);
		expectNoSecret(userVisible(run));
	});

	test('a data read answered 502 with an HTML page is retried, then reported without the page or parser text', async () => {
		actAsConcur(concur);
		concur.on((request) => (request.path.startsWith('/api/') ? { status: 502, body: '<html><h1>Bad Gateway</h1></html>' } : undefined));
		const run = await runNode(concurNode({ ...getPurchaseOrder, requestSettings: {} }), concurStore(concur));
		expect(run.error?.message).toMatch(/^SAP Concur answered 502/);
		expect(run.error?.message).not.toMatch(/Unexpected token|JSON/);
		expectNoSecret(userVisible(run));
	}, 300_000);

	test.each(MALFORMED)('the token endpoint answering %s is a clear credential error', async (_case, status, body, kind) => {
		concur.on((request) => (request.path === '/oauth2/v0/token' ? { status, body } : undefined));
		const run = await runNode(concurNode(getPurchaseOrder), concurStore(concur));
		expect(run.error?.message).toBe(
			`SAP Concur's token endpoint answered HTTP 200 with ${kind} instead of a token. Check the token host in the credential: it must be a SAP Concur token host such as https://us2.api.concursolutions.com.`,
		);
	});

	test('a token endpoint answering with JSON without a refresh token is refused at exchange time', async () => {
		concur.on((request) => (request.path === '/oauth2/v0/token' ? { status: 200, body: { access_token: 'only-an-access-token', geolocation: concur.url } } : undefined));
		const run = await runNode(concurNode(getPurchaseOrder), concurStore(concur));
		expect(run.error?.message).toMatch(/^SAP Concur answered the token request without a refresh token/);
		expect(concur.requests.filter((request) => request.path.startsWith('/api/'))).toHaveLength(0);
	});

	test('Retry-After: 3600 fails at once with the server\'s time, after one request', async () => {
		actAsConcur(concur);
		concur.on((request) => (request.path.startsWith('/api/') ? { status: 429, headers: { 'retry-after': '3600' }, body: { Message: 'Too many requests' } } : undefined));
		const before = Date.now();
		const run = await runNode(concurNode(getPurchaseOrder), concurStore(concur));
		expect(run.error?.message).toMatch(/^SAP Concur answered 429: Too many requests\. The server asked to wait 3600 s \(Retry-After, until (\S+)\), longer than the retry budget of 120 s, so it was not retried: run it again after \1$/);
		const until = Date.parse(/until (\S+)\)/.exec(run.error!.message)![1]);
		expect(until).toBeGreaterThanOrEqual(before + 3_600_000);
		expect(concur.requests.filter((request) => request.path.startsWith('/api/'))).toHaveLength(1);
	});
});

describe('IFS Cloud', () => {
	test.each(MALFORMED)('a read answered with %s fails with what arrived', async (_case, status, body, kind) => {
		actAsIfs(ifs);
		ifs.on((request) => (request.path.includes('SupplierInfoGeneralSet') ? { status, body } : undefined));
		const run = await runNode(ifsNode(ifsGet), ifsStore(ifs.url));
		expect(run.error?.message).toBe(`IFS Cloud rejected GET SupplierInfoGeneralSet(SupplierId='S1') (HTTP 200): IFS Cloud answered with ${kind} instead of OData JSON; nothing was read`);
		expectNoSecret(userVisible(run));
	});

	test('a 500 HTML page is reported as IFS\'s failure without quoting parser text', async () => {
		actAsIfs(ifs);
		ifs.on((request) => (request.path.includes('SupplierInfoGeneralSet') ? { status: 500, body: '<html>Internal error</html>' } : undefined));
		const run = await runNode(ifsNode(ifsGet), ifsStore(ifs.url));
		expect(run.error?.message).toMatch(/^IFS Cloud rejected GET SupplierInfoGeneralSet\(SupplierId='S1'\) \(HTTP 500\)/);
		expect(run.error?.message).not.toMatch(/Unexpected token/);
	});

	test.each([
		['an HTML page', '<html>maintenance</html>'],
		['an empty body', ''],
	])('the token endpoint answering %s fails the request with n8n\'s OAuth2 message', async (_case, body) => {
		ifs.on((request) => (request.path.endsWith('/token') ? { status: 200, body } : undefined));
		const run = await runNode(ifsNode(ifsGet), ifsStore(ifs.url));
		expect(run.error?.message).toMatch(/Failed to acquire OAuth2 access token/);
		expect(ifs.requests.filter((request) => request.path.includes('.svc'))).toHaveLength(0);
		expectNoSecret(userVisible(run));
	});

	test('Retry-After: 3600 fails at once with the server\'s time, after one request', async () => {
		actAsIfs(ifs);
		ifs.on((request) => (request.path.includes('.svc') ? { status: 503, headers: { 'retry-after': '3600' }, body: { error: { code: 'MAINTENANCE', message: 'Down for maintenance' } } } : undefined));
		const run = await runNode(ifsNode(ifsGet), ifsStore(ifs.url));
		expect(run.error?.message).toMatch(/Down for maintenance\. The server asked to wait 3600 s \(Retry-After, until \S+\), longer than the retry budget of 120 s, so it was not retried: run it again after \S+$/);
		expect(ifs.requests.filter((request) => request.path.includes('.svc'))).toHaveLength(1);
	});
});

describe('SAP Concur 401/403: refresh for an expired token, not for a missing scope', () => {
	const token = (request: { path: string; method: string }) => request.path === '/oauth2/v0/token' && request.method === 'POST';
	const refreshes = () => concur.requests.filter((request) => token(request) && request.body.includes('grant_type=refresh_token'));
	const dataCalls = () => concur.requests.filter((request) => request.path.startsWith('/api/'));

	beforeEach(() => {
		concur.on((request) =>
			token(request)
				? { status: 200, body: { access_token: CONCUR_SECRETS.rotatedAccessToken, refresh_token: CONCUR_SECRETS.rotatedRefreshToken, expires_in: 3600, geolocation: concur.url } }
				: undefined,
		);
	});

	// Each test its own refresh token: this process remembers where every refresh token it spent led.
	let spent = 0;
	const stored = () => concurStore(concur, { accessToken: CONCUR_SECRETS.accessToken, refreshToken: `${CONCUR_SECRETS.refreshToken}-${++spent}`, geolocation: concur.url });
	const refuseOldToken = (status: number, body: unknown) => (request: { path: string; headers: Record<string, unknown> }) =>
		request.path.startsWith('/api/')
			? request.headers.authorization === `Bearer ${CONCUR_SECRETS.accessToken}`
				? { status, body }
				: { status: 200, body: { PurchaseOrderNumber: 'P1' } }
			: undefined;

	test.each([
		['401 invalid_token', 401, { error: 'invalid_token', error_description: 'Invalid token' }],
		['403 "Expired token"', 403, { error: 'access_denied', error_description: 'Expired token' }],
		['403 with an undocumented body', 403, { message: 'Forbidden' }],
	])('%s: one refresh, the request repeated, success', async (_case, status, body) => {
		concur.on(refuseOldToken(status, body));
		const run = await runNode(concurNode(getPurchaseOrder), stored());
		expect(run.status).toBe('success');
		expect(refreshes()).toHaveLength(1);
		expect(dataCalls().at(-1)?.headers.authorization).toBe(`Bearer ${CONCUR_SECRETS.rotatedAccessToken}`);
	});

	test.each([
		['insufficient_scope', { error: 'insufficient_scope', error_description: 'The token lacks scope EXPRPT' }],
		['a company token refused by this API', { error: 'access_denied', error_description: 'A company token is not accepted by this API' }],
	])('403 %s: no refresh (the refresh token is not rotated for nothing), a scope hint', async (_case, body) => {
		concur.on(refuseOldToken(403, body));
		const run = await runNode(concurNode(getPurchaseOrder), stored());
		expect(run.status).toBe('error');
		expect(refreshes()).toHaveLength(0);
		expect(dataCalls()).toHaveLength(1);
		expect((run.error as { description?: string }).description).toMatch(/missing scope or permission, so the token was not refreshed/);
	});

	test('code 108 because another worker rotated the refresh token a moment ago: the request is repeated with the stored credential, no fallback', async () => {
		const store = stored();
		concur.on((request) => {
			if (!token(request)) return undefined;
			// The "other worker" won the refresh and stores its tokens while this one is refused.
			store.merge('concur', { accessToken: CONCUR_SECRETS.rotatedAccessToken, refreshToken: CONCUR_SECRETS.rotatedRefreshToken });
			return { status: 400, body: { error: 'invalid_grant', error_description: 'Refresh token is invalid', code: 108 } };
		});
		concur.on(refuseOldToken(401, { error: 'invalid_token' }));
		const run = await runNode(concurNode(getPurchaseOrder), store);
		expect(run.status).toBe('success');
		expect(concur.requests.filter(token).map((request) => new URLSearchParams(request.body).get('grant_type'))).toEqual(['refresh_token']);
		expect(dataCalls().map((request) => request.headers.authorization)).toEqual([`Bearer ${CONCUR_SECRETS.accessToken}`, `Bearer ${CONCUR_SECRETS.rotatedAccessToken}`]);
	});
});
