import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { createInBatches, type PlannedCreate } from '../../../shared/ifs/batch-create';
import type { IfsConnection } from '../../../shared/ifs/connection';
import { errorItem, errorJson, forEachItem, toNodeError } from '../../../shared/ifs/items';
import { fieldsFrom, recordTargetFrom } from '../../helpers/parameters';
import { createRecord } from '../../../shared/ifs/records';
import { fieldsProperty } from '../common.descriptions';

const properties: INodeProperties[] = [
	fieldsProperty,
	{
		displayName: 'Send in $Batch',
		name: 'useBatch',
		type: 'boolean',
		default: true,
		description: 'Whether to send the items as $batch requests (each record its own change set) instead of one request per record',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['record'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], connection: IfsConnection): Promise<INodeExecutionData[]> {
	if (!(this.getNodeParameter('useBatch', 0, true) as boolean)) {
		return await forEachItem(this, items, async (itemIndex) => {
			const target = recordTargetFrom(this, connection, itemIndex);
			return await createRecord(connection.transport, target, fieldsFrom(this, itemIndex));
		});
	}
	const planned: Array<PlannedCreate | Error> = items.map((_, itemIndex) => {
		try {
			return { target: recordTargetFrom(this, connection, itemIndex), fields: fieldsFrom(this, itemIndex) };
		} catch (error) {
			return error as Error;
		}
	});
	const sendable = planned.filter((plan): plan is PlannedCreate => !(plan instanceof Error));
	const results = await createInBatches(connection.transport, sendable, connection.settings.batchSize);
	let next = 0;
	return planned.map((plan, itemIndex) => {
		const result = plan instanceof Error ? { ok: false as const, error: plan } : results[next++];
		if (result.ok) return { json: result.record, pairedItem: { item: itemIndex } };
		if (!this.continueOnFail()) throw toNodeError(this, result.error, itemIndex);
		return errorItem(errorJson(result.error), itemIndex);
	});
}
