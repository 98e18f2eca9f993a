import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { collect, numberedPages } from '../transport/paging';

/** Lists (List v4) for the cost-center list dropdown. */
export async function getLists(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const lists = await collect(numberedPages.call(this, { path: '/list/v4/lists' }, 1));
	return lists
		.filter(({ row }) => !row.isDeleted)
		.map(({ row }) => ({ name: String(row.value ?? row.id), value: String(row.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
