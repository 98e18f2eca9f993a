import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { forEachItem, outputItem } from '../../../shared/concur/items';
import { resultLimit, returnAllOrLimit } from '../common.descriptions';
import { allListItems, listIdParameter } from '../../../shared/concur/lists';

const properties: INodeProperties[] = [listIdParameter, ...returnAllOrLimit];

export const description = updateDisplayOptions({ show: { resource: ['costCenter'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, async (itemIndex) => {
		const listId = this.getNodeParameter('listId', itemIndex) as string;
		const rows = await allListItems.call(this, listId, resultLimit(this, itemIndex));
		return rows.map(({ row, meta }) => outputItem(row, meta, itemIndex));
	});
}
