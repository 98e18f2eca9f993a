import type { INodeProperties } from 'n8n-workflow';

import type { FilterCondition } from '../../../shared/ifs/odata/filter';
import { typedGetMany } from '../typed';
import { supplierInvoiceEntity } from './entity';

const properties: INodeProperties[] = [
	{ displayName: 'Supplier ID', name: 'supplierId', type: 'string', default: '' },
	{ displayName: 'Invoice Number', name: 'invoiceNo', type: 'string', default: '' },
];

export const { description, execute } = typedGetMany(supplierInvoiceEntity, properties, (ctx, itemIndex) => {
	const conditions: FilterCondition[] = [];
	const supplierId = ctx.getNodeParameter('supplierId', itemIndex, '') as string;
	const invoiceNo = ctx.getNodeParameter('invoiceNo', itemIndex, '') as string;
	if (supplierId) conditions.push({ field: 'Identity', operator: 'eq', valueType: 'string', value: supplierId });
	if (invoiceNo) conditions.push({ field: 'InvoiceNo', operator: 'eq', valueType: 'string', value: invoiceNo });
	return conditions;
});
