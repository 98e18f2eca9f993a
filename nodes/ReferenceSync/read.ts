/**
 * Reads both sides once per run: IFS with one paged query per entity set (never per record),
 * Concur with every page of the vendor collection, or of the list level by level (children of the
 * list, then of each item the list shape says to descend into), through the service floors.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { IfsConnection } from '../shared/ifs/connection';
import type { Entity } from '../shared/ifs/odata/etag';
import { buildQuery, compileFilter, type FilterGroup } from '../shared/ifs/odata/filter';
import { listItemChildren, type ListItem } from '../shared/concur/lists';
import { VENDOR_PATH } from '../shared/concur/vendors';
import { collect, v3Pages } from '../shared/concur/paging';
import { descendInto, type ListShape } from './core/list-shape';
import { codePartValueState, type ConcurRecord, type IfsRow } from './core/plan';
import { allSettledOrThrow } from '../shared/concurrency';

/** Concur serves at most 1000 vendors per page. */
const VENDOR_PAGE_SIZE = 1000;

export const CODE_PART_VALUE_SET = 'AccountingCodePartValueSet';
export const SUPPLIER_SET = 'SupplierInfoGeneralSet';
export const SUPPLIER_COMPANY_SET = 'SupplierInvoiceCompanySet';

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

function anyCompany(companies: string[]): FilterGroup {
	return { combinator: 'or', conditions: companies.map((company) => ({ field: 'Company', operator: 'eq' as const, valueType: 'string' as const, value: company })) };
}

export async function readIfsCostCenters(connection: IfsConnection, companies: string[], codePart: string, today: string): Promise<IfsRow[]> {
	const filter = compileFilter({
		combinator: 'and',
		conditions: [anyCompany(companies), { field: 'CodePart', operator: 'eq', valueType: 'string', value: codePart }],
	});
	const { rows } = await connection.transport.getAll(
		{ projection: connection.names.codePartValue, entitySet: CODE_PART_VALUE_SET },
		buildQuery({ filter, select: ['Company', 'CodePart', 'CodePartValue', 'Description', 'ValidFrom', 'ValidUntil', 'BlockedForPosting'] }),
	);
	return rows
		.filter((row) => companies.includes(text(row.Company)) && text(row.CodePart) === codePart)
		.map((row) => {
			const inactiveReason = codePartValueState(row, today);
			return { code: text(row.CodePartValue), company: text(row.Company), name: text(row.Description), active: !inactiveReason, ...(inactiveReason ? { inactiveReason } : {}) };
		});
}

export interface IfsSuppliers {
	/** One row per supplier and selected company it has invoicing data in. */
	rows: IfsRow[];
	/** Every supplier id IFS has. */
	knownCodes: string[];
}

/** Invoicing data of the selected companies + every supplier's general data (name, country): two paged queries. */
export async function readIfsSuppliers(connection: IfsConnection, companies: string[]): Promise<IfsSuppliers> {
	const projection = connection.names.supplier;
	const [invoicing, general] = await allSettledOrThrow([
		connection.transport.getAll(
			{ projection, entitySet: SUPPLIER_COMPANY_SET },
			buildQuery({ filter: compileFilter(anyCompany(companies)), select: ['SupplierId', 'Company', 'Currency'] }),
		),
		connection.transport.getAll({ projection, entitySet: SUPPLIER_SET }, buildQuery({ select: ['SupplierId', 'Name', 'Country'] })),
	]);
	const suppliers = new Map<string, Entity>(general.rows.map((row) => [text(row.SupplierId), row]));
	const rows = invoicing.rows
		.filter((row) => companies.includes(text(row.Company)))
		.flatMap((row): IfsRow[] => {
			const supplier = suppliers.get(text(row.SupplierId));
			if (!supplier) return [];
			return [
				{
					code: text(row.SupplierId),
					company: text(row.Company),
					name: text(supplier.Name),
					active: true,
					country: text(supplier.Country) || undefined,
					currency: text(row.Currency) || undefined,
				},
			];
		});
	return { rows, knownCodes: [...suppliers.keys()] };
}

/**
 * The list's items down to the cost-center level: every level above it only where the shape says
 * to descend (company items of selected companies), and at the cost-center level the deactivated
 * items too, so a value IFS reopened is recognised instead of created twice.
 */
export async function readConcurListItems(this: IExecuteFunctions, listId: string, shape: ListShape, companies: string[]): Promise<ListItem[]> {
	const read = async (parent?: ListItem): Promise<ListItem[]> => {
		// level and long code follow from where the item was found
		const level = (parent?.level ?? 0) + 1;
		const longCode = (item: ListItem) => (parent && item.code === item.shortCode ? `${parent.code}-${item.shortCode}` : item.code);
		const children = async (deleted: boolean) => (await listItemChildren.call(this, listId, parent?.id, deleted)).map((item) => ({ ...item, level, code: longCode(item) }));
		const live = await children(false);
		if (level !== shape.costCenterLevel) return live;
		const seen = new Set(live.map((item) => item.id));
		return [...live, ...(await children(true)).filter((item) => item.isDeleted && !seen.has(item.id))];
	};
	const items = await read();
	for (let index = 0; index < items.length; index++) {
		const item = items[index];
		if (descendInto(shape, item, companies) && (item.hasChildren || item.level === shape.costCenterLevel - 1)) items.push(...(await read(item)));
	}
	return items;
}

export interface ConcurVendors {
	/** Records with the configured address code. */
	inScope: ConcurRecord[];
	/** Records with any other address code (left alone). */
	otherAddressCodes: number;
}

export async function readConcurVendors(this: IExecuteFunctions, addressCode: string): Promise<ConcurVendors> {
	const rows = await collect(v3Pages.call(this, { path: VENDOR_PATH, qs: { limit: VENDOR_PAGE_SIZE } }, ['Vendor', 'Items']));
	const wanted = addressCode.trim().toLowerCase();
	const inScope: ConcurRecord[] = [];
	let otherAddressCodes = 0;
	for (const { row } of rows) {
		if (text(row.AddressCode).trim().toLowerCase() !== wanted) {
			otherAddressCodes++;
			continue;
		}
		inScope.push({
			code: text(row.VendorCode),
			name: text(row.VendorName),
			id: text(row.ID) || undefined,
			countryCode: text(row.CountryCode) || undefined,
			currencyCode: text(row.CurrencyCode) || undefined,
			raw: row as Record<string, unknown>,
		});
	}
	return { inScope, otherAddressCodes };
}
