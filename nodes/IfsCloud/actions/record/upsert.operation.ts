import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import type { IfsConnection } from '../../../shared/ifs/connection';
import { forEachItem } from '../../../shared/ifs/items';
import { fieldsFrom, keysFrom, recordTargetFrom } from '../../helpers/parameters';
import { upsertRecord } from '../../../shared/ifs/records';
import { fieldsProperty, keysProperty } from '../common.descriptions';

export const description = updateDisplayOptions({ show: { resource: ['record'], operation: ['upsert'] } }, [keysProperty, fieldsProperty]);

/** Reads by key: updates with the ETag when found, creates with the keys otherwise. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], connection: IfsConnection): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (itemIndex) => {
		const target = recordTargetFrom(this, connection, itemIndex);
		return await upsertRecord(connection.transport, target, keysFrom(this, itemIndex, target.ref.projection), fieldsFrom(this, itemIndex));
	});
}
