/**
 * The one escaping family for IFS Cloud OData: every key predicate and `$filter` literal is built
 * here, so user text is never spliced into a URL raw. Literal functions return OData text;
 * `entityPath` / `encodePathSegment` turn it into URL-safe path segments.
 */

/** A value with its OData type made explicit (as the node UI and key definitions give it). */
export type TypedValue =
	| { type: 'string'; value: string }
	| { type: 'number'; value: number | bigint | string }
	| { type: 'boolean'; value: boolean | string }
	| { type: 'date'; value: string }
	| { type: 'enum'; projection: string; enumType: string; value: string }
	| { type: 'null' };

/** Plain JS values infer their type (string → quoted, number/bigint → bare, boolean). */
export type KeyValue = string | number | bigint | boolean | Exclude<TypedValue, { type: 'null' }>;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DECIMAL = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Enum members are identifiers (Supplier, INT, Released) or their integer values.
const ENUM_MEMBER = /^([A-Za-z_][A-Za-z0-9_]*|\d+)$/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export class ODataLiteralError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ODataLiteralError';
	}
}

/** Throws unless `name` is a plain OData identifier (entity set, property, key, projection, enum type). */
export function assertIdentifier(name: string, what: string): string {
	if (typeof name !== 'string' || !IDENTIFIER.test(name)) {
		throw new ODataLiteralError(`Invalid ${what} ${JSON.stringify(name)}: expected letters, digits and _ only`);
	}
	return name;
}

/** `'O''Brien'`: single quotes doubled, Unicode kept; control characters and broken UTF-16 rejected. */
export function stringLiteral(value: string): string {
	if (typeof value !== 'string') throw new ODataLiteralError(`Expected a string, got ${typeof value}`);
	if (hasControlCharacter(value)) {
		throw new ODataLiteralError(`Text ${JSON.stringify(value)} contains a control character, which IFS keys and filters cannot carry`);
	}
	if (LONE_SURROGATE.test(value)) throw new ODataLiteralError(`Text ${JSON.stringify(value)} is not valid Unicode`);
	return `'${value.replace(/'/g, "''")}'`;
}

/** Bare number; decimal strings pass through unchanged (no float conversion, so amounts keep their digits). */
export function numberLiteral(value: number | bigint | string): string {
	if (typeof value === 'bigint') return value.toString();
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new ODataLiteralError(`Number ${value} cannot be sent to IFS`);
		return String(value);
	}
	const text = typeof value === 'string' ? value.trim() : '';
	if (!DECIMAL.test(text)) throw new ODataLiteralError(`${JSON.stringify(value)} is not a number`);
	return text.replace(/^\+/, '');
}

export function booleanLiteral(value: boolean | string): string {
	const text = String(value).trim().toLowerCase();
	if (text !== 'true' && text !== 'false') throw new ODataLiteralError(`${JSON.stringify(value)} is not true or false`);
	return text;
}

/** Edm.Date literal (bare `YYYY-MM-DD`), checked to be a real calendar date. */
export function dateLiteral(value: string): string {
	const match = typeof value === 'string' ? ISO_DATE.exec(value.trim()) : null;
	if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
		throw new ODataLiteralError(`${JSON.stringify(value)} is not a date in YYYY-MM-DD form`);
	}
	return match[0];
}

/** `IfsApp.<Projection>.<EnumType>'<Value>'`: IFS rejects plain strings for enum keys and filters. */
export function enumLiteral(projection: string, enumType: string, value: string): string {
	assertIdentifier(projection, 'projection');
	assertIdentifier(enumType, 'enumeration type');
	if (typeof value !== 'string' || !ENUM_MEMBER.test(value)) {
		throw new ODataLiteralError(`Invalid value ${JSON.stringify(value)} for enumeration ${enumType}`);
	}
	return `IfsApp.${projection}.${enumType}'${value}'`;
}

export function literal(value: TypedValue): string {
	switch (value.type) {
		case 'string':
			return stringLiteral(value.value);
		case 'number':
			return numberLiteral(value.value);
		case 'boolean':
			return booleanLiteral(value.value);
		case 'date':
			return dateLiteral(value.value);
		case 'enum':
			return enumLiteral(value.projection, value.enumType, value.value);
		case 'null':
			return 'null';
	}
}

export function keyLiteral(value: KeyValue): string {
	if (typeof value === 'string') return stringLiteral(value);
	if (typeof value === 'number' || typeof value === 'bigint') return numberLiteral(value);
	if (typeof value === 'boolean') return booleanLiteral(value);
	if (typeof value === 'object' && value !== null) return literal(value);
	throw new ODataLiteralError(`A key value is required, got ${String(value)}`);
}

/**
 * `(Company='10',CodePart='B')` for named keys, `('S1')` for a single unnamed key. OData text,
 * not yet URL-encoded: use it in messages, `entityPath` for URLs.
 */
export function keyPredicate(keys: Record<string, KeyValue> | KeyValue): string {
	if (!isKeyRecord(keys)) return `(${keyLiteral(keys)})`;
	const entries = Object.entries(keys);
	if (entries.length === 0) throw new ODataLiteralError('At least one key is required');
	return `(${entries.map(([name, value]) => `${assertIdentifier(name, 'key name')}=${keyLiteral(value)}`).join(',')})`;
}

/** URL path segment `EntitySet(Key='…')`, percent-encoded so keys may hold / # ? % & $ and spaces. */
export function entityPath(entitySet: string, keys?: Record<string, KeyValue> | KeyValue): string {
	const predicate = keys === undefined ? '' : keyPredicate(keys);
	return encodePathSegment(`${assertIdentifier(entitySet, 'entity set')}${predicate}`);
}

/**
 * Percent-encodes OData text for one URL path segment. The predicate punctuation `'(),=` and the
 * enum `.` stay readable; everything that could end or split the segment (/ ? # % & $ + space) is encoded.
 */
export function encodePathSegment(text: string): string {
	return encodeURIComponent(text).replace(/%2C/g, ',').replace(/%3D/g, '=');
}

const TYPED_VALUE_TYPES = new Set<unknown>(['string', 'number', 'boolean', 'date', 'enum', 'null']);

function isKeyRecord(keys: Record<string, KeyValue> | KeyValue): keys is Record<string, KeyValue> {
	return typeof keys === 'object' && keys !== null && !TYPED_VALUE_TYPES.has((keys as { type?: unknown }).type);
}

// Control characters never occur in IFS keys or codes; in a URL they indicate corrupted input.
function hasControlCharacter(text: string): boolean {
	return [...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
}

function isCalendarDate(year: number, month: number, day: number): boolean {
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
