import type { INodeProperties } from 'n8n-workflow';

import type { FilterCondition } from '../../../shared/ifs/odata/filter';
import { typedGetMany, type TypedEntity } from '../typed';

const voucherRows: TypedEntity = {
	resource: 'journalEntry',
	ref: (names) => ({ projection: names.voucherRows, entitySet: 'VoucherRowSet' }),
	keys: [],
	companyScoped: true,
};

const properties: INodeProperties[] = [
	{ displayName: 'Reference', name: 'reference', type: 'string', default: '', description: 'ReferenceNumber the vouchers were created with' },
	{ displayName: 'Voucher Number', name: 'voucherNo', type: 'string', default: '' },
];

/** Voucher rows read back from VoucherRowsAnalysis (after IFS's Update GL), by reference and/or voucher number. */
export const { description, execute } = typedGetMany(
	voucherRows,
	properties,
	(ctx, itemIndex) => {
		const reference = ctx.getNodeParameter('reference', itemIndex, '') as string;
		const voucherNo = ctx.getNodeParameter('voucherNo', itemIndex, '') as string;
		const conditions: FilterCondition[] = [];
		if (reference) conditions.push({ field: 'ReferenceNumber', operator: 'eq', valueType: 'string', value: reference });
		if (voucherNo) conditions.push({ field: 'VoucherNo', operator: 'eq', valueType: 'number', value: voucherNo });
		return conditions;
	},
	'getVouchers',
);
