import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../operations';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { create, get, getMany };

export const description: INodeProperties[] = [
	operationProperty(
		'purchaseOrder',
		[
			{ name: 'Create', value: 'create', action: 'Create a purchase order' },
			{ name: 'Get', value: 'get', action: 'Get a purchase order' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many purchase orders' },
		],
		'get',
	),
	...create.description,
	...get.description,
	...getMany.description,
];
