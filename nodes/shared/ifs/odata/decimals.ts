/**
 * Exact decimals on the wire: with `IEEE754Compatible=true` OData carries Edm.Decimal values as
 * JSON strings, so no amount ever passes through a float — neither ours on the way to IFS nor
 * IFS's on the way back (a JSON number above ~15 significant digits is not what IFS stored).
 */
export const DECIMAL_JSON = 'application/json;IEEE754Compatible=true';

/** Headers of a write whose body carries decimals as strings. */
export const DECIMAL_BODY_HEADERS: Readonly<Record<string, string>> = { 'Content-Type': DECIMAL_JSON };

/** Headers of a read that must return decimals as strings. */
export const DECIMAL_READ_HEADERS: Readonly<Record<string, string>> = { Accept: DECIMAL_JSON };

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A posting's decimal string, checked (never computed on), for a body sent with DECIMAL_BODY_HEADERS. */
export function decimalValue(value: string | undefined, field: string): string | undefined {
	if (value === undefined || value === '') return undefined;
	const trimmed = value.trim();
	if (!DECIMAL.test(trimmed)) throw new Error(`${field} ${JSON.stringify(value)} is not a decimal amount`);
	return trimmed;
}
