import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../operations';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export { create, get, getMany, update };

export const description: INodeProperties[] = [
	operationProperty(
		'supplier',
		[
			{ name: 'Create', value: 'create', action: 'Create a supplier', description: 'Create a supplier with its invoicing data in a company' },
			{ name: 'Get', value: 'get', action: 'Get a supplier' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many suppliers' },
			{ name: 'Update', value: 'update', action: 'Update a supplier', description: 'Update a supplier and its invoicing data, with ETags' },
		],
		'get',
	),
	...create.description,
	...get.description,
	...getMany.description,
	...update.description,
];
