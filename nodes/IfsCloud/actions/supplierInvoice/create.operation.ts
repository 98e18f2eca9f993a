import { typedDocumentCreate } from '../typed';

const example = JSON.stringify(
	{
		supplierId: '1000',
		invoiceNo: 'INV-1',
		invoiceDate: '2026-11-02',
		currency: 'USD',
		netAmount: '50.00',
		vatAmount: '0.00',
		purchaseOrderReference: 'P1001',
		text: 'Printer paper',
		lines: [{ account: '6200', codeParts: { CodeB: 'CC100' }, amount: '50.00', text: 'Printer paper' }],
	},
	null,
	2,
);

/** Header + posting lines (+ Post) in one change set; (supplier, invoice number) is never created twice. */
export const { description, execute } = typedDocumentCreate('supplierInvoice', 'supplierInvoice', example);
