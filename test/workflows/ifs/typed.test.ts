/** Typed resources over the default projections. */
import { IFS_NODE, startIfsTestBed, type IfsTestBed } from './setup';

jest.setTimeout(60_000);

let bed: IfsTestBed;
beforeEach(async () => {
	bed = await startIfsTestBed();
});
afterEach(async () => await bed.sim.stop());

test('supplier create writes the supplier and its invoicing data in one change set; get reads both', async () => {
	const created = await bed.run(
		{ resource: 'supplier', operation: 'create', SupplierId: '3001', name: 'Initech Consulting', fields: '{"Country":"US"}', company: '20', invoicingFields: '{"PayTermId":"30"}' },
		[{}],
		'continueErrorOutput',
	);
	expect(created.json(IFS_NODE, 1)).toEqual([]);
	expect(created.json(IFS_NODE, 0)[0]).toMatchObject({ SupplierId: '3001', invoicing: { Company: '20', PayTermId: '30' } });
	expect(bed.sim.stats().byRoute['POST SupplierHandling.svc/$batch']).toBe(1);

	const read = await bed.run({ resource: 'supplier', operation: 'get', SupplierId: '3001', includeInvoicing: true, company: '20' });
	expect(read.json(IFS_NODE, 0)[0]).toMatchObject({ Name: 'Initech Consulting', invoicing: { Company: '20', Currency: 'EUR' } });
});

test('code part values: list cost centers of the company, update with the ETag', async () => {
	const listed = await bed.run({ resource: 'codePartValue', operation: 'getMany', CodePart: 'B', returnAll: true });
	expect(listed.json(IFS_NODE, 0).map((row) => row.CodePartValue)).toEqual(expect.arrayContaining(['CC100', 'CC-400', 'CC800']));
	expect(listed.json(IFS_NODE, 0).every((row) => row.Company === '10' && row.CodePart === 'B')).toBe(true);

	await bed.run({ resource: 'codePartValue', operation: 'update', CodePart: 'B', CodePartValue: 'CC800', fields: '{"Description":"Logistics"}' });
	const row = bed.sim.rows('AccountingCodePartValueSet').find((r) => r.Company === '10' && r.CodePartValue === 'CC800');
	expect(row?.Description).toBe('Logistics');
});

test('journal entry create goes through the posting path: created once, then already posted', async () => {
	const document = JSON.stringify({
		voucherType: 'X',
		voucherDate: '2026-11-12',
		text: 'Manual',
		rows: [
			{ account: '6100', codeParts: { CodeB: 'CC200' }, currency: 'USD', debit: '10.00', text: 'Fare' },
			{ account: '2410', codeParts: {}, currency: 'USD', credit: '10.00', text: 'Payable' },
		],
	});
	const parameters = { resource: 'journalEntry', operation: 'create', reference: 'MAN-1', document };
	const first = await bed.run(parameters, [{}], 'continueErrorOutput');
	const second = await bed.run(parameters, [{}], 'continueErrorOutput');
	expect((first.json(IFS_NODE, 0)[0].result as { status: string }).status).toBe('created');
	expect((second.json(IFS_NODE, 0)[0].result as { status: string }).status).toBe('already-posted');

	const held = await bed.run({ resource: 'journalEntry', operation: 'getVouchers', reference: 'MAN-1', returnAll: true });
	expect(held.json(IFS_NODE, 0)).toHaveLength(0); // in the hold table until Update GL
	bed.sim.updateGl();
	const vouchers = await bed.run({ resource: 'journalEntry', operation: 'getVouchers', reference: 'MAN-1', returnAll: true });
	expect(vouchers.json(IFS_NODE, 0)).toHaveLength(2);
});

test('purchase requisition create and purchase order get', async () => {
	const document = JSON.stringify({ site: 'US01', requisitioner: 'ALICE', requisitionDate: '2026-11-12', text: 'Laptops', lines: [{ description: 'Laptop', quantity: '2', unitPrice: '1200.00', currency: 'USD' }] });
	const requisition = await bed.run({ resource: 'purchaseRequisition', operation: 'create', reference: 'PR-1', document }, [{}], 'continueErrorOutput');
	expect(requisition.json(IFS_NODE, 1)).toEqual([]);
	expect((requisition.json(IFS_NODE, 0)[0].result as { requisitionNo: string }).requisitionNo).toMatch(/^\d+$/);
	expect(bed.sim.rows('PurchaseReqLineNopartSet')).toHaveLength(1);

	const order = await bed.run({ resource: 'purchaseOrder', operation: 'get', OrderNo: 'P1001' });
	expect(order.json(IFS_NODE, 0)[0]).toMatchObject({ OrderNo: 'P1001', Company: '10', VendorNo: '1000' });
	const foreign = await bed.run({ resource: 'purchaseOrder', operation: 'get', OrderNo: 'P2001' }, [{}], 'continueErrorOutput');
	expect((foreign.json(IFS_NODE, 1)[0].error as { message: string }).message).toContain('names company "20"');
});

test('a purchase order create whose answer is lost is not sent again: IFS assigns the order number, so the item says to check IFS', async () => {
	bed.sim.setFaults({ afterCommit: { next: 1, mode: 'html500', on: 'write' } });
	const orders = bed.sim.rows('PurchaseOrderSet').length;
	const result = await bed.run({ resource: 'purchaseOrder', operation: 'create', site: 'US01', vendorNo: '1000', orderDate: '2026-11-12', currency: 'USD' }, [{}], 'continueErrorOutput');

	const message = (result.json(IFS_NODE, 1)[0].error as { message: string }).message;
	expect(message).toContain('IFS Cloud did not confirm the POST PurchaseOrderSet (HTTP 500)');
	expect(message).toContain('check PurchaseOrderSet in IFS before creating this record again');
	expect(bed.sim.rows('PurchaseOrderSet')).toHaveLength(orders + 1);
	expect(bed.sim.requestLog().filter((entry) => entry.kind === 'odata' && entry.method === 'POST')).toHaveLength(1);
});
