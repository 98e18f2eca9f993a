import type { INodeProperties } from 'n8n-workflow';

import { typedGetMany } from '../typed';
import { purchaseOrderEntity } from './entity';

const properties: INodeProperties[] = [{ displayName: 'Supplier ID', name: 'vendorNo', type: 'string', default: '' }];

export const { description, execute } = typedGetMany(purchaseOrderEntity, properties, (ctx, itemIndex) => {
	const vendorNo = ctx.getNodeParameter('vendorNo', itemIndex, '') as string;
	return vendorNo ? [{ field: 'VendorNo', operator: 'eq', valueType: 'string', value: vendorNo }] : [];
});
