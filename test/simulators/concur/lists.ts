/** List v4 and List Item v4 (+ bulk): 1-based pages of 100, no `-` in codes or names. */
import { createHash } from 'node:crypto';
import type { SimContext } from './context';
import { listError } from './errors';
import { json, parseJsonBody, type Route, type SimRequest, type SimResponse } from './http';
import type { ListItemModel, ListModel } from './types';
import { uuidFrom } from './util';

type Json = Record<string, unknown>;

const PAGE_SIZE = 100;
const MAX_BULK = 250;

function listView(list: ListModel): Json {
	return {
		id: list.id, value: list.value, levelCount: list.levelCount, searchCriteria: 'TEXT', displayFormat: '(CODE) TEXT',
		category: { id: uuidFrom('category', 'normal'), type: 'Normal' }, isReadOnly: false, isDeleted: list.isDeleted, managedBy: null, externalThreshold: null,
	};
}

/** Long code: ancestors' short codes joined with `-` (why `-` is forbidden inside codes). */
function longCode(ctx: SimContext, item: ListItemModel): string {
	const parent = item.parentId ? ctx.data.listItems.find((i) => i.id === item.parentId) : undefined;
	return parent ? `${longCode(ctx, parent)}-${item.shortCode}` : item.shortCode;
}

function itemView(ctx: SimContext, item: ListItemModel): Json {
	const hasChildren = ctx.data.listItems.some((i) => i.parentId === item.id && !i.isDeleted);
	return { id: item.id, code: longCode(ctx, item), shortCode: item.shortCode, value: item.value, parentId: item.parentId, level: item.level, isDeleted: item.isDeleted, lists: [{ id: item.listId, hasChildren }] };
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

function listChildren(req: SimRequest, ctx: SimContext): SimResponse {
	if (!findList(ctx, req.params.listId)) return listError(404, 'list.not.found', 'List not found', req.path);
	const includeDeleted = req.query.get('isDeleted') === 'true';
	const filters: Array<[string, (i: ListItemModel) => string]> = [['shortCode', (i) => i.shortCode], ['value', (i) => i.value]];
	let items = ctx.data.listItems.filter((i) => i.listId === req.params.listId && i.parentId === null && i.isDeleted === includeDeleted
		&& filters.every(([p, pick]) => !req.query.has(p) || pick(i).toLowerCase() === (req.query.get(p) as string).toLowerCase()));
	const sortBy = req.query.get('sortBy');
	if (sortBy === 'value' || sortBy === 'shortCode') items = [...items].sort((a, b) => a[sortBy].localeCompare(b[sortBy]));
	if ((req.query.get('sortDirection') ?? '').toLowerCase() === 'desc') items = [...items].reverse();
	return paged(req, items.map((i) => itemView(ctx, i)));
}

function getItem(req: SimRequest, ctx: SimContext): SimResponse {
	const item = ctx.data.listItems.find((i) => i.id === req.params.itemId);
	if (!item) return listError(404, 'item.not.found', 'List item not found', req.path);
	const view = itemView(ctx, item);
	const etag = `"${createHash('md5').update(JSON.stringify(view)).digest('hex')}"`;
	if (req.headers['if-none-match'] === etag) return { status: 304, text: '', headers: { etag } };
	return json(200, view, { etag });
}

function isDuplicate(ctx: SimContext, listId: string, parentId: string | null, shortCode: string, except?: string): boolean {
	return ctx.data.listItems.some((i) => i.listId === listId && i.parentId === parentId && i.shortCode.toLowerCase() === shortCode.toLowerCase() && i.id !== except);
}

function addItem(ctx: SimContext, listId: string, shortCode: string, value: string, parent: ListItemModel | undefined): ListItemModel {
	const item: ListItemModel = { id: uuidFrom(ctx.seed, 'item', listId, parent?.id ?? '', shortCode, ctx.data.listItems.length), listId, shortCode, value, parentId: parent?.id ?? null, level: (parent?.level ?? 0) + 1, isDeleted: false };
	ctx.data.listItems.push(item);
	return item;
}

function createItem(req: SimRequest, ctx: SimContext): SimResponse {
	const body = (parseJsonBody(req) ?? {}) as { listId?: string; shortCode?: string; value?: string; parentId?: string };
	const missing = (['listId', 'shortCode', 'value'] as const).filter((k) => !body[k]).map((k) => ({ source: k, message: 'must not be blank' }));
	const errors = [...missing, ...hyphenErrors({ shortCode: body.shortCode, value: body.value })];
	if (errors.length) return validationError(req, errors);
	const list = findList(ctx, body.listId as string);
	if (!list || list.isDeleted) return listError(404, 'list.not.found', 'List not found', req.path);
	const parent = body.parentId ? ctx.data.listItems.find((i) => i.id === body.parentId) : undefined;
	if (body.parentId && !parent) return listError(400, 'item.parent.not.found', 'Parent listItem not found.', req.path);
	if (isDuplicate(ctx, list.id, parent?.id ?? null, body.shortCode as string)) return listError(409, 'item.duplicate.code', 'This item code is already used by another item in the same list', req.path);
	const item = addItem(ctx, list.id, body.shortCode as string, body.value as string, parent);
	return json(201, itemView(ctx, item), { location: `${req.baseUrl}/list/v4/items/${item.id}` });
}

function updateItem(req: SimRequest, ctx: SimContext): SimResponse {
	const body = (parseJsonBody(req) ?? {}) as { shortCode?: string; value?: string };
	const errors = [...(['shortCode', 'value'] as const).filter((k) => !body[k]).map((k) => ({ source: k, message: 'must not be blank' })), ...hyphenErrors(body)];
	if (errors.length) return validationError(req, errors);
	const item = ctx.data.listItems.find((i) => i.id === req.params.itemId);
	if (!item) return listError(404, 'item.not.found', 'List item not found', req.path);
	if (item.isDeleted) return listError(400, 'item.deleted', 'The list item has been deleted', req.path);
	if (isDuplicate(ctx, item.listId, item.parentId, body.shortCode as string, item.id)) return listError(409, 'item.duplicate.code', 'This item code is already used by another item in the same list', req.path);
	Object.assign(item, { shortCode: body.shortCode, value: body.value });
	return json(200, itemView(ctx, item));
}

function markDeleted(ctx: SimContext, item: ListItemModel): void {
	item.isDeleted = true;
	for (const child of ctx.data.listItems.filter((i) => i.parentId === item.id)) markDeleted(ctx, child); // children cascade
}

function deleteItem(req: SimRequest, ctx: SimContext): SimResponse {
	const item = ctx.data.listItems.find((i) => i.id === req.params.itemId && (!req.params.listId || i.listId === req.params.listId));
	if (!item) return listError(404, 'item.not.found', 'List item not found', req.path);
	markDeleted(ctx, item);
	return { status: 204, text: '' };
}

type BulkPart = { shortCode?: string; value?: string; parentCode?: string; code?: string; deleted?: boolean };

function bulkCreatePart(ctx: SimContext, list: ListModel, part: BulkPart): string | undefined {
	if (list.isDeleted) return 'The list is currently deleted.';
	const parent = part.parentCode ? ctx.data.listItems.find((i) => i.listId === list.id && longCode(ctx, i) === part.parentCode) : undefined;
	if (part.parentCode && !parent) return 'Parent listItem not found.';
	if (parent?.isDeleted) return 'Parent listItem has been deleted.';
	if (isDuplicate(ctx, list.id, parent?.id ?? null, part.shortCode as string)) return 'This item code is already used by another item in the same list';
	addItem(ctx, list.id, part.shortCode as string, part.value as string, parent);
	return undefined;
}

function bulkUpdatePart(ctx: SimContext, list: ListModel, part: BulkPart): string | undefined {
	const item = ctx.data.listItems.find((i) => i.listId === list.id && longCode(ctx, i) === part.code);
	if (!item) return 'listItem not found.';
	if (item.isDeleted) return 'The list item has been deleted';
	if (part.deleted) return void markDeleted(ctx, item);
	if (part.shortCode && isDuplicate(ctx, list.id, item.parentId, part.shortCode, item.id)) return 'This item code is already used by another item in the same list';
	Object.assign(item, { shortCode: part.shortCode ?? item.shortCode, value: part.value ?? item.value });
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
		const failures = parts.map((part) => ({ part, message: (mode === 'create' ? bulkCreatePart : bulkUpdatePart)(ctx, list, part) })).filter((r) => r.message);
		const succeeded = parts.length - failures.length;
		const status = failures.length === 0 ? (mode === 'create' ? 201 : 200) : succeeded > 0 ? 206 : 400;
		return json(status, {
			status: failures.length === 0 ? 'SUCCESS' : succeeded > 0 ? 'PARTIAL_SUCCESS' : 'FAILURE', recordsSucceeded: succeeded, recordsFailed: failures.length,
			errors: failures.map((f) => ({ message: f.message, listItem: f.part })),
		}, { location: `${req.baseUrl}${req.path}` });
	};
}

export function listRoutes(ctx: SimContext): Route[] {
	const route = (method: string, template: string, handler: (req: SimRequest, ctx: SimContext) => SimResponse): Route =>
		({ method, template, family: 'list', principals: ['company', 'user'], handler: (req) => handler(req, ctx) });
	return [
		route('GET', '/list/v4/lists', (req) => paged(req, ctx.data.lists.filter((l) => !l.isDeleted).map(listView))),
		route('GET', '/list/v4/lists/:listId', (req) => { const l = findList(ctx, req.params.listId); return l ? json(200, listView(l)) : listError(404, 'list.not.found', 'List not found', req.path); }),
		route('GET', '/list/v4/lists/:listId/children', listChildren),
		route('GET', '/list/v4/items/:itemId', getItem),
		route('POST', '/list/v4/items', createItem),
		route('PUT', '/list/v4/items/:itemId', updateItem),
		route('DELETE', '/list/v4/items/:itemId', deleteItem),
		route('DELETE', '/list/v4/lists/:listId/items/:itemId', deleteItem),
		route('POST', '/list/v4/lists/:listId/bulk', bulk('create')),
		route('PATCH', '/list/v4/lists/:listId/bulk', bulk('update')),
	];
}
