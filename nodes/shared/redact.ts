/**
 * Redaction for everything built from HTTP traffic (errors, logs, audit, node output): tokens,
 * secrets, request tokens and passwords must never leave the node.
 */

export const REDACTED = '***';

/** Shorter secrets would mask ordinary words and digits. */
const MIN_SECRET_LENGTH = 4;

/** Field and header names whose values are always masked, compared without case, `-` and `_` (so accessToken too). */
const SENSITIVE_FIELDS = new Set(
	[
		'authorization',
		'proxy-authorization',
		'cookie',
		'set-cookie',
		'access_token',
		'refresh_token',
		'id_token',
		'client_secret',
		'password',
		// Concur company request token (one-shot credential).
		'request_token',
	].map(normaliseFieldName),
);

// Long enough not to swallow prose such as "Bearer token expired".
const BEARER_IN_TEXT = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi;
// A JWT (Concur and IFS access tokens are JWTs) echoed without its "Bearer" prefix.
const JWT_IN_TEXT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
// `access_token=…` in form bodies / query strings and `"access_token":"…"` in raw JSON text.
const SENSITIVE_PAIR_IN_TEXT =
	/(["']?)(access_?token|refresh_?token|id_?token|client_?secret|request_?token|password)\1(\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^"'&\s,}]+)/gi;

/**
 * Deep copy of `value` with every occurrence of each secret (raw or URL-encoded) replaced by
 * `***` in strings and object keys, sensitive fields masked wherever they appear, and bearer
 * tokens and `name=value` / `"name":"value"` credentials in free text masked. Cycles become '[Circular]'.
 */
export function redactSecrets<T>(value: T, secrets: readonly string[] = []): T {
	const patterns = secretPatterns(secrets);
	return redactValue(value, patterns, new WeakSet()) as T;
}

function redactValue(value: unknown, secrets: readonly string[], seen: WeakSet<object>): unknown {
	if (typeof value === 'string') return redactText(value, secrets);
	if (typeof value !== 'object' || value === null) return value;
	if (value instanceof Date) return new Date(value.getTime());
	if (seen.has(value)) return '[Circular]';
	seen.add(value);
	const copy = Array.isArray(value)
		? value.map((entry) => redactValue(entry, secrets, seen))
		: redactObject(value as Record<string, unknown>, secrets, seen);
	seen.delete(value);
	return copy;
}

function redactObject(
	source: Record<string, unknown>,
	secrets: readonly string[],
	seen: WeakSet<object>,
): Record<string, unknown> {
	const copy: Record<string, unknown> = {};
	for (const [key, entry] of ownEntries(source)) {
		const value = SENSITIVE_FIELDS.has(normaliseFieldName(key)) && entry !== undefined && entry !== null ? REDACTED : entry;
		copy[redactText(key, secrets)] = redactValue(value, secrets, seen);
	}
	return copy;
}

/** Errors keep their non-enumerable name and message. */
function ownEntries(source: Record<string, unknown>): Array<[string, unknown]> {
	const entries = Object.entries(source);
	if (!(source instanceof Error)) return entries;
	return [['name', source.name], ['message', source.message], ...entries];
}

function redactText(text: string, secrets: readonly string[]): string {
	let result = text;
	for (const secret of secrets) result = result.split(secret).join(REDACTED);
	return result
		.replace(BEARER_IN_TEXT, (_match, scheme: string) => `${scheme} ${REDACTED}`)
		.replace(JWT_IN_TEXT, REDACTED)
		.replace(SENSITIVE_PAIR_IN_TEXT, (_match, quote: string, name: string, separator: string, secret: string) => {
			const valueQuote = /^["']/.test(secret) ? secret[0] : '';
			return `${quote}${name}${quote}${separator}${valueQuote}${REDACTED}${valueQuote}`;
		});
}

/** Properties of an error that are not ours to rewrite (the workflow's node object). */
const SHARED_ERROR_FIELDS = new Set(['node']);

/**
 * Redacts an error in place, every field n8n may store or show: message, stack, description,
 * messages, errorResponse, context and any other own field; a cause becomes a redacted
 * `{name, message}` (n8n keeps no more of it, and an HTTP client's cause carries request headers).
 */
export function redactErrorInPlace<T>(error: T, secrets: readonly string[] = []): T {
	if (!(error instanceof Error)) return error;
	const patterns = secretPatterns(secrets);
	const fields = error as unknown as Record<string, unknown>;
	for (const key of Object.getOwnPropertyNames(error)) {
		if (SHARED_ERROR_FIELDS.has(key)) continue;
		const value = fields[key];
		if (key === 'cause' && value instanceof Error) fields[key] = redactedCause(value, patterns);
		else if (typeof value === 'string' || (typeof value === 'object' && value !== null)) fields[key] = redactValue(value, patterns, new WeakSet());
	}
	return error;
}

function redactedCause(cause: Error, patterns: readonly string[]): Error {
	const copy = new Error(redactText(cause.message, patterns));
	copy.name = cause.name;
	copy.stack = redactText(cause.stack ?? '', patterns);
	return copy;
}

/** Each secret plus its URL-encoded forms, longest first so a secret containing another is masked whole. */
function secretPatterns(secrets: readonly string[]): string[] {
	const forms = secrets
		.filter((secret) => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH)
		.flatMap((secret) => [secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+')]);
	return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

function normaliseFieldName(name: string): string {
	return name.toLowerCase().replace(/[-_]/g, '');
}
