/**
 * Retry decisions shared by the SAP Concur and IFS Cloud transports. Pure: the caller performs
 * the request, describes what went wrong as an `HttpFailure`, and sleeps (n8n's `sleep`) for
 * the delay computed here.
 */

/** Response headers as n8n / axios hand them over: any case, values possibly arrays or numbers. */
export type HeaderBag = Record<string, unknown>;

export interface HttpFailure {
	/** HTTP status, absent when no response arrived (connection-level failure). */
	status?: number;
	headers?: HeaderBag;
	/** Parsed JSON body when possible, else the raw text. */
	body?: unknown;
	/** Low-level error code or message: ECONNRESET, ETIMEDOUT, ECONNREFUSED, EPIPE, 'socket hang up'… */
	errorCode?: string;
}

/** transient: retry with backoff · permanent: surface verbatim · auth: re-authenticate once. */
export type FailureKind = 'transient' | 'permanent' | 'auth';

export interface ClassifyOptions {
	/** Concur answers an expired token with 403 as well as 401; IFS uses 403 for missing grants. */
	forbiddenMeansAuth?: boolean;
}

export interface RetryPolicy {
	/** Total attempts including the first one. */
	maxAttempts: number;
	baseDelayMs: number;
	/** Cap for a single backoff delay (a server's Retry-After is honoured as sent, within the total budget). */
	maxDelayMs: number;
	/** Budget for the sum of all delays of one request. */
	maxTotalWaitMs: number;
	/** Minimum delay whenever the server pushed back (429 or any Retry-After, including `0`). */
	retryAfterFloorMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
	maxAttempts: 6,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	maxTotalWaitMs: 120_000,
	retryAfterFloorMs: 1_000,
};

export interface RetryProgress {
	/** Attempts already made (1 after the first failure). */
	attempt: number;
	/** Sum of the delays already slept for this request. */
	waitedMs: number;
}

export interface RetryClock {
	/** Uniform in [0, 1); injectable for deterministic tests. */
	random: () => number;
	/** Reference time for HTTP-date Retry-After values. */
	now: Date;
}

const TRANSIENT_STATUSES = new Set([408, 429, 502, 503, 504]);

const TRANSIENT_CONNECTION_ERRORS = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNREFUSED',
	'ECONNABORTED',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'EAI_AGAIN',
	'SOCKET HANG UP',
]);

// Concur FIS "199 unknown error (retry later)"; Concur OAuth "134 company undergoing scheduled maintenance".
const CONCUR_FIS_RETRY_LATER = 199;
const CONCUR_OAUTH_MAINTENANCE = 134;

const ORACLE_BUSINESS_ERROR = /\bORA-20\d{3}\b/;

/** Case-insensitive single header value; arrays yield their first element. */
export function headerValue(headers: HeaderBag | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const wanted = name.toLowerCase();
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === wanted);
	const value = key === undefined ? undefined : headers[key];
	const first = Array.isArray(value) ? value[0] : value;
	return first === undefined || first === null ? undefined : String(first);
}

/** JSON value of `text`, or `text` itself when it is not JSON (gateway pages, plain-text errors). */
export function parseJsonText(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function classifyFailure(failure: HttpFailure, options: ClassifyOptions = {}): FailureKind {
	const codes = odataErrorCodes(failure.body);
	// IFS refreshed its projection metadata cache: documented as 500, observed as 503; the same request succeeds again.
	if (codes.includes('MI_MODIFIED_ERROR')) return 'transient';
	// IFS business/validation errors arrive as HTTP 500 DATABASE_ERROR / ORA-20xxx: retrying only repeats them.
	if (codes.includes('DATABASE_ERROR') || ORACLE_BUSINESS_ERROR.test(bodyText(failure.body))) return 'permanent';
	if (failure.status === 401) return 'auth';
	if (failure.status === 403 && options.forbiddenMeansAuth) return 'auth';
	if (failure.status !== undefined && TRANSIENT_STATUSES.has(failure.status)) return 'transient';
	if (isConcurRetryLater(failure.body)) return 'transient';
	if (failure.status === undefined && isTransientConnectionError(failure.errorCode)) return 'transient';
	return 'permanent';
}

/**
 * Delay in ms before the next attempt, or null when the failure must not be retried or the
 * attempts / total wait budget are exhausted. A Retry-After longer than the remaining budget
 * fails at once: waiting less than the server asked only earns another refusal.
 */
export function nextDelay(
	progress: RetryProgress,
	failure: HttpFailure,
	policy: RetryPolicy,
	clock: RetryClock,
): number | null {
	if (classifyFailure(failure) !== 'transient') return null;
	if (progress.attempt >= policy.maxAttempts) return null;
	const delay = delayFor(progress.attempt, failure, policy, clock);
	if (progress.waitedMs + delay > policy.maxTotalWaitMs) return null;
	return delay;
}

/** The server's Retry-After in ms when it is more than the budget left after `waitedMs`, else undefined. */
export function retryAfterBeyondBudget(failure: HttpFailure, waitedMs: number, policy: RetryPolicy, now: Date): number | undefined {
	const retryAfter = retryAfterMs(failure.headers, now);
	if (retryAfter === undefined) return undefined;
	return waitedMs + Math.max(retryAfter, policy.retryAfterFloorMs) > policy.maxTotalWaitMs ? retryAfter : undefined;
}

/** Retry-After in ms (delta-seconds or HTTP-date relative to `now`, never negative), undefined when absent or unparsable. */
export function retryAfterMs(headers: HeaderBag | undefined, now: Date): number | undefined {
	const raw = headerValue(headers, 'retry-after')?.trim();
	if (!raw) return undefined;
	if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw) * 1000;
	const at = Date.parse(raw);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

function delayFor(attempt: number, failure: HttpFailure, policy: RetryPolicy, clock: RetryClock): number {
	const retryAfter = retryAfterMs(failure.headers, clock.now);
	if (retryAfter !== undefined) return Math.max(retryAfter, policy.retryAfterFloorMs);
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	const jittered = Math.floor(clock.random() * ceiling);
	return failure.status === 429 ? Math.max(jittered, policy.retryAfterFloorMs) : jittered;
}

function isTransientConnectionError(errorCode: string | undefined): boolean {
	return errorCode !== undefined && TRANSIENT_CONNECTION_ERRORS.has(errorCode.trim().toUpperCase());
}

function isConcurRetryLater(body: unknown): boolean {
	if (!isRecord(body)) return false;
	const code = Number(body.code);
	if (code === CONCUR_FIS_RETRY_LATER) return true;
	// OAuth bodies are {error, error_description, code}.
	return code === CONCUR_OAUTH_MAINTENANCE && typeof body.error === 'string';
}

/** `error.code` and `error.details[].code` of an OData error envelope (body parsed or raw JSON text). */
function odataErrorCodes(body: unknown): string[] {
	const envelope = typeof body === 'string' ? parseJsonText(body) : body;
	const error = isRecord(envelope) ? envelope.error : undefined;
	if (!isRecord(error)) return [];
	const details = Array.isArray(error.details) ? error.details : [error.details];
	return [error, ...details]
		.map((entry) => (isRecord(entry) ? entry.code : undefined))
		.filter((code): code is string => typeof code === 'string');
}

function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	return typeof body === 'string' ? body : JSON.stringify(body);
}
