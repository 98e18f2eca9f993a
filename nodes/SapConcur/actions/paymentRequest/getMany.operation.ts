import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { forEachItem, outputItem } from '../../../shared/concur/items';
import { compact } from '../../../shared/concur/normalize';
import { collect, v3Pages } from '../../../shared/concur/paging';
import { resultLimit, returnAllOrLimit, v3Date } from '../common.descriptions';

export const DIGEST_ROW_KEYS = ['PaymentRequestDigest', 'Items'];
const DIGEST_PAGE_SIZE = 1000;

const dateFilter = (displayName: string, name: string): INodeProperties => ({ displayName, name, type: 'dateTime', default: '', description: 'Day precision (Concur filters invoices by date only)' });

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Approval Status Code', name: 'approvalStatus', type: 'string', default: '', description: 'Tenant-specific code (see Concur localized data "approvalStatus")' },
			dateFilter('Created After', 'createDateAfter'),
			dateFilter('Created Before', 'createDateBefore'),
			dateFilter('Modified After', 'lastModifiedDateAfter'),
			dateFilter('Modified Before', 'lastModifiedDateBefore'),
			dateFilter('Paid After', 'paidDateAfter'),
			dateFilter('Paid Before', 'paidDateBefore'),
			{ displayName: 'Payment Status Code', name: 'paymentStatus', type: 'string', default: '', description: 'Tenant-specific code (see Concur localized data "paymentStatus")' },
			dateFilter('Submitted After', 'submitDateAfter'),
			dateFilter('Submitted Before', 'submitDateBefore'),
			{ displayName: 'Vendor Invoice Number', name: 'vendorInvoiceNumber', type: 'string', default: '' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['paymentRequest'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const pages = v3Pages.call(this, { path: '/api/v3.0/invoice/paymentrequestdigests', qs: digestQuery(filters) }, DIGEST_ROW_KEYS);
		const rows = await collect(pages, resultLimit(this, itemIndex));
		return rows.map(({ row, meta }) => outputItem(row, meta, itemIndex));
	});
}

export function digestQuery(filters: IDataObject): IDataObject {
	const dates = Object.fromEntries(Object.entries(filters).filter(([name]) => /Date(After|Before)$/.test(name)).map(([name, value]) => [name, v3Date(value)]));
	return compact({ limit: DIGEST_PAGE_SIZE, approvalStatus: filters.approvalStatus, paymentStatus: filters.paymentStatus, vendorInvoiceNumber: filters.vendorInvoiceNumber, ...dates });
}
