import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as getWithDetails from './getWithDetails.operation';

export { get, getMany, getWithDetails };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['expenseReport'] } },
		options: [
			{ name: 'Get (V4)', value: 'get', description: 'Get one report header from Expense Reports v4', action: 'Get an expense report' },
			{ name: 'Get Many', value: 'getMany', description: 'List reports (v3) by status and date windows', action: 'Get many expense reports' },
			{ name: 'Get with Details', value: 'getWithDetails', description: 'Get a report with its entries, itemizations and allocations in one document', action: 'Get an expense report with details' },
		],
		default: 'getMany',
	},
	...getMany.description,
	...getWithDetails.description,
	...get.description,
];
