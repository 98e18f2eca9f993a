/**
 * Tolerant readers for Concur payloads: string numbers, `0E-8`, nulls, object-or-array wrappers.
 * Anything truly unusable raises InputError naming the field.
 */
import { DateTime } from 'luxon';

import type { Fields } from '../../../shared/canonical';
import { formatDecimal, parseDecimal, sum, tryParseDecimal } from '../../../shared/money';

export type Json = Record<string, unknown>;

export class InputError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
		this.name = 'InputError';
	}
}

export function isRecord(value: unknown): value is Json {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function record(value: unknown, field: string): Json {
	if (!isRecord(value)) throw new InputError(field, 'is missing or not an object');
	return value;
}

/** Empty for null/undefined, `[x]` for a single object (XML-to-JSON artefact), the array otherwise. */
export function list(value: unknown): Json[] {
	if (value === null || value === undefined) return [];
	return (Array.isArray(value) ? value : [value]).filter(isRecord);
}

/** Unwraps v3 `{ LineItem: [...] }` / `{ Allocation: {...} }` containers. */
export function wrapped(container: unknown, key: string): Json[] {
	return list(isRecord(container) ? container[key] : undefined);
}

/** Trimmed text; null, blanks and objects are "not given". Concur pads some codes with spaces. */
export function text(value: unknown): string | undefined {
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed;
}

export function requiredText(value: unknown, field: string): string {
	const result = text(value);
	if (result === undefined) throw new InputError(field, 'is required but empty');
	return result;
}

export function firstText(...values: unknown[]): string | undefined {
	for (const value of values) {
		const result = text(value);
		if (result !== undefined) return result;
	}
	return undefined;
}

/** Concur amounts are numbers, strings or `{ value, currencyCode }` objects. */
function amountValue(value: unknown): unknown {
	return isRecord(value) ? value.value : value;
}

export function optionalAmount(value: unknown, field: string): string | undefined {
	const raw = amountValue(value);
	if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return undefined;
	const parsed = tryParseDecimal(raw);
	if (parsed === undefined) throw new InputError(field, `${JSON.stringify(value)} is not a number`);
	return formatDecimal(parsed);
}

export function requiredAmount(value: unknown, field: string): string {
	const result = optionalAmount(value, field);
	if (result === undefined) throw new InputError(field, 'is required but empty');
	return result;
}

/** The first amount that is given, in canonical form. */
export function firstAmount(candidates: Array<[unknown, string]>): string | undefined {
	for (const [value, field] of candidates) {
		const result = optionalAmount(value, field);
		if (result !== undefined) return result;
	}
	return undefined;
}

export function sumAmounts(amounts: string[]): string {
	return formatDecimal(sum(amounts.map((amount) => parseDecimal(amount))));
}

/** Y/N, "true"/"false", booleans. */
export function flag(value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	const normalized = text(value)?.toUpperCase();
	return normalized === 'Y' || normalized === 'TRUE';
}

const DATE_FORMATS = ['MM/dd/yyyy', 'yyyyMMdd'];

/** ISO (with or without zone; the date as Concur wrote it), `MM/dd/yyyy`, `yyyyMMdd` → `yyyy-MM-dd`. */
export function date(value: unknown, field: string): string | undefined {
	const raw = text(value);
	if (raw === undefined) return undefined;
	const iso = DateTime.fromISO(raw, { setZone: true });
	const parsed = iso.isValid ? iso : DATE_FORMATS.map((format) => DateTime.fromFormat(raw, format)).find((candidate) => candidate.isValid);
	if (!parsed) throw new InputError(field, `"${raw}" is not a date`);
	return parsed.toISODate() ?? undefined;
}

function parseJson(text: string): { value: unknown } | undefined {
	try {
		return { value: JSON.parse(text) };
	} catch {
		return undefined;
	}
}

export function parseJsonIfString(value: unknown, field: string): unknown {
	if (typeof value !== 'string') return value;
	const parsed = parseJson(value);
	if (!parsed) throw new InputError(field, 'is a string that is not valid JSON');
	return parsed.value;
}

function put(fields: Fields, key: string, value: unknown): void {
	const result = text(value);
	if (result !== undefined) fields[key] = result;
}

/** FIS `<prefix>Custom4Code` / `<prefix>OrgUnit2Value` → `custom4` / `orgUnit2.value`. */
export function fisFields(source: Json, prefix: string): Fields {
	const pattern = new RegExp(`^${prefix}(Custom|OrgUnit)(\\d+)(Code|Value)?$`);
	const fields: Fields = {};
	for (const [key, value] of Object.entries(source)) {
		const match = pattern.exec(key);
		if (!match) continue;
		const name = `${match[1] === 'Custom' ? 'custom' : 'orgUnit'}${match[2]}`;
		put(fields, match[3] === 'Value' ? `${name}.value` : name, value);
	}
	return fields;
}

const V3_FIELD = /^(Custom|OrgUnit)0?(\d+)$/;

/** v3 `Custom4: {Code, Value, ListItemID}` or plain strings, plus v4 `customData: [{id, value}]`. */
export function v3Fields(source: Json): Fields {
	const fields: Fields = {};
	for (const [key, value] of Object.entries(source)) {
		const match = V3_FIELD.exec(key);
		if (!match) continue;
		const name = `${match[1] === 'Custom' ? 'custom' : 'orgUnit'}${match[2]}`;
		if (isRecord(value)) {
			put(fields, name, firstText(value.Code, value.Value));
			put(fields, `${name}.value`, value.Value);
			put(fields, `${name}.listItemId`, value.ListItemID);
		} else {
			put(fields, name, value);
		}
	}
	for (const item of list(source.customData)) {
		const id = text(item.id);
		if (id) put(fields, id, item.value);
	}
	return fields;
}

/** A whole number such as payment-term days ("30", 30); anything else is "not given". */
export function wholeNumber(value: unknown): number | undefined {
	const raw = text(value);
	return raw !== undefined && /^\d+$/.test(raw) ? Number.parseInt(raw, 10) : undefined;
}
