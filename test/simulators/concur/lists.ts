/**
 * List v4 and List Item v4 (+ bulk), simple and connected lists (reference §2e): items have a
 * level and a parent, `code` is the long code (ancestors' short codes joined with `-`, which is
 * why `-` is refused inside codes and names), children are read per list (first level) or per
 * item, in 1-based pages of 100 sorted by value, and deleted items stay (isDeleted) and are listed
 * only on request. No modified-since filter exists. Bulk create/update takes ≤ 250 parts, runs
 * them in order, each on its own (partial success).
 */
import { createHash } from 'node:crypto';
import type { SimContext } from './context';
import { listError } from './errors';
import { json, parseJsonBody, type Route, type SimRequest, type SimResponse } from './http';
import type { ListItemModel, ListModel } from './types';
import { uuidFrom } from './util';

type Json = Record<string, unknown>;

const PAGE_SIZE = 100;
const MAX_BULK = 250;
/** Concur's ceiling on list levels ("maximum allowed list levels (10)"). */
const MAX_LEVELS = 10;

/** Per-list lookups kept beside `ctx.data.listItems` (rebuilt when that array is replaced or grows behind our back). */
interface ItemIndex {
	source: ListItemModel[];
	size: number;
	byId: Map<string, ListItemModel>;
	/** `listId|parentId` → children in insertion order. */
	children: Map<string, ListItemModel[]>;
	/** `listId|lower-case long code` → item. */
	byLongCode: Map<string, ListItemModel>;
	/** Sorted children per `listId|parentId|sortBy`, dropped on any change. */
	sorted: Map<string, ListItemModel[]>;
}

const indexes = new WeakMap<SimContext, ItemIndex>();
const childKey = (listId: string, parentId: string | null) => `${listId}|${parentId ?? ''}`;

function indexOf(ctx: SimContext): ItemIndex {
	const items = ctx.data.listItems;
	const cached = indexes.get(ctx);
	if (cached && cached.source === items && cached.size === items.length) return cached;
	const index: ItemIndex = { source: items, size: items.length, byId: new Map(), children: new Map(), byLongCode: new Map(), sorted: new Map() };
	indexes.set(ctx, index);
	for (const item of items) link(index, item);
	for (const item of items) index.byLongCode.set(`${item.listId}|${longCode(index, item).toLowerCase()}`, item);
	return index;
}

function link(index: ItemIndex, item: ListItemModel): void {
	index.byId.set(item.id, item);
	const key = childKey(item.listId, item.parentId);
	const siblings = index.children.get(key);
	if (siblings) siblings.push(item);
	else index.children.set(key, [item]);
}

/** An item just appended to `ctx.data.listItems` (its parent is already indexed). */
function register(index: ItemIndex, item: ListItemModel): void {
	link(index, item);
	index.byLongCode.set(`${item.listId}|${longCode(index, item).toLowerCase()}`, item);
	index.sorted.clear();
	index.size++;
}

/** Long code: ancestors' short codes joined with `-`. */
function longCode(index: ItemIndex, item: ListItemModel): string {
	const parent = item.parentId ? index.byId.get(item.parentId) : undefined;
	return parent ? `${longCode(index, parent)}-${item.shortCode}` : item.shortCode;
}

function listView(list: ListModel): Json {
	return {
		id: list.id, value: list.value, levelCount: list.levelCount, searchCriteria: 'TEXT', displayFormat: '(CODE) TEXT',
		category: { id: uuidFrom('category', 'normal'), type: 'Normal' }, isReadOnly: false, isDeleted: list.isDeleted, managedBy: null, externalThreshold: null,
	};
}

const liveChildren = (index: ItemIndex, item: ListItemModel) => (index.children.get(childKey(item.listId, item.id)) ?? []).some((child) => !child.isDeleted);

function itemView(index: ItemIndex, item: ListItemModel): Json {
	return { id: item.id, code: longCode(index, item), shortCode: item.shortCode, value: item.value, parentId: item.parentId, level: item.level, isDeleted: item.isDeleted, lists: [{ id: item.listId, hasChildren: liveChildren(index, item) }] };
}

function paged(req: SimRequest, rows: Json[]): SimResponse {
	const page = Number(req.query.get('page') ?? '1'); // List v4 pages start at 1
	if (!Number.isInteger(page) || page < 1) return listError(400, 'request.validation.error', 'Please check your request parameter', req.path, [{ source: 'page', message: 'must be greater than or equal to 1' }]);
	const totalPages = Math.ceil(rows.length / PAGE_SIZE);
	const href = (n: number) => { const u = new URL(req.path, req.baseUrl); req.query.forEach((v, k) => u.searchParams.set(k, v)); u.searchParams.set('page', String(n)); return u.toString(); };
	const links = [{ rel: 'first', href: href(1) }, { rel: 'self', href: href(page) }];
	if (page < totalPages) links.push({ rel: 'next', href: href(page + 1) });
	if (page > 1) links.push({ rel: 'prev', href: href(page - 1) });
	links.push({ rel: 'last', href: href(Math.max(totalPages, 1)) });
	const content = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
	return json(200, { links, content, page: { size: PAGE_SIZE, totalElements: rows.length, totalPages, number: page } });
}

function hyphenErrors(fields: Record<string, unknown>, prefix = ''): Array<{ source: string; message: string }> {
	return Object.entries(fields).filter(([, v]) => typeof v === 'string' && v.includes('-')).map(([k]) => ({ source: `${prefix}${k}`, message: 'must not contain "-"' }));
}

const validationError = (req: SimRequest, errors: Array<{ source: string; message: string }>) =>
	listError(400, 'request.validation.error', 'Please check your request parameter', req.path, errors);

function findList(ctx: SimContext, id: string): ListModel | undefined {
	return ctx.data.lists.find((l) => l.id === id);
}

/** `value=sw:Nor`: operators eq (default), not, sw, ew, cp. */
function matchesFilter(actual: string, filter: string): boolean {
	const match = /^(eq|not|sw|ew|cp):(.*)$/s.exec(filter);
	const [op, wanted] = match ? [match[1], match[2].toLowerCase()] : ['eq', filter.toLowerCase()];
	const value = actual.toLowerCase();
	if (op === 'not') return value !== wanted;
	if (op === 'sw') return value.startsWith(wanted);
	if (op === 'ew') return value.endsWith(wanted);
	if (op === 'cp') return value.includes(wanted);
	return value === wanted;
}

function sortedChildren(index: ItemIndex, listId: string, parentId: string | null, sortBy: 'value' | 'shortCode'): ListItemModel[] {
	const key = `${childKey(listId, parentId)}|${sortBy}`;
	let sorted = index.sorted.get(key);
	if (!sorted) {
		const byField = (item: ListItemModel) => item[sortBy].toLowerCase();
		sorted = [...(index.children.get(childKey(listId, parentId)) ?? [])].sort((a, b) => (byField(a) < byField(b) ? -1 : byField(a) > byField(b) ? 1 : a.id < b.id ? -1 : 1));
		index.sorted.set(key, sorted);
	}
	return sorted;
}

/** Children of the list (first level) or of one item, filtered and sorted as List Item v4 does. */
function children(req: SimRequest, ctx: SimContext, listId: string, parentId: string | null): SimResponse {
	const index = indexOf(ctx);
	const sortBy = req.query.get('sortBy') === 'shortCode' ? 'shortCode' : 'value';
	const deleted = req.query.get('isDeleted') === 'true';
	const hasChildren = req.query.get('hasChildren');
	const filters: Array<[string, (i: ListItemModel) => string[]]> = [['shortCode', (i) => [i.shortCode]], ['value', (i) => [i.value]], ['shortCodeOrValue', (i) => [i.shortCode, i.value]]];
	let items = sortedChildren(index, listId, parentId, sortBy).filter((item) =>
		item.isDeleted === deleted
		&& (hasChildren === null || liveChildren(index, item) === (hasChildren === 'true'))
		&& filters.every(([param, pick]) => !req.query.has(param) || pick(item).some((value) => matchesFilter(value, req.query.get(param) as string))));
	if ((req.query.get('sortDirection') ?? '').toLowerCase() === 'desc') items = [...items].reverse();
	return paged(req, items.map((item) => itemView(index, item)));
}

function listChildren(req: SimRequest, ctx: SimContext): SimResponse {
	if (!findList(ctx, req.params.listId)) return listError(404, 'list.not.found', 'List not found', req.path);
	return children(req, ctx, req.params.listId, null);
}

function itemChildren(req: SimRequest, ctx: SimContext): SimResponse {
	const item = indexOf(ctx).byId.get(req.params.itemId);
	if (!item || (req.params.listId && item.listId !== req.params.listId)) return listError(404, 'item.not.found', 'List item not found', req.path);
	return children(req, ctx, item.listId, item.id);
}

function getItem(req: SimRequest, ctx: SimContext): SimResponse {
	const index = indexOf(ctx);
	const item = index.byId.get(req.params.itemId);
	if (!item) return listError(404, 'item.not.found', 'List item not found', req.path);
	const view = itemView(index, item);
	const etag = `"${createHash('md5').update(JSON.stringify(view)).digest('hex')}"`;
	if (req.headers['if-none-match'] === etag) return { status: 304, text: '', headers: { etag } };
	return json(200, view, { etag });
}

/** Codes are unique among siblings (so long codes are unique in the list), ignoring case; deleted items keep theirs. */
function isDuplicate(index: ItemIndex, listId: string, parentId: string | null, shortCode: string, except?: string): boolean {
	return (index.children.get(childKey(listId, parentId)) ?? []).some((i) => i.shortCode.toLowerCase() === shortCode.toLowerCase() && i.id !== except);
}

function addItem(ctx: SimContext, listId: string, shortCode: string, value: string, parent: ListItemModel | undefined): ListItemModel {
	const index = indexOf(ctx);
	const item: ListItemModel = { id: uuidFrom(ctx.seed, 'item', listId, parent?.id ?? '', shortCode, ctx.data.listItems.length), listId, shortCode, value, parentId: parent?.id ?? null, level: (parent?.level ?? 0) + 1, isDeleted: false };
	ctx.data.listItems.push(item);
	register(index, item);
	return item;
}

/** Why a child cannot go under `parent` in `list`, as [error id, message]; undefined when it can. */
function placementError(list: ListModel, parent: ListItemModel | undefined): [string, string] | undefined {
	if (!parent) return undefined;
	if (parent.listId !== list.id) return ['item.list.id.not.match.parent', 'List ID does not match that of parent listItem.'];
	if (parent.isDeleted) return ['item.parent.deleted', 'Parent listItem has been deleted.'];
	if (parent.level >= Math.min(list.levelCount, MAX_LEVELS)) return ['item.max.level.exceeded', 'Parent at max level. List items cannot be added to this parent.'];
	return undefined;
}

function createItem(req: SimRequest, ctx: SimContext): SimResponse {
	const body = (parseJsonBody(req) ?? {}) as { listId?: string; shortCode?: string; value?: string; parentId?: string; parentCode?: string };
	const missing = (['listId', 'shortCode', 'value'] as const).filter((k) => !body[k]).map((k) => ({ source: k, message: 'must not be blank' }));
	const errors = [...missing, ...hyphenErrors({ shortCode: body.shortCode, value: body.value })];
	if (errors.length) return validationError(req, errors);
	const list = findList(ctx, body.listId as string);
	if (!list || list.isDeleted) return listError(404, 'list.not.found', 'List not found', req.path);
	const index = indexOf(ctx);
	const parent = body.parentId ? index.byId.get(body.parentId) : body.parentCode ? index.byLongCode.get(`${list.id}|${body.parentCode.toLowerCase()}`) : undefined;
	if ((body.parentId || body.parentCode) && !parent) return listError(400, 'item.parent.not.found', 'Parent listItem not found.', req.path);
	const placement = placementError(list, parent);
	if (placement) return listError(400, placement[0], placement[1], req.path);
	if (isDuplicate(index, list.id, parent?.id ?? null, body.shortCode as string)) return listError(409, 'item.duplicate.code', 'This item code is already used by another item in the same list', req.path);
	const item = addItem(ctx, list.id, body.shortCode as string, body.value as string, parent);
	return json(201, itemView(index, item), { location: `${req.baseUrl}/list/v4/items/${item.id}` });
}

/** A changed short code changes the long codes below it: rebuild the lookups. */
function rename(ctx: SimContext, item: ListItemModel, shortCode: string | undefined, value: string | undefined): void {
	const renamed = shortCode !== undefined && shortCode !== item.shortCode;
	Object.assign(item, { shortCode: shortCode ?? item.shortCode, value: value ?? item.value });
	if (renamed) indexes.delete(ctx);
	else indexOf(ctx).sorted.clear();
}

function updateItem(req: SimRequest, ctx: SimContext): SimResponse {
	const body = (parseJsonBody(req) ?? {}) as { shortCode?: string; value?: string };
	const errors = [...(['shortCode', 'value'] as const).filter((k) => !body[k]).map((k) => ({ source: k, message: 'must not be blank' })), ...hyphenErrors(body)];
	if (errors.length) return validationError(req, errors);
	const index = indexOf(ctx);
	const item = index.byId.get(req.params.itemId);
	if (!item) return listError(404, 'item.not.found', 'List item not found', req.path);
	if (item.isDeleted) return listError(400, 'item.deleted', 'The list item has been deleted', req.path);
	if (isDuplicate(index, item.listId, item.parentId, body.shortCode as string, item.id)) return listError(409, 'item.duplicate.code', 'This item code is already used by another item in the same list', req.path);
	rename(ctx, item, body.shortCode, body.value);
	return json(200, itemView(indexOf(ctx), item));
}

function markDeleted(index: ItemIndex, item: ListItemModel): void {
	item.isDeleted = true;
	for (const child of index.children.get(childKey(item.listId, item.id)) ?? []) markDeleted(index, child); // children cascade
}

function deleteItem(req: SimRequest, ctx: SimContext): SimResponse {
	const index = indexOf(ctx);
	const item = index.byId.get(req.params.itemId);
	if (!item || (req.params.listId && item.listId !== req.params.listId)) return listError(404, 'item.not.found', 'List item not found', req.path);
	markDeleted(index, item);
	return { status: 204, text: '' };
}

type BulkPart = { shortCode?: string; value?: string; parentCode?: string; code?: string; deleted?: boolean };
/** A failed part: List v4 error id and the documented message. */
type PartError = [string, string];

function bulkCreatePart(ctx: SimContext, list: ListModel, part: BulkPart): PartError | undefined {
	if (list.isDeleted) return ['list.deleted', 'The list is currently deleted.'];
	const index = indexOf(ctx);
	const parent = part.parentCode ? index.byLongCode.get(`${list.id}|${part.parentCode.toLowerCase()}`) : undefined;
	if (part.parentCode && !parent) return ['item.parent.not.found', 'Parent listItem not found.'];
	const placement = placementError(list, parent);
	if (placement) return placement;
	if (isDuplicate(index, list.id, parent?.id ?? null, part.shortCode as string)) return ['item.duplicate.code', 'This item code is already used by another item in the same list'];
	addItem(ctx, list.id, part.shortCode as string, part.value as string, parent);
	return undefined;
}

function bulkUpdatePart(ctx: SimContext, list: ListModel, part: BulkPart): PartError | undefined {
	const index = indexOf(ctx);
	const item = index.byLongCode.get(`${list.id}|${String(part.code).toLowerCase()}`);
	if (!item) return ['item.not.found', 'listItem not found.'];
	if (item.isDeleted) return ['item.deleted', 'The list item has been deleted'];
	if (part.deleted) return void markDeleted(index, item);
	if (part.shortCode && isDuplicate(index, list.id, item.parentId, part.shortCode, item.id)) return ['item.duplicate.code', 'This item code is already used by another item in the same list'];
	rename(ctx, item, part.shortCode, part.value);
	return undefined;
}

function bulkValidation(parts: BulkPart[], mode: 'create' | 'update') {
	const errors: Array<{ source: string; message: string }> = [];
	if (parts.length < 1 || parts.length > MAX_BULK) errors.push({ source: 'requests', message: `size must be between 1 and ${MAX_BULK}` });
	parts.forEach((p, i) => {
		const required = mode === 'create' ? (['shortCode', 'value'] as const) : (['code'] as const);
		errors.push(...required.filter((k) => !p[k]).map((k) => ({ source: `requests[${i}].${k}`, message: 'must not be blank' })));
		errors.push(...hyphenErrors({ shortCode: p.shortCode, value: p.value }, `requests[${i}].`));
	});
	return errors;
}

/** Parts run in order, each on its own: 201/200 SUCCESS, 206 PARTIAL_SUCCESS, 400 FAILURE. */
function bulk(mode: 'create' | 'update') {
	return (req: SimRequest, ctx: SimContext): SimResponse => {
		const requests = (parseJsonBody(req) as { requests?: unknown } | undefined)?.requests;
		const parts = (Array.isArray(requests) ? requests : []) as BulkPart[];
		const errors = bulkValidation(parts, mode);
		if (errors.length) return validationError(req, errors);
		const list = findList(ctx, req.params.listId);
		if (!list) return listError(404, 'list.not.found', 'List not found', req.path);
		const failures = parts.map((part) => ({ part, error: (mode === 'create' ? bulkCreatePart : bulkUpdatePart)(ctx, list, part) })).filter((r) => r.error);
		const succeeded = parts.length - failures.length;
		const status = failures.length === 0 ? (mode === 'create' ? 201 : 200) : succeeded > 0 ? 206 : 400;
		return json(status, {
			status: failures.length === 0 ? 'SUCCESS' : succeeded > 0 ? 'PARTIAL_SUCCESS' : 'FAILURE', recordsSucceeded: succeeded, recordsFailed: failures.length,
			errors: failures.map((f) => ({ id: f.error?.[0], message: f.error?.[1], listItem: f.part })),
		}, { location: `${req.baseUrl}${req.path}` });
	};
}

/** Adds items as seed data, parents before children (`parentCode` = the parent's long code); for bulk benchmark lists. */
export function seedListItems(ctx: SimContext, listId: string, items: Array<{ shortCode: string; value: string; parentCode?: string }>): void {
	const list = findList(ctx, listId);
	if (!list) throw new Error(`Unknown list ${listId}`);
	for (const item of items) {
		const parent = item.parentCode ? indexOf(ctx).byLongCode.get(`${listId}|${item.parentCode.toLowerCase()}`) : undefined;
		if (item.parentCode && !parent) throw new Error(`No parent ${item.parentCode} in list ${listId}`);
		addItem(ctx, listId, item.shortCode, item.value, parent);
	}
}

export function listRoutes(ctx: SimContext): Route[] {
	const route = (method: string, template: string, handler: (req: SimRequest, ctx: SimContext) => SimResponse): Route =>
		({ method, template, family: 'list', principals: ['company', 'user'], handler: (req) => handler(req, ctx) });
	return [
		route('GET', '/list/v4/lists', (req) => paged(req, ctx.data.lists.filter((l) => !l.isDeleted).map(listView))),
		route('GET', '/list/v4/lists/:listId', (req) => { const l = findList(ctx, req.params.listId); return l ? json(200, listView(l)) : listError(404, 'list.not.found', 'List not found', req.path); }),
		route('GET', '/list/v4/lists/:listId/children', listChildren),
		route('GET', '/list/v4/lists/:listId/items/:itemId/children', itemChildren),
		route('GET', '/list/v4/items/:itemId', getItem),
		route('GET', '/list/v4/items/:itemId/children', itemChildren),
		route('POST', '/list/v4/items', createItem),
		route('PUT', '/list/v4/items/:itemId', updateItem),
		route('DELETE', '/list/v4/items/:itemId', deleteItem),
		route('DELETE', '/list/v4/lists/:listId/items/:itemId', deleteItem),
		route('POST', '/list/v4/lists/:listId/bulk', bulk('create')),
		route('PATCH', '/list/v4/lists/:listId/bulk', bulk('update')),
	];
}
