/** System query options: $filter, $select, $orderby, $top, $skip, $count, $expand, $skiptoken. */
import { cmp, dec } from './decimal';
import { malformed, notImplemented } from './errors';
import type { Expr } from './filter';
import { checkTypes, evaluate, parseFilter } from './filter';
import type { EntityDef, Row } from './model';
import { propOf } from './model';
import type { ResolvedOptions } from './options';

export interface QueryOptions {
	filter?: Expr;
	select?: string[];
	orderby: Array<{ name: string; desc: boolean; decimal?: boolean }>;
	top?: number;
	skip: number;
	skiptoken?: number;
	count: boolean;
	expand: string[];
}

const KNOWN = ['$filter', '$select', '$orderby', '$top', '$skip', '$count', '$expand', '$skiptoken', '$format'];

export function parseQuery(params: URLSearchParams, def: EntityDef, projection: string, options: ResolvedOptions): QueryOptions {
	for (const name of params.keys()) {
		if (name.startsWith('$') && !KNOWN.includes(name)) throw notImplemented(`The query option '${name}' is not supported.`);
	}
	const filterText = params.get('$filter');
	const filter = filterText === null ? undefined : parseFilter(filterText);
	if (filter && checkTypes(filter, def, projection) !== 'Edm.Boolean') throw malformed('The $filter expression must evaluate to a single boolean value.');
	const query: QueryOptions = {
		filter,
		select: parseSelect(params.get('$select'), def, projection),
		orderby: parseOrderby(params.get('$orderby'), def, projection),
		top: parseCount(params, '$top'),
		skip: parseCount(params, '$skip') ?? 0,
		skiptoken: parseCount(params, '$skiptoken'),
		count: parseBoolean(params.get('$count')),
		expand: parseExpand(params.get('$expand'), def, options),
	};
	if (query.count && options.countUnsupportedSets.includes(def.set)) throw notImplemented(`$count is not supported for '${def.set}'.`);
	return query;
}

function unknownProperty(name: string, def: EntityDef, projection: string): never {
	throw malformed(`The property '${name}', used in a query expression, is not defined in type 'IfsApp.${projection}.${def.type}'.`);
}

function parseSelect(text: string | null, def: EntityDef, projection: string): string[] | undefined {
	if (text === null || text.trim() === '*') return undefined;
	const names = text.split(',').map((s) => s.trim());
	for (const name of names) if (!propOf(def, name)) unknownProperty(name, def, projection);
	return names;
}

function parseOrderby(text: string | null, def: EntityDef, projection: string): QueryOptions['orderby'] {
	if (text === null) return [];
	return text.split(',').map((item) => {
		const [name, direction, extra] = item.trim().split(/\s+/);
		if (extra !== undefined || (direction !== undefined && direction !== 'asc' && direction !== 'desc')) throw malformed(`Invalid $orderby '${text}'.`);
		if (!propOf(def, name)) unknownProperty(name, def, projection);
		return { name, desc: direction === 'desc', decimal: propOf(def, name)?.kind === 'decimal' };
	});
}

function parseCount(params: URLSearchParams, name: string): number | undefined {
	const text = params.get(name);
	if (text === null) return undefined;
	if (!/^\d+$/.test(text)) throw malformed(`Invalid value '${text}' for ${name}; a non-negative integer is required.`);
	return Number(text);
}

function parseBoolean(text: string | null): boolean {
	if (text === null || text === 'false') return false;
	if (text === 'true') return true;
	throw malformed(`Invalid value '${text}' for $count.`);
}

/** [O] IFS: $expand only for one-to-one, and ODP_NOT_IMPLEMENTED on some sets; switchable to expanding navigation collections. */
function parseExpand(text: string | null, def: EntityDef, options: ResolvedOptions): string[] {
	if (text === null) return [];
	if (!options.expandSupported) throw notImplemented(`$expand is not supported for '${def.set}'.`);
	const names = text.split(',').map((s) => s.trim());
	for (const name of names) {
		if (!def.navs?.some((n) => n.name === name)) throw malformed(`The navigation property '${name}' is not defined in type '${def.type}'.`);
	}
	return names;
}

export function filterAndSort<T>(items: T[], rowOf: (item: T) => Row, query: QueryOptions): T[] {
	const matching = query.filter ? items.filter((item) => evaluate(query.filter!, rowOf(item)) === true) : [...items];
	if (query.orderby.length === 0) return matching;
	return matching.sort((a, b) => compareRows(rowOf(a), rowOf(b), query.orderby));
}

function compareDecimals(x: string, y: string): number {
	return cmp(dec(x), dec(y));
}

function compareRows(a: Row, b: Row, orderby: QueryOptions['orderby']): number {
	for (const { name, desc, decimal } of orderby) {
		const x = a[name] ?? null;
		const y = b[name] ?? null;
		if (x === y) continue;
		// OData: null sorts before any other value
		const cmp = x === null ? -1 : y === null ? 1 : decimal ? compareDecimals(String(x), String(y)) : (x as string) < (y as string) ? -1 : 1;
		return desc ? -cmp : cmp;
	}
	return 0;
}

export interface Page<T> {
	items: T[];
	nextSkiptoken?: number;
}

/** Client-driven $top/$skip; with a server pageLimit, cut the page and hand out a $skiptoken for the rest. */
export function paginate<T>(items: T[], query: QueryOptions, pageLimit: number | undefined): Page<T> {
	const start = query.skiptoken ?? query.skip;
	const end = query.top === undefined ? items.length : Math.min(items.length, query.skip + query.top);
	if (pageLimit === undefined || end - start <= pageLimit) return { items: items.slice(start, end) };
	return { items: items.slice(start, start + pageLimit), nextSkiptoken: start + pageLimit };
}
