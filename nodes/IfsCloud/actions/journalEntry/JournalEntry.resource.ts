import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../operations';
import * as create from './create.operation';
import * as getVouchers from './getVouchers.operation';

export { create, getVouchers };

export const description: INodeProperties[] = [
	operationProperty(
		'journalEntry',
		[
			{ name: 'Create', value: 'create', action: 'Create a journal entry', description: 'Load, check and create a voucher, once per reference' },
			{ name: 'Get Vouchers', value: 'getVouchers', action: 'Get voucher rows', description: 'Read voucher rows back from VoucherRowsAnalysis (new vouchers show there once IFS has run Update GL)' },
		],
		'create',
	),
	...create.description,
	...getVouchers.description,
];
