import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import type { IfsConnection } from '../../../shared/ifs/connection';
import { forEachItem } from '../../../shared/ifs/items';
import { fieldsFrom, keysFrom, recordTargetFrom } from '../../helpers/parameters';
import { updateRecord } from '../../../shared/ifs/records';
import { fieldsProperty, keysProperty } from '../common.descriptions';

export const description = updateDisplayOptions({ show: { resource: ['record'], operation: ['update'] } }, [keysProperty, fieldsProperty]);

/** Reads the record's ETag, then PATCHes with If-Match (412 handled per the Request Settings). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], connection: IfsConnection): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (itemIndex) => {
		const target = recordTargetFrom(this, connection, itemIndex);
		return await updateRecord(connection.transport, target, keysFrom(this, itemIndex, target.ref.projection), fieldsFrom(this, itemIndex));
	});
}
