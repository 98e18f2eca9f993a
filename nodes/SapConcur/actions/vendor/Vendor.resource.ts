import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteVendor from './delete.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export { create, deleteVendor as delete, getMany, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['vendor'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create vendors (all input items in one call)', action: 'Create vendors' },
			{ name: 'Delete', value: 'delete', description: 'Delete a vendor by vendor code and address code', action: 'Delete a vendor' },
			{ name: 'Get Many', value: 'getMany', description: 'Search vendors', action: 'Get many vendors' },
			{ name: 'Update', value: 'update', description: 'Update vendors (all input items in one call)', action: 'Update vendors' },
		],
		default: 'getMany',
	},
	...getMany.description,
	...create.description,
	...update.description,
	...deleteVendor.description,
];
