import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['purchaseRequest'] } },
		options: [{ name: 'Get', value: 'get', description: 'Get a purchase request (Purchase Request v4)', action: 'Get a purchase request' }],
		default: 'get',
	},
	...get.description,
];
