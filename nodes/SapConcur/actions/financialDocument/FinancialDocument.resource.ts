import type { INodeProperties } from 'n8n-workflow';

import * as acknowledge from './acknowledge.operation';
import * as confirmPayment from './confirmPayment.operation';
import * as confirmPosting from './confirmPosting.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { acknowledge, confirmPayment, confirmPosting, get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['financialDocument'] } },
		options: [
			{ name: 'Acknowledge', value: 'acknowledge', description: 'Tell Concur the ERP received documents (required right after reading)', action: 'Acknowledge financial documents' },
			{ name: 'Confirm Payment', value: 'confirmPayment', description: 'Report a payment of a posted expense document', action: 'Confirm payment of a financial document' },
			{ name: 'Confirm Posting', value: 'confirmPosting', description: 'Report the ERP posting result (success with document number, or failure with messages)', action: 'Confirm posting of a financial document' },
			{ name: 'Get', value: 'get', description: 'Get the financial documents of one report or request, whatever their status', action: 'Get a financial document' },
			{ name: 'Get Many', value: 'getMany', description: 'Get documents ready for posting', action: 'Get many financial documents' },
		],
		default: 'getMany',
	},
	...getMany.description,
	...get.description,
	...acknowledge.description,
	...confirmPosting.description,
	...confirmPayment.description,
];
