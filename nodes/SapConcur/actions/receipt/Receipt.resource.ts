import type { INodeProperties } from 'n8n-workflow';

import * as getForPostings from './getForPostings.operation';

export { getForPostings };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['receipt'] } },
		options: [
			{
				name: 'Get for Posted Documents',
				value: 'getForPostings',
				description: "Download the receipt images of posted expense documents (from the IFS Cloud node's Posting output)",
				action: 'Get receipt images of posted documents',
			},
		],
		default: 'getForPostings',
	},
	...getForPostings.description,
];
