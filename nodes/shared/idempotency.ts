/**
 * Idempotency keys stored in IFS (voucher ReferenceNumber, invoice VoucherText, requisition
 * reference) and document version hashes. A key depends only on the Concur business id, so the
 * same report gets the same key whether it arrived through FIS or v3.
 */
import { createHash } from 'node:crypto';

export const DEFAULT_MAX_REFERENCE_LENGTH = 50;

const SAFE_ID = /^[A-Za-z0-9_.]+$/;

function sha256Hex(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * `<prefix>-<id>`, e.g. `CX-764428DD6A664AF0BFC1`. Ids that are too long or carry characters
 * IFS reference fields should not hold (v3 ids may contain `$`) are replaced by a hash prefix.
 */
export function buildIdempotencyKey(prefix: string, id: string, maxLength = DEFAULT_MAX_REFERENCE_LENGTH): string {
	const plain = `${prefix}-${id}`;
	if (SAFE_ID.test(id) && plain.length <= maxLength) return plain;
	const room = maxLength - prefix.length - 2;
	if (room < 8) throw new Error(`Reference prefix "${prefix}" leaves no room for an id within ${maxLength} characters`);
	return `${prefix}-H${sha256Hex(id).slice(0, room).toUpperCase()}`;
}

/** JSON with object keys sorted, so equal content always hashes equally. */
export function stableStringify(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, item]) => item !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** Content hash of a normalised document (`sha256:<hex>`). */
export function contentVersion(content: unknown): string {
	return `sha256:${sha256Hex(stableStringify(content))}`;
}
