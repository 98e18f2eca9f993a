import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import type { IfsConnection } from '../../../shared/ifs/connection';
import { forEachItem } from '../../../shared/ifs/items';
import { fieldsFrom, keysFrom, recordTargetFrom } from '../../helpers/parameters';
import { getRecord } from '../../../shared/ifs/records';
import { keysProperty } from '../common.descriptions';

const properties: INodeProperties[] = [
	{ displayName: 'Action', name: 'action', type: 'string', default: '', required: true, placeholder: 'Release', description: 'Action name without the IfsApp prefix and entity type' },
	{ displayName: 'Bound to a Record', name: 'bound', type: 'boolean', default: true, description: "Whether the action is bound to a record (sent with the record's ETag) or unbound at the projection root" },
	{
		displayName: 'Entity Type',
		name: 'entityType',
		type: 'string',
		default: '',
		placeholder: 'PurchaseRequisition',
		description: 'Entity type qualifying a bound action (IfsApp.&lt;Projection&gt;.&lt;Entity Type&gt;_&lt;Action&gt;); empty = entity set name without "Set"',
		displayOptions: { show: { bound: [true] } },
	},
	{ ...keysProperty, displayOptions: { show: { bound: [true] } } },
	{ displayName: 'Parameters (JSON)', name: 'parameters', type: 'json', default: '{}' },
];

export const description = updateDisplayOptions({ show: { resource: ['record'], operation: ['callAction'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], connection: IfsConnection): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (itemIndex) => {
		const target = recordTargetFrom(this, connection, itemIndex);
		const action = this.getNodeParameter('action', itemIndex) as string;
		const parameters = fieldsFrom(this, itemIndex, 'parameters');
		if (!(this.getNodeParameter('bound', itemIndex, true) as boolean)) {
			const reply = await connection.transport.callAction(target.ref, action, parameters);
			return { action, result: (reply.body ?? null) as never };
		}
		const keys = keysFrom(this, itemIndex, target.ref.projection);
		// Refuses records outside the company before the action is sent.
		await getRecord(connection.transport, target, keys);
		const entityType = (this.getNodeParameter('entityType', itemIndex, '') as string) || target.ref.entitySet.replace(/Set$/, '');
		const reply = await connection.transport.callAction(target.ref, action, parameters, { keys, entityType });
		return { action, keys: keys as never, result: (reply.body ?? null) as never };
	});
}
