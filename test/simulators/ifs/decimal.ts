/**
 * IFS NUMBER columns (Edm.Decimal 130,65) for the simulator: exact decimals as BigInt units and a
 * scale, stored in rows as canonical decimal strings ("412.5"). JSON bodies are read and written
 * with their numbers' exact digits, so a 17-digit amount is what the simulator stores and returns.
 */

export interface Dec {
	n: bigint;
	s: number;
}

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

export function isDecimalText(value: unknown): value is string {
	return typeof value === 'string' && DECIMAL_TEXT.test(value);
}

/** "12.30", "-5", "1E+2" (JSON number text) → exact value. */
export function dec(text: string | number): Dec {
	const raw = String(text);
	if (!JSON_NUMBER.test(raw) && !DECIMAL_TEXT.test(raw)) throw new Error(`not a decimal: ${raw}`);
	const [mantissa, exponentText = '0'] = raw.toLowerCase().split('e');
	const [whole, fraction = ''] = mantissa.split('.');
	const exponent = Number(exponentText);
	const digits = BigInt(`${whole}${fraction}`.replace('-', '') || '0') * (whole.startsWith('-') ? -1n : 1n);
	const s = fraction.length - exponent;
	return s >= 0 ? { n: digits, s } : { n: digits * 10n ** BigInt(-s), s: 0 };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
	const s = Math.max(a.s, b.s);
	return [a.n * 10n ** BigInt(s - a.s), b.n * 10n ** BigInt(s - b.s), s];
}

export function plus(a: Dec, b: Dec): Dec {
	const [x, y, s] = align(a, b);
	return { n: x + y, s };
}

export function minus(a: Dec, b: Dec): Dec {
	return plus(a, { n: -b.n, s: b.s });
}

export function cmp(a: Dec, b: Dec): number {
	const [x, y] = align(a, b);
	return x === y ? 0 : x < y ? -1 : 1;
}

/** Oracle ROUND: half away from zero. */
export function round(a: Dec, decimals: number): Dec {
	if (a.s <= decimals) return { n: a.n * 10n ** BigInt(decimals - a.s), s: decimals };
	const divisor = 10n ** BigInt(a.s - decimals);
	const magnitude = (a.n < 0n ? -a.n : a.n) * 2n + divisor;
	const rounded = magnitude / (2n * divisor);
	return { n: a.n < 0n ? -rounded : rounded, s: decimals };
}

/** amount × rate / factor, rounded half away from zero to `decimals` — IFS's currency amount → accounting amount. */
export function convert(amount: Dec, rate: Dec, factor: Dec, decimals: number): Dec {
	const numerator = amount.n * rate.n * 10n ** BigInt(factor.s + decimals);
	const denominator = factor.n * 10n ** BigInt(amount.s + rate.s);
	const negative = numerator < 0n !== denominator < 0n;
	const [x, y] = [numerator < 0n ? -numerator : numerator, denominator < 0n ? -denominator : denominator];
	const rounded = (2n * x + y) / (2n * y);
	return { n: negative ? -rounded : rounded, s: decimals };
}

export function sumOf(values: unknown[]): Dec {
	return values.reduce<Dec>((total, value) => (value === null || value === undefined ? total : plus(total, dec(value as string))), { n: 0n, s: 0 });
}

/** Canonical text: no exponent, no trailing fraction zeros. */
export function text(a: Dec): string {
	const negative = a.n < 0n;
	const digits = (negative ? -a.n : a.n).toString().padStart(a.s + 1, '0');
	const whole = digits.slice(0, digits.length - a.s);
	const fraction = digits.slice(digits.length - a.s).replace(/0+$/, '');
	return `${negative && (whole !== '0' || fraction) ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

export function fixed(a: Dec, decimals: number): string {
	const rounded = round(a, decimals);
	const negative = rounded.n < 0n;
	const digits = (negative ? -rounded.n : rounded.n).toString().padStart(decimals + 1, '0');
	const whole = digits.slice(0, digits.length - decimals);
	return `${negative ? '-' : ''}${whole}${decimals ? `.${digits.slice(digits.length - decimals)}` : ''}`;
}

/** A number exactly as it appeared in (or must appear in) JSON text. */
export class JsonNumber {
	constructor(readonly text: string) {}
}

const SENTINEL = '\u0000#num#';

/** JSON.parse that keeps every number's digits (as JsonNumber); throws JSON.parse's SyntaxError on bad input. */
export function parseJsonExact(body: string): unknown {
	JSON.parse(body);
	let out = '';
	let inString = false;
	for (let i = 0; i < body.length; i++) {
		const ch = body[i];
		if (inString) {
			out += ch;
			if (ch === '\\') out += body[++i];
			else if (ch === '"') inString = false;
			continue;
		}
		if (ch === '"') inString = true;
		const number = ch === '-' || (ch >= '0' && ch <= '9') ? /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(body.slice(i)) : null;
		if (!number) {
			out += ch;
			continue;
		}
		out += JSON.stringify(`${SENTINEL}${number[0]}`);
		i += number[0].length - 1;
	}
	return JSON.parse(out, (_key, value: unknown) => (typeof value === 'string' && value.startsWith(SENTINEL) ? new JsonNumber(value.slice(SENTINEL.length)) : value));
}

/** JSON.stringify that writes JsonNumber values as bare numbers with their exact digits. */
export function stringifyExact(value: unknown): string {
	const json = JSON.stringify(value, (_key, item: unknown) => (item instanceof JsonNumber ? `${SENTINEL}${item.text}` : item));
	return json.replace(/"\\u0000#num#(-?[0-9.eE+-]+)"/g, '$1');
}

/** Plain JS values (numbers as JS numbers) for places that only need small integers. */
export function plain(value: unknown): unknown {
	if (value instanceof JsonNumber) return Number(value.text);
	if (Array.isArray(value)) return value.map(plain);
	if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
	return value;
}
