/** Vendor v3.1: list/search, batch create/update with per-record StatusList, delete by code pair. */
import type { SimContext } from './context';
import { v3Message } from './errors';
import { json, parseJsonBody, v3Page, type Route, type SimRequest, type SimResponse } from './http';
import type { VendorRecord } from './types';
import { opaqueV3Id } from './util';

type Json = Record<string, unknown>;

const MAX_BATCH = 1000;
/** StatusList codes are the simulator's own (Concur documents only the shape). */
const STATUS = { ok: 0, missingKey: 1001, missingCountry: 1002, missingCurrency: 1003, duplicate: 1004, notFound: 1005 } as const;

const blank = (v: unknown): boolean => v === undefined || v === null || String(v).trim() === '';
const sameKey = (v: VendorRecord, code: unknown, address: unknown): boolean => v.VendorCode === code && v.AddressCode === address;

function matches(value: unknown, wanted: string, searchType: string): boolean {
	const s = String(value ?? '').toLowerCase();
	const w = wanted.toLowerCase();
	if (searchType === 'begins') return s.startsWith(w);
	if (searchType === 'contains') return s.includes(w);
	if (searchType === 'ends') return s.endsWith(w);
	return s === w;
}

function listVendors(req: SimRequest, ctx: SimContext): SimResponse {
	const searchType = (req.query.get('searchType') ?? 'exact').toLowerCase();
	const fields: Record<string, string> = { vendorCode: 'VendorCode', vendorName: 'VendorName', addressCode: 'AddressCode', city: 'City', country: 'CountryCode', taxID: 'TaxID', postalCode: 'PostalCode' };
	let rows = ctx.data.vendors.filter((v) => Object.entries(fields).every(([param, field]) => !req.query.has(param) || matches(v[field], req.query.get(param) as string, searchType)));
	const sortBy = req.query.get('sortBy') === 'VendorCode' ? 'VendorCode' : 'VendorName';
	const direction = (req.query.get('sortDirection') ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
	rows = [...rows].sort((a, b) => direction * String(a[sortBy]).localeCompare(String(b[sortBy])));
	const { items, nextPage } = v3Page(req, rows, 25, 1000);
	return json(200, { Vendor: items.map((v) => ({ ...v, URI: `${req.baseUrl}/api/v3.1/invoice/vendors?vendorCode=${encodeURIComponent(v.VendorCode)}&addressCode=${encodeURIComponent(v.AddressCode)}`, StatusList: null })), Items: null, NextPage: nextPage, RequestRunSummary: null, TotalCount: rows.length });
}

function status(code: number, message: string, recordNumber: number) {
	return { Code: code, Message: message, RecordNumber: recordNumber, Type: code === STATUS.ok ? 'SUCCESS' : 'ERROR' };
}

function validate(ctx: SimContext, record: Json, recordNumber: number, mode: 'create' | 'update') {
	if (blank(record.VendorCode) || blank(record.AddressCode)) return status(STATUS.missingKey, 'VendorCode and AddressCode are required.', recordNumber);
	// CountryCode and CurrencyCode are mandatory on write since 2023
	if (blank(record.CountryCode)) return status(STATUS.missingCountry, 'CountryCode is required.', recordNumber);
	if (blank(record.CurrencyCode)) return status(STATUS.missingCurrency, 'CurrencyCode is required.', recordNumber);
	const exists = ctx.data.vendors.some((v) => sameKey(v, record.VendorCode, record.AddressCode));
	if (mode === 'create' && exists) return status(STATUS.duplicate, `Vendor ${record.VendorCode}/${record.AddressCode} already exists.`, recordNumber);
	if (mode === 'update' && !exists) return status(STATUS.notFound, `Vendor ${record.VendorCode}/${record.AddressCode} was not found.`, recordNumber);
	return undefined;
}

function writeOne(ctx: SimContext, record: Json, recordNumber: number, mode: 'create' | 'update'): Json {
	const failure = validate(ctx, record, recordNumber, mode);
	if (failure) return { ...record, StatusList: [failure] };
	const existing = ctx.data.vendors.find((v) => sameKey(v, record.VendorCode, record.AddressCode));
	const { StatusList: _ignored, VendorBankList: _banks, VendorGroupList: _groups, ...fields } = record; // read-only on the vendor resource
	const saved = existing
		? Object.assign(existing, fields)
		: ({ ID: opaqueV3Id(false, 'vendor', String(record.VendorCode), String(record.AddressCode)), VendorBankList: [], VendorGroupList: [], ...fields } as unknown as VendorRecord);
	if (!existing) ctx.data.vendors.push(saved);
	return { ...saved, StatusList: [status(STATUS.ok, mode === 'create' ? 'Vendor created.' : 'Vendor updated.', recordNumber)] };
}

function batchWrite(mode: 'create' | 'update') {
	return (req: SimRequest, ctx: SimContext): SimResponse => {
		const records = (parseJsonBody(req) as { Vendor?: unknown } | undefined)?.Vendor;
		if (!Array.isArray(records)) return v3Message(400, 'The request body must be a vendor collection: {"Vendor":[...]}');
		if (records.length > MAX_BATCH) return v3Message(400, `A batch may contain at most ${MAX_BATCH} vendors.`);
		const results = records.map((r, i) => writeOne(ctx, (r ?? {}) as Json, i + 1, mode));
		return json(200, { Vendor: results, Items: null, NextPage: null, RequestRunSummary: null, TotalCount: results.length }); // per-record outcome inside 200
	};
}

function deleteVendor(req: SimRequest, ctx: SimContext): SimResponse {
	const vendorCode = req.query.get('vendorCode');
	const addressCode = req.query.get('addressCode');
	if (!vendorCode || !addressCode) return v3Message(400, 'vendorCode and addressCode are required.');
	const vendor = ctx.data.vendors.find((v) => sameKey(v, vendorCode, addressCode));
	if (!vendor) return v3Message(404, `Vendor ${vendorCode}/${addressCode} was not found.`);
	ctx.data.vendors = ctx.data.vendors.filter((v) => v !== vendor);
	return json(200, { Vendor: [{ VendorCode: vendorCode, AddressCode: addressCode, StatusList: [status(STATUS.ok, 'Vendor deleted.', 1)] }], Items: null, NextPage: null, RequestRunSummary: null, TotalCount: 1 });
}

export function vendorRoutes(ctx: SimContext): Route[] {
	const route = (method: string, handler: (req: SimRequest, ctx: SimContext) => SimResponse): Route =>
		({ method, template: '/api/v3.1/invoice/vendors', family: 'v3', principals: ['company', 'user'], handler: (req) => handler(req, ctx) });
	return [route('GET', listVendors), route('POST', batchWrite('create')), route('PUT', batchWrite('update')), route('DELETE', deleteVendor)];
}
