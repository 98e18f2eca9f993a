import { useIfsSimulator } from '../hooks';
import type { IfsSimulator } from './index';
import { http, TestClient } from './testClient';

const SUPPLIERS = 'SupplierHandling';
const CODE_PARTS = 'AccountingCodePartValueHandling';

describe('writes: create, ETags, preconditions, deserialization, business errors', () => {
	let sim: IfsSimulator;
	let c: TestClient;

	useIfsSimulator((started) => ({ sim, client: c } = started));

	it('POST answers 201 with the entity, ETag and Location; server-generated keys come back in the body', async () => {
		const res = await c.post('ExternalVoucherHandling', 'ExtLoadInfoSet', { Company: '20', LoadType: 'CONCUR' });
		expect(res.status).toBe(201);
		expect(res.json).toMatchObject({ Company: '20', LoadId: '1', Objstate: 'Loaded', UserId: 'N8N_CONCUR', LoadDate: '2026-11-16' });
		expect(res.headers.get('etag')).toBe(res.json['@odata.etag']);
		expect(res.headers.get('location')).toBe(`${sim.projectionUrl('ExternalVoucherHandling')}/ExtLoadInfoSet(Company='20',LoadId='1')`);
		const second = await c.post('ExternalVoucherHandling', 'ExtLoadInfoSet', { Company: '20', LoadType: 'CONCUR' });
		expect(second.json.LoadId).toBe('2');
	});

	it('requires Company on company-scoped entities and rejects server-assigned keys in the body (ORA-20122)', async () => {
		const missing = await c.post('ExternalVoucherHandling', 'ExtLoadInfoSet', { LoadType: 'CONCUR' });
		expect(missing.status).toBe(500);
		expect(missing.json.error.message).toBe('ORA-20110: ExtLoadInfo.NULLVALUE: Field [COMPANY] is mandatory for ExtLoadInfo.');
		const key = await c.post('ExternalVoucherHandling', 'ExtLoadInfoSet', { Company: '10', LoadId: '77', LoadType: 'CONCUR' });
		expect(key.status).toBe(500);
		expect(key.json.error.message).toBe('ORA-20122: ExtLoadInfo.NOTINSERTABLE: Field [LOAD_ID] is not insertable.');
		const meta = await c.post(SUPPLIERS, 'SupplierInfoGeneralSet', { SupplierId: 'S9', Name: 'X', luname: 'SupplierInfoGeneral' });
		expect(meta.json.error.message).toContain('ORA-20122');
	});

	it('answers bad JSON, wrong content type, unknown properties and wrong types with ODP_DESERIALIZATION_ERROR', async () => {
		const url = c.url(SUPPLIERS, 'SupplierInfoGeneralSet');
		const bad = await http(url, { method: 'POST', token: c.token, body: '{"SupplierId": "S1",', headers: { 'Content-Type': 'application/json' } });
		expect(bad.status).toBe(400);
		expect(bad.json.error.code).toBe('ODP_DESERIALIZATION_ERROR');
		const text = await http(url, { method: 'POST', token: c.token, body: 'SupplierId=S1', headers: { 'Content-Type': 'text/plain' } });
		expect(text.json.error.code).toBe('ODP_DESERIALIZATION_ERROR');
		const unknown = await c.post(SUPPLIERS, 'SupplierInfoGeneralSet', { SupplierId: 'S1', Name: 'X', Colour: 'red' });
		expect(unknown.json.error.details[0].message).toContain("'Colour'");
		const wrongType = await c.post(CODE_PARTS, 'AccountingCodePartValueSet', { Company: '10', CodePart: 'B', CodePartValue: 'CC1', Description: 'x', BlockedForPosting: 'no' });
		expect(wrongType.json.error.code).toBe('ODP_DESERIALIZATION_ERROR');
		const enumValue = await c.post(SUPPLIERS, 'SupplierInfoGeneralSet', { SupplierId: 'S1', Name: 'X', PartyType: 'IfsApp.SupplierHandling.PartyType\'Supplier\'' });
		expect(enumValue.json.error.code).toBe('ODP_DESERIALIZATION_ERROR');
	});

	it('accepts decimals as strings only with IEEE754Compatible=true', async () => {
		const load = (await c.post('ExternalVoucherHandling', 'ExtLoadInfoSet', { Company: '10', LoadType: 'CONCUR' })).json;
		const row = { TransactionDate: '2026-11-03', Account: '6110', CurrencyCode: 'USD', CurrencyDebetAmount: '412.50' };
		const path = `ExtLoadInfoSet(Company='10',LoadId='${load.LoadId}')/ExtTransactionsArray`;
		expect((await c.post('ExternalVoucherHandling', path, row)).status).toBe(400);
		const ieee = await c.post('ExternalVoucherHandling', path, row, { 'Content-Type': 'application/json;IEEE754Compatible=true', Accept: 'application/json;IEEE754Compatible=true' });
		expect(ieee.status).toBe(201);
		expect(ieee.json.CurrencyDebetAmount).toBe('412.5');
	});

	it('PATCH needs If-Match: 428 ODP_MISSING_PRECONDITION, 412 when stale, * accepted, new ETag after update', async () => {
		const path = "SupplierInfoGeneralSet(SupplierId='1001')";
		const read = await c.get(SUPPLIERS, path);
		const etag = read.headers.get('etag')!;
		const missing = await c.patch(SUPPLIERS, path, { Name: 'Nordic IT Services AB' });
		expect(missing.status).toBe(428);
		expect(missing.json.error.code).toBe('ODP_MISSING_PRECONDITION');
		const ok = await c.patch(SUPPLIERS, path, { Name: 'Nordic IT Services AB' }, { 'If-Match': etag });
		expect(ok.status).toBe(204);
		const newEtag = ok.headers.get('etag')!;
		expect(newEtag).not.toBe(etag);
		const stale = await c.patch(SUPPLIERS, path, { Name: 'Stale write' }, { 'If-Match': etag });
		expect(stale.status).toBe(412);
		expect(stale.json.error.message).toContain('has been modified by another user');
		expect(stale.json.error.details).toHaveLength(1);
		const star = await c.patch(SUPPLIERS, path, { Country: 'FI' }, { 'If-Match': '*', Prefer: 'return=representation' });
		expect(star.status).toBe(200);
		expect(star.json).toMatchObject({ Name: 'Nordic IT Services AB', Country: 'FI' });
		const keyChange = await c.patch(SUPPLIERS, path, { SupplierId: '1999' }, { 'If-Match': '*' });
		expect(keyChange.json.error.message).toBe('ORA-20122: SupplierInfoGeneral.NOTUPDATABLE: Field [SUPPLIER_ID] is not updatable.');
	});

	it('DELETE needs If-Match; a missing entity is 404 ODP_RESOURCE_NOTFOUND', async () => {
		const created = await c.post(CODE_PARTS, 'AccountingCodePartValueSet', { Company: '10', CodePart: 'B', CodePartValue: 'CC700', Description: 'Temp' });
		const path = "AccountingCodePartValueSet(Company='10',CodePart='B',CodePartValue='CC700')";
		expect((await c.delete(CODE_PARTS, path)).status).toBe(428);
		expect((await c.delete(CODE_PARTS, path, { 'If-Match': created.headers.get('etag')! })).status).toBe(204);
		const gone = await c.get(CODE_PARTS, path);
		expect(gone.status).toBe(404);
		expect(gone.json.error.code).toBe('ODP_RESOURCE_NOTFOUND');
		expect((await c.patch(CODE_PARTS, path, { Description: 'x' }, { 'If-Match': '*' })).status).toBe(404);
	});

	it('code part values: create (defaults), duplicate ORA-20112, update, block', async () => {
		const created = await c.post(CODE_PARTS, 'AccountingCodePartValueSet', { Company: '20', CodePart: 'B', CodePartValue: 'CC500', Description: 'Events' });
		expect(created.json).toMatchObject({ ValidFrom: '2026-11-16', ValidUntil: '2049-12-31', BlockedForPosting: false });
		const dup = await c.post(CODE_PARTS, 'AccountingCodePartValueSet', { Company: '20', CodePart: 'B', CodePartValue: 'CC500', Description: 'Events' });
		expect(dup.status).toBe(500);
		expect(dup.json.error.message).toMatch(/^ORA-20112: AccountingCodePartValue\.EXIST: /);
		const path = "AccountingCodePartValueSet(Company='20',CodePart='B',CodePartValue='CC500')";
		const updated = await c.patch(CODE_PARTS, path, { BlockedForPosting: true, Description: 'Events (closed)' }, { 'If-Match': created.headers.get('etag')! });
		expect(updated.status).toBe(204);
		expect(sim.rows('AccountingCodePartValueSet').find((r) => r.Company === '20' && r.CodePartValue === 'CC500')).toMatchObject({ BlockedForPosting: true });
		const badPart = await c.post(CODE_PARTS, 'AccountingCodePartValueSet', { Company: '20', CodePart: 'K', CodePartValue: 'X', Description: 'x' });
		expect(badPart.json.error.message).toContain('NOCODEPART');
		const tooLong = await c.post(CODE_PARTS, 'AccountingCodePartValueSet', { Company: '20', CodePart: 'B', CodePartValue: 'X'.repeat(21), Description: 'x' });
		expect(tooLong.json.error.message).toMatch(/^ORA-12899: value too large for column/);
	});

	it('suppliers: create, add company invoicing data, update name with If-Match, delete', async () => {
		const created = await c.post(SUPPLIERS, 'SupplierInfoGeneralSet', { SupplierId: '2001', Name: 'Initech Consulting', Country: 'US' });
		expect(created.status).toBe(201);
		expect(created.json).toMatchObject({ PartyType: 'Supplier', CreationDate: '2026-11-16', DefaultLanguage: 'en' });
		const company = await c.post(SUPPLIERS, "SupplierInfoGeneralSet(SupplierId='2001')/SupplierInvoiceCompanies", { Company: '10' });
		expect(company.status).toBe(201);
		expect(company.json).toMatchObject({ SupplierId: '2001', Company: '10', PayTermId: '30', Currency: 'USD' });
		const again = await c.post(SUPPLIERS, "SupplierInfoGeneralSet(SupplierId='2001')/SupplierInvoiceCompanies", { Company: '10' });
		expect(again.json.error.message).toMatch(/^ORA-20112/);
		const badCurrency = await c.post(SUPPLIERS, "SupplierInfoGeneralSet(SupplierId='2001')/SupplierInvoiceCompanies", { Company: '20', Currency: 'JPY' });
		expect(badCurrency.json.error.message).toBe('ORA-20110: IdentityInvoiceInfo.NOCURRENCY: Currency code JPY does not exist in company 20.');
		const renamed = await c.patch(SUPPLIERS, "SupplierInfoGeneralSet(SupplierId='2001')", { Name: 'Initech' }, { 'If-Match': created.headers.get('etag')! });
		expect(renamed.status).toBe(204);
		const del = await c.delete(SUPPLIERS, "SupplierInfoGeneralSet(SupplierId='2001')", { 'If-Match': renamed.headers.get('etag')! });
		expect(del.status).toBe(204);
		expect(sim.rows('SupplierInvoiceCompanySet').some((r) => r.SupplierId === '2001')).toBe(false);
		const inUse = await c.delete(SUPPLIERS, "SupplierInfoGeneralSet(SupplierId='1000')", { 'If-Match': '*' });
		expect(inUse.json.error.message).toContain('SupplierInfoGeneral.INUSE');
	});

	it('read-only sets answer 405', async () => {
		const res = await c.post('CompanyHandling', 'CompanySet', { Company: '30', Name: 'New' });
		expect(res.status).toBe(405);
	});
});

describe('company isolation', () => {
	let sim: IfsSimulator;
	let c: TestClient;

	useIfsSimulator((started) => ({ sim, client: c } = started), {
		simulator: {
			clients: [
				{ clientId: 'n8n-concur', clientSecret: 'sim-ifs-secret-4Kp2', allowedCompanies: ['10', '20'] },
				{ clientId: 'uk-only', clientSecret: 'uk-secret', allowedCompanies: ['90'] },
			],
		},
		resetBeforeEach: false,
	});

	it('silently omits rows of companies the client is not allowed to see', async () => {
		const companies = await c.get('CompanyHandling', 'CompanySet');
		expect(companies.json.value.map((r: Record<string, unknown>) => r.Company)).toEqual(['10', '20']);
		const restricted = await c.get(CODE_PARTS, "AccountingCodePartValueSet?$filter=Company eq '90'");
		expect(restricted.status).toBe(200);
		expect(restricted.json.value).toEqual([]);
		expect((await c.get('CompanyHandling', "CompanySet(Company='90')")).status).toBe(404);
		const uk = await TestClient.connect(sim, 'uk-only', 'uk-secret');
		expect((await uk.get(CODE_PARTS, "AccountingCodePartValueSet?$filter=Company eq '90'")).json.value.length).toBeGreaterThan(0);
		const nav = await uk.get('SupplierHandling', "SupplierInfoGeneralSet(SupplierId='1000')/SupplierInvoiceCompanies");
		expect(nav.json.value).toEqual([]);
	});

	it('rejects writes into a company the service user is not connected to', async () => {
		const res = await c.post('ExternalVoucherHandling', 'ExtLoadInfoSet', { Company: '90', LoadType: 'CONCUR' });
		expect(res.status).toBe(500);
		expect(res.json.error).toEqual({
			code: 'DATABASE_ERROR',
			message: 'ORA-20110: UserFinance.NOUSERCOMP: User N8N_CONCUR is not connected to company 90.',
			details: [{ code: 'DATABASE_ERROR', message: 'ORA-20110: UserFinance.NOUSERCOMP: User N8N_CONCUR is not connected to company 90.' }],
		});
		const unknownCompany = await c.post(CODE_PARTS, 'AccountingCodePartValueSet', { Company: '55', CodePart: 'B', CodePartValue: 'X', Description: 'x' });
		expect(unknownCompany.json.error.message).toContain('NOUSERCOMP');
		const site = await c.post('PurchaseRequisitionHandling', 'PurchaseRequisitionSet', { Contract: 'GB01', RequisitionerCode: 'E200' });
		expect(site.json.error.message).toBe('ORA-20110: UserAllowedSite.NOTALLOWED: User N8N_CONCUR is not allowed to use site GB01.');
		expect(sim.rows('ExtLoadInfoSet')).toEqual([]);
	});
});

describe('headerless PATCH as upsert (option)', () => {
	let sim: IfsSimulator;
	let c: TestClient;

	useIfsSimulator((started) => ({ sim, client: c } = started), { simulator: { headerlessPatchUpserts: true }, resetBeforeEach: false });

	it('inserts a missing entity with keys from the URL and updates an existing one ignoring non-updatable attributes', async () => {
		const path = "AccountingCodePartValueSet(Company='10',CodePart='B',CodePartValue='CC600')";
		const inserted = await c.patch(CODE_PARTS, path, { Company: 'ignored', Description: 'Upserted' });
		expect(inserted.status).toBe(201);
		expect(inserted.json).toMatchObject({ Company: '10', CodePartValue: 'CC600', Description: 'Upserted' });
		const updated = await c.patch(CODE_PARTS, path, { Description: 'Upserted again', CodePart: 'Z' });
		expect(updated.status).toBe(204);
		expect((await c.get(CODE_PARTS, path)).json.Description).toBe('Upserted again');
		const serverKey = await c.patch('ExternalVoucherHandling', "ExtLoadInfoSet(Company='10',LoadId='99')", { LoadType: 'X' });
		expect(serverKey.json.error.message).toContain('NOTINSERTABLE');
	});
});
