import { NodeApiError, type INode } from 'n8n-workflow';
import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { RemoteRequestError, failureFromError, sendWithRetry } from '../../../nodes/shared/send-with-retry';
import { initialState, selectFresh, v3TimeMs } from '../../../nodes/SapConcur/helpers/cursor';
import { describeConcurFailure } from '../../../nodes/shared/concur/errors';
import { isValidConcurSignature, parsePublicKeys } from '../../../nodes/SapConcur/helpers/signature';
import { assembleReport } from '../../../nodes/SapConcur/actions/expenseReport/getWithDetails.operation';
import { normalisePaymentRequest } from '../../../nodes/SapConcur/actions/paymentRequest/get.operation';

const node = { id: '1', name: 'Concur', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
const httpError = (status: number, data: unknown, headers: Record<string, string> = {}) =>
	Object.assign(new Error(`Request failed with status code ${status}`), { response: { status, data, headers } });
const fastPolicy = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5, maxTotalWaitMs: 1000, retryAfterFloorMs: 2 };

describe('sendWithRetry', () => {
	test('retries transient failures and returns the attempts', async () => {
		let calls = 0;
		const result = await sendWithRetry(node, async () => {
			calls++;
			if (calls < 3) throw httpError(calls === 1 ? 429 : 503, {}, { 'retry-after': '0' });
			return 'ok';
		}, { policy: fastPolicy });
		expect(result).toEqual({ response: 'ok', attempts: 3 });
	});

	test('does not retry permanent failures or auth failures (n8n re-authenticated already) and keeps the remote message', async () => {
		for (const [status, body] of [[400, { Message: 'Bad vendor' }], [403, { error: 'access_denied' }]] as const) {
			let calls = 0;
			const attempt = sendWithRetry(node, async () => { calls++; throw new NodeApiError(node, httpError(status, body) as never); }, { policy: fastPolicy, classify: { forbiddenMeansAuth: true }, describe: describeConcurFailure });
			await expect(attempt).rejects.toBeInstanceOf(RemoteRequestError);
			expect(calls).toBe(1);
		}
	});

	test('gives up after maxAttempts with the last failure attached', async () => {
		const attempt = sendWithRetry(node, async () => { throw httpError(503, 'Service Unavailable'); }, { policy: fastPolicy, describe: describeConcurFailure });
		await expect(attempt).rejects.toMatchObject({ attempts: 4, httpFailure: { status: 503 }, message: expect.stringContaining('after 4 attempts') });
	});

	test('reads status, headers and body through a NodeApiError wrapper', () => {
		const failure = failureFromError(new NodeApiError(node, httpError(429, { a: 1 }, { 'Retry-After': '0' }) as never));
		expect(failure).toMatchObject({ status: 429, headers: { 'Retry-After': '0' }, body: { a: 1 } });
	});
});

describe('Concur error families', () => {
	test.each([
		[{ error: 'invalid_grant', error_description: 'Bad refresh token', code: 108 }, /code 108/, /company request token/],
		[{ Error: { Message: 'Report not found', Id: 'X' } }, /Report not found/, /not found/],
		[{ Message: 'vendorCode and addressCode are required.' }, /vendorCode/, /parameters/],
		[{ errorId: 'e', errorMessage: 'Invalid contextType', validationErrors: [{ source: 'path', message: 'bad' }] }, /Invalid contextType — path: bad/, /parameters/],
		[{ error: { id: 'request.validation.error', message: 'Please check' }, validationErrors: [{ source: 'requests', message: 'size' }] }, /request\.validation\.error/, /parameters/],
		[{ errors: [{ errorCode: 'notFound', errorMessage: 'PR not found' }] }, /notFound PR not found/, /parameters/],
	])('%j', (body, message, description) => {
		const text = describeConcurFailure({ status: body && 'Error' in body ? 404 : 400, body }, 1);
		expect(text.message).toMatch(message);
		expect(text.description).toMatch(description);
	});

	test('never echoes a bearer token or secret', () => {
		const text = describeConcurFailure({ status: 400, body: { Message: 'Authorization: Bearer abcdefghijklmnop refresh_token=xyz123' } }, 1);
		expect(text.message).not.toMatch(/abcdefghijklmnop|xyz123/);
	});
});

describe('polling cursor', () => {
	const candidate = (key: string, iso: string) => ({ record: key, key, time: Date.parse(iso) });
	const retention = { completeListing: false, horizon: (cursor: number) => cursor - 600_000 };
	test('moves only past what was emitted and skips what the overlap re-reads', () => {
		const first = selectFresh(initialState('s', undefined), [candidate('a@1', '2026-11-16T10:00:00Z'), candidate('b@1', '2026-11-16T10:05:00Z')], retention);
		expect(first.fresh).toEqual(['a@1', 'b@1']);
		expect(first.next.cursor).toBe('2026-11-16T10:05:00.000Z');
		const second = selectFresh(first.next, [candidate('b@1', '2026-11-16T10:05:00Z'), candidate('c@1', '2026-11-16T10:04:00Z')], retention);
		expect(second.fresh).toEqual(['c@1']);
		expect(second.next.cursor).toBe('2026-11-16T10:05:00.000Z');
	});
	test('a complete listing forgets keys no longer listed; a changed scope starts afresh', () => {
		const first = selectFresh(initialState('fis', undefined), [candidate('x', '2026-11-16T10:00:00Z')], { ...retention, completeListing: true });
		expect(selectFresh(first.next, [], { ...retention, completeListing: true }).next.seen).toEqual({});
		expect(initialState('other', first.next).seen).toEqual({});
	});
	test('v3 times without zone are UTC', () => expect(v3TimeMs('2013-09-02T19:05:57.57')).toBe(Date.parse('2013-09-02T19:05:57.570Z')));
});

describe('payload shapes', () => {
	test('single line item / allocation objects become arrays', () => {
		const normalised = normalisePaymentRequest({ LineItems: { LineItem: { Allocations: { Allocation: { Percentage: '100' } } } } });
		expect(normalised.LineItems).toEqual({ LineItem: [{ Allocations: { Allocation: [{ Percentage: '100' }] } }] });
		expect(normalisePaymentRequest({ LineItems: null }).LineItems).toEqual({ LineItem: [] });
	});
	test('allocations attach to entries or to itemizations by EntryID', () => {
		const report = assembleReport({ ID: 'R' }, [{ ID: 'E1' }, { ID: 'E2' }], [{ ID: 'I1', EntryID: 'E2' }], [{ ID: 'A1', EntryID: 'E1' }, { ID: 'A2', EntryID: 'I1' }]);
		expect(report.Entries).toEqual([
			{ ID: 'E1', Itemizations: [], Allocations: [{ ID: 'A1', EntryID: 'E1' }] },
			{ ID: 'E2', Itemizations: [{ ID: 'I1', EntryID: 'E2', Allocations: [{ ID: 'A2', EntryID: 'I1' }] }], Allocations: [] },
		]);
	});
});

describe('ESS signature', () => {
	const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const pem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
	const body = Buffer.from('{"id":"1"}');
	const signature = sign('sha256', body, { key: pair.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN }).toString('base64');
	test('verifies RSA-PSS max-salt signatures against any configured key', () => {
		expect(isValidConcurSignature(body, signature, parsePublicKeys(pem))).toBe(true);
		expect(isValidConcurSignature(Buffer.from('{"id":"2"}'), signature, parsePublicKeys(pem))).toBe(false);
		expect(isValidConcurSignature(body, undefined, parsePublicKeys(pem))).toBe(false);
		expect(isValidConcurSignature(body, signature, [])).toBe(false);
	});
});
