import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { forEachItem, outputItem } from '../../../shared/concur/items';
import { concurPath } from '../../../shared/concur/normalize';
import { concurRequest } from '../../../shared/concur/transport';
import { listIdParameter } from '../../../shared/concur/lists';
import { itemIdParameter } from './update.operation';

export const description = updateDisplayOptions({ show: { resource: ['costCenter'], operation: ['delete'] } }, [
	{ ...listIdParameter, description: `${listIdParameter.description} The item is removed from this list only (its children with it).` },
	itemIdParameter,
]);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, async (itemIndex) => {
		const listId = this.getNodeParameter('listId', itemIndex) as string;
		const itemId = String(this.getNodeParameter('itemId', itemIndex)).trim();
		const response = await concurRequest.call(this, { method: 'DELETE', path: concurPath`/list/v4/lists/${listId}/items/${itemId}` }, itemIndex);
		return [outputItem({ listId, itemId, deleted: true }, response.meta, itemIndex)];
	});
}
