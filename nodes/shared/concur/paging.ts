/** Concur's three paging styles, each as an async page iterator over `concurRequest`. */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isRecord, rowsOf } from './normalize';
import { concurRequest, relativeNextPage, type ConcurContext, type ConcurMeta, type ConcurRequest, type ConcurResponse } from './transport';

export interface Page {
	rows: IDataObject[];
	meta: ConcurMeta;
}

/** v3: opaque `offset`, absolute `NextPage` until null/empty. */
export async function* v3Pages(this: ConcurContext, request: ConcurRequest, rowKeys: readonly string[]): AsyncGenerator<Page> {
	let next: ConcurRequest | undefined = request;
	const visited = new Set<string>();
	while (next) {
		const response: ConcurResponse = await concurRequest.call(this, next);
		yield { rows: rowsOf(response.body, rowKeys), meta: response.meta };
		const nextPage: unknown = isRecord(response.body) ? response.body.NextPage : undefined;
		if (typeof nextPage !== 'string' || !nextPage.trim()) return;
		const path: string = await relativeNextPage.call(this, nextPage);
		if (visited.has(path)) throw new NodeOperationError(this.getNode(), `SAP Concur returned the same next page twice (${path}); stopping to avoid an endless loop.`);
		visited.add(path);
		next = { path, headers: request.headers };
	}
}

/** FIS v4: `page` 0-based with `limit`; List v4: `page` 1-based, fixed size 100. Both answer `{content, page}`. */
export async function* numberedPages(this: ConcurContext, request: ConcurRequest, firstPage: 0 | 1): AsyncGenerator<Page> {
	for (let page = firstPage; ; page++) {
		const response = await concurRequest.call(this, { ...request, qs: { ...request.qs, page } });
		const rows = rowsOf(response.body, ['content']);
		yield { rows, meta: response.meta };
		const info = isRecord(response.body) && isRecord(response.body.page) ? response.body.page : {};
		const totalPages = Number(info.totalPages);
		const lastPage = Number.isFinite(totalPages) ? totalPages - (firstPage === 0 ? 1 : 0) : page;
		if (rows.length === 0 || page >= lastPage) return;
	}
}

/** Collects rows (each tagged with the meta of its page) until `limit` rows, or all of them. */
export async function collect(pages: AsyncGenerator<Page>, limit?: number): Promise<Array<{ row: IDataObject; meta: ConcurMeta }>> {
	const collected: Array<{ row: IDataObject; meta: ConcurMeta }> = [];
	for await (const page of pages) {
		for (const row of page.rows) {
			if (limit !== undefined && collected.length >= limit) return collected;
			collected.push({ row, meta: page.meta });
		}
		if (limit !== undefined && collected.length >= limit) return collected;
	}
	return collected;
}
