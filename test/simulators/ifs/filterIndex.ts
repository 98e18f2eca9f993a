/**
 * Index use for `$filter` look-ups: the keys of the rows a filter can match, from the store's column
 * indexes, when the filter pins columns to text (`Company eq '10' and (ReferenceNumber eq 'A' or
 * ReferenceNumber eq 'B')`); undefined when it does not, and the caller scans the table. The keys
 * are candidates only: every matching row is among them, and the filter is still evaluated on each,
 * so the answer is the scan's (rows in table order, then `$orderby`).
 */
import type { Expr } from './filter';
import type { Store } from './store';

type Bin = Extract<Expr, { k: 'bin' }>;

export function filterCandidates(expr: Expr, set: string, db: Store): ReadonlySet<string> | undefined {
	if (expr.k !== 'bin') return undefined;
	if (expr.op === 'and') return intersect(filterCandidates(expr.l, set, db), filterCandidates(expr.r, set, db));
	if (expr.op === 'or') return union(filterCandidates(expr.l, set, db), filterCandidates(expr.r, set, db));
	if (expr.op === 'eq') return equalityCandidates(expr, set, db);
	return undefined;
}

/** `Column eq <string, date, enum or null literal>` in either order; a number or boolean literal is left to the scan. */
function equalityCandidates(expr: Bin, set: string, db: Store): ReadonlySet<string> | undefined {
	const [prop, lit] = expr.l.k === 'prop' ? [expr.l, expr.r] : [expr.r, expr.l];
	if (prop.k !== 'prop' || lit.k !== 'lit') return undefined;
	if (lit.lit.kind === 'null') return db.candidatesEqual(set, prop.name, null);
	if (lit.lit.kind === 'number' || lit.lit.kind === 'boolean') return undefined;
	return db.candidatesEqual(set, prop.name, lit.lit.value);
}

/** A row matching `a and b` matches both; without candidates for one side, the other's will do. */
function intersect(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
	if (!a || !b) return a ?? b;
	const [small, large] = a.size <= b.size ? [a, b] : [b, a];
	return new Set([...small].filter((key) => large.has(key)));
}

/** A row matching `a or b` matches one of them: candidates only when both sides have them. */
function union(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
	if (!a || !b) return undefined;
	const [small, large] = a.size <= b.size ? [a, b] : [b, a];
	const both = new Set(large);
	for (const key of small) both.add(key);
	return both;
}
