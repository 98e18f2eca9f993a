import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { forEachItem, outputItem } from '../../../shared/concur/items';
import { compact } from '../../../shared/concur/normalize';
import { collect, v3Pages } from '../../../shared/concur/paging';
import { resultLimit, returnAllOrLimit } from '../common.descriptions';
import { VENDOR_PATH } from '../../../shared/concur/vendors';

const VENDOR_PAGE_SIZE = 1000;

const text = (displayName: string, name: string): INodeProperties => ({ displayName, name, type: 'string', default: '' });

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			text('Address Code', 'addressCode'),
			text('City', 'city'),
			{ ...text('Country Code', 'country') },
			{
				displayName: 'Match',
				name: 'searchType',
				type: 'options',
				options: [
					{ name: 'Begins With', value: 'begins' },
					{ name: 'Contains', value: 'contains' },
					{ name: 'Ends With', value: 'ends' },
					{ name: 'Exact', value: 'exact' },
				],
				default: 'exact',
				description: 'How text filters are matched',
			},
			text('Postal Code', 'postalCode'),
			text('Tax ID', 'taxID'),
			text('Vendor Code', 'vendorCode'),
			text('Vendor Name', 'vendorName'),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['vendor'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const pages = v3Pages.call(this, { path: VENDOR_PATH, qs: compact({ ...filters, limit: VENDOR_PAGE_SIZE }) }, ['Vendor', 'Items']);
		const rows = await collect(pages, resultLimit(this, itemIndex));
		return rows.map(({ row, meta }) => outputItem(withoutEmptyStatus(row), meta, itemIndex));
	});
}

function withoutEmptyStatus(vendor: IDataObject): IDataObject {
	const { StatusList, ...rest } = vendor;
	return StatusList ? vendor : rest;
}
