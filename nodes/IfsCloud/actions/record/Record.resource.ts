import type { INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { companyProperty, companyScopedProperty, entitySetProperty, projectionProperty } from '../common.descriptions';
import * as callAction from './callAction.operation';
import * as create from './create.operation';
import * as deleteRecord from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

export { callAction, create, deleteRecord as delete, get, getMany, update, upsert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['record'] } },
		default: 'get',
		options: [
			{ name: 'Call Action', value: 'callAction', action: 'Call an action', description: "Call a bound action with the record's ETag, or an unbound one" },
			{ name: 'Create', value: 'create', action: 'Create a record' },
			{ name: 'Create or Update', value: 'upsert', action: 'Create or update a record by key', description: 'Create a new record, or update the current one if it already exists (upsert)' },
			{ name: 'Delete', value: 'delete', action: 'Delete a record', description: 'Delete with the record’s ETag' },
			{ name: 'Get', value: 'get', action: 'Get a record' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many records' },
			{ name: 'Update', value: 'update', action: 'Update a record', description: 'Update with the record’s ETag' },
		],
	},
	...updateDisplayOptions({ show: { resource: ['record'] } }, [projectionProperty, entitySetProperty, companyScopedProperty]),
	...updateDisplayOptions({ show: { resource: ['record'], companyScoped: [true] } }, [companyProperty]),
	...callAction.description,
	...create.description,
	...deleteRecord.description,
	...get.description,
	...getMany.description,
	...update.description,
	...upsert.description,
];
