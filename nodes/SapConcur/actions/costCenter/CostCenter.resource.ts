import type { INodeProperties } from 'n8n-workflow';

import * as bulkUpsert from './bulkUpsert.operation';
import * as create from './create.operation';
import * as deleteItem from './delete.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export { bulkUpsert, create, deleteItem as delete, getMany, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['costCenter'] } },
		options: [
			{ name: 'Bulk Upsert', value: 'bulkUpsert', description: 'Create or rename many cost centers in calls of up to 250', action: 'Bulk upsert cost centers' },
			{ name: 'Create', value: 'create', description: 'Add a cost center to a list', action: 'Create a cost center' },
			{ name: 'Delete', value: 'delete', description: 'Remove a cost center from a list', action: 'Delete a cost center' },
			{ name: 'Get Many', value: 'getMany', description: 'Get the cost centers of a list', action: 'Get many cost centers' },
			{ name: 'Update', value: 'update', description: 'Change a cost center\'s code or name', action: 'Update a cost center' },
		],
		default: 'getMany',
	},
	...getMany.description,
	...create.description,
	...update.description,
	...deleteItem.description,
	...bulkUpsert.description,
];
