/**
 * Redirects at every call site: Concur data reads and writes, the Concur token and refresh POSTs,
 * Concur paging links, IFS reads, writes and $batch, and the IFS token request n8n's OAuth2 client
 * makes. A credential never reaches the other host (127.0.0.2); the user is told what happened.
 */
import {
	RecordingServer,
	useRecordingServers,
	CONCUR_SECRETS,
	IFS_SECRETS,
	actAsConcur,
	actAsIfs,
	concurNode,
	concurStore,
	expectNoCredentialReached,
	expectNoSecret,
	ifsNode,
	ifsStore,
	runNode,
	userVisible,
} from './kit';

let concur: RecordingServer;
let ifs: RecordingServer;
let other: RecordingServer;

useRecordingServers(['127.0.0.1', '127.0.0.1', '127.0.0.2'], (servers) => ([concur, ifs, other] = servers));
beforeEach(() => {
	other.on(() => ({ status: 200, body: { stolen: true } }));
});
afterEach(() => expectNoCredentialReached(other));

const redirectTo = (status: number, location: () => string) => () => ({ status, headers: { location: location() }, body: '' });
const PO_PATH = '/api/v3.0/invoice/purchaseorders/P1';
const getPurchaseOrder = { resource: 'purchaseOrder', operation: 'get', purchaseOrderNumber: 'P1' };

describe('SAP Concur data calls', () => {
	beforeEach(() => actAsConcur(concur));

	test.each([301, 302, 303, 307, 308])('a GET answered %i to another host is not followed; nothing reaches it', async (status) => {
		concur.on((request) => (request.path === PO_PATH ? redirectTo(status, () => `${other.url}/collect`)() : undefined));
		const run = await runNode(concurNode(getPurchaseOrder), concurStore(concur));
		expect(run.status).toBe('error');
		expect(run.error?.message).toContain(`SAP Concur redirected the request (HTTP ${status}) to ${other.url}, which is not an allowed host for this credential; the redirect was not followed and no credential was sent there.`);
		expect(other.requests).toHaveLength(0);
		// n8n logged the failure too (so the secret scan below covers log lines).
		expect(run.logs.join('\n')).toContain('redirected the request');
		expectNoSecret(userVisible(run));
	});

	test('a POST (cost center create) answered 307 to another host is not re-posted there', async () => {
		concur.on((request) => (request.path === '/list/v4/items' ? redirectTo(307, () => `${other.url}/list/v4/items`)() : undefined));
		const run = await runNode(concurNode({ resource: 'costCenter', operation: 'create', listId: 'list-1', shortCode: 'CC1', value: 'One' }), concurStore(concur));
		expect(run.error?.message).toMatch(/redirected the request \(HTTP 307\).*not followed/);
		expect(other.requests).toHaveLength(0);
	});

	test('a redirect on the same datacenter is followed with the token; one to another allowed host is followed without it', async () => {
		concur.on((request) => (request.path === PO_PATH ? redirectTo(302, () => `${concur.url}/moved${PO_PATH}`)() : undefined));
		concur.on((request) => (request.path === `/moved${PO_PATH}` ? redirectTo(307, () => `${other.url}/public${PO_PATH}`)() : undefined));
		other.on(() => ({ status: 200, body: { PurchaseOrderNumber: 'P1' } }));
		const run = await runNode(concurNode(getPurchaseOrder), concurStore(concur, { extraAllowedHosts: '127.0.0.1, 127.0.0.2' }));
		expect(run.status).toBe('success');
		expect(run.json('SAP Concur')[0]).toMatchObject({ PurchaseOrderNumber: 'P1' });
		expect(concur.requests.find((request) => request.path === `/moved${PO_PATH}`)?.headers.authorization).toBe(`Bearer ${CONCUR_SECRETS.accessToken}`);
		expect(other.requests.map((request) => [request.path, request.headers.authorization])).toEqual([[`/public${PO_PATH}`, undefined]]);
	});

	test('a v3 NextPage link on another host is refused before anything is sent there', async () => {
		concur.on((request) =>
			request.path.startsWith('/api/v3.0/expense/reports') ? { status: 200, body: { Items: [{ ID: 'R1' }], NextPage: `${other.url}/api/v3.0/expense/reports?offset=2` } } : undefined,
		);
		const run = await runNode(concurNode({ resource: 'expenseReport', operation: 'getMany', returnAll: true }), concurStore(concur));
		expect(run.error?.message).toContain(`Refusing to follow the next-page link to ${other.url}`);
		expect(other.requests).toHaveLength(0);
	});
});

describe('SAP Concur token requests', () => {
	test.each([302, 307, 308])('the company request token exchange answered %i is an error; the form is never re-posted', async (status) => {
		concur.on((request) => (request.path === '/oauth2/v0/token' ? redirectTo(status, () => `${other.url}/oauth2/v0/token`)() : undefined));
		const run = await runNode(concurNode(getPurchaseOrder), concurStore(concur));
		expect(run.status).toBe('error');
		expect(run.error?.message).toContain(`SAP Concur's token endpoint answered HTTP ${status} (a redirect to ${other.url}). Token requests carry the client secret and the company request token or password, so they are never redirected and nothing was sent there.`);
		expect(run.error?.message).not.toMatch(/could not be reached|Network error/);
		expect(other.requests).toHaveLength(0);
		expectNoSecret(userVisible(run));
	});

	test('the refresh-token request answered 307 is an error; the refresh token is never re-posted', async () => {
		concur.on((request) => (request.path === '/oauth2/v0/token' ? redirectTo(307, () => `${other.url}/steal`)() : undefined));
		const store = concurStore(concur, { refreshToken: CONCUR_SECRETS.refreshToken, geolocation: concur.url, accessToken: '' });
		const run = await runNode(concurNode(getPurchaseOrder), store);
		expect(run.error?.message).toMatch(/answered HTTP 307 .*carry the client secret and the refresh token/);
		expect(concur.requests.filter((request) => request.path === '/oauth2/v0/token')).toHaveLength(1);
		expect(other.requests).toHaveLength(0);
	});
});

describe('IFS Cloud calls', () => {
	const record = { resource: 'record', projection: { __rl: true, mode: 'name', value: 'SupplierHandling' }, entitySet: { __rl: true, mode: 'name', value: 'SupplierInfoGeneralSet' } };
	const keys = { keys: { key: [{ name: 'SupplierId', value: 'S1', valueType: 'string' }] }, companyScoped: false };
	const entityPath = "/main/ifsapplications/projection/v1/SupplierHandling.svc/SupplierInfoGeneralSet(SupplierId='S1')";

	beforeEach(() => actAsIfs(ifs));

	test.each([302, 307])('a GET answered %i to another host is not followed', async (status) => {
		ifs.on((request) => (request.path === entityPath ? redirectTo(status, () => `${other.url}${entityPath}`)() : undefined));
		const run = await runNode(ifsNode({ ...record, operation: 'get', ...keys }), ifsStore(ifs.url));
		expect(run.error?.message).toContain(`IFS Cloud redirected the request (HTTP ${status}) to ${other.url}`);
		expect(other.requests).toHaveLength(0);
		expectNoSecret(userVisible(run));
	});

	test('a PATCH answered 307 to another host is not re-sent there', async () => {
		ifs.on((request) =>
			request.path === entityPath && request.method === 'GET' ? { status: 200, body: { SupplierId: 'S1', Name: 'Old', '@odata.etag': 'W/"1"' } } : undefined,
		);
		ifs.on((request) => (request.path === entityPath && request.method === 'PATCH' ? redirectTo(307, () => `${other.url}${entityPath}`)() : undefined));
		const run = await runNode(ifsNode({ ...record, operation: 'update', ...keys, fields: '{"Name":"New"}' }), ifsStore(ifs.url));
		expect(run.error?.message).toMatch(/IFS Cloud redirected the request \(HTTP 307\)/);
		expect(other.requests).toHaveLength(0);
	});

	test('a $batch answered 307 to another host is not re-posted there', async () => {
		ifs.on((request) => (request.path.endsWith('/$batch') ? redirectTo(307, () => `${other.url}/batch`)() : undefined));
		const run = await runNode(ifsNode({ ...record, operation: 'create', companyScoped: false, fields: '{"SupplierId":"S9","Name":"Nine"}', useBatch: true }, 'continueRegularOutput'), ifsStore(ifs.url));
		expect(JSON.stringify(run.json('IFS Cloud'))).toMatch(/redirected the request \(HTTP 307\)/);
		expect(other.requests).toHaveLength(0);
	});

	test('a redirect on the tenant itself is followed, with the token', async () => {
		ifs.on((request) => (request.path === entityPath ? redirectTo(302, () => `${ifs.url}/moved${entityPath}`)() : undefined));
		ifs.on((request) => (request.path === `/moved${entityPath}` ? { status: 200, body: { SupplierId: 'S1', Name: 'Moved' } } : undefined));
		const run = await runNode(ifsNode({ ...record, operation: 'get', ...keys }), ifsStore(ifs.url));
		expect(run.json('IFS Cloud')[0]).toMatchObject({ SupplierId: 'S1', Name: 'Moved' });
		expect(ifs.requests.find((request) => request.path === `/moved${entityPath}`)?.headers.authorization).toBe(`Bearer ${IFS_SECRETS.accessToken}`);
	});

	test("the IFS token request answered 307 to another host: n8n's OAuth2 client follows it, but the client secret goes in the Basic header it drops", async () => {
		ifs.on((request) => (request.path.endsWith('/protocol/openid-connect/token') ? redirectTo(307, () => `${other.url}/token`)() : undefined));
		other.on(() => ({ status: 404, body: { error: 'not_found' } }));
		const run = await runNode(ifsNode({ ...record, operation: 'get', ...keys }), ifsStore(ifs.url));
		expect(run.status).toBe('error');
		// Measured n8n 2.41.1 behaviour (residual risk, docs/security.md): the redirect is followed and the
		// form (grant_type, scope) re-posted; the secret travels only in the Authorization header it strips.
		expect(other.requests.map((request) => [request.method, request.path, request.headers.authorization])).toEqual([['POST', '/token', undefined]]);
		expect(other.requests[0].body).not.toContain(IFS_SECRETS.clientSecret);
		expect(ifs.requests.find((request) => request.path.endsWith('/token'))?.headers.authorization).toMatch(/^Basic /);
		expectNoSecret(userVisible(run));
	});
});
