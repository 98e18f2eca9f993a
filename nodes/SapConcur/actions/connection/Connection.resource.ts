import type { INodeProperties } from 'n8n-workflow';

import * as check from './check.operation';

export { check };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['connection'] } },
		options: [
			{
				name: 'Check and Renew',
				value: 'check',
				description: 'Use the connection so its token is refreshed, and fail when it must be reconnected soon',
				action: 'Check and renew the connection',
			},
		],
		default: 'check',
	},
	...check.description,
];
