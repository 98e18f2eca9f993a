import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { forEachItem, outputItem } from '../../../shared/concur/items';
import { collect, numberedPages } from '../../../shared/concur/paging';
import { fisDocType, resultLimit, returnAllOrLimit } from '../common.descriptions';
import { fisDocument, fisPath } from '../../../shared/concur/fis';

const FIS_PAGE_SIZE = 100;

const properties: INodeProperties[] = [
	fisDocType,
	...returnAllOrLimit,
	{
		displayName: 'Only documents that are ready and not yet acknowledged are listed; acknowledge them after reading so they are not read again.',
		name: 'readyNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['financialDocument'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, async (itemIndex) => {
		const docType = this.getNodeParameter('docType', itemIndex) as string;
		const limit = resultLimit(this, itemIndex);
		const pages = numberedPages.call(this, { path: fisPath(docType), qs: { limit: FIS_PAGE_SIZE }, headers: { DocumentFormatAs: 'json' } }, 0);
		const rows = await collect(pages, limit);
		return rows.map(({ row, meta }) => outputItem(fisDocument(row), meta, itemIndex));
	});
}
