import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as getWithDetails from './getWithDetails.operation';
import * as postIntegrationStatus from './postIntegrationStatus.operation';

export { get, getMany, getWithDetails, postIntegrationStatus };

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
			{
				name: 'Post Integration Status (V2)',
				value: 'postIntegrationStatus',
				description: 'Tell Concur the ERP posted the report: it moves from Processing Payment to Paid (reports read from v3, not FIS)',
				action: 'Post integration status of an expense report',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
	...getWithDetails.description,
	...get.description,
	...postIntegrationStatus.description,
];
