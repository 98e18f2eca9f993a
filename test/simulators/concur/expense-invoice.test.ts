import { useConcurSimulator } from '../hooks';
import type { ConcurSimulator } from './index';
import { bearer, companyToken, http, userToken, type TokenResponse } from './test-helpers';

type Json = Record<string, any>;

describe('Concur simulator: Expense v3/v4, Invoice v3, PO v3, Purchase Request v4', () => {
	let sim: ConcurSimulator;
	let token: TokenResponse;
	const get = (path: string) => http.get(path.startsWith('http') ? path : `${token.geolocation}${path}`, { headers: bearer(token) });

	useConcurSimulator((started) => (sim = started));
	beforeEach(async () => {
		token = await companyToken(sim);
	});

	it('pages v3 reports with an opaque offset and an absolute NextPage that keeps the filters', async () => {
		const first = await get('/api/v3.0/expense/reports?user=ALL&limit=3&approvalStatusCode=A_APPR');
		expect(first.status).toBe(200);
		expect(first.data.Items).toHaveLength(3);
		const next = new URL(first.data.NextPage);
		expect(next.origin).toBe(token.geolocation);
		expect(next.searchParams.get('approvalStatusCode')).toBe('A_APPR');
		expect(next.searchParams.get('offset')).not.toMatch(/^\d+$/);
		const second = await get(first.data.NextPage);
		expect(second.data.Items.map((r: Json) => r.ID)).toEqual(['764428DD6A664AF0BFC4', '764428DD6A664AF0BFC5', '764428DD6A664AF0BFC6']);
		expect((await get(second.data.NextPage)).data.Items.map((r: Json) => r.ID)).toEqual(['764428DD6A664AF0BFD3']);
	});

	it('filters v3 reports by status codes and date windows and validates the date format', async () => {
		const ready = await get('/api/v3.0/expense/reports?user=ALL&approvalStatusCode=A_APPR&paymentStatusCode=P_PROC');
		expect(ready.data.Items).toHaveLength(6);
		const all = await get('/api/v3.0/expense/reports?user=ALL');
		expect(all.data.Items.map((r: Json) => r.ApprovalStatusCode).sort()).toEqual(['A_APPR', 'A_APPR', 'A_APPR', 'A_APPR', 'A_APPR', 'A_APPR', 'A_APPR', 'A_NOTF', 'A_PEND']);
		const recent = await get('/api/v3.0/expense/reports?user=ALL&processingPaymentDateAfter=2026-11-14');
		expect(recent.data.Items.map((r: Json) => r.ID)).toEqual(['764428DD6A664AF0BFC4', '764428DD6A664AF0BFC5', '764428DD6A664AF0BFC6']);
		const window = await get('/api/v3.0/expense/reports?user=ALL&modifiedDateAfter=2026-11-13T00:00:00.000&modifiedDateBefore=2026-11-13T23:59:59.999');
		expect(window.data.Items.map((r: Json) => r.ID)).toEqual(['764428DD6A664AF0BFC2', '764428DD6A664AF0BFC3']);
		const bad = await get('/api/v3.0/expense/reports?user=ALL&modifiedDateAfter=2026-11-13T00:00:00Z');
		expect(bad.status).toBe(400);
		expect(bad.data.Error).toEqual({ Message: expect.any(String), 'Server-Time': expect.any(String), Id: expect.any(String) });
	});

	it('returns PascalCase rows with zone-less timestamps, custom-field objects, and only own reports without user=ALL', async () => {
		const row = (await get('/api/v3.0/expense/reports?user=ALL&limit=1')).data.Items[0];
		expect(row).toMatchObject({ ID: '764428DD6A664AF0BFC1', OwnerLoginID: 'alice@northwind.example', Total: 536.9, CurrencyCode: 'USD', OrgUnit2: { Type: 'List', Code: 'CC100', Value: 'Sales' } });
		for (const field of ['CreateDate', 'SubmitDate', 'ProcessingPaymentDate', 'LastModifiedDate']) expect(row[field]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?$/);
		expect((await get('/api/v3.0/expense/reports')).data.Items).toEqual([]);
		const alice = await get('/api/v3.0/expense/reports?user=alice@northwind.example');
		expect(alice.data.Items.map((r: Json) => r.ID)).toEqual(['764428DD6A664AF0BFC1', '764428DD6A664AF0BFC3', '764428DD6A664AF0BFD1', '764428DD6A664AF0BFD3']);
		expect((await get('/api/v3.0/expense/reports/764428DD6A664AF0BFC1?user=ALL')).status).toBe(400);
		expect((await get('/api/v3.0/expense/reports/764428DD6A664AF0BFC1?user=alice@northwind.example')).data.ID).toBe('764428DD6A664AF0BFC1');
	});

	it('lists entries, itemizations and allocations; ids may contain $ and must be URL-encoded', async () => {
		const entries = (await get('/api/v3.0/expense/entries?reportID=764428DD6A664AF0BFC2')).data.Items;
		expect(entries.map((e: Json) => e.ExpenseTypeCode)).toEqual(['AIRFR', 'TAXIX', 'BUSML']);
		expect(entries.some((e: Json) => e.ID.includes('$'))).toBe(true);
		expect(entries[2]).toMatchObject({ IsPersonal: true, PaymentTypeName: 'Company Billed Card' });
		const airfare = entries[0];
		const allocations = (await get(`/api/v3.0/expense/allocations?reportID=764428DD6A664AF0BFC2&entryID=${encodeURIComponent(airfare.ID)}`)).data.Items;
		expect(allocations.map((a: Json) => a.Percentage)).toEqual(['33.33000000', '33.33000000', '33.34000000']);
		expect(allocations[0].Custom1).toMatchObject({ Type: 'List', Code: 'CC200', Value: 'Engineering', ListItemID: expect.any(String) });
		expect(allocations[0].AccountCode1).toBe('6100');
		expect(allocations.some((a: Json) => a.ID.includes('$'))).toBe(true);
		const hotelEntries = (await get('/api/v3.0/expense/entries?reportID=764428DD6A664AF0BFC3')).data.Items;
		expect(hotelEntries[0].HasItemizations).toBe(true);
		const items = (await get(`/api/v3.0/expense/itemizations?reportID=764428DD6A664AF0BFC3&entryID=${encodeURIComponent(hotelEntries[0].ID)}`)).data.Items;
		expect(items.map((i: Json) => [i.ExpenseTypeCode, i.TransactionAmount])).toEqual([['LODNG', 300], ['BUSML', 50]]);
		const itemAllocations = (await get(`/api/v3.0/expense/allocations?reportID=764428DD6A664AF0BFC3&itemizationID=${encodeURIComponent(items[1].ID)}`)).data.Items;
		expect(itemAllocations).toHaveLength(1);
		expect(itemAllocations[0]).toMatchObject({ EntryID: items[1].ID, AccountCode1: '6120', Percentage: '100.00000000' });
	});

	it('serves the v4 report by id with Amount objects and 0E-8 zeros', async () => {
		const path = '/expensereports/v4/users/4d5e6f70-8192-4a3b-9c4d-5e6f70819203/context/TRAVELER/reports/764428DD6A664AF0BFC2';
		const raw = await http.get(`${token.geolocation}${path}`, { headers: bearer(token), transformResponse: (x) => x });
		expect(raw.data).toContain('"amountCompanyPaid":{"value":0E-8');
		const report = JSON.parse(raw.data);
		expect(report).toMatchObject({ reportId: '764428DD6A664AF0BFC2', approvalStatusId: 'A_APPR', paymentStatusId: 'P_PROC', reportTotal: { value: 181.16, currencyCode: 'USD' }, personalAmount: { value: 23.9 } });
		expect(report.customData[0].value).toMatch(/^[0-9A-F]{32}$/);
		const wrongOwner = await get('/expensereports/v4/users/32c2fcc3-b2e8-4907-9672-5b3f49b1c643/context/TRAVELER/reports/764428DD6A664AF0BFC2');
		expect(wrongOwner.status).toBe(404);
		expect(wrongOwner.data).toMatchObject({ httpStatus: '404 - Not Found', errorMessage: 'Report not found', validationErrors: [] });
		expect((await get('/expensereports/v4/users/any/context/PROCESSOR/reports/764428DD6A664AF0BFC2')).status).toBe(200);
	});

	it('lists payment-request digests under PaymentRequestDigest with Items null and filters', async () => {
		const res = await get('/api/v3.0/invoice/paymentrequestdigests');
		expect(res.data.Items).toBeNull();
		expect(res.data.TotalCount).toBe(3);
		expect(res.data.PaymentRequestDigest[0]).toMatchObject({ PaymentRequestId: '9B1D30723CBF4F86A571', Total: '50.00', InvoiceNumber: 'INV-25688', IsDeleted: 'false' });
		const approved = await get('/api/v3.0/invoice/paymentrequestdigests?approvalStatus=A_APPR&limit=1');
		expect(approved.data.PaymentRequestDigest).toHaveLength(1);
		const second = await get(approved.data.NextPage);
		expect(second.data.PaymentRequestDigest[0].PaymentRequestId).toBe('9B1D30723CBF4F86A572');
		expect(second.data.NextPage).toBeNull();
		expect((await get('/api/v3.0/invoice/paymentrequestdigests?createDateAfter=2026-11-03')).data.TotalCount).toBe(2);
		expect((await get('/api/v3.0/invoice/paymentrequestdigests?createDateAfter=2026-11-03T00:00:00')).status).toBe(400);
		const localized = await get('/api/v3.0/invoice/localizeddata?type=paymentStatus&langCode=en');
		expect(localized.data.LocalizationData.map((l: Json) => l.Code)).toContain('P_EXTR');
	});

	it('returns string-typed payment requests with LineItem/Allocation as object-or-array', async () => {
		const single = (await get('/api/v3.0/invoice/paymentrequest/9B1D30723CBF4F86A571')).data;
		expect(Array.isArray(single.LineItems.LineItem)).toBe(false);
		expect(single.LineItems.LineItem).toMatchObject({ ExpenseTypeCode: 'OFCSP', TotalPrice: '50.00', Quantity: '1' });
		expect(Array.isArray(single.LineItems.LineItem.Allocations.Allocation)).toBe(false);
		expect(single.VendorRemitAddress).toMatchObject({ VendorCode: '1000', AddressCode: 'MAIN' });
		expect(single.InvoiceAmount).toBe('50.00');
		const multi = (await get('/api/v3.0/invoice/paymentrequest/9B1D30723CBF4F86A572')).data;
		expect(multi.LineItems.LineItem).toHaveLength(2);
		expect(multi.LineItems.LineItem[0].Allocations.Allocation).toEqual([
			expect.objectContaining({ Percentage: '50', Custom1: 'CC200', AllocationAccountCode: '6300' }),
			expect.objectContaining({ Percentage: '50', Custom1: 'CC300' }),
		]);
		expect((await get('/api/v3.0/invoice/paymentrequest/NOPE')).status).toBe(404);
	});

	it('serves PO v3 by id and purchase requests in COMPACT and FULL mode', async () => {
		const po = (await get('/api/v3.0/invoice/purchaseorders/P1001')).data;
		expect(po).toMatchObject({ PurchaseOrderNumber: 'P1001', VendorCode: '1000', CurrencyCode: 'USD', LineItem: [{ LineNumber: '1', UnitPrice: '50.00' }] });
		const fromPr = (await get('/api/v3.0/invoice/purchaseorders/P3001')).data;
		expect(fromPr.LineItem[0].Allocation[0]).toMatchObject({ Amount: '1640.00', Custom1: 'CC200' });
		const compact = (await get('/purchaserequest/v4/purchaserequests/A1B2C3D4E5F60718293A?mode=COMPACT')).data;
		expect(compact).toEqual({ purchaseRequestId: 'A1B2C3D4E5F60718293A', purchaseRequestNumber: 'PR-000123', purchaseRequestQueueStatus: 'CREATED', purchaseRequestWorkflowStatus: 'Approved', purchaseOrders: [{ purchaseOrderNumber: 'P3001' }], purchaseRequestExceptions: [] });
		const full = (await get('/purchaserequest/v4/purchaserequests/A1B2C3D4E5F60718293A')).data;
		expect(full.lineItems[1]).toMatchObject({ description: 'Monitor arms', quantity: 4, unitPrice: { value: 79.99 }, allocations: [{ costCenter: { code: 'CC200' } }] });
		const missing = await get('/purchaserequest/v4/purchaserequests/NOPE');
		expect(missing.status).toBe(404);
		expect(missing.data.errors[0].errorCode).toBe('notFound');
	});

	it('lets a user token read v3 data at its own datacenter', async () => {
		const user = await userToken(sim);
		const res = await http.get(`${user.geolocation}/api/v3.0/invoice/paymentrequestdigests`, { headers: bearer(user) });
		expect(res.status).toBe(200);
	});
});
