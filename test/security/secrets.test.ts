/**
 * Endpoints that echo what they were sent: the Concur token endpoint quoting the form (client
 * secret, request token, refresh token), Concur and IFS data endpoints quoting the bearer token,
 * the IFS token endpoint quoting the client secret. None of it may reach an output item, any field
 * of an error (message, description, messages, errorResponse, context, cause), a log line or an
 * audit row.
 */
import { journalEntry, postingItem } from '../workflows/ifs/setup';
import {
	RecordingServer,
	useRecordingServers,
	CONCUR_SECRETS,
	IFS_SECRETS,
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

const getPurchaseOrder = { resource: 'purchaseOrder', operation: 'get', purchaseOrderNumber: 'P1' };
const formEcho = (body: string) => new URLSearchParams(body).toString();

describe('the SAP Concur token endpoint echoes the form', () => {
	test.each([
		['the whole form in error_description', (form: string) => ({ status: 400, body: { error: 'invalid_grant', error_description: `Incorrect Credentials for ${formEcho(form)}`, code: 5 } })],
		['the request token verbatim', () => ({ status: 400, body: { error: 'invalid_grant', error_description: `Request token ${CONCUR_SECRETS.requestToken} is expired`, code: 5 } })],
		['the secrets as JSON fields', (form: string) => ({ status: 401, body: { error: 'invalid_client', error_description: 'bad client', code: 19, echo: Object.fromEntries(new URLSearchParams(form)) } })],
		['an HTML error page quoting the form', (form: string) => ({ status: 400, body: `<html><body><pre>${form}</pre></body></html>` })],
		['HTTP 200 with an HTML page quoting the form', (form: string) => ({ status: 200, body: `<html>${form}</html>` })],
	])('%s: the refusal is reported, no secret anywhere', async (_case, answer) => {
		concur.on((request) => (request.path === '/oauth2/v0/token' ? answer(request.body) : undefined));
		const run = await runNode(concurNode(getPurchaseOrder), concurStore(concur));
		expect(run.status).toBe('error');
		expect(run.error?.message).toMatch(/^SAP Concur( refused the token request \(code (5|19)\)|'s token endpoint answered HTTP (200|400) with an HTML\/XML page)/);
		expect(run.error?.message).not.toMatch(/could not be reached|Network error|Unexpected token/);
		expectNoSecret(userVisible(run));
	});

	test('a refused refresh token, then a refused request token, both echoed: the message says what happened, nothing leaks', async () => {
		concur.on((request) => {
			if (request.path !== '/oauth2/v0/token') return undefined;
			const form = new URLSearchParams(request.body);
			return form.get('grant_type') === 'refresh_token'
				? { status: 400, body: { error: 'invalid_grant', error_description: `refresh token ${form.get('refresh_token')} unknown`, code: 108 } }
				: { status: 400, body: { error: 'invalid_grant', error_description: `request token ${form.get('password')} used`, code: 5 } };
		});
		const store = concurStore(concur, { refreshToken: CONCUR_SECRETS.refreshToken, geolocation: concur.url, accessToken: '' });
		const run = await runNode(concurNode(getPurchaseOrder), store);
		expect(run.error?.message).toMatch(/^SAP Concur refused the token request \(code 5\): invalid_grant: request token \*\*\* used\. The stored refresh token had been refused \(code 108\) twice/);
		// The first 108 is treated as a possible race: the request is repeated once before falling back.
		expect(concur.requests.map((request) => new URLSearchParams(request.body).get('grant_type'))).toEqual(['refresh_token', 'refresh_token', 'password']);
		expectNoSecret(userVisible(run));
	});
});

describe('data endpoints echo the bearer token', () => {
	test('SAP Concur: a v3 error quoting the Authorization header and the raw JWT, as a thrown error and as an error item', async () => {
		actAsConcur(concur);
		concur.on((request) =>
			request.path.startsWith('/api/v3.0/invoice/purchaseorders/')
				? { status: 400, body: { Error: { Message: `Bad request with ${request.headers.authorization}; token ${CONCUR_SECRETS.accessToken}` } } }
				: undefined,
		);
		for (const onError of [undefined, 'continueRegularOutput'] as const) {
			const run = await runNode(concurNode(getPurchaseOrder, onError), concurStore(concur));
			expect(userVisible(run)).toContain('SAP Concur answered 400: Bad request with Bearer ***; token ***');
			expectNoSecret(userVisible(run));
		}
	});

	test('SAP Concur: a 500 text body quoting the client secret is redacted with the credential\'s actual value', async () => {
		actAsConcur(concur);
		concur.on((request) => (request.path.startsWith('/api/') ? { status: 400, body: `config dump: secret=${CONCUR_SECRETS.clientSecret}` } : undefined));
		const run = await runNode(concurNode(getPurchaseOrder), concurStore(concur));
		expect(run.error?.message).toContain('config dump: secret=***');
		expectNoSecret(userVisible(run));
	});

	test('IFS Cloud: an OData error quoting the Authorization header and the token, thrown and as an error item', async () => {
		actAsIfs(ifs);
		ifs.on((request) =>
			request.path.includes('SupplierInfoGeneralSet')
				? { status: 400, body: { error: { code: 'ODP_BAD', message: `Refused ${request.headers.authorization} (${IFS_SECRETS.accessToken})`, details: [{ code: 'X', message: IFS_SECRETS.accessToken }] } } }
				: undefined,
		);
		const parameters = {
			resource: 'record',
			operation: 'get',
			projection: { __rl: true, mode: 'name', value: 'SupplierHandling' },
			entitySet: { __rl: true, mode: 'name', value: 'SupplierInfoGeneralSet' },
			companyScoped: false,
			keys: { key: [{ name: 'SupplierId', value: 'S1', valueType: 'string' }] },
		};
		for (const onError of [undefined, 'continueErrorOutput'] as const) {
			const run = await runNode(ifsNode(parameters, onError), ifsStore(ifs.url));
			expect(userVisible(run)).toContain('Refused Bearer *** (***)');
			expectNoSecret(userVisible(run));
		}
	});

	test('IFS Cloud posting: a look-up refused with the token quoted leaves no secret in the audit of the failed document', async () => {
		actAsIfs(ifs);
		ifs.on((request) => (request.path.includes('.svc/') ? { status: 400, body: { error: { code: 'ODP_BAD', message: `token ${IFS_SECRETS.accessToken} rejected` } } } : undefined));
		const run = await runNode(ifsNode({ resource: 'posting', operation: 'post', requestSettings: {} }, 'continueErrorOutput'), ifsStore(ifs.url), [postingItem(journalEntry('S1'))]);
		const failed = [...run.json('IFS Cloud', 0), ...run.json('IFS Cloud', 1)];
		expect(failed.length + (run.error ? 1 : 0)).toBeGreaterThan(0);
		expect(userVisible(run)).toContain('token *** rejected');
		expectNoSecret(userVisible(run));
	});
});

describe('the IFS token endpoint (n8n\'s OAuth2 client) echoes the client secret', () => {
	const parameters = {
		resource: 'record',
		operation: 'get',
		projection: { __rl: true, mode: 'name', value: 'SupplierHandling' },
		entitySet: { __rl: true, mode: 'name', value: 'SupplierInfoGeneralSet' },
		companyScoped: false,
		keys: { key: [{ name: 'SupplierId', value: 'S1', valueType: 'string' }] },
	};

	test.each([
		['an OAuth error quoting it', { status: 401, body: { error: 'invalid_client', error_description: `client secret ${IFS_SECRETS.clientSecret} is wrong` } }],
		['an HTML page quoting it', { status: 200, body: `<html>secret ${IFS_SECRETS.clientSecret}</html>` }],
	])('%s: the user is told, the secret is not', async (_case, answer) => {
		ifs.on((request) => (request.path.endsWith('/token') ? answer : undefined));
		const run = await runNode(ifsNode(parameters), ifsStore(ifs.url));
		expect(run.error?.message).toMatch(/Failed to acquire OAuth2 access token/);
		expectNoSecret(userVisible(run));
	});
});
