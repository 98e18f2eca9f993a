import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { forEachItem, outputItem } from '../../../shared/concur/items';
import { rowsOf } from '../../../shared/concur/normalize';
import { concurRequest } from '../../../shared/concur/transport';
import { VENDOR_PATH, failedStatuses, vendorKeyFields } from '../../../shared/concur/vendors';

export const description = updateDisplayOptions({ show: { resource: ['vendor'], operation: ['delete'] } }, vendorKeyFields);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, async (itemIndex) => {
		const vendorCode = String(this.getNodeParameter('vendorCode', itemIndex)).trim();
		const addressCode = String(this.getNodeParameter('addressCode', itemIndex)).trim();
		// Concur deletes one vendor (code + address) per call.
		const response = await concurRequest.call(this, { method: 'DELETE', path: VENDOR_PATH, qs: { vendorCode, addressCode } }, itemIndex);
		const failures = rowsOf(response.body, ['Vendor', 'Items']).flatMap(failedStatuses);
		if (failures.length) {
			throw new NodeOperationError(this.getNode(), `SAP Concur refused to delete vendor ${vendorCode}/${addressCode}: ${failures.map((status) => String(status.Message)).join('; ')}`, { itemIndex });
		}
		return [outputItem({ vendorCode, addressCode, deleted: true }, response.meta, itemIndex)];
	});
}
