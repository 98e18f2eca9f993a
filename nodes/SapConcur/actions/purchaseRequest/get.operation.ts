import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { forEachItem, outputItem } from '../../../shared/concur/items';
import { asObject, concurPath } from '../../../shared/concur/normalize';
import { concurRequest } from '../../../shared/concur/transport';

const properties: INodeProperties[] = [
	{ displayName: 'Purchase Request ID', name: 'purchaseRequestId', type: 'string', required: true, default: '' },
	{
		displayName: 'Detail',
		name: 'mode',
		type: 'options',
		options: [
			{ name: 'Compact', value: 'COMPACT', description: 'Status and purchase order numbers' },
			{ name: 'Full', value: 'FULL', description: 'Including line items' },
		],
		default: 'FULL',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['purchaseRequest'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, async (itemIndex) => {
		const id = String(this.getNodeParameter('purchaseRequestId', itemIndex)).trim();
		const mode = this.getNodeParameter('mode', itemIndex) as string;
		const response = await concurRequest.call(this, { path: concurPath`/purchaserequest/v4/purchaserequests/${id}`, qs: { mode } }, itemIndex);
		return [outputItem(asObject(response.body), response.meta, itemIndex)];
	});
}
