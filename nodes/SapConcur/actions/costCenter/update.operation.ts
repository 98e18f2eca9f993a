import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { forEachItem, outputItem } from '../../../shared/concur/items';
import { asObject, concurPath } from '../../../shared/concur/normalize';
import { concurRequest } from '../../../shared/concur/transport';
import { assertNoDash, codeAndName } from './create.operation';

export const itemIdParameter: INodeProperties = {
	displayName: 'Item ID',
	name: 'itemId',
	type: 'string',
	required: true,
	default: '={{ $json.id }}',
	description: 'The list item ID (UUID)',
};

export const description = updateDisplayOptions({ show: { resource: ['costCenter'], operation: ['update'] } }, [itemIdParameter, ...codeAndName]);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, async (itemIndex) => {
		const itemId = String(this.getNodeParameter('itemId', itemIndex)).trim();
		const shortCode = String(this.getNodeParameter('shortCode', itemIndex)).trim();
		assertNoDash(this, shortCode, itemIndex);
		const body = { shortCode, value: String(this.getNodeParameter('value', itemIndex)).trim() };
		const response = await concurRequest.call(this, { method: 'PUT', path: concurPath`/list/v4/items/${itemId}`, body }, itemIndex);
		return [outputItem(asObject(response.body), response.meta, itemIndex)];
	});
}
