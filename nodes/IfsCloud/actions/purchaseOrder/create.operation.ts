import type { INodeProperties } from 'n8n-workflow';

import { typedCreate } from '../typed';
import { newPurchaseOrderEntity } from './entity';

const properties: INodeProperties[] = [
	{ displayName: 'Site', name: 'site', type: 'string', default: '', required: true },
	{ displayName: 'Supplier ID', name: 'vendorNo', type: 'string', default: '', required: true },
	{ displayName: 'Order Date', name: 'orderDate', type: 'string', default: '', required: true, placeholder: '2026-11-16' },
	{ displayName: 'Currency', name: 'currency', type: 'string', default: '', required: true },
];

export const { description, execute } = typedCreate(newPurchaseOrderEntity, properties, (ctx, itemIndex) => ({
	Contract: ctx.getNodeParameter('site', itemIndex) as string,
	VendorNo: ctx.getNodeParameter('vendorNo', itemIndex) as string,
	OrderDate: ctx.getNodeParameter('orderDate', itemIndex) as string,
	CurrencyCode: ctx.getNodeParameter('currency', itemIndex) as string,
}));
