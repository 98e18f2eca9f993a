import type { INodeProperties } from 'n8n-workflow';

import * as post from './post.operation';

export { post };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['posting'] } },
		default: 'post',
		options: [
			{
				name: 'Post',
				value: 'post',
				action: 'Post documents to IFS',
				description:
					'Create the journal entries, supplier invoices or requisitions in the input items, each exactly once; already posted ones are reported with their IFS keys',
			},
		],
	},
	...post.description,
];
