/**
 * Turns each SAP Concur error family (OAuth, v3, Expense v4, List v4, FIS, Purchase Request v4)
 * into one readable message with Concur's own code and text, plus what to do about it.
 */
import { headerValue, type HttpFailure } from '../retry';
import { redactSecrets } from '../redact';
import type { RemoteErrorText } from '../send-with-retry';

type Json = Record<string, unknown>;

const OAUTH_HINTS: Record<number, string> = {
	5: 'Check the client secret and the company request token / password in the credential.',
	19: 'Check the client secret and the company request token / password in the credential.',
	64: 'Check the client ID and secret in the credential.',
	108: 'The refresh token is no longer valid: generate a new company request token in Concur and paste it into the credential.',
	134: 'The company is in scheduled maintenance; try again later.',
	136: 'The company request token was generated for another App ID: generate it for this client ID.',
};

/** Our own refusals (token endpoint, hosts, redirects) say what happened themselves: no "could not be reached". */
const OWN_REFUSALS = new Set(['ConcurAuthError', 'ConcurRefreshRaceError', 'ConcurHostRefusedError', 'RedirectRefusedError']);

export function describeConcurFailure(failure: HttpFailure, attempts: number, cause?: unknown): RemoteErrorText {
	const own = errorChain(cause).find((error) => OWN_REFUSALS.has(error.name));
	if (own) return redactSecrets({ message: own.message, description: OWN_REFUSAL_HINT });
	const status = failure.status;
	// Without an HTTP answer the thrown error says what happened (network error, refused host, token exchange).
	const remote = remoteText(failure.body) ?? (status === undefined ? causeText(cause) : undefined);
	const prefix = status === undefined ? 'SAP Concur could not be reached' : `SAP Concur answered ${status}`;
	const message = remote ? `${prefix}: ${remote.text}` : prefix;
	const correlationId = headerValue(failure.headers, 'concur-correlationid');
	const description = [remote?.hint ?? statusHint(failure, attempts), correlationId ? `Concur correlation id: ${correlationId}` : '']
		.filter(Boolean)
		.join(' ');
	return redactSecrets({ message, description });
}

const OWN_REFUSAL_HINT = 'Nothing was sent to a host outside the credential\'s allow-list. Fix the SAP Concur credential as the message says, then run the workflow again.';

/** True when the thrown error is a refresh-token race (code 108 for a token another execution just rotated). */
export function isRefreshRace(error: unknown): boolean {
	return errorChain(error).some((entry) => entry.name === 'ConcurRefreshRaceError');
}

// Concur documents 403 for an expired token and for missing scopes alike, with undocumented bodies.
const EXPIRED_TOKEN_TEXT = /expired|invalid[_ ]token|token is not valid|not valid for this (datacenter|data center)|geolocation|lives elsewhere|jwt|signature/i;
const SCOPE_TEXT = /scope|not accepted by this api|not authori[sz]ed|permission|entitle|not enabled|product|forbidden resource/i;

/**
 * Whether a 403 reads as an expired/invalid token or wrong datacenter (refresh once) rather than a
 * missing scope or permission (refreshing would only rotate the token for nothing). A 403 that
 * says neither is treated as expiry, as SAP's guidance for its undocumented gateway bodies implies.
 */
export function forbiddenMeansExpiredToken(body: unknown): boolean {
	const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
	if (EXPIRED_TOKEN_TEXT.test(text)) return true;
	return !SCOPE_TEXT.test(text);
}

function errorChain(error: unknown): Error[] {
	const chain: Error[] = [];
	for (let current = error; current instanceof Error && chain.length < 6 && !chain.includes(current); current = (current as { cause?: unknown }).cause) {
		chain.push(current);
	}
	return chain;
}

/** Concur's own code (string or number) from any family's error body, for error items. */
export function concurErrorCode(body: unknown): string | undefined {
	const json = asJson(body);
	if (!json) return undefined;
	const candidates = [json.code, asJson(json.error)?.id, json.errorId, asJson(json.Error)?.Id, firstRecord(json.errors)?.errorCode];
	const found = candidates.find((value) => typeof value === 'string' || typeof value === 'number');
	return found === undefined ? undefined : String(found);
}

function remoteText(body: unknown): { text: string; hint?: string } | undefined {
	const json = asJson(body);
	if (!json) return typeof body === 'string' && body.trim() ? { text: body.trim().slice(0, 300) } : undefined;
	if (typeof json.error === 'string' && ('error_description' in json || 'code' in json)) return oauthText(json);
	const v3 = asJson(json.Error);
	if (v3 && typeof v3.Message === 'string') return { text: v3.Message };
	if (typeof json.Message === 'string') return { text: json.Message };
	if (typeof json.errorMessage === 'string') return { text: withValidation(json.errorMessage, json.validationErrors) };
	const listError = asJson(json.error);
	if (listError && typeof listError.message === 'string') {
		return { text: withValidation(`${listError.message} (${String(listError.id ?? 'error')})`, json.validationErrors) };
	}
	if (Array.isArray(json.errors) && json.errors.length) {
		return { text: json.errors.map((error) => `${String(asJson(error)?.errorCode ?? '')} ${String(asJson(error)?.errorMessage ?? '')}`.trim()).join('; ') };
	}
	if (typeof json.message === 'string') return { text: json.message };
	return undefined;
}

function causeText(cause: unknown): { text: string; hint?: string } | undefined {
	const message = cause instanceof Error ? cause.message : undefined;
	return message ? { text: message } : undefined;
}

function oauthText(json: Json): { text: string; hint?: string } {
	const code = Number(json.code);
	const text = `${String(json.error_description ?? json.error)} (code ${Number.isFinite(code) ? code : '?'}, ${String(json.error)})`;
	// Without an OAuth code this is a data API's gateway refusal: the status says more (expired vs scope).
	return { text, hint: Number.isFinite(code) ? (OAUTH_HINTS[code] ?? 'Check the SAP Concur credential and reconnect it if needed.') : undefined };
}

function withValidation(text: string, validationErrors: unknown): string {
	const details = Array.isArray(validationErrors)
		? validationErrors.map((entry) => [asJson(entry)?.source, asJson(entry)?.message].filter(Boolean).join(': ')).filter(Boolean)
		: [];
	return details.length ? `${text} — ${details.join('; ')}` : text;
}

function statusHint(failure: HttpFailure, attempts: number): string {
	const { status, errorCode } = failure;
	const retried = attempts > 1 ? ` Gave up after ${attempts} attempts.` : '';
	if (status === undefined) return `Network error ${errorCode ?? ''}; check connectivity to the Concur datacenter.${retried}`.trim();
	if (status === 403 && !forbiddenMeansExpiredToken(failure.body)) {
		return `SAP Concur refused access for a missing scope or permission, so the token was not refreshed: check that the Concur app has the scope for this API (${SCOPES_BY_API}) and that the company connection is still authorized.`;
	}
	if (status === 401 || status === 403) {
		return `The access token was refused even after one re-authentication: check that the Concur app has the scope for this API (${SCOPES_BY_API}) and that the company connection is still authorized.`;
	}
	if (status === 404) return 'The record was not found: check the ID (and, for Financial Integration, the document type).';
	if (status === 429) return `Concur rate-limited the requests.${retried} Lower the volume or run the workflow less often.`;
	if (status >= 500) return `Concur failed to process the request.${retried} Try again later.`;
	return 'Check the node parameters.';
}

const SCOPES_BY_API = 'FISVC for Financial Integration, EXPRPT for reports, INVPMT/INVVEN for invoices and vendors, spend.list.* for lists';

function asJson(value: unknown): Json | undefined {
	if (typeof value === 'string') {
		try {
			return asJson(JSON.parse(value));
		} catch {
			return undefined;
		}
	}
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function firstRecord(value: unknown): Json | undefined {
	return Array.isArray(value) ? asJson(value[0]) : undefined;
}
