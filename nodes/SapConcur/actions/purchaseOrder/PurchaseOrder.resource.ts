import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['purchaseOrder'] } },
		options: [{ name: 'Get', value: 'get', description: 'Get a purchase order (PO v3) by number', action: 'Get a purchase order' }],
		default: 'get',
	},
	...get.description,
];
