import { useIfsSimulator } from '../hooks';
import type { IfsSimulator } from './index';
import type { TestClient } from './testClient';

const INV = 'ManSuppInvoiceHandling';
const POST_ACTION = 'IfsApp.ManSuppInvoiceHandling.ManSuppInvoice_Post';

describe('manual supplier invoices', () => {
	let sim: IfsSimulator;
	let c: TestClient;

	useIfsSimulator((started) => ({ sim, client: c } = started));

	const header = (extra: Record<string, unknown> = {}) => ({
		Company: '10',
		Identity: '1000',
		InvoiceNo: 'INV-25688',
		InvoiceDate: '2026-11-02',
		Currency: 'USD',
		NetCurrAmount: 50,
		VatCurrAmount: 0,
		PoRefNumber: 'P1001',
		VoucherText: 'Concur payment request 9B1D30723CBF4F86A571',
		...extra,
	});

	it('creates a Preliminary invoice with a server-assigned numeric InvoiceId, postings, and posts it when balanced', async () => {
		const created = await c.post(INV, 'ManSuppInvoiceSet', header());
		expect(created.status).toBe(201);
		expect(created.json).toMatchObject({ InvoiceId: 100001, PartyType: 'Supplier', SeriesId: 'SI', Objstate: 'Preliminary', PayTermId: '30', DueDate: '2026-12-02' });
		const path = `ManSuppInvoiceSet(Company='10',InvoiceId=${created.json.InvoiceId})`;
		const posting = await c.post(INV, `${path}/ManSuppInvoicePostingsArray`, { Account: '6200', CodeB: 'CC100', CurrAmount: 40, Text: 'Printer paper' });
		expect(posting.status).toBe(201);
		expect(posting.json).toMatchObject({ Company: '10', InvoiceId: 100001, RowNo: 1 });
		const unbalanced = await c.post(INV, `${path}/${POST_ACTION}`, {}, { 'If-Match': created.headers.get('etag')! });
		expect(unbalanced.status).toBe(500);
		expect(unbalanced.json.error.message).toBe('ORA-20110: ManSuppInvoice.NOTBALANCED: Invoice INV-25688 is not balanced: postings total 40.00 USD, net amount 50.00 USD.');
		await c.post(INV, `${path}/ManSuppInvoicePostingsArray`, { Account: '6200', CodeB: 'CC-400', CurrAmount: 10 });
		const posted = await c.post(INV, `${path}/${POST_ACTION}`, {}, { 'If-Match': created.headers.get('etag')! });
		expect(posted.status).toBe(204);
		expect((await c.get(INV, path)).json.Objstate).toBe('PostedAuth');
	});

	it('detects a duplicate invoice number per supplier and company (ORA-20112)', async () => {
		expect((await c.post(INV, 'ManSuppInvoiceSet', header())).status).toBe(201);
		const dup = await c.post(INV, 'ManSuppInvoiceSet', header({ NetCurrAmount: 51 }));
		expect(dup.status).toBe(500);
		expect(dup.json.error.message).toBe('ORA-20112: ManSuppInvoice.INVNOEXIST: Invoice number INV-25688 already exists for supplier 1000 in company 10.');
		expect((await c.post(INV, 'ManSuppInvoiceSet', header({ Company: '20', PoRefNumber: null, Currency: 'EUR' }))).status).toBe(201);
		const ids = sim.rows('ManSuppInvoiceSet').map((r) => r.InvoiceId);
		expect(ids).toEqual([100001, 100003]);
	});

	it('validates supplier connection, purchase order and currency', async () => {
		const notConnected = await c.post(INV, 'ManSuppInvoiceSet', header({ Identity: '1002', PoRefNumber: null }));
		expect(notConnected.json.error.message).toBe('ORA-20110: ManSuppInvoice.NOSUPPLIER: Supplier 1002 does not exist in company 10.');
		const noPo = await c.post(INV, 'ManSuppInvoiceSet', header({ PoRefNumber: 'P2001' }));
		expect(noPo.json.error.message).toBe('ORA-20110: ManSuppInvoice.NOPURCHORDER: Purchase order P2001 does not exist in company 10.');
		const wrongSupplier = await c.post(INV, 'ManSuppInvoiceSet', header({ Identity: '1001', InvoiceNo: 'X-1' }));
		expect(wrongSupplier.json.error.message).toBe('ORA-20110: ManSuppInvoice.POSUPPLIER: Purchase order P1001 belongs to supplier 1000, not to supplier 1001.');
		const currency = await c.post(INV, 'ManSuppInvoiceSet', header({ Currency: 'JPY' }));
		expect(currency.json.error.message).toContain('NOCURRENCY');
	});

	it('validates posting accounts and cost centers', async () => {
		const created = await c.post(INV, 'ManSuppInvoiceSet', header());
		const nav = `ManSuppInvoiceSet(Company='10',InvoiceId=${created.json.InvoiceId})/ManSuppInvoicePostingsArray`;
		const blocked = await c.post(INV, nav, { Account: '6999', CurrAmount: 50 });
		expect(blocked.json.error.message).toBe('ORA-20110: ManSuppInvoicePosting.ACCOUNTBLOCKED: Account 6999 is blocked for posting in company 10.');
		const cc = await c.post(INV, nav, { Account: '6200', CodeB: 'CC500', CurrAmount: 50 });
		expect(cc.json.error.message).toContain('CODEBNOTEXIST');
		const topLevel = await c.post(INV, 'ManSuppInvoicePostingSet', { Company: '10', InvoiceId: 999999, Account: '6200', CurrAmount: 1 });
		expect(topLevel.json.error.message).toMatch(/^ORA-20111: ManSuppInvoice\.NOTEXIST/);
	});
});

describe('purchase requisitions and purchase orders', () => {
	let sim: IfsSimulator;
	let c: TestClient;

	useIfsSimulator((started) => ({ sim, client: c } = started));

	it('creates a requisition (string RequisitionNo assigned by the server) with no-part lines and releases it', async () => {
		const req = await c.post('PurchaseRequisitionHandling', 'PurchaseRequisitionSet', { Contract: 'US01', RequisitionerCode: 'E200', NoteText: 'Concur PR-000123' });
		expect(req.status).toBe(201);
		expect(req.json).toMatchObject({ RequisitionNo: '1000001', Objstate: 'Planned', RequisitionDate: '2026-11-16' });
		const header = `PurchaseRequisitionSet(RequisitionNo='${req.json.RequisitionNo}')`;
		const line = { Description: 'Standing desks', OriginalQty: 4, UnitPrice: 410, CurrencyCode: 'USD', WantedReceiptDate: '2026-12-15', VendorNo: '1000' };
		const l1 = await c.post('PurchaseRequisitionHandling', `${header}/PurchaseReqLineNopartArray`, line);
		expect(l1.json).toMatchObject({ RequisitionNo: '1000001', LineNo: '1', ReleaseNo: '1', UnitMeas: 'pcs' });
		const l2 = await c.post('PurchaseRequisitionHandling', 'PurchaseReqLineNopartSet', { ...line, RequisitionNo: '1000001', Description: 'Monitor arms' });
		expect(l2.json.LineNo).toBe('2');
		const lines = await c.get('PurchaseRequisitionHandling', `${header}/PurchaseReqLineNopartArray`);
		expect(lines.json.value).toHaveLength(2);
		const badVendor = await c.post('PurchaseRequisitionHandling', `${header}/PurchaseReqLineNopartArray`, { ...line, VendorNo: '2001' });
		expect(badVendor.json.error.message).toBe('ORA-20110: PurchaseReqLineNopart.NOSUPPLIER: Supplier 2001 does not exist.');
		const numericKey = await c.get('PurchaseRequisitionHandling', 'PurchaseRequisitionSet(RequisitionNo=1000001)');
		expect(numericKey.status).toBe(400);
		const release = await c.post('PurchaseRequisitionHandling', `${header}/IfsApp.PurchaseRequisitionHandling.PurchaseRequisition_Release`, {}, { 'If-Match': req.headers.get('etag')! });
		expect(release.status).toBe(204);
	});

	it('rejects unknown sites', async () => {
		const res = await c.post('PurchaseRequisitionHandling', 'PurchaseRequisitionSet', { Contract: 'XX01', RequisitionerCode: 'E200' });
		expect(res.json.error.message).toBe('ORA-20110: PurchaseRequisition.SITENOTEXIST: Site XX01 does not exist.');
	});

	it('serves seeded purchase orders, creates one and releases it once (If-Match)', async () => {
		const seeded = await c.get('PurchaseOrderHandling', "PurchaseOrderSet?$filter=Objstate eq IfsApp.PurchaseOrderHandling.PurchaseOrderState'Released'");
		expect(seeded.json.value.map((r: Record<string, unknown>) => r.OrderNo)).toEqual(['P1001', 'P2001']);
		const created = await c.post('PurchaseOrderHandling', 'PurchaseOrderSet', { Contract: 'DE01', VendorNo: '1002', BuyerCode: 'BUYER1' });
		expect(created.json).toMatchObject({ OrderNo: 'P5001', Company: '20', CurrencyCode: 'EUR', Objstate: 'Planned' });
		const path = "PurchaseOrderSet(OrderNo='P5001')";
		const action = `${path}/IfsApp.PurchaseOrderHandling.PurchaseOrder_Release`;
		expect((await c.post('PurchaseOrderHandling', action, {})).status).toBe(428);
		expect((await c.post('PurchaseOrderHandling', action, {}, { 'If-Match': created.headers.get('etag')! })).status).toBe(204);
		const twice = await c.post('PurchaseOrderHandling', action, {}, { 'If-Match': '*' });
		expect(twice.json.error.message).toBe('ORA-20110: PurchaseOrder.EVENTNOTALLOWED: Release is not allowed for PurchaseOrder in state Released.');
		const wrongCompany = await c.post('PurchaseOrderHandling', 'PurchaseOrderSet', { Contract: 'DE01', Company: '10', VendorNo: '1000' });
		expect(wrongCompany.json.error.message).toContain('SITECOMPANY');
	});
});
