import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../operations';
import * as attachToVoucher from './attachToVoucher.operation';

export { attachToVoucher };

export const description: INodeProperties[] = [
	operationProperty(
		'attachment',
		[
			{
				name: 'Attach File to Voucher',
				value: 'attachToVoucher',
				action: 'Attach a file to a voucher',
				description: 'Attach the binary file of each item to an existing voucher through document management, once',
			},
		],
		'attachToVoucher',
	),
	...attachToVoucher.description,
];
