import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['paymentRequest'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a full invoice with line items and allocations', action: 'Get a payment request' },
			{ name: 'Get Many', value: 'getMany', description: 'Search invoice digests by status and dates', action: 'Get many payment requests' },
		],
		default: 'getMany',
	},
	...getMany.description,
	...get.description,
];
