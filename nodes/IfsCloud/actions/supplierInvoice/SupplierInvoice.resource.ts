import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../operations';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { create, get, getMany };

export const description: INodeProperties[] = [
	operationProperty(
		'supplierInvoice',
		[
			{ name: 'Create', value: 'create', action: 'Create a supplier invoice', description: 'Header with supplier, PO reference and posting lines, once per invoice number' },
			{ name: 'Get', value: 'get', action: 'Get a supplier invoice' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many supplier invoices' },
		],
		'create',
	),
	...create.description,
	...get.description,
	...getMany.description,
];
