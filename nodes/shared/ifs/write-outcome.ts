/**
 * When a write's outcome is unknown: IFS may or may not have applied it, so it is read back,
 * never resent blind.
 */
import { NodeApiError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';

import { RedirectRefusedError } from '../redirects';
import { classifyFailure, isRecord, parseJsonText, type HttpFailure } from '../retry';
import { failureFromError } from '../send-with-retry';
import { BatchError, type BatchPartResult } from './odata/batch';

/**
 * A write (a `$batch`, or a single POST) left IFS without telling whether it was applied: no
 * answer (reset, timeout), a gateway page instead of IFS's answer (5xx without an OData error, an
 * HTML 200), or a truncated answer. Never resent blind: read back first.
 */
export class OutcomeUnknownError extends NodeApiError {
	constructor(
		node: INode,
		readonly httpFailure: HttpFailure,
		readonly attempts: number,
		readonly what = '$batch',
	) {
		const why = httpFailure.status ? `HTTP ${httpFailure.status}` : httpFailure.errorCode ?? 'no response';
		super(node, { message: why } as JsonObject, { message: `IFS Cloud did not confirm the ${what} (${why}); whether it was applied is unknown` });
		this.name = 'OutcomeUnknownError';
	}
}

/** Connection failures that happen before a request is sent. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * The failure of a write when its outcome is unknown: no answer at all, a server error that is
 * not IFS's own (no OData error envelope), or a gateway timeout/unavailability. IFS applied
 * nothing after 429, MI_MODIFIED_ERROR, its own OData errors, client errors and redirects (a
 * redirect we refused to follow is an answer: the address we sent to applied nothing).
 */
export function outcomeUnknown(error: unknown): HttpFailure | undefined {
	if (error instanceof RedirectRefusedError) return undefined;
	const failure = failureFromError(error);
	if (failure.status === undefined) return NOT_SENT.has(String(failure.errorCode).toUpperCase()) ? undefined : failure;
	if (failure.status === 429 || classifyFailure(failure) === 'auth' || JSON.stringify(failure.body ?? '').includes('MI_MODIFIED_ERROR')) return undefined;
	if ([408, 502, 503, 504].includes(failure.status)) return failure;
	return failure.status >= 500 && !hasOdataError(failure.body) ? failure : undefined;
}

function hasOdataError(body: unknown): boolean {
	const parsed = typeof body === 'string' ? parseJsonText(body) : body;
	return isRecord(parsed) && isRecord(parsed.error);
}

/** A 2xx answer that is not what IFS sends (an HTML page, a cut-off body), as the failure to report. */
export function mangledAnswer(response: { body: unknown; headers: IDataObject; statusCode: number }): HttpFailure {
	return { status: response.statusCode, headers: response.headers, body: String(response.body ?? '').slice(0, 200), errorCode: 'UNREADABLE_ANSWER' };
}

/** The parsed `$batch` answer, or undefined when it is not a complete multipart answer. */
export function parseAnswer(parse: () => BatchPartResult[]): BatchPartResult[] | undefined {
	let failure: unknown;
	try {
		return parse();
	} catch (error) {
		failure = error;
	}
	if (failure instanceof BatchError) return undefined;
	throw failure;
}
