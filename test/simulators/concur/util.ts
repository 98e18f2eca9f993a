/** Small deterministic helpers: ids, seeded dice, decimal formatting, Concur date styles. */
import { createHash } from 'node:crypto';

function hashHex(...parts: Array<string | number>): string {
	return createHash('sha256').update(parts.join('|')).digest('hex');
}

/** 32 lowercase hex (FIS document ids). */
export const hex32 = (...parts: Array<string | number>): string => hashHex(...parts).slice(0, 32);
/** 20 uppercase hex (report / payment-request ids). */
export const hex20Upper = (...parts: Array<string | number>): string => hashHex(...parts).slice(0, 20).toUpperCase();

const OPAQUE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A v3-style opaque id; with `dollar` it contains a `$` like real v3 entry/allocation ids. */
export function opaqueV3Id(dollar: boolean, ...parts: Array<string | number>): string {
	const bytes = Buffer.from(hashHex(...parts), 'hex');
	let id = 'gW';
	for (const byte of bytes.subarray(0, 30)) id += OPAQUE[byte % OPAQUE.length];
	return dollar ? `${id.slice(0, 18)}$${id.slice(18)}` : id;
}

/** Dashed lowercase UUID derived from a hash. */
export function uuidFrom(...parts: Array<string | number>): string {
	const h = hashHex(...parts);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A JSON number written verbatim (e.g. `0E-8`, `412.50000000`), which JSON.stringify cannot produce. */
export class RawNumber {
	constructor(readonly text: string) {}
}

const RAW_MARK = '\u0000RAW:';

export function toJson(value: unknown): string {
	const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof RawNumber ? `${RAW_MARK}${v.text}` : v));
	return text.replace(/"\\u0000RAW:([^"]*)"/g, '$1');
}

/** Decimal string → integer count of 1e-8 units (Concur's BigDecimal scale 8). */
export function toUnits8(decimal: string): bigint {
	const negative = decimal.startsWith('-');
	const [whole, fraction = ''] = decimal.replace('-', '').split('.');
	const units = BigInt(whole || '0') * 100000000n + BigInt((fraction + '00000000').slice(0, 8));
	return negative ? -units : units;
}

export function units8ToPlain(units: bigint, scale = 8): string {
	const negative = units < 0n;
	const abs = negative ? -units : units;
	const whole = abs / 100000000n;
	const fraction = (abs % 100000000n).toString().padStart(8, '0').slice(0, scale);
	return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** BigDecimal(scale 8) as Jackson writes it: `412.50000000`, and zero as `0E-8`. */
export function bigDecimal8(units: bigint): RawNumber {
	return new RawNumber(units === 0n ? '0E-8' : units8ToPlain(units));
}

/** A v4 amount value: plain number, zero written as `0E-8`. */
export function v4Number(decimal: string): RawNumber {
	const units = toUnits8(decimal);
	if (units === 0n) return new RawNumber('0E-8');
	return new RawNumber(units8ToPlain(units).replace(/0+$/, '').replace(/\.$/, '.0'));
}

/** Split an amount by percentages; the last share takes the remainder so shares add up exactly. */
export function splitByPercent(amount: string, percentages: string[]): bigint[] {
	const total = toUnits8(amount);
	const shares = percentages.map((p) => (total * toUnits8(p)) / 10000000000n);
	const allButLast = shares.slice(0, -1).reduce((a, b) => a + b, 0n);
	shares[shares.length - 1] = total - allButLast;
	return shares;
}

export function sumDecimals(values: string[]): string {
	return units8ToPlain(values.reduce((acc, v) => acc + toUnits8(v), 0n), 2);
}

/** v3 timestamp: no zone, trailing zeros of the milliseconds dropped (`.57`, `.687`, none). */
export function v3Timestamp(iso: string | null): string | null {
	if (!iso) return null;
	const [base, ms = '000'] = iso.replace(/Z$/, '').split('.');
	const trimmed = ms.slice(0, 3).replace(/0+$/, '');
	return trimmed ? `${base}.${trimmed}` : base;
}

/** FIS timestamp `2018-03-02T18:12:03.050Z`. */
export function fisTimestamp(iso: string): string {
	return new Date(iso).toISOString();
}

/** v4 timestamp `YYYY-MM-DDTHH:mm:ssZ`. */
export function v4Timestamp(iso: string | null): string | null {
	return iso ? new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}

/** Deterministic timestamp on a date: `2026-11-12` + salt → `2026-11-12T09:14:27.570Z`. */
export function timestampOn(date: string, ...salt: Array<string | number>): string {
	const h = parseInt(hashHex(date, ...salt).slice(0, 8), 16);
	const seconds = 7 * 3600 + (h % (10 * 3600));
	const ms = (h >>> 3) % 1000;
	const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
	const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
	const ss = String(seconds % 60).padStart(2, '0');
	return `${date}T${hh}:${mm}:${ss}.${String(ms).padStart(3, '0')}Z`;
}
