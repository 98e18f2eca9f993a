/**
 * Sends one HTTP request through a caller-supplied sender and retries transient failures
 * (429, 5xx gateways, connection resets) as `retry.ts` decides, sleeping with n8n's `sleep`.
 * Service-neutral: the SAP Concur and IFS Cloud transports both use it.
 */
import { NodeApiError, sleep, type INode, type JsonObject } from 'n8n-workflow';

import {
	DEFAULT_RETRY_POLICY,
	classifyFailure,
	nextDelay,
	retryAfterBeyondBudget,
	type ClassifyOptions,
	type HeaderBag,
	type HttpFailure,
	type RetryPolicy,
} from './retry';

export interface RetryNotice {
	/** Attempts made so far (1 after the first failure). */
	attempt: number;
	delayMs: number;
	failure: HttpFailure;
}

/** What the caller wants the final error to say (the remote service's own words). */
export interface RemoteErrorText {
	message: string;
	description?: string;
}

export interface SendWithRetryOptions {
	policy?: RetryPolicy;
	classify?: ClassifyOptions;
	/** Uniform in [0, 1); injectable for deterministic tests. */
	random?: () => number;
	/** Called before each sleep (logging, back-pressure for a concurrency limiter). */
	onRetry?: (notice: RetryNotice) => void;
	/** Turns the last failure into a readable message (`cause` is what was thrown); falls back to n8n's own extraction. */
	describe?: (failure: HttpFailure, attempts: number, cause: unknown) => RemoteErrorText | undefined;
	itemIndex?: number;
}

export interface SendResult<T> {
	response: T;
	attempts: number;
}

/** Thrown when retries are exhausted or the failure is permanent; carries the parsed failure. */
export class RemoteRequestError extends NodeApiError {
	httpFailure!: HttpFailure;

	attempts!: number;

	/** Set when the server's Retry-After was beyond the retry budget: when to run again. */
	waitNote!: string;
}

export async function sendWithRetry<T>(
	node: INode,
	send: () => Promise<T>,
	options: SendWithRetryOptions = {},
): Promise<SendResult<T>> {
	const policy = options.policy ?? DEFAULT_RETRY_POLICY;
	const random = options.random ?? Math.random;
	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		try {
			return { response: await send(), attempts: attempt };
		} catch (error) {
			const failure = failureFromError(error);
			const kind = classifyFailure(failure, options.classify);
			// 'auth' was already handled by n8n (one re-authentication and resend): surface it.
			const delay = kind === 'transient' ? nextDelay({ attempt, waitedMs }, failure, policy, { random, now: new Date() }) : null;
			if (delay === null) throw finalError(node, error, failure, { attempts: attempt, waitedMs, policy }, options);
			options.onRetry?.({ attempt, delayMs: delay, failure });
			waitedMs += delay;
			await sleep(delay);
		}
	}
}

/**
 * Reads status, headers, body and low-level code from whatever the n8n HTTP helpers threw:
 * a NodeApiError wrapping an axios error (`cause.response`), a bare axios-like error, or a
 * connection error with only a `code`.
 */
export function failureFromError(error: unknown): HttpFailure {
	const candidates = errorChain(error);
	const response = candidates.map((candidate) => asRecord(candidate.response)).find((value) => value !== undefined);
	const status = numberOrUndefined(response?.status ?? response?.statusCode) ?? httpCodeOf(candidates);
	const body = response?.data ?? response?.body ?? contextData(candidates);
	const errorCode = candidates
		.map((candidate) => candidate.code)
		.find((code): code is string => typeof code === 'string' && /^[A-Z_]+$/.test(code));
	return {
		status,
		headers: (asRecord(response?.headers) as HeaderBag | undefined) ?? undefined,
		body: parseJsonText(body),
		errorCode: errorCode ?? connectionMessage(candidates),
	};
}

interface RetryOutcome {
	attempts: number;
	waitedMs: number;
	policy: RetryPolicy;
}

function finalError(node: INode, error: unknown, failure: HttpFailure, outcome: RetryOutcome, options: SendWithRetryOptions): RemoteRequestError {
	const text = options.describe?.(failure, outcome.attempts, error);
	const retried = outcome.attempts > 1 ? ` (after ${outcome.attempts} attempts)` : '';
	const waitNote = serverWaitNote(failure, outcome);
	const message = text ? `${text.message}${retried}${waitNote}` : undefined;
	const wrapped = new RemoteRequestError(node, errorResponseOf(error, failure), {
		message,
		description: text?.description,
		httpCode: failure.status === undefined ? undefined : String(failure.status),
		itemIndex: options.itemIndex,
	});
	wrapped.httpFailure = failure;
	wrapped.attempts = outcome.attempts;
	wrapped.waitNote = waitNote;
	return wrapped;
}

/** A Retry-After longer than the budget left is not waited for: say when the server will take requests again. */
function serverWaitNote(failure: HttpFailure, outcome: RetryOutcome): string {
	const now = new Date();
	const asked = retryAfterBeyondBudget(failure, outcome.waitedMs, outcome.policy, now);
	if (asked === undefined) return '';
	const at = new Date(now.getTime() + asked).toISOString();
	return `. The server asked to wait ${Math.ceil(asked / 1000)} s (Retry-After, until ${at}), longer than the retry budget of ${Math.round(outcome.policy.maxTotalWaitMs / 1000)} s, so it was not retried: run it again after ${at}`;
}

function errorResponseOf(error: unknown, failure: HttpFailure): JsonObject {
	const body = asRecord(failure.body);
	if (body) return body as JsonObject;
	const text = typeof failure.body === 'string' && failure.body ? failure.body.slice(0, 500) : String((error as Error)?.message ?? error);
	return { message: text };
}

function errorChain(error: unknown): Array<Record<string, unknown>> {
	const chain: Array<Record<string, unknown>> = [];
	let current: unknown = error;
	while (current && typeof current === 'object' && chain.length < 5 && !chain.includes(current as Record<string, unknown>)) {
		chain.push(current as Record<string, unknown>);
		current = (current as { cause?: unknown }).cause;
	}
	return chain;
}

function httpCodeOf(candidates: Array<Record<string, unknown>>): number | undefined {
	for (const candidate of candidates) {
		const code = numberOrUndefined(candidate.httpCode);
		if (code !== undefined) return code;
	}
	return undefined;
}

function contextData(candidates: Array<Record<string, unknown>>): unknown {
	return candidates.map((candidate) => asRecord(candidate.context)?.data).find((data) => data !== undefined);
}

function connectionMessage(candidates: Array<Record<string, unknown>>): string | undefined {
	const message = candidates.map((candidate) => candidate.message).find((value) => typeof value === 'string') as string | undefined;
	return message && /socket hang up/i.test(message) ? 'SOCKET HANG UP' : undefined;
}

function numberOrUndefined(value: unknown): number | undefined {
	const number = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function parseJsonText(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}
