/**
 * Exact Edm.Decimal values on the wire. Writes carry them as JSON number literals whose digits are
 * our decimal strings verbatim (`"CurrencyDebetAmount":412.50`), never a JS float: `ExactDecimal`
 * marks such a value and `toJsonText` emits its digits raw; bodies go with plain `application/json`,
 * as IFS documents. Reads still ask for decimals as strings (`IEEE754Compatible=true` in Accept) and
 * take both strings and numbers, because an IFS may ignore that parameter.
 */

/** Headers of a read that asks for decimals as strings. */
export const DECIMAL_READ_HEADERS: Readonly<Record<string, string>> = { Accept: 'application/json;IEEE754Compatible=true' };

const DECIMAL = /^-?\d+(\.\d+)?$/;
/** A double keeps every decimal of up to 15 significant digits; beyond that a parsed JSON number may not be what IFS sent. */
const EXACT_DIGITS = 15;

/** A decimal written into a JSON body as a number literal with exactly these digits. */
export class ExactDecimal {
	readonly digits: string;

	constructor(digits: string) {
		if (!DECIMAL.test(digits)) throw new Error(`${JSON.stringify(digits)} is not a plain decimal literal`);
		this.digits = digits;
	}

	/** Outside the wire (audit, item output) the value shows as its decimal string. */
	toJSON(): string {
		return this.digits;
	}
}

/** A posting's decimal string, checked (never computed on), as the exact number it is written as. */
export function decimalValue(value: string | undefined, field: string): ExactDecimal | undefined {
	if (value === undefined || value === '') return undefined;
	const trimmed = value.trim();
	if (!DECIMAL.test(trimmed)) throw new Error(`${field} ${JSON.stringify(value)} is not a decimal amount`);
	return new ExactDecimal(trimmed);
}

/** JSON text of a body, `ExactDecimal` values as raw number literals; everything else as JSON.stringify writes it. */
export function toJsonText(value: unknown): string {
	if (value instanceof ExactDecimal) return value.digits;
	if (Array.isArray(value)) return `[${value.map((item) => (isOmitted(item) ? 'null' : toJsonText(item))).join(',')}]`;
	if (isPlainObject(value)) {
		const members = Object.entries(value).filter(([, item]) => !isOmitted(item));
		return `{${members.map(([name, item]) => `${JSON.stringify(name)}:${toJsonText(item)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

function isOmitted(value: unknown): boolean {
	return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * A decimal IFS answered, as exact text: a string as IFS wrote it, a JSON number as its shortest
 * decimal form. A number whose shortest form has more than 15 significant digits was rounded to a
 * double before we saw it, so it is refused rather than used as if exact.
 */
export function decimalText(value: unknown, field: string): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string' && DECIMAL.test(value.trim())) return value.trim();
	if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`IFS answered ${field} as ${JSON.stringify(value)}, which is not a decimal`);
	const plain = plainDecimal(value);
	if (plain.replace(/^-?[0.]*|\./g, '').replace(/0+$/, '').length > EXACT_DIGITS) {
		throw new Error(
			`IFS answered ${field} as the JSON number ${plain}, which has more than ${EXACT_DIGITS} significant digits and may have lost some on the way; make IFS honour IEEE754Compatible=true (decimals as strings)`,
		);
	}
	return plain;
}

/** The number's shortest round-trip digits without an exponent (1e-7 → "0.0000001"). */
function plainDecimal(value: number): string {
	const [mantissa, exponentText = '0'] = String(value).toLowerCase().split('e');
	const negative = mantissa.startsWith('-');
	const [whole, fraction = ''] = mantissa.replace('-', '').split('.');
	const point = whole.length + Number(exponentText);
	const digits = `${whole}${fraction}`;
	const padded = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
	return `${negative ? '-' : ''}${padded.replace(/^0+(?=\d)/, '')}`;
}
