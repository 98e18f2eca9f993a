/** Defensive readers for Concur payloads (XML-to-JSON artefacts, strings where JSON is expected). */
import type { IDataObject } from 'n8n-workflow';

/** `null` → [], a single object → [object], an array → itself (v3 wrappers such as `LineItems.LineItem`). */
export function asArray<T = IDataObject>(value: unknown): T[] {
	if (value === undefined || value === null || value === '') return [];
	return (Array.isArray(value) ? value : [value]) as T[];
}

export function isRecord(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** First present list under one of `keys` (e.g. `PaymentRequestDigest`, then `Items`). */
export function rowsOf(body: unknown, keys: readonly string[]): IDataObject[] {
	if (Array.isArray(body)) return body.filter(isRecord);
	if (!isRecord(body)) return [];
	const key = keys.find((candidate) => body[candidate] !== undefined && body[candidate] !== null);
	return key === undefined ? [] : asArray(body[key]).filter(isRecord);
}

/** FIS sends `document` as a JSON string when `DocumentFormatAs: text`. */
export function parseJsonIfString(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const trimmed = value.trim();
	if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return value;
	try {
		return JSON.parse(trimmed);
	} catch {
		return value;
	}
}

/** Path template whose interpolated values are URL-encoded (v3 ids may contain `$`). */
export function concurPath(strings: TemplateStringsArray, ...values: Array<string | number>): string {
	return strings.reduce((path, part, index) => path + part + (index < values.length ? encodeURIComponent(String(values[index]).trim()) : ''), '');
}

/** Splits "a, b\nc" or an array of ids into clean ids. */
export function idList(value: unknown): string[] {
	const raw = Array.isArray(value) ? value : String(value ?? '').split(/[\s,;]+/);
	return raw.map((id) => String(id ?? '').trim()).filter(Boolean);
}

export function chunk<T>(values: readonly T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < values.length; start += size) chunks.push(values.slice(start, start + size));
	return chunks;
}

/** Drops empty strings / undefined so optional filters are not sent. */
export function compact(values: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== null && value !== ''));
}

/** A response body as an output object; anything else (text, array) is kept under `value`. */
export function asObject(body: unknown): IDataObject {
	return isRecord(body) ? body : { value: body as IDataObject[keyof IDataObject] };
}
