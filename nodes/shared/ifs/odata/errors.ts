/**
 * IFS Cloud error envelopes turned into one user-facing message: IFS's own text verbatim, plus
 * what we attempted (method, entity set, keys). Never headers or tokens.
 */
import { isRecord, parseJsonText } from '../../retry';
import { keyPredicate, type KeyValue } from './literals';

export interface IfsErrorDetail {
	code?: string;
	message: string;
}

export interface IfsError {
	status?: number;
	code?: string;
	message: string;
	details: IfsErrorDetail[];
	/** First `ORA-nnnnn` in the message or details (ORA-20110 = violated business rule). */
	oraCode?: string;
}

export interface AttemptedOperation {
	method: string;
	entitySet: string;
	keys?: Record<string, KeyValue> | KeyValue;
}

/** Non-JSON bodies (a gateway's 401 page) are reduced to text and kept short. */
const MAX_TEXT_BODY = 500;
const ORA_CODE = /\bORA-\d{5}\b/;

/** Reads `{error:{code,message,details}}` (details as array or single object), Keycloak `{error,error_description}`, or text. */
export function parseIfsError(status: number | undefined, body: unknown): IfsError {
	const parsed = typeof body === 'string' ? parseJsonText(body) : body;
	const error = isRecord(parsed) ? parsed.error : undefined;
	const base = isRecord(error)
		? fromEnvelope(error)
		: isRecord(parsed) && typeof error === 'string'
			? { code: error, message: text(parsed.error_description) ?? error, details: [] }
			: { message: fallbackMessage(status, body), details: [] };
	const oraCode = [base.message, ...base.details.map((detail) => detail.message)].join('\n').match(ORA_CODE)?.[0];
	return { status, ...base, ...(oraCode ? { oraCode } : {}) };
}

/** e.g. `IFS Cloud rejected POST ManSuppInvoiceSet(Company='10') (HTTP 500 DATABASE_ERROR): ORA-20110: …` */
export function formatIfsError(error: IfsError, attempted: AttemptedOperation): string {
	const target = `${attempted.entitySet}${attempted.keys === undefined ? '' : keyPredicate(attempted.keys)}`;
	const status = [error.status === undefined ? undefined : `HTTP ${error.status}`, error.code].filter(Boolean).join(' ');
	const extra = error.details.map((detail) => detail.message).filter((message) => message !== error.message);
	const details = extra.length ? ` Details: ${[...new Set(extra)].join('; ')}` : '';
	return `IFS Cloud rejected ${attempted.method.toUpperCase()} ${target}${status ? ` (${status})` : ''}: ${error.message}${details}`;
}

function fromEnvelope(error: Record<string, unknown>): Omit<IfsError, 'status' | 'oraCode'> {
	const rawDetails = Array.isArray(error.details) ? error.details : error.details === undefined ? [] : [error.details];
	const details = rawDetails.filter(isRecord).flatMap((detail): IfsErrorDetail[] => {
		const message = text(detail.message);
		return message === undefined ? [] : [{ ...(text(detail.code) ? { code: text(detail.code) } : {}), message }];
	});
	const message = text(error.message) ?? details[0]?.message ?? 'IFS Cloud returned an error without a message';
	return { ...(text(error.code) ? { code: text(error.code) } : {}), message, details };
}

function fallbackMessage(status: number | undefined, body: unknown): string {
	const raw = typeof body === 'string' ? body : body === undefined || body === null ? '' : JSON.stringify(body);
	const plain = raw.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
	if (plain === '') return `HTTP ${status ?? 'error'} without a response body`;
	return plain.length > MAX_TEXT_BODY ? `${plain.slice(0, MAX_TEXT_BODY)}…` : plain;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
