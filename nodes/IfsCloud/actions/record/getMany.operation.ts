import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import type { IfsConnection } from '../../../shared/ifs/connection';
import { forEachItem } from '../../../shared/ifs/items';
import { conditionsFrom, listParameters, recordTargetFrom } from '../../helpers/parameters';
import { listRecords } from '../../../shared/ifs/records';
import { conditionsProperties, queryOptionsProperty, returnAllOrLimit } from '../common.descriptions';

export const description = updateDisplayOptions({ show: { resource: ['record'], operation: ['getMany'] } }, [
	...conditionsProperties,
	...returnAllOrLimit,
	queryOptionsProperty,
]);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], connection: IfsConnection): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (itemIndex) => {
		const target = recordTargetFrom(this, connection, itemIndex);
		return await listRecords(connection.transport, target, { filter: conditionsFrom(this, itemIndex), ...listParameters(this, itemIndex) });
	});
}
