import { useIfsSimulator } from '../hooks';
import type { IfsSimulator } from './index';
import { http, type TestClient } from './testClient';

const CODE_PARTS = 'AccountingCodePartValueHandling';
const q = (text: string) => encodeURIComponent(text);

describe('OData reads: service document, $metadata, query options', () => {
	let sim: IfsSimulator;
	let c: TestClient;

	useIfsSimulator((started) => ({ sim, client: c } = started), { resetBeforeEach: false });
	beforeAll(async () => {
		await c.post('SupplierHandling', 'SupplierInfoGeneralSet', { SupplierId: 'OB1', Name: "O'Brien Consulting", Country: 'IE' });
		await c.post(CODE_PARTS, 'AccountingCodePartValueSet', { Company: '10', CodePart: 'B', CodePartValue: "CC'X", Description: 'Quote in code' });
	});

	const values = async (projection: string, path: string, attr: string) => {
		const res = await c.get(projection, path);
		expect(res.status).toBe(200);
		return (res.json.value as Array<Record<string, unknown>>).map((r) => r[attr]);
	};

	it('serves the service document and an EDMX with namespace IfsApp.<Projection>', async () => {
		const doc = await c.get('ExternalVoucherHandling', '');
		expect(doc.json['@odata.context']).toMatch(/ExternalVoucherHandling\.svc\/\$metadata$/);
		expect(doc.json.value).toEqual(expect.arrayContaining([{ name: 'ExtLoadInfoSet', kind: 'EntitySet', url: 'ExtLoadInfoSet' }]));
		const metadata = await c.get('ExternalVoucherHandling', '$metadata');
		expect(metadata.headers.get('content-type')).toContain('xml');
		expect(metadata.text).toContain('Namespace="IfsApp.ExternalVoucherHandling"');
		expect(metadata.text).toContain('<PropertyRef Name="LoadId"/>');
		expect(metadata.text).toContain('NavigationProperty Name="ExtTransactionsArray"');
		expect(metadata.text).toContain('Action Name="ExtLoadInfo_CheckAndCreate" IsBound="true"');
		expect(metadata.text).toContain('<EnumType Name="ExtLoadState">');
	});

	it('answers an unknown projection with 404 "Metadata not found."', async () => {
		const res = await http(`${sim.url}/main/ifsapplications/projection/v1/NoSuchHandling.svc/$metadata`, { token: c.token });
		expect(res.status).toBe(404);
		expect(res.json.error.message).toBe('Metadata not found.');
	});

	it('returns collections with context, minimal metadata content type and IFS meta attributes on every row', async () => {
		const res = await c.get('CompanyHandling', 'CompanySet');
		expect(res.headers.get('content-type')).toBe('application/json;odata.metadata=minimal');
		expect(res.json['@odata.context']).toContain('CompanyHandling.svc/$metadata#CompanySet');
		for (const row of res.json.value) {
			expect(row['@odata.etag']).toMatch(/^W\/"[A-Za-z0-9+/=]+"$/);
			const decoded = Buffer.from(row['@odata.etag'].slice(3, -1), 'base64').toString();
			expect(decoded).toMatch(/^W\/"[A-Za-z0-9+/]{18}:\d{14}"$/);
			expect(row.luname).toBe('Company');
			expect(row.keyref).toBe(`COMPANY=${row.Company}^`);
			expect(row).toHaveProperty('Objgrants');
		}
		expect(res.json['@odata.nextLink']).toBeUndefined();
	});

	it('filters with eq/ne/gt/ge/lt/le, and/or/not and parentheses', async () => {
		const base = "AccountingCodePartValueSet?$filter=";
		expect(await values(CODE_PARTS, base + q("Company eq '10' and CodePart eq 'A' and CodePartValue ge '6100' and CodePartValue lt '6130'"), 'CodePartValue')).toEqual(['6100', '6110', '6120']);
		expect(await values(CODE_PARTS, base + q("Company eq '20' and CodePart eq 'B' and CodePartValue ne 'CC100' and CodePartValue le 'CC300'"), 'CodePartValue')).toEqual(['CC200', 'CC300', 'CC-400']);
		expect(await values(CODE_PARTS, base + q("Company eq '10' and (CodePartValue eq 'CC800' or CodePartValue eq '6999') and not (BlockedForPosting eq true)"), 'CodePartValue')).toEqual(['CC800']);
		expect(await values(CODE_PARTS, base + q("Company eq '10' and CodePart eq 'A' and CodePartValue gt '8000'"), 'CodePartValue')).toEqual(['8990']);
		expect(await values(CODE_PARTS, base + q("Company eq '10' and BlockedForPosting eq true"), 'CodePartValue')).toEqual(['6999', 'CC900']);
	});

	it('supports string functions (contains, startswith, endswith, tolower, toupper)', async () => {
		const base = "AccountingCodePartValueSet?$filter=";
		expect(await values(CODE_PARTS, base + q("Company eq '20' and contains(Description,'ravel') and endswith(CodePartValue,'0')"), 'CodePartValue')).toEqual(['6100', '6110', '6190']);
		expect(await values(CODE_PARTS, base + q("Company eq '20' and startswith(tolower(Description),'shared')"), 'CodePartValue')).toEqual(['CC-400']);
		expect(await values(CODE_PARTS, base + q("Company eq '20' and toupper(CodePartValue) eq 'CC-400'"), 'CodePartValue')).toEqual(['CC-400']);
	});

	it("handles '' escaping in literals and keys, and treats injection attempts as data", async () => {
		expect(await values('SupplierHandling', `SupplierInfoGeneralSet?$filter=${q("Name eq 'O''Brien Consulting'")}`, 'SupplierId')).toEqual(['OB1']);
		expect(await values('SupplierHandling', `SupplierInfoGeneralSet?$filter=${q("Name eq 'x'' or ''1'' eq ''1'")}`, 'SupplierId')).toEqual([]);
		const unbalanced = await c.get('SupplierHandling', `SupplierInfoGeneralSet?$filter=${q("Name eq 'O'Brien'")}`);
		expect(unbalanced.status).toBe(400);
		expect(unbalanced.json.error.message).toBe('Malformed Request.');
		const key = await c.get(CODE_PARTS, `AccountingCodePartValueSet(Company='10',CodePart='B',CodePartValue='${q("CC''X")}')`);
		expect(key.status).toBe(200);
		expect(key.json.CodePartValue).toBe("CC'X");
		const dash = await c.get(CODE_PARTS, "AccountingCodePartValueSet(Company='20',CodePart='B',CodePartValue='CC-400')");
		expect(dash.json.Description).toBe('Shared services');
	});

	it('requires qualified enum literals; a plain string against an enum property is an error', async () => {
		const closed = await values('AccountingPeriodHandling', `AccountingPeriodSet?$filter=${q("Company eq '10' and PeriodStatus eq IfsApp.AccountingPeriodHandling.AccPeriodStatus'Closed'")}`, 'AccountingPeriod');
		expect(closed).toEqual([12]);
		const plain = await c.get('AccountingPeriodHandling', `AccountingPeriodSet?$filter=${q("PeriodStatus eq 'Closed'")}`);
		expect(plain.status).toBe(400);
		expect(plain.json.error.details[0].message).toContain("'IfsApp.AccountingPeriodHandling.AccPeriodStatus' and 'Edm.String'");
	});

	it('type-checks numbers, dates and null', async () => {
		expect(await values('AccountingPeriodHandling', `AccountingPeriodSet?$filter=${q("Company eq '20' and AccountingYear eq 2026 and DateFrom ge 2026-10-01")}`, 'AccountingPeriod')).toEqual([10, 11]);
		const quotedNumber = await c.get('AccountingPeriodHandling', `AccountingPeriodSet?$filter=${q("AccountingYear eq '2026'")}`);
		expect(quotedNumber.status).toBe(400);
		expect(await values('SupplierHandling', `SupplierInfoGeneralSet?$filter=${q('Country eq null')}`, 'SupplierId')).toEqual([]);
		const numericKeyAsString = await c.get('AccountingPeriodHandling', "AccountingPeriodSet(Company='10',AccountingYear='2026',AccountingPeriod=1)");
		expect(numericKeyAsString.status).toBe(400);
		const numericKey = await c.get('AccountingPeriodHandling', "AccountingPeriodSet(Company='10',AccountingYear=2026,AccountingPeriod=1)");
		expect(numericKey.json.PeriodStatus).toBe('Open');
	});

	it('rejects unknown properties with "Malformed Request." naming the property', async () => {
		for (const path of ["CompanySet?$filter=NotAColumn eq 'x'", 'CompanySet?$select=Company,NotAColumn', 'CompanySet?$orderby=NotAColumn']) {
			const res = await c.get('CompanyHandling', path);
			expect(res.status).toBe(400);
			expect(res.json.error.message).toBe('Malformed Request.');
			expect(res.json.error.details[0].message).toBe("The property 'NotAColumn', used in a query expression, is not defined in type 'IfsApp.CompanyHandling.Company'.");
		}
	});

	it('supports $select (etag kept, meta attributes dropped), $orderby, $top, $skip and $count', async () => {
		const res = await c.get(CODE_PARTS, `AccountingCodePartValueSet?$filter=${q("Company eq '10' and CodePart eq 'B'")}&$select=CodePartValue,Description&$orderby=BlockedForPosting desc,CodePartValue asc&$top=3&$skip=1&$count=true`);
		expect(res.json['@odata.count']).toBe(7);
		expect(res.json.value.map((r: Record<string, unknown>) => r.CodePartValue)).toEqual(["CC'X", 'CC-400', 'CC100']);
		expect(Object.keys(res.json.value[0]).sort()).toEqual(['@odata.etag', 'CodePartValue', 'Description']);
		expect(res.json['@odata.context']).toMatch(/#AccountingCodePartValueSet\(CodePartValue,Description\)$/);
	});

	it('answers $expand with ODP_NOT_IMPLEMENTED by default', async () => {
		const res = await c.get('SupplierHandling', 'SupplierInfoGeneralSet?$expand=SupplierInvoiceCompanies');
		expect(res.status).toBe(501);
		expect(res.json.error.code).toBe('ODP_NOT_IMPLEMENTED');
	});

	it('reads navigation collections and child entities; missing keys are 404 ODP_RESOURCE_NOTFOUND', async () => {
		const nav = await c.get('SupplierHandling', "SupplierInfoGeneralSet(SupplierId='1000')/SupplierInvoiceCompanies");
		expect(nav.json.value.map((r: Record<string, unknown>) => r.Company)).toEqual(['10', '20']);
		const child = await c.get('SupplierHandling', "SupplierInfoGeneralSet(SupplierId='1000')/SupplierInvoiceCompanies(SupplierId='1000',Company='20')");
		expect(child.json.Currency).toBe('EUR');
		expect(child.headers.get('etag')).toBe(child.json['@odata.etag']);
		const missing = await c.get('SupplierHandling', "SupplierInfoGeneralSet(SupplierId='NOPE')");
		expect(missing.status).toBe(404);
		expect(missing.json.error.code).toBe('ODP_RESOURCE_NOTFOUND');
	});

	it('serves /int/ like /main/', async () => {
		const res = await http(`${sim.projectionUrl('CompanyHandling', 'int')}/CompanySet`, { token: c.token });
		expect(res.status).toBe(200);
		expect(res.json.value).toHaveLength(2);
	});
});

describe('server-driven paging, $expand and renamed projections (options)', () => {
	let sim: IfsSimulator;
	let c: TestClient;

	useIfsSimulator((started) => ({ sim, client: c } = started), {
		simulator: { pageLimit: 4, expandSupported: true, countUnsupportedSets: ['CompanySet'], projectionNames: { SupplierHandling: 'SuppliersHandling' } },
		resetBeforeEach: false,
	});

	it('cuts pages at pageLimit and hands out an absolute @odata.nextLink with $skiptoken', async () => {
		let url: string | undefined = `${c.url(CODE_PARTS, 'AccountingCodePartValueSet')}?$filter=${q("Company eq '10' and CodePart eq 'A'")}&$orderby=CodePartValue`;
		const seen: string[] = [];
		let pages = 0;
		while (url) {
			const res = await http(url, { token: c.token });
			expect(res.status).toBe(200);
			seen.push(...res.json.value.map((r: Record<string, unknown>) => r.CodePartValue));
			url = res.json['@odata.nextLink'];
			if (url) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/main\/.*\$skiptoken=\d+/);
			pages++;
		}
		expect(pages).toBe(4);
		expect(seen).toHaveLength(16);
		expect(new Set(seen).size).toBe(16);
	});

	it('respects $top across server pages', async () => {
		const first = await c.get(CODE_PARTS, `AccountingCodePartValueSet?$filter=${q("Company eq '10'")}&$top=6`);
		expect(first.json.value).toHaveLength(4);
		const second = await http(first.json['@odata.nextLink'], { token: c.token });
		expect(second.json.value).toHaveLength(2);
		expect(second.json['@odata.nextLink']).toBeUndefined();
	});

	it('expands navigation collections when switched on, and rejects $count where configured', async () => {
		const res = await http(`${sim.projectionUrl('SupplierHandling')}/SupplierInfoGeneralSet?$expand=SupplierInvoiceCompanies&$filter=SupplierId eq '1002'`, { token: c.token });
		expect(sim.projectionUrl('SupplierHandling')).toContain('SuppliersHandling.svc');
		expect(res.json.value[0].SupplierInvoiceCompanies.map((r: Record<string, unknown>) => r.Company)).toEqual(['20']);
		const count = await c.get('CompanyHandling', 'CompanySet?$count=true');
		expect(count.status).toBe(501);
		const old = await http(`${sim.url}/main/ifsapplications/projection/v1/SupplierHandling.svc/SupplierInfoGeneralSet`, { token: c.token });
		expect(old.status).toBe(404);
	});
});
