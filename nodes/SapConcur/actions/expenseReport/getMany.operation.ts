import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { forEachItem, outputItem } from '../../../shared/concur/items';
import { compact } from '../../../shared/concur/normalize';
import { collect, v3Pages } from '../../../shared/concur/paging';
import { resultLimit, returnAllOrLimit, v3DateTime } from '../common.descriptions';

const V3_REPORTS_PAGE_SIZE = 100;

export const approvalStatusOptions = [
	{ name: 'Approved (A_APPR)', value: 'A_APPR' },
	{ name: 'Not Submitted (A_NOTF)', value: 'A_NOTF' },
	{ name: 'Pending Cost Object Approval (A_PECO)', value: 'A_PECO' },
	{ name: 'Pending Manager (A_PEND)', value: 'A_PEND' },
	{ name: 'Pending Processor Review (A_ACCO)', value: 'A_ACCO' },
	{ name: 'Sent Back / Recalled (A_RESU)', value: 'A_RESU' },
	{ name: 'Submitted (A_FILE)', value: 'A_FILE' },
];

export const paymentStatusOptions = [
	{ name: 'Not Paid (P_NOTP)', value: 'P_NOTP' },
	{ name: 'On Hold (P_HOLD)', value: 'P_HOLD' },
	{ name: 'Paid / Sent for Payment (P_PAID)', value: 'P_PAID' },
	{ name: 'Payment Confirmed (P_PAYC)', value: 'P_PAYC' },
	{ name: 'Processing Payment (P_PROC)', value: 'P_PROC' },
];

const dateFilter = (displayName: string, name: string): INodeProperties => ({ displayName, name, type: 'dateTime', default: '' });

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Approval Status', name: 'approvalStatusCode', type: 'multiOptions', options: approvalStatusOptions, default: [] },
			dateFilter('Modified After', 'modifiedDateAfter'),
			dateFilter('Modified Before', 'modifiedDateBefore'),
			{ displayName: 'Payment Status', name: 'paymentStatusCode', type: 'multiOptions', options: paymentStatusOptions, default: [] },
			dateFilter('Processing Payment After', 'processingPaymentDateAfter'),
			dateFilter('Processing Payment Before', 'processingPaymentDateBefore'),
			{
				displayName: 'User',
				name: 'user',
				type: 'string',
				default: 'ALL',
				description: 'Owner login ID, or ALL for every report of the company',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['expenseReport'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const rows = await collect(v3Pages.call(this, { path: '/api/v3.0/expense/reports', qs: reportQuery(filters) }, ['Items']), resultLimit(this, itemIndex));
		return rows.map(({ row, meta }) => outputItem(row, meta, itemIndex));
	});
}

export function reportQuery(filters: IDataObject): IDataObject {
	const codes = (value: unknown) => (Array.isArray(value) && value.length ? value.join(',') : undefined);
	return compact({
		user: filters.user || 'ALL',
		limit: V3_REPORTS_PAGE_SIZE,
		approvalStatusCode: codes(filters.approvalStatusCode),
		paymentStatusCode: codes(filters.paymentStatusCode),
		modifiedDateAfter: v3DateTime(filters.modifiedDateAfter),
		modifiedDateBefore: v3DateTime(filters.modifiedDateBefore),
		processingPaymentDateAfter: v3DateTime(filters.processingPaymentDateAfter),
		processingPaymentDateBefore: v3DateTime(filters.processingPaymentDateBefore),
	});
}
