/**
 * In-memory tables with IFS-style ETags (objid:objversion), an undo log for atomic requests/change
 * sets, number series, and equality indexes (parent keys for child rows, single columns for
 * `$filter` look-ups) that keep reads from scanning a table that grows with every posting.
 */
import { dec, isDecimalText } from './decimal';
import type { Row } from './model';

export interface StoredRow {
	data: Row;
	/** Oracle ROWID look-alike (18 chars), the IFS objid. */
	rowid: string;
	/** IFS objversion, yyyymmddhhmmss. */
	objversion: string;
}

const ROWID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function encode(value: number, width: number): string {
	let out = '';
	for (let i = 0; i < width; i++) {
		out = ROWID_ALPHABET[value % 64] + out;
		value = Math.floor(value / 64);
	}
	return out;
}

/** `W/"` + base64(`W/"<rowid>:<objversion>"`) + `"`, the format decoded from IFS's own documented sample. */
export function etagOf(row: StoredRow): string {
	return `W/"${Buffer.from(`W/"${row.rowid}:${row.objversion}"`).toString('base64')}"`;
}

/** Simulated wall clock for objversions: starts on the scenario date and moves one second per write, so ETags always change. */
export class SimClock {
	private time: number;

	constructor(start: string) {
		this.time = Date.parse(start);
	}

	tick(): string {
		this.time += 1000;
		return new Date(this.time).toISOString().replace(/[-:T]/g, '').slice(0, 14);
	}

	today(): string {
		return new Date(this.time).toISOString().slice(0, 10);
	}
}

export function keyString(keys: string[], row: Row): string {
	return JSON.stringify(keys.map((k) => row[k]));
}

function addToIndex(index: Map<string, Set<string>>, attributes: string[], key: string, data: Row): void {
	const parent = keyString(attributes, data);
	const children = index.get(parent) ?? new Set<string>();
	index.set(parent, children.add(key));
}

/**
 * One column's equality index, for `$filter` look-ups (see filterIndex.ts). It must never miss a row
 * that `col eq 'text'` matches under the filter's own comparison (`compareValues`), which compares a
 * number with decimal text numerically and otherwise compares as JavaScript does: decimal values are
 * bucketed by their canonical value, other strings by their text; numbers are also listed apart
 * (JavaScript's comparison calls a number "equal" to any non-numeric text), and values of any other
 * type (booleans, objects) are always candidates.
 */
interface ColumnIndex {
	buckets: Map<string, Set<string>>;
	numbers: Set<string>;
	others: Set<string>;
}

/** The bucket of a value in a column index; undefined for values kept among the `others`. */
function bucketOf(value: unknown): string | undefined {
	if (value === null || value === undefined) return 'null';
	if (typeof value === 'number') return Number.isFinite(value) ? canonicalDecimal(value) : undefined;
	if (typeof value === 'string') return isDecimalText(value) ? canonicalDecimal(value) : `s:${value}`;
	return undefined;
}

function canonicalDecimal(value: string | number): string {
	let { n, s } = dec(value);
	while (s > 0 && n % 10n === 0n) {
		n /= 10n;
		s--;
	}
	return `d:${n}e${s}`;
}

function addToColumnIndex(index: ColumnIndex, column: string, key: string, data: Row): void {
	const value = data[column];
	const bucket = bucketOf(value);
	if (bucket === undefined) index.others.add(key);
	else {
		const keys = index.buckets.get(bucket) ?? new Set<string>();
		index.buckets.set(bucket, keys.add(key));
	}
	if (typeof value === 'number') index.numbers.add(key);
}

function removeFromColumnIndex(index: ColumnIndex, column: string, key: string, data: Row): void {
	const bucket = bucketOf(data[column]);
	if (bucket === undefined) index.others.delete(key);
	else {
		const keys = index.buckets.get(bucket);
		keys?.delete(key);
		if (keys?.size === 0) index.buckets.delete(bucket);
	}
	index.numbers.delete(key);
}

export class Store {
	private tables = new Map<string, Map<string, StoredRow>>();
	private numbers = new Map<string, number>();
	private sequences = new Map<string, number>();
	private undo: Array<() => void> = [];
	private depth = 0;
	private rowCounter = 0;
	private tableIds = new Map<string, number>();
	/** Per set and parent attribute list: parent key → keys of its child rows (so numbering a child does not scan the table). */
	private childIndexes = new Map<string, Map<string, Map<string, Set<string>>>>();
	/** Per set and column: the column's equality index, built on first use and kept up to date. */
	private columnIndexes = new Map<string, Map<string, ColumnIndex>>();
	/** Per set: each key's place in the table's (insertion) order, so indexed reads keep the order a scan has. */
	private positions = new Map<string, Map<string, number>>();
	private positionCounter = 0;

	constructor(readonly clock: SimClock) {}

	rows(set: string): StoredRow[] {
		return [...this.table(set).values()];
	}

	get(set: string, key: string): StoredRow | undefined {
		return this.table(set).get(key);
	}

	insert(set: string, key: string, data: Row): StoredRow {
		const row: StoredRow = { data, rowid: this.nextRowid(set), objversion: this.clock.tick() };
		this.write(set, key, row);
		return row;
	}

	/** Replaces the row's data and bumps its objversion (new ETag). */
	update(set: string, key: string, data: Row): StoredRow {
		const old = this.table(set).get(key);
		if (!old) throw new Error(`update of missing row ${set}${key}`);
		const row: StoredRow = { data, rowid: old.rowid, objversion: this.clock.tick() };
		this.write(set, key, row);
		return row;
	}

	remove(set: string, key: string): void {
		this.write(set, key, undefined);
	}

	/** Runs fn; if it throws, every write made inside is undone (one request, or one $batch change set). */
	atomic<T>(fn: () => T): T {
		const mark = this.undo.length;
		this.depth++;
		try {
			return fn();
		} catch (error) {
			while (this.undo.length > mark) this.undo.pop()!();
			throw error;
		} finally {
			this.depth--;
			if (this.depth === 0) this.undo.length = 0;
		}
	}

	/** Transactional number series (voucher numbers, load ids, order numbers): rolled back with the transaction. */
	nextNumber(series: string, first: number): number {
		const previous = this.numbers.get(series);
		const value = previous === undefined ? first : previous + 1;
		this.numbers.set(series, value);
		this.log(() => (previous === undefined ? this.numbers.delete(series) : this.numbers.set(series, previous)));
		return value;
	}

	/** Oracle sequence: values consumed by a rolled-back transaction are lost (gaps), like INVOICE_ID. */
	nextSequence(name: string, first: number): number {
		const value = (this.sequences.get(name) ?? first - 1) + 1;
		this.sequences.set(name, value);
		return value;
	}

	/** Rows whose `parent` attributes equal the given values (in table order), from an index built on first use and kept up to date. */
	childrenOf(set: string, parent: Row): StoredRow[] {
		const attributes = Object.keys(parent);
		return this.inTableOrder(set, this.childIndex(set, attributes).get(keyString(attributes, parent)) ?? []);
	}

	/**
	 * Keys of the rows that may satisfy `column eq text` (a string literal of any kind, or null): every
	 * row that does, and maybe some that do not; the caller evaluates the filter on them.
	 */
	candidatesEqual(set: string, column: string, text: string | null): ReadonlySet<string> {
		const index = this.columnIndex(set, column);
		const bucket = index.buckets.get(text === null ? 'null' : bucketOf(text)!) ?? new Set<string>();
		const withNumbers = text !== null && !isDecimalText(text) && index.numbers.size > 0;
		if (!withNumbers && index.others.size === 0) return bucket;
		return new Set([...bucket, ...(withNumbers ? index.numbers : []), ...index.others]);
	}

	/** The rows of these keys (missing ones skipped) in the order `rows(set)` lists them. */
	inTableOrder(set: string, keys: Iterable<string>): StoredRow[] {
		const table = this.table(set);
		const positions = this.positions.get(set);
		const present = [...keys].filter((key) => table.has(key));
		present.sort((a, b) => positions!.get(a)! - positions!.get(b)!);
		return present.map((key) => table.get(key)!);
	}

	private columnIndex(set: string, column: string): ColumnIndex {
		const indexes = this.columnIndexes.get(set) ?? new Map<string, ColumnIndex>();
		this.columnIndexes.set(set, indexes);
		let index = indexes.get(column);
		if (!index) {
			index = { buckets: new Map(), numbers: new Set(), others: new Set() };
			indexes.set(column, index);
			for (const [key, row] of this.table(set)) addToColumnIndex(index, column, key, row.data);
		}
		return index;
	}

	private childIndex(set: string, attributes: string[]): Map<string, Set<string>> {
		const indexes = this.childIndexes.get(set) ?? new Map<string, Map<string, Set<string>>>();
		this.childIndexes.set(set, indexes);
		const name = JSON.stringify(attributes);
		let index = indexes.get(name);
		if (!index) {
			index = new Map();
			indexes.set(name, index);
			for (const [key, row] of this.table(set)) addToIndex(index, attributes, key, row.data);
		}
		return index;
	}

	private write(set: string, key: string, row: StoredRow | undefined): void {
		const previous = this.table(set).get(key);
		this.put(set, key, row);
		this.log(() => this.put(set, key, previous));
	}

	private put(set: string, key: string, row: StoredRow | undefined): void {
		const table = this.table(set);
		const previous = table.get(key);
		for (const [name, index] of this.childIndexes.get(set) ?? []) {
			const attributes = JSON.parse(name) as string[];
			if (previous) index.get(keyString(attributes, previous.data))?.delete(key);
			if (row) addToIndex(index, attributes, key, row.data);
		}
		for (const [column, index] of this.columnIndexes.get(set) ?? []) {
			if (previous) removeFromColumnIndex(index, column, key, previous.data);
			if (row) addToColumnIndex(index, column, key, row.data);
		}
		// a Map keeps an updated key in its place and appends a new (or re-inserted) one: so do the positions
		const positions = this.positions.get(set)!;
		if (row && !previous) positions.set(key, ++this.positionCounter);
		if (!row) positions.delete(key);
		if (row) table.set(key, row);
		else table.delete(key);
	}

	private log(revert: () => void): void {
		if (this.depth > 0) this.undo.push(revert);
	}

	private table(set: string): Map<string, StoredRow> {
		let table = this.tables.get(set);
		if (!table) {
			table = new Map();
			this.tables.set(set, table);
			this.positions.set(set, new Map());
			this.tableIds.set(set, 70000 + this.tableIds.size * 13);
		}
		return table;
	}

	private nextRowid(set: string): string {
		this.table(set);
		const n = ++this.rowCounter;
		return `${encode(this.tableIds.get(set)!, 6)}AAF${encode(Math.floor(n / 64) + 4096, 6)}AA${encode(n % 64, 1)}`;
	}
}
