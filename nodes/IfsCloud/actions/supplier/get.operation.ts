import type { INodeProperties } from 'n8n-workflow';

import { typedGet } from '../typed';
import { supplierEntity } from './entity';
import { withInvoicing } from './invoicing';

const properties: INodeProperties[] = [
	{ displayName: 'Include Invoicing Data', name: 'includeInvoicing', type: 'boolean', default: true, description: "Whether to add the supplier's invoicing data in the company" },
	{ displayName: 'Company', name: 'company', type: 'string', default: '', description: "Empty = the credential's default company", displayOptions: { show: { includeInvoicing: [true] } } },
];

export const { description, execute } = typedGet(supplierEntity, properties, async function (record, connection, itemIndex) {
	if (!(this.getNodeParameter('includeInvoicing', itemIndex, true) as boolean)) return record;
	return await withInvoicing.call(this, record, connection, itemIndex);
});
