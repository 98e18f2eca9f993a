import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { forEachItem, outputItem } from '../../../shared/concur/items';
import { asArray, asObject, concurPath } from '../../../shared/concur/normalize';
import { concurRequest } from '../../../shared/concur/transport';

const properties: INodeProperties[] = [
	{ displayName: 'Purchase Order Number', name: 'purchaseOrderNumber', type: 'string', required: true, default: '' },
];

export const description = updateDisplayOptions({ show: { resource: ['purchaseOrder'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, async (itemIndex) => {
		const number = String(this.getNodeParameter('purchaseOrderNumber', itemIndex)).trim();
		const response = await concurRequest.call(this, { path: concurPath`/api/v3.0/invoice/purchaseorders/${number}` }, itemIndex);
		const order = asObject(response.body);
		const lines = asArray(order.LineItem).map((line) => ({ ...line, Allocation: asArray((line as IDataObject).Allocation) }));
		return [outputItem({ ...order, LineItem: lines }, response.meta, itemIndex)];
	});
}
