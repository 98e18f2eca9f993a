/**
 * Malformed answers from every endpoint (HTML pages, empty bodies, cut-off JSON, text) and a
 * Retry-After far beyond the retry budget: the user gets a message that says what arrived, never
 * parser text or a quoted page, and nothing is retried for minutes against a server that said when.
 */
import {
	RecordingServer,
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

beforeAll(async () => {
	[concur, ifs] = await Promise.all([RecordingServer.start('127.0.0.1'), RecordingServer.start('127.0.0.1')]);
});
afterAll(async () => Promise.all([concur, ifs].map(async (server) => await server.stop())));
beforeEach(() => {
	concur.reset();
	ifs.reset();
});

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
