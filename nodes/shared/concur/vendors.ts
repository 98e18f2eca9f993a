/** Vendor v3.1 collection writes: many input items per call, every record's StatusList checked. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { failedItem, itemFailure, outputItem } from './items';
import { asArray, chunk, compact, isRecord, rowsOf } from './normalize';
import { concurRequest } from './transport';

export const VENDOR_PATH = '/api/v3.1/invoice/vendors';
/** Concur rejects batches of more than 1000 records. */
const VENDOR_BATCH_SIZE = 1000;

const text = (displayName: string, name: string, required = false): INodeProperties => ({ displayName, name, type: 'string', default: '', required });

export const vendorKeyFields: INodeProperties[] = [text('Vendor Code', 'vendorCode', true), text('Address Code', 'addressCode', true)];

export const vendorWriteFields: INodeProperties[] = [
	text('Vendor Name', 'vendorName', true),
	{ ...text('Country Code', 'countryCode', true), description: 'ISO 3166 alpha-2 (required by Concur since 2023)' },
	{ ...text('Currency Code', 'currencyCode', true), description: 'ISO 4217 (required by Concur since 2023)' },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			text('Address Line 1', 'Address1'),
			text('Address Line 2', 'Address2'),
			text('Address Line 3', 'Address3'),
			{ ...text('Approved', 'Approved'), description: '"true" or "false"' },
			text('City', 'City'),
			text('Contact Email', 'ContactEmail'),
			text('Contact First Name', 'ContactFirstName'),
			text('Contact Last Name', 'ContactLastName'),
			text('Contact Phone Number', 'ContactPhoneNumber'),
			{ ...text('Payment Method Type', 'PaymentMethodType'), description: 'ACH, CARD, CHECK, CLIENT, PAYPVD, VCHER or WIRE' },
			{ ...text('Payment Terms', 'PaymentTerms'), description: 'Days, 1–999' },
			text('Postal Code', 'PostalCode'),
			{ ...text('State', 'State'), description: 'Required for countries subject to export-control checks' },
			text('Tax ID', 'TaxID'),
		],
	},
];

export function vendorRecord(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const parameter = (name: string) => String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
	return compact({
		VendorCode: parameter('vendorCode'),
		AddressCode: parameter('addressCode'),
		VendorName: parameter('vendorName'),
		CountryCode: parameter('countryCode'),
		CurrencyCode: parameter('currencyCode'),
		...(context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
	});
}

/** POST (create) or PUT (update) all input items as vendor collections. */
export async function writeVendors(this: IExecuteFunctions, method: 'POST' | 'PUT'): Promise<INodeExecutionData[]> {
	const records = this.getInputData().map((_item, itemIndex) => ({ itemIndex, record: vendorRecord(this, itemIndex) }));
	const output: INodeExecutionData[] = [];
	for (const batch of chunk(records, VENDOR_BATCH_SIZE)) {
		try {
			const response = await concurRequest.call(this, { method, path: VENDOR_PATH, body: { Vendor: batch.map(({ record }) => record) } });
			const results = rowsOf(response.body, ['Vendor', 'Items']);
			batch.forEach(({ itemIndex, record }, position) => {
				const result = resultFor(results, position);
				const failures = result ? failedStatuses(result) : [];
				if (result && !failures.length) output.push(outputItem(result, response.meta, itemIndex));
				else output.push(itemFailure.call(this, vendorRefusal(record, failures), itemIndex, response.meta.correlationId ? `Concur correlation id: ${response.meta.correlationId}` : undefined));
			});
		} catch (error) {
			for (const { itemIndex } of batch) output.push(failedItem.call(this, error, itemIndex));
		}
	}
	return output;
}

/** Concur numbers records from 1 in StatusList.RecordNumber; fall back to the response order. */
function resultFor(results: IDataObject[], position: number): IDataObject | undefined {
	const byNumber = results.find((result) => asArray(result.StatusList).some((status) => Number(status.RecordNumber) === position + 1));
	return byNumber ?? results[position];
}

export function failedStatuses(record: IDataObject): IDataObject[] {
	return asArray(record.StatusList).filter(
		(status) => isRecord(status) && (/error|fail/i.test(String(status.Type ?? '')) || (!status.Type && Number(status.Code) !== 0)),
	);
}

function vendorRefusal(record: IDataObject, failures: IDataObject[]): string {
	const key = `${String(record.VendorCode ?? '?')}/${String(record.AddressCode ?? '?')}`;
	if (!failures.length) return `SAP Concur returned no result for vendor ${key}.`;
	return `SAP Concur refused vendor ${key}: ${failures.map((status) => `code ${String(status.Code)} ${String(status.Message ?? '')}`.trim()).join('; ')}`;
}
