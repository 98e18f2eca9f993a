import { mapDocuments, type MappingConfig } from '../../../nodes/ConcurToIfs/core';
import type { PurchaseRequisitionPosting, SupplierInvoicePosting } from '../../../nodes/shared/postings';
import type { PurchaseRequestLineInput } from '../../../nodes/ConcurToIfs/core/normalize/purchase-request';
import { fisInvoiceEnvelope, NOW, purchaseRequestInput, scenarioConfig, scenarioReferenceData, seedInvoice, v3PaymentRequest } from './fixtures/scenario';

function posted<T>(input: unknown, config: MappingConfig = scenarioConfig()): T {
	const [result] = mapDocuments([input], config, scenarioReferenceData(), { now: NOW });
	if (result.held) throw new Error(`held: ${result.reasons.map((reason) => reason.message).join(' | ')}`);
	return result.posting as T;
}

const lines = (posting: SupplierInvoicePosting) => posting.lines.map((line) => [line.account, line.codeParts.CodeB, line.amount]);

describe('invoice → supplier invoice', () => {
	it('maps a FIS invoice (MM/dd/yyyy date, padded expense type, journal object) with PO and supplier', () => {
		const posting = posted<SupplierInvoicePosting>(fisInvoiceEnvelope(seedInvoice('9B1D30723CBF4F86A572')));
		expect(posting).toMatchObject({
			kind: 'supplierInvoice',
			company: '20',
			reference: 'CI-9B1D30723CBF4F86A572',
			supplierId: '1001',
			invoiceNo: 'NIT-2026-311',
			invoiceDate: '2026-11-04',
			dueDate: '2026-12-04',
			currency: 'EUR',
			netAmount: '1589.97',
			vatAmount: '0.00',
			purchaseOrderReference: 'P2001',
		});
		expect(lines(posting)).toEqual([
			['6300', 'CC200', '600.00'],
			['6300', 'CC300', '600.00'],
			['6200', 'CC200', '389.97'],
		]);
		expect(posting.text).toBe('Concur invoice NIT-2026-311 Vendor');
	});

	it('maps the same invoice from a v3 payment request (string values) to the same key and lines', () => {
		const fromFis = posted<SupplierInvoicePosting>(fisInvoiceEnvelope(seedInvoice('9B1D30723CBF4F86A572')));
		const fromV3 = posted<SupplierInvoicePosting>(v3PaymentRequest(seedInvoice('9B1D30723CBF4F86A572')));
		expect(fromV3.reference).toBe(fromFis.reference);
		expect(lines(fromV3)).toEqual(lines(fromFis));
		expect(fromV3.source.type).toBe('v3-payment-request');
	});

	it('unwraps a single LineItem / Allocation object and maps the vendor through the supplier table', () => {
		const config = scenarioConfig({ vendorSupplierTable: [{ vendorCode: '1000', supplierId: '1001' }], accountByExpenseType: [], supplierInvoiceSeries: 'SI' });
		const posting = posted<SupplierInvoicePosting>(v3PaymentRequest(seedInvoice('9B1D30723CBF4F86A571')), config);
		expect(posting).toMatchObject({ company: '10', supplierId: '1001', invoiceNo: 'INV-25688', seriesId: 'SI', netAmount: '50.00', purchaseOrderReference: 'P1001' });
		// no expense-type row: the allocation account code is used
		expect(lines(posting)).toEqual([['6200', 'CC100', '50.00']]);
	});

	it('holds an invoice whose total is not lines + VAT (e.g. unallocated shipping)', () => {
		const input = v3PaymentRequest(seedInvoice('9B1D30723CBF4F86A571'));
		input.InvoiceAmount = '57.50';
		const [result] = mapDocuments([input], scenarioConfig(), scenarioReferenceData(), { now: NOW });
		expect(result.held && result.reasons).toEqual([expect.objectContaining({ field: 'totalAmount', value: '57.50' })]);
	});
});

describe('purchase request → requisition', () => {
	it('maps lines, site from the company table, requisitioner from the employee, needed-by date', () => {
		const posting = posted<PurchaseRequisitionPosting>(purchaseRequestInput(), scenarioConfig({ buyerCode: 'BUY1' }));
		expect(posting).toMatchObject({
			kind: 'purchaseRequisition',
			company: '10',
			reference: 'CP-A1B2C3D4E5F60718293A',
			site: 'US01',
			requisitioner: 'E200',
			buyerCode: 'BUY1',
			requisitionDate: '2026-11-09',
			text: 'Concur purchase request PR-000123',
		});
		expect(posting.lines).toEqual([
			{ description: 'Standing desks', quantity: '4', unitPrice: '410', currency: 'USD', wantedReceiptDate: '2026-12-15', account: '6200', codeParts: { CodeB: 'CC200' }, supplierId: '1000' },
			{ description: 'Monitor arms', quantity: '4', unitPrice: '79.99', currency: 'USD', wantedReceiptDate: '2026-12-15', account: '6200', codeParts: { CodeB: 'CC200' }, supplierId: '1000' },
		]);
	});

	it('reads the cost center of a split line from its allocations (customData or a cost-center object)', () => {
		const input = purchaseRequestInput();
		const [first, second] = input.lineItems as PurchaseRequestLineInput[];
		const { customData: _ignored, ...plain } = first;
		input.lineItems = [
			{ ...plain, expenseTypeCode: undefined, expenseType: { code: 'OFCSP' }, allocations: [{ percentage: 100, costCenter: { code: 'CC300' } }] } as never,
			{ ...second, allocations: [{ percentage: '100', customData: [{ id: 'custom1', value: 'CC100' }] }] },
		];
		const posting = posted<PurchaseRequisitionPosting>(input, scenarioConfig());
		expect(posting.lines.map((line) => [line.account, line.codeParts?.CodeB])).toEqual([
			['6200', 'CC300'],
			['6200', 'CC100'],
		]);
	});

	it('holds a purchase request that is not approved', () => {
		const input = { ...purchaseRequestInput(), purchaseRequestWorkflowStatus: 'Pending Approval' };
		const [result] = mapDocuments([input], scenarioConfig(), scenarioReferenceData(), { now: NOW });
		expect(result.held && result.reasons.map((reason) => reason.field)).toEqual(['purchaseRequestWorkflowStatus']);
	});
});
