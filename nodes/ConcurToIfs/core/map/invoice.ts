/** Concur invoice (FIS invoice or v3 payment request) → IFS manual supplier invoice. */
import type { CanonicalInvoice } from '../../../shared/canonical';
import { formatAmount, isZero, parseDecimal, roundToCurrency, sum } from '../../../shared/money';
import type { SupplierInvoicePosting } from '../../../shared/postings';
import type { MappingConfig } from '../mapping-config';
import { documentReason, type MappedDocument } from '../reasons';
import { addDays } from './dates';
import { type MapContext, renderTemplate, splitLine } from './resolve';

export function supplierIdFor(config: MappingConfig, vendorCode: string): string {
	return config.vendorSupplierTable.find((row) => row.vendorCode.trim() === vendorCode)?.supplierId ?? vendorCode;
}

function vatAmount(invoice: CanonicalInvoice) {
	const lineTaxes = invoice.lines.map((line) => parseDecimal(line.taxAmount ?? '0'));
	return roundToCurrency(invoice.taxAmount === undefined ? sum(lineTaxes) : parseDecimal(invoice.taxAmount), invoice.currency);
}

export function mapInvoice(invoice: CanonicalInvoice, context: MapContext): MappedDocument {
	const { config } = context;
	const fields = { report: invoice.requestFields, employee: invoice.employee.fields };
	const lines = invoice.lines.flatMap((line) =>
		splitLine(line, parseDecimal(line.amount), invoice.currency, fields, context)
			.filter((draft) => !isZero(draft.amount))
			.map((draft) => ({ ...draft, text: line.description || line.expenseTypeName || line.expenseTypeCode || '' })),
	);
	const invoiceDate = invoice.dates.invoiceDate ?? '';
	if (!invoiceDate) context.reasons.push(documentReason('invoiceDate', '', 'the invoice has no invoice date — fill it in Concur'));
	if (!invoice.invoiceNumber) context.reasons.push(documentReason('invoiceNumber', '', "the invoice has no vendor invoice number — IFS needs the supplier's invoice number"));
	const values = { invoiceNumber: invoice.invoiceNumber, vendorName: invoice.vendor.name, vendorCode: invoice.vendor.code, requestId: invoice.requestId, purchaseOrderNumber: invoice.purchaseOrderNumber, description: invoice.description };
	const posting: SupplierInvoicePosting = {
		kind: 'supplierInvoice',
		company: context.company,
		reference: context.reference,
		supplierId: supplierIdFor(config, invoice.vendor.code),
		invoiceNo: invoice.invoiceNumber ?? '',
		seriesId: config.supplierInvoiceSeries || undefined,
		invoiceDate,
		dueDate: invoice.dates.dueDate ?? addDays(invoiceDate, invoice.paymentTermDays ?? config.defaultDueDays),
		currency: invoice.currency,
		netAmount: formatAmount(sum(lines.map((line) => line.amount)), invoice.currency),
		vatAmount: formatAmount(vatAmount(invoice), invoice.currency),
		purchaseOrderReference: invoice.purchaseOrderNumber ?? invoice.lines.find((line) => line.purchaseOrderNumber)?.purchaseOrderNumber,
		text: renderTemplate(config.invoiceTextTemplate, values) || invoice.requestId,
		lines: lines.map((line) => ({ account: line.account, codeParts: line.codeParts, amount: formatAmount(line.amount, invoice.currency), text: line.text, sourceLine: [line.trace.entryId, line.trace.allocationId].join('/') })),
		source: invoice.source,
	};
	return { document: invoice, posting, trace: lines.map((line) => ({ ...line.trace, role: 'invoiceLine' })), reasons: context.reasons, notes: [...invoice.notes, ...context.notes] };
}
