import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { vendorKeyFields, vendorWriteFields, writeVendors } from '../../../shared/concur/vendors';

export const description = updateDisplayOptions({ show: { resource: ['vendor'], operation: ['create'] } }, [...vendorKeyFields, ...vendorWriteFields]);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await writeVendors.call(this, 'POST');
}
