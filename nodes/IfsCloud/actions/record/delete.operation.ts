import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import type { IfsConnection } from '../../../shared/ifs/connection';
import { forEachItem } from '../../../shared/ifs/items';
import { keysFrom, recordTargetFrom } from '../../helpers/parameters';
import { deleteRecord } from '../../../shared/ifs/records';
import { keysProperty } from '../common.descriptions';

export const description = updateDisplayOptions({ show: { resource: ['record'], operation: ['delete'] } }, [keysProperty]);

/** Reads the record's ETag, then DELETEs with If-Match. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], connection: IfsConnection): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (itemIndex) => {
		const target = recordTargetFrom(this, connection, itemIndex);
		return await deleteRecord(connection.transport, target, keysFrom(this, itemIndex, target.ref.projection));
	});
}
