import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../operations';
import * as create from './create.operation';
import * as deleteValue from './delete.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export { create, deleteValue as delete, getMany, update };

export const description: INodeProperties[] = [
	operationProperty(
		'codePartValue',
		[
			{ name: 'Create', value: 'create', action: 'Create a code part value' },
			{ name: 'Delete', value: 'delete', action: 'Delete a code part value' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many code part values' },
			{ name: 'Update', value: 'update', action: 'Update a code part value' },
		],
		'getMany',
	),
	...create.description,
	...deleteValue.description,
	...getMany.description,
	...update.description,
];
