/** List v4 cost-center helpers: the list parameter, paging items level by level, and Concur's no-dash rule. */
import type { IDataObject, ILoadOptionsFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ConcurContext } from './transport';
import { collect, numberedPages } from './paging';
import { concurPath } from './normalize';

export const listIdParameter: INodeProperties = {
	displayName: 'List Name or ID',
	name: 'listId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getLists' },
	required: true,
	default: '',
	description: 'The Concur list that holds the cost centers. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const listItemsPath = (listId: string): string => concurPath`/list/v4/lists/${listId}/children`;

/** Every first-level item of a list: 1-based pages of 100. */
export async function allListItems(this: ConcurContext, listId: string, limit?: number) {
	return await collect(numberedPages.call(this, { path: listItemsPath(listId) }, 1), limit);
}

/** A List v4 item, as much of it as a sync needs. */
export interface ListItem {
	id: string;
	/** Long code: the ancestors' short codes and this one, joined with `-`. */
	code: string;
	shortCode: string;
	value: string;
	parentId: string | null;
	level: number;
	isDeleted: boolean;
	/** Whether the item has (not deleted) children in this list. */
	hasChildren: boolean;
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

function toListItem(row: IDataObject, listId: string): ListItem {
	const membership = Array.isArray(row.lists) ? (row.lists as IDataObject[]).find((list) => list?.id === listId) : undefined;
	return {
		id: text(row.id),
		code: text(row.code) || text(row.shortCode),
		shortCode: text(row.shortCode),
		value: text(row.value),
		parentId: text(row.parentId) || null,
		level: Number(row.level) || 1,
		isDeleted: row.isDeleted === true,
		hasChildren: membership?.hasChildren !== false,
	};
}

/**
 * The children of a list (its first level) or of one of its items, every page. Deleted items are
 * listed only with `deleted`; what exactly Concur returns then is read from each item's own flag.
 */
export async function listItemChildren(this: ConcurContext, listId: string, parentId?: string, deleted = false): Promise<ListItem[]> {
	const path = parentId ? concurPath`/list/v4/lists/${listId}/items/${parentId}/children` : listItemsPath(listId);
	const rows = await collect(numberedPages.call(this, { path, qs: deleted ? { isDeleted: true } : {} }, 1));
	return rows.map(({ row }) => toListItem(row, listId));
}

/** `-` joins the levels of a list item's long code, so Concur rejects it inside codes. */
export function dashRuleViolation(code: string): string | undefined {
	if (!code.includes('-')) return undefined;
	return `Cost center code "${code}" contains "-", which SAP Concur does not allow in list item codes (it separates the levels of connected lists).`;
}

export const DASH_RULE_HINT =
	'Translate the code with the mapping\'s dash rule (for example CC-400 → CC_400) before sending it to Concur, and translate it back when reading.';

/** Lists (List v4) for the cost-center list dropdown. */
export async function getLists(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const lists = await collect(numberedPages.call(this, { path: '/list/v4/lists' }, 1));
	return lists
		.filter(({ row }) => !row.isDeleted)
		.map(({ row }) => ({ name: String(row.value ?? row.id), value: String(row.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
