import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import type { IfsConnection } from '../../../shared/ifs/connection';
import { forEachItem } from '../../../shared/ifs/items';
import { keysFrom, recordTargetFrom } from '../../helpers/parameters';
import { getRecord } from '../../../shared/ifs/records';
import { keysProperty } from '../common.descriptions';

export const description = updateDisplayOptions({ show: { resource: ['record'], operation: ['get'] } }, [keysProperty] as INodeProperties[]);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], connection: IfsConnection): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (itemIndex) => {
		const target = recordTargetFrom(this, connection, itemIndex);
		return await getRecord(connection.transport, target, keysFrom(this, itemIndex, target.ref.projection));
	});
}
