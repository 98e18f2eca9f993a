/** Supplier + its invoicing data in one company, created atomically in one change set. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { companyFor, type IfsConnection } from '../../../shared/ifs/connection';
import { forEachItem } from '../../../shared/ifs/items';
import { fieldsFrom } from '../../helpers/parameters';
import { entityPath } from '../../../shared/ifs/odata/literals';
import { fieldsProperty } from '../common.descriptions';
import { supplierEntity } from './entity';
import { invoicingProperties } from './invoicing';

const properties: INodeProperties[] = [
	{ displayName: 'Supplier ID', name: 'SupplierId', type: 'string', default: '', required: true },
	{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true },
	fieldsProperty,
	{ displayName: 'Connect to Company', name: 'connectToCompany', type: 'boolean', default: true, description: 'Whether to create the invoicing data in the company in the same change set' },
	...updateDisplayOptions({ show: { connectToCompany: [true] } }, invoicingProperties),
];

export const description = updateDisplayOptions({ show: { resource: ['supplier'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], connection: IfsConnection): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (itemIndex) => {
		const ref = supplierEntity.ref(connection.names);
		const supplier = { ...fieldsFrom(this, itemIndex), SupplierId: this.getNodeParameter('SupplierId', itemIndex), Name: this.getNodeParameter('name', itemIndex) };
		const connect = this.getNodeParameter('connectToCompany', itemIndex, true) as boolean;
		const invoicing = connect ? { ...fieldsFrom(this, itemIndex, 'invoicingFields'), Company: companyFor(this, connection, itemIndex) } : undefined;
		const reply = await connection.transport.batch(ref.projection, [
			{
				changeSet: [
					{ method: 'POST', url: entityPath(ref.entitySet), body: supplier },
					...(invoicing ? [{ method: 'POST' as const, url: '$1/SupplierInvoiceCompanies', body: invoicing }] : []),
				],
			},
		]);
		const [result] = reply.results;
		if (!result.ok) throw connection.transport.partError(result.error.status, result.error.body, { method: 'POST', entitySet: ref.entitySet }, reply.attempts);
		const [created, companyData] = result.responses.map((response) => response.body as Record<string, unknown>);
		return { ...created, ...(companyData ? { invoicing: companyData } : {}) } as never;
	});
}
