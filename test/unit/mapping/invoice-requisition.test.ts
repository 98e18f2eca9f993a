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

describe('v3 payment requests are posted only when approved and not deleted', () => {
	it.each([
		['Pending Approval', 'false', ['The payment request is "Pending Approval", not approved — only approved payment requests are posted']],
		['Approved', 'true', ['The payment request is deleted in Concur — nothing to post']],
		['A_APPR', 'false', []],
	])('status %s, deleted %s', (status, deleted, messages) => {
		const input = { ...v3PaymentRequest(seedInvoice('9B1D30723CBF4F86A571')), ApprovalStatus: status, IsPaymentRequestDeleted: deleted };
		const [result] = mapDocuments([input], scenarioConfig(), scenarioReferenceData(), { now: NOW });
		expect(result.held ? result.reasons.map((reason) => reason.message) : []).toEqual(messages);
	});

	it('the approved statuses are a setting', () => {
		const input = { ...v3PaymentRequest(seedInvoice('9B1D30723CBF4F86A571')), ApprovalStatus: 'Freigegeben' };
		expect(posted<SupplierInvoicePosting>(input, scenarioConfig({ approvedPaymentRequestStatuses: ['Freigegeben'] })).invoiceNo).toBe('INV-25688');
	});
});

describe('supplier-invoice lines carry an IFS tax code', () => {
	const withVat = (rate: string, vat: string) => {
		const input = v3PaymentRequest(seedInvoice('9B1D30723CBF4F86A571')) as { TaxAmount: string; InvoiceAmount: string; LineItems: { LineItem: Record<string, unknown> } };
		Object.assign(input.LineItems.LineItem, { VatRate: rate, VatAmount: vat });
		input.TaxAmount = vat;
		input.InvoiceAmount = '59.50';
		return input;
	};
	const config = scenarioConfig({ taxAccounts: [{ taxCode: '19', account: '2640', ifsTaxCode: 'IV19' }, { taxCode: '0', account: '2640', ifsTaxCode: 'IV0', company: '10' }] });

	it('found by the VAT rate, per company', () => {
		const posting = posted<SupplierInvoicePosting>(withVat('19', '9.50'), config);
		expect(posting).toMatchObject({ netAmount: '50.00', vatAmount: '9.50', lines: [expect.objectContaining({ amount: '50.00', taxCode: 'IV19' })] });
		expect(posted<SupplierInvoicePosting>(v3PaymentRequest(seedInvoice('9B1D30723CBF4F86A571')), config).lines[0].taxCode).toBe('IV0');
	});

	it('a line with VAT and no tax code holds the invoice', () => {
		const [result] = mapDocuments([withVat('7', '9.50')], config, scenarioReferenceData(), { now: NOW });
		expect(result.held && result.reasons.map((reason) => reason.message)).toEqual(['Line 1 (entry gWli0): VAT of 9.50 USD (rate 7 %) has no IFS tax code — add it to the tax account table']);
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

	it('sends account and cost center only when configured — and validates them only then', () => {
		const input = { ...purchaseRequestInput() };
		(input.lineItems as PurchaseRequestLineInput[])[0].customData = [{ id: 'custom1', value: 'CC500' }];
		const [held] = mapDocuments([input], scenarioConfig(), scenarioReferenceData(), { now: NOW });
		expect(held.held && held.reasons.map((reason) => [reason.lineNumber, reason.field, reason.value])).toEqual([[1, 'costCenter', 'CC500']]);
		const posting = posted<PurchaseRequisitionPosting>(input, scenarioConfig({ requisitionAccounting: false }));
		expect(posting.lines.map((line) => [line.account, line.codeParts])).toEqual([
			[undefined, undefined],
			[undefined, undefined],
		]);
	});

	it('holds a purchase request that is not approved', () => {
		const input = { ...purchaseRequestInput(), purchaseRequestWorkflowStatus: 'Pending Approval' };
		const [result] = mapDocuments([input], scenarioConfig(), scenarioReferenceData(), { now: NOW });
		expect(result.held && result.reasons.map((reason) => reason.field)).toEqual(['purchaseRequestWorkflowStatus']);
	});
});
