import {
	classifyFailure,
	DEFAULT_RETRY_POLICY,
	headerValue,
	nextDelay,
	retryAfterBeyondBudget,
	retryAfterMs,
	type FailureKind,
	type HttpFailure,
	type RetryPolicy,
} from '../../nodes/shared/retry';

const ifsError = (code: string, message: string) => ({
	error: { code, message, details: [{ code, message }] },
});
const DATABASE_ERROR = ifsError(
	'DATABASE_ERROR',
	'ORA-20110: ManSuppInvoice.NOSUPPLIER: Supplier 9999 does not exist in company 10.',
);
const MI_MODIFIED = ifsError('MI_MODIFIED_ERROR', 'Service metadata already modified.');

describe('classifyFailure', () => {
	const table: Array<[string, HttpFailure, FailureKind]> = [
		['429 Too Many Requests', { status: 429 }, 'transient'],
		['502 Bad Gateway', { status: 502 }, 'transient'],
		['503 Service Unavailable (Concur maintenance, free text)', { status: 503, body: 'Service under maintenance' }, 'transient'],
		['504 Gateway Timeout', { status: 504 }, 'transient'],
		['408 Request Timeout', { status: 408 }, 'transient'],
		['IFS 500 MI_MODIFIED_ERROR (documented)', { status: 500, body: MI_MODIFIED }, 'transient'],
		['IFS 503 MI_MODIFIED_ERROR (observed)', { status: 503, body: MI_MODIFIED }, 'transient'],
		['MI_MODIFIED_ERROR as unparsed JSON text', { status: 500, body: JSON.stringify(MI_MODIFIED) }, 'transient'],
		['MI_MODIFIED_ERROR only in details object', { status: 500, body: { error: { message: 'x', details: { code: 'MI_MODIFIED_ERROR' } } } }, 'transient'],
		['IFS 500 DATABASE_ERROR', { status: 500, body: DATABASE_ERROR }, 'permanent'],
		['IFS 500 ORA-20112 without code', { status: 500, body: { error: { message: 'ORA-20112: X.Y: key exists' } } }, 'permanent'],
		['DATABASE_ERROR even if a proxy says 503', { status: 503, body: DATABASE_ERROR }, 'permanent'],
		['plain 500', { status: 500, body: { error: { code: 'SOME_ERROR', message: 'boom' } } }, 'permanent'],
		['501 Not Implemented', { status: 501 }, 'permanent'],
		['400 Malformed Request', { status: 400, body: ifsError('ODP_BAD_REQUEST', 'Malformed Request.') }, 'permanent'],
		['404 Resource not found', { status: 404 }, 'permanent'],
		['409 Concur extract job running', { status: 409 }, 'permanent'],
		['412 ETag mismatch', { status: 412 }, 'permanent'],
		['423 Locked', { status: 423 }, 'permanent'],
		['401 Unauthorized', { status: 401, body: 'Unauthorized' }, 'auth'],
		['403 without Concur option', { status: 403 }, 'permanent'],
		['Concur FIS code 199 (retry later) inside HTTP 200', { status: 200, body: { code: 199, docId: 'a' } }, 'transient'],
		['Concur FIS code 199 as string', { status: 200, body: { code: '199' } }, 'transient'],
		['Concur FIS code 198 (invalid request, do not retry)', { status: 200, body: { code: 198 } }, 'permanent'],
		['Concur OAuth 134 maintenance', { status: 400, body: { error: 'invalid_request', error_description: 'maintenance', code: 134 } }, 'transient'],
		['Concur OAuth 108 bad refresh token', { status: 400, body: { error: 'invalid_grant', code: 108 } }, 'permanent'],
		['ECONNRESET', { errorCode: 'ECONNRESET' }, 'transient'],
		['ETIMEDOUT', { errorCode: 'ETIMEDOUT' }, 'transient'],
		['ECONNREFUSED', { errorCode: 'ECONNREFUSED' }, 'transient'],
		['EPIPE', { errorCode: 'EPIPE' }, 'transient'],
		['socket hang up', { errorCode: 'socket hang up' }, 'transient'],
		['ENOTFOUND (misconfigured host)', { errorCode: 'ENOTFOUND' }, 'permanent'],
		['certificate error', { errorCode: 'CERT_HAS_EXPIRED' }, 'permanent'],
		['no status, no code', {}, 'permanent'],
	];

	it.each(table)('%s → %s', (_name, failure, expected) => {
		expect(classifyFailure(failure)).toBe(expected);
	});

	it('treats 403 as auth only when configured (Concur expired tokens)', () => {
		expect(classifyFailure({ status: 403 }, { forbiddenMeansAuth: true })).toBe('auth');
		expect(classifyFailure({ status: 403 }, { forbiddenMeansAuth: false })).toBe('permanent');
	});
});

describe('headerValue', () => {
	it('is case-insensitive and unwraps arrays and numbers', () => {
		expect(headerValue({ 'Retry-After': ['7'] }, 'retry-after')).toBe('7');
		expect(headerValue({ 'retry-after': 3 }, 'Retry-After')).toBe('3');
		expect(headerValue({}, 'retry-after')).toBeUndefined();
		expect(headerValue(undefined, 'retry-after')).toBeUndefined();
	});
});

describe('retryAfterMs', () => {
	const now = new Date('2026-01-15T12:00:00Z');

	it('reads delta-seconds', () => {
		expect(retryAfterMs({ 'Retry-After': '5' }, now)).toBe(5000);
		expect(retryAfterMs({ 'retry-after': '0' }, now)).toBe(0);
	});

	it('reads an HTTP-date relative to now, never negative', () => {
		expect(retryAfterMs({ 'Retry-After': 'Thu, 15 Jan 2026 12:00:12 GMT' }, now)).toBe(12_000);
		expect(retryAfterMs({ 'Retry-After': 'Thu, 15 Jan 2026 11:59:00 GMT' }, now)).toBe(0);
	});

	it('ignores absent and garbage values', () => {
		expect(retryAfterMs({}, now)).toBeUndefined();
		expect(retryAfterMs({ 'Retry-After': 'soon' }, now)).toBeUndefined();
	});
});

describe('nextDelay', () => {
	const now = new Date('2026-01-15T12:00:00Z');
	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY };
	const clock = (random: number) => ({ random: () => random, now });
	const first = { attempt: 1, waitedMs: 0 };

	it('has the documented defaults', () => {
		expect(DEFAULT_RETRY_POLICY).toEqual({
			maxAttempts: 6,
			baseDelayMs: 500,
			maxDelayMs: 30_000,
			maxTotalWaitMs: 120_000,
			retryAfterFloorMs: 1_000,
		});
	});

	it('uses full jitter: uniform between 0 and base·2^(attempt-1)', () => {
		const failure = { status: 503 };
		expect(nextDelay(first, failure, policy, clock(0))).toBe(0);
		expect(nextDelay(first, failure, policy, clock(0.5))).toBe(250);
		expect(nextDelay(first, failure, policy, clock(0.999999))).toBe(499);
		expect(nextDelay({ attempt: 3, waitedMs: 0 }, failure, policy, clock(0.999999))).toBe(1999);
		expect(nextDelay({ attempt: 4, waitedMs: 0 }, failure, policy, clock(0.5))).toBe(2000);
	});

	it('stays within the jitter bounds for many random draws', () => {
		for (let attempt = 1; attempt < policy.maxAttempts; attempt++) {
			for (const random of [0, 0.1, 0.37, 0.5, 0.73, 0.99]) {
				const delay = nextDelay({ attempt, waitedMs: 0 }, { errorCode: 'ECONNRESET' }, policy, clock(random))!;
				expect(delay).toBeGreaterThanOrEqual(0);
				expect(delay).toBeLessThan(Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
			}
		}
	});

	it('caps the exponential ceiling at maxDelayMs', () => {
		const generous = { ...policy, maxAttempts: 20, maxTotalWaitMs: 1e9 };
		expect(nextDelay({ attempt: 15, waitedMs: 0 }, { status: 502 }, generous, clock(0.999999))).toBe(29_999);
	});

	it('honours Retry-After in seconds instead of the jitter', () => {
		expect(nextDelay(first, { status: 429, headers: { 'Retry-After': '7' } }, policy, clock(0))).toBe(7000);
	});

	it('applies the floor to Retry-After: 0 (Concur list-item bulk)', () => {
		expect(nextDelay(first, { status: 429, headers: { 'retry-after': '0' } }, policy, clock(0))).toBe(1000);
	});

	it('applies the floor to a 429 without Retry-After', () => {
		expect(nextDelay(first, { status: 429 }, policy, clock(0))).toBe(1000);
	});

	it('honours an HTTP-date Retry-After relative to now', () => {
		const failure = { status: 503, headers: { 'Retry-After': 'Thu, 15 Jan 2026 12:00:20 GMT' } };
		expect(nextDelay(first, failure, policy, clock(0.5))).toBe(20_000);
	});

	it('honours a Retry-After above maxDelayMs while it fits the total budget', () => {
		expect(nextDelay(first, { status: 503, headers: { 'Retry-After': '60' } }, policy, clock(0))).toBe(60_000);
	});

	it('fails at once when Retry-After is beyond the remaining budget (waiting less only earns another refusal)', () => {
		const failure = { status: 429, headers: { 'Retry-After': '3600' } };
		expect(nextDelay(first, failure, policy, clock(0))).toBeNull();
		expect(retryAfterBeyondBudget(failure, 0, policy, new Date())).toBe(3_600_000);
		expect(retryAfterBeyondBudget({ status: 429, headers: { 'Retry-After': '10' } }, 0, policy, new Date())).toBeUndefined();
	});

	it('returns null once the attempts are used up', () => {
		expect(nextDelay({ attempt: 5, waitedMs: 0 }, { status: 503 }, policy, clock(0.5))).not.toBeNull();
		expect(nextDelay({ attempt: 6, waitedMs: 0 }, { status: 503 }, policy, clock(0.5))).toBeNull();
	});

	it('returns null when the delay would exceed the total wait budget', () => {
		const failure = { status: 429, headers: { 'Retry-After': '10' } };
		expect(nextDelay({ attempt: 2, waitedMs: 110_000 }, failure, policy, clock(0))).toBe(10_000);
		expect(nextDelay({ attempt: 2, waitedMs: 110_001 }, failure, policy, clock(0))).toBeNull();
	});

	it('never retries business errors, auth failures or other 4xx', () => {
		expect(nextDelay(first, { status: 500, body: DATABASE_ERROR }, policy, clock(0.5))).toBeNull();
		expect(nextDelay(first, { status: 401 }, policy, clock(0.5))).toBeNull();
		expect(nextDelay(first, { status: 400 }, policy, clock(0.5))).toBeNull();
	});

	it('retries MI_MODIFIED_ERROR', () => {
		expect(nextDelay(first, { status: 503, body: MI_MODIFIED }, policy, clock(0.5))).toBe(250);
	});
});
