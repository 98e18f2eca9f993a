import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { forEachItem, outputItem } from '../../../shared/concur/items';
import { asObject, concurPath } from '../../../shared/concur/normalize';
import { concurRequest } from '../../../shared/concur/transport';

const properties: INodeProperties[] = [
	{ displayName: 'Report ID', name: 'reportId', type: 'string', required: true, default: '', description: 'The 20-character expense report ID' },
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		description: 'UUID of the report owner (TRAVELER) or of the user reading it in the chosen context',
	},
	{
		displayName: 'Context',
		name: 'contextType',
		type: 'options',
		options: [
			{ name: 'Manager', value: 'MANAGER' },
			{ name: 'Processor', value: 'PROCESSOR' },
			{ name: 'Proxy', value: 'PROXY' },
			{ name: 'Traveler', value: 'TRAVELER' },
		],
		default: 'TRAVELER',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['expenseReport'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, async (itemIndex) => {
		const parameter = (name: string) => String(this.getNodeParameter(name, itemIndex)).trim();
		const path = concurPath`/expensereports/v4/users/${parameter('userId')}/context/${parameter('contextType')}/reports/${parameter('reportId')}`;
		const response = await concurRequest.call(this, { path }, itemIndex);
		return [outputItem(asObject(response.body), response.meta, itemIndex)];
	});
}
