/**
 * Exact decimal arithmetic for money: a value is `units / 10^scale` with BigInt units.
 * Nothing here ever goes through a JS float. Rounding is half-up (half away from zero,
 * "commercial rounding"), everywhere.
 */

export interface Decimal {
	readonly units: bigint;
	readonly scale: number;
}

export class DecimalParseError extends Error {
	constructor(
		readonly field: string,
		readonly input: unknown,
	) {
		super(`${field}: ${JSON.stringify(input) ?? String(input)} is not a decimal number`);
		this.name = 'DecimalParseError';
	}
}

const DECIMAL_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const MAX_EXPONENT = 64;

export const ZERO: Decimal = { units: 0n, scale: 0 };

function pow10(exponent: number): bigint {
	return 10n ** BigInt(exponent);
}

/** Like parseDecimal, but returns undefined instead of throwing. */
export function tryParseDecimal(input: unknown): Decimal | undefined {
	if (typeof input === 'bigint') return { units: input, scale: 0 };
	if (typeof input === 'number' && !Number.isFinite(input)) return undefined;
	// a JSON number is already a float; its shortest decimal rendering is exactly what was written
	const text = typeof input === 'number' ? String(input) : typeof input === 'string' ? input.trim() : undefined;
	const match = text === undefined ? null : DECIMAL_PATTERN.exec(text);
	if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
	const [, sign, whole, fraction = '', exponentText = '0'] = match;
	const exponent = Number.parseInt(exponentText, 10);
	if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
	const digits = BigInt(`${whole}${fraction}` || '0');
	const scale = fraction.length - exponent;
	const units = scale < 0 ? digits * pow10(-scale) : digits;
	return { units: sign === '-' ? -units : units, scale: Math.max(scale, 0) };
}

/** Parses Concur's number forms: "50.00", 525.0, "0E-8", "1.5E+2", " -12.3 ", 1e21. */
export function parseDecimal(input: unknown, field = 'value'): Decimal {
	const parsed = tryParseDecimal(input);
	if (parsed === undefined) throw new DecimalParseError(field, input);
	return parsed;
}

function rescale(value: Decimal, scale: number): bigint {
	return value.units * pow10(scale - value.scale);
}

function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
	const scale = Math.max(a.scale, b.scale);
	return [rescale(a, scale), rescale(b, scale), scale];
}

export function add(a: Decimal, b: Decimal): Decimal {
	const [x, y, scale] = aligned(a, b);
	return { units: x + y, scale };
}

export function negate(a: Decimal): Decimal {
	return { units: -a.units, scale: a.scale };
}

export function subtract(a: Decimal, b: Decimal): Decimal {
	return add(a, negate(b));
}

export function multiply(a: Decimal, b: Decimal): Decimal {
	return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** amount × percent / 100, exact (no rounding). */
export function multiplyByPercent(amount: Decimal, percent: Decimal): Decimal {
	return { units: amount.units * percent.units, scale: amount.scale + percent.scale + 2 };
}

export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
	const [x, y] = aligned(a, b);
	return x === y ? 0 : x < y ? -1 : 1;
}

export function isZero(a: Decimal): boolean {
	return a.units === 0n;
}

export function isNegative(a: Decimal): boolean {
	return a.units < 0n;
}

export function abs(a: Decimal): Decimal {
	return isNegative(a) ? negate(a) : a;
}

export function sum(values: readonly Decimal[]): Decimal {
	return values.reduce(add, ZERO);
}

/** Rounds half away from zero to `decimals` places. */
export function roundHalfUp(value: Decimal, decimals: number): Decimal {
	if (value.scale <= decimals) return { units: rescale(value, decimals), scale: decimals };
	const divisor = pow10(value.scale - decimals);
	const magnitude = value.units < 0n ? -value.units : value.units;
	const rounded = (magnitude + divisor / 2n) / divisor;
	return { units: value.units < 0n ? -rounded : rounded, scale: decimals };
}

/** a / b rounded half away from zero to `decimals` places (exact: no intermediate rounding). */
export function divideRounded(a: Decimal, b: Decimal, decimals: number): Decimal {
	if (b.units === 0n) throw new RangeError('divideRounded: division by zero');
	const numerator = a.units * pow10(b.scale + decimals);
	const denominator = b.units * pow10(a.scale);
	const negative = numerator < 0n !== denominator < 0n;
	const [n, d] = [numerator < 0n ? -numerator : numerator, denominator < 0n ? -denominator : denominator];
	const rounded = (2n * n + d) / (2n * d);
	return { units: negative ? -rounded : rounded, scale: decimals };
}

/** Currency amount → accounting amount as IFS computes it: amount × rate / factor, rounded to the accounting currency's decimals. */
export function convertAmount(amount: Decimal, rate: Decimal, factor: Decimal, decimals: number): Decimal {
	return divideRounded(multiply(amount, rate), factor, decimals);
}

/** ISO 4217 minor units that differ from 2. */
const CURRENCY_DECIMALS: Readonly<Record<string, number>> = {
	BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, VND: 0,
	VUV: 0, XAF: 0, XOF: 0, XPF: 0,
	BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export function currencyDecimals(currency: string): number {
	return CURRENCY_DECIMALS[currency.trim().toUpperCase()] ?? 2;
}

export function roundToCurrency(value: Decimal, currency: string): Decimal {
	return roundHalfUp(value, currencyDecimals(currency));
}

/** Cuts to `decimals` places, toward zero. */
function truncate(value: Decimal, decimals: number): Decimal {
	if (value.scale <= decimals) return { units: rescale(value, decimals), scale: decimals };
	return { units: value.units / pow10(value.scale - decimals), scale: decimals };
}

/**
 * Splits `total` by percentages to `decimals` places: each share is cut (toward zero) to the
 * cent, and whatever the shares miss of the rounded total goes to the largest percentage (the
 * first of equal ones). The shares always add up to the rounded total.
 */
export function allocate(total: Decimal, percentages: readonly Decimal[], decimals: number): Decimal[] {
	if (percentages.length === 0) throw new Error('allocate: at least one percentage is required');
	const shares = percentages.map((percent) => truncate(multiplyByPercent(total, percent), decimals));
	const remainder = subtract(roundHalfUp(total, decimals), sum(shares));
	const largest = percentages.reduce((best, percent, index) => (compare(percent, percentages[best]) > 0 ? index : best), 0);
	shares[largest] = roundHalfUp(add(shares[largest], remainder), decimals);
	return shares;
}

/**
 * Rounds amounts that already add up (e.g. Concur's 8-decimal journal amounts) to `decimals`
 * places, each on its own; the sub-unit remainder that leaves against the rounded total goes to
 * the largest amount, so the rounded amounts add up to the rounded total.
 */
export function roundShares(amounts: readonly Decimal[], decimals: number): Decimal[] {
	const rounded = amounts.map((amount) => roundHalfUp(amount, decimals));
	const remainder = subtract(roundHalfUp(sum(amounts), decimals), sum(rounded));
	if (isZero(remainder) || rounded.length === 0) return rounded;
	const largest = amounts.reduce((best, amount, index) => (compare(abs(amount), abs(amounts[best])) > 0 ? index : best), 0);
	rounded[largest] = add(rounded[largest], remainder);
	return rounded;
}

function digitsOf(value: Decimal): { sign: string; whole: string; fraction: string } {
	const magnitude = (value.units < 0n ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
	const sign = value.units < 0n ? '-' : '';
	return { sign, whole: magnitude.slice(0, magnitude.length - value.scale), fraction: magnitude.slice(magnitude.length - value.scale) };
}

/** Canonical form: no exponent, no trailing fraction zeros ("525", "0", "-12.3"). */
export function formatDecimal(value: Decimal): string {
	const { sign, whole, fraction } = digitsOf(value);
	const trimmed = fraction.replace(/0+$/, '');
	return `${sign}${whole}${trimmed ? `.${trimmed}` : ''}`;
}

/** Fixed number of decimals, rounded half-up ("50.00", "1200"). */
export function formatFixed(value: Decimal, decimals: number): string {
	const { sign, whole, fraction } = digitsOf(roundHalfUp(value, decimals));
	return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

export function formatAmount(value: Decimal, currency: string): string {
	return formatFixed(value, currencyDecimals(currency));
}
