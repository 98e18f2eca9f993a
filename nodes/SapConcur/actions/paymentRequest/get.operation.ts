import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { forEachItem, outputItem } from '../../../shared/concur/items';
import { asArray, asObject, concurPath, isRecord } from '../../../shared/concur/normalize';
import { concurRequest } from '../../../shared/concur/transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Payment Request ID',
		name: 'paymentRequestId',
		type: 'string',
		required: true,
		default: '={{ $json.PaymentRequestId }}',
		description: 'The 20-character payment request (invoice) ID',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['paymentRequest'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, async (itemIndex) => {
		const id = String(this.getNodeParameter('paymentRequestId', itemIndex)).trim();
		const response = await concurRequest.call(this, { path: concurPath`/api/v3.0/invoice/paymentrequest/${id}` }, itemIndex);
		return [outputItem(normalisePaymentRequest(asObject(response.body)), response.meta, itemIndex)];
	});
}

/** XML-to-JSON artefact: a single line item or allocation arrives as an object, none as null. */
export function normalisePaymentRequest(request: IDataObject): IDataObject {
	const lineItems = isRecord(request.LineItems) ? request.LineItems.LineItem : undefined;
	return {
		...request,
		LineItems: {
			LineItem: asArray(lineItems).map((line) => ({
				...line,
				Allocations: { Allocation: asArray(isRecord(line.Allocations) ? line.Allocations.Allocation : undefined) },
			})),
		},
	};
}
