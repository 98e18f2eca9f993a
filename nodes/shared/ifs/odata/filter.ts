/**
 * Structured `$filter` conditions (the node UI's rows and groups) compiled to OData text with
 * literals.ts only, plus the company scope and the `$`-query builder. Field names are validated
 * and values escaped, so neither can inject filter syntax.
 */
import { literal, ODataLiteralError, type TypedValue } from './literals';

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type StringFunctionOperator = 'contains' | 'startswith' | 'endswith';
export type FilterOperator = ComparisonOperator | StringFunctionOperator;
export type FilterValueType = 'string' | 'number' | 'boolean' | 'date' | 'enum' | 'null';

export interface FilterCondition {
	/** Property name or navigation path (`Supplier/Name`). */
	field: string;
	operator: FilterOperator;
	valueType: FilterValueType;
	value?: string | number | boolean | null;
	/** Required for valueType 'enum'. */
	enumType?: string;
	/** Projection qualifying the enum; defaults to the compile context's projection. */
	projection?: string;
}

export interface FilterGroup {
	combinator: 'and' | 'or';
	conditions: FilterNode[];
}

export type FilterNode = FilterCondition | FilterGroup;

export interface FilterContext {
	/** Projection of the entity set being queried (qualifies enum literals). */
	projection?: string;
}

/** A `$filter` expression produced by this module (never raw user text). */
export type ODataFilter = string & { readonly __odataFilter: true };

export interface OrderBy {
	field: string;
	direction?: 'asc' | 'desc';
}

export interface QueryOptions {
	filter?: ODataFilter;
	select?: string[];
	orderby?: Array<OrderBy | string>;
	top?: number;
	skip?: number;
	count?: boolean;
}

/** `$`-parameters with raw (unencoded) values, e.g. { $filter: "Company eq '10'", $top: '100' }. */
export type ODataQuery = Record<string, string>;

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;
const COMPARISONS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const STRING_FUNCTIONS = new Set<string>(['contains', 'startswith', 'endswith']);
const EQUALITY_ONLY = new Set<FilterValueType>(['boolean', 'enum', 'null']);

/** Compiles a condition or group; an empty group (no rows in the UI) compiles to ''. */
export function compileFilter(node: FilterNode, context: FilterContext = {}): ODataFilter {
	return (isGroup(node) ? compileGroup(node, context) : compileCondition(node, context)) as ODataFilter;
}

/** `Company eq '10'`: every IFS finance query is company-scoped. */
export function companyCondition(company: string, field = 'Company'): ODataFilter {
	if (typeof company !== 'string' || company.trim() === '') throw new ODataLiteralError('A company code is required');
	return `${fieldPath(field)} eq ${literal({ type: 'string', value: company })}` as ODataFilter;
}

/** The company condition ANDed outside the (parenthesised) user filter, so no `or` can escape the company. */
export function companyScopedFilter(company: string, userFilter?: FilterNode, context: FilterContext = {}): ODataFilter {
	const scope = companyCondition(company);
	const user = userFilter === undefined ? '' : compileFilter(userFilter, context);
	return (user === '' ? scope : `${scope} and (${user})`) as ODataFilter;
}

export function buildQuery(options: QueryOptions): ODataQuery {
	const query: ODataQuery = {};
	if (options.filter) query.$filter = options.filter;
	if (options.select?.length) query.$select = options.select.map(fieldPath).join(',');
	if (options.orderby?.length) query.$orderby = options.orderby.map(orderByClause).join(',');
	if (options.top !== undefined) query.$top = String(nonNegativeInteger(options.top, '$top'));
	if (options.skip !== undefined) query.$skip = String(nonNegativeInteger(options.skip, '$skip'));
	if (options.count) query.$count = 'true';
	return query;
}

/** `$filter=Company%20eq%20'10'&$top=100` (no leading `?`); `$` kept literal in names and values. */
export function toQueryString(query: ODataQuery): string {
	return Object.entries(query)
		.map(([name, value]) => `${encodeQueryComponent(name)}=${encodeQueryComponent(value)}`)
		.join('&');
}

function compileGroup(group: FilterGroup, context: FilterContext): string {
	if (group.combinator !== 'and' && group.combinator !== 'or') {
		throw new ODataLiteralError(`Unknown filter combinator ${JSON.stringify(group.combinator)}`);
	}
	return group.conditions
		.map((child) => (isGroup(child) ? parenthesise(compileGroup(child, context)) : compileCondition(child, context)))
		.filter((expression) => expression !== '')
		.join(` ${group.combinator} `);
}

function compileCondition(condition: FilterCondition, context: FilterContext): string {
	const field = fieldPath(condition.field);
	const value = literal(typedValue(condition, context));
	if (STRING_FUNCTIONS.has(condition.operator)) {
		if (condition.valueType !== 'string') {
			throw new ODataLiteralError(`${condition.operator} on ${field} needs a text value, not ${condition.valueType}`);
		}
		return `${condition.operator}(${field},${value})`;
	}
	if (!COMPARISONS.has(condition.operator)) {
		throw new ODataLiteralError(`Unknown filter operator ${JSON.stringify(condition.operator)}`);
	}
	if (EQUALITY_ONLY.has(condition.valueType) && condition.operator !== 'eq' && condition.operator !== 'ne') {
		throw new ODataLiteralError(`${field}: a ${condition.valueType} value can only be compared with eq or ne`);
	}
	return `${field} ${condition.operator} ${value}`;
}

function typedValue(condition: FilterCondition, context: FilterContext): TypedValue {
	const { value } = condition;
	switch (condition.valueType) {
		case 'string':
			return { type: 'string', value: scalarText(value, condition.field) };
		case 'number':
			return { type: 'number', value: typeof value === 'number' ? value : scalarText(value, condition.field) };
		case 'boolean':
			return { type: 'boolean', value: typeof value === 'boolean' ? value : scalarText(value, condition.field) };
		case 'date':
			return { type: 'date', value: scalarText(value, condition.field) };
		case 'enum':
			return enumValue(condition, context);
		case 'null':
			return { type: 'null' };
		default:
			throw new ODataLiteralError(`Unknown value type ${JSON.stringify(condition.valueType)} for ${condition.field}`);
	}
}

function enumValue(condition: FilterCondition, context: FilterContext): TypedValue {
	const projection = condition.projection ?? context.projection;
	if (!projection || !condition.enumType) {
		throw new ODataLiteralError(`${condition.field}: an enumeration value needs the projection and enumeration type`);
	}
	return { type: 'enum', projection, enumType: condition.enumType, value: scalarText(condition.value, condition.field) };
}

function scalarText(value: FilterCondition['value'], field: string): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new ODataLiteralError(`${field}: a value is required`);
}

function orderByClause(order: OrderBy | string): string {
	const { field, direction } = typeof order === 'string' ? parseOrderBy(order) : order;
	if (direction !== undefined && direction !== 'asc' && direction !== 'desc') {
		throw new ODataLiteralError(`Invalid sort direction ${JSON.stringify(direction)}`);
	}
	return direction ? `${fieldPath(field)} ${direction}` : fieldPath(field);
}

function parseOrderBy(text: string): OrderBy {
	const [field, direction, ...rest] = text.trim().split(/\s+/);
	if (rest.length > 0) throw new ODataLiteralError(`Invalid sort ${JSON.stringify(text)}`);
	return { field, direction: direction?.toLowerCase() as OrderBy['direction'] };
}

function fieldPath(field: string): string {
	if (typeof field !== 'string' || !FIELD_PATH.test(field)) {
		throw new ODataLiteralError(`Invalid field name ${JSON.stringify(field)}: expected letters, digits, _ and / only`);
	}
	return field;
}

function nonNegativeInteger(value: number, name: string): number {
	if (!Number.isSafeInteger(value) || value < 0) throw new ODataLiteralError(`${name} must be a whole number ≥ 0, got ${value}`);
	return value;
}

function parenthesise(expression: string): string {
	return expression === '' ? '' : `(${expression})`;
}

function isGroup(node: FilterNode): node is FilterGroup {
	return Array.isArray((node as FilterGroup).conditions);
}

function encodeQueryComponent(text: string): string {
	return encodeURIComponent(text).replace(/%24/g, '$').replace(/%2C/g, ',').replace(/%2F/g, '/').replace(/%3A/g, ':');
}
