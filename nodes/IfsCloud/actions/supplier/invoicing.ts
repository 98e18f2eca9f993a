/** A supplier's invoicing data in one company: read alongside the supplier, written with its ETag. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { IfsConnection } from '../../../shared/ifs/connection';
import { fieldsFrom } from '../../helpers/parameters';
import { findRecord, upsertRecord } from '../../../shared/ifs/records';
import { companyProperty } from '../common.descriptions';
import { keysOf, targetOf } from '../typed';
import { supplierInvoicingEntity } from './entity';

export const invoicingProperties: INodeProperties[] = [
	{ ...companyProperty, displayName: 'Invoicing Company', description: "Company whose supplier invoicing data to read or write; empty = the credential's default company" },
	{
		displayName: 'Invoicing Fields (JSON)',
		name: 'invoicingFields',
		type: 'json',
		default: '{}',
		description: 'For example {"PayTermId": "30", "Currency": "USD"}; an empty object leaves the invoicing data as it is',
	},
];

export async function withInvoicing(this: IExecuteFunctions, supplier: IDataObject, connection: IfsConnection, itemIndex: number): Promise<IDataObject> {
	const target = targetOf(this, connection, supplierInvoicingEntity, itemIndex);
	const invoicing = await findRecord(connection.transport, target, keysOf(this, supplierInvoicingEntity, target, itemIndex));
	return { ...supplier, invoicing: invoicing ?? null };
}

export async function writeInvoicing(this: IExecuteFunctions, supplier: IDataObject, connection: IfsConnection, itemIndex: number): Promise<IDataObject> {
	const fields = fieldsFrom(this, itemIndex, 'invoicingFields');
	if (Object.keys(fields).length === 0) return supplier;
	const target = targetOf(this, connection, supplierInvoicingEntity, itemIndex);
	const invoicing = await upsertRecord(connection.transport, target, keysOf(this, supplierInvoicingEntity, target, itemIndex), fields);
	return { ...supplier, invoicing };
}
