/** Concur invoice (FIS invoice or v3 payment request) → IFS manual supplier invoice with a tax code per line. */
import type { CanonicalInvoice, CanonicalInvoiceLine } from '../../../shared/canonical';
import { formatDecimal, formatFixed, isZero, parseDecimal, roundHalfUp, roundShares, sum } from '../../../shared/money';
import type { SupplierInvoicePosting } from '../../../shared/postings';
import { cleanText } from '../../../shared/text';
import type { MappingConfig } from '../mapping-config';
import { documentReason, lineReason, type MappedDocument } from '../reasons';
import { addDays } from './dates';
import { allocationDraft, decimalsOf, type Draft, type MapContext, renderTemplate, splitLine, taxAccountFor } from './resolve';

export function supplierIdFor(config: MappingConfig, vendorCode: string): string {
	return config.vendorSupplierTable.find((row) => row.vendorCode.trim() === vendorCode)?.supplierId ?? vendorCode;
}

function vatAmount(invoice: CanonicalInvoice, decimals: number) {
	const lineTaxes = invoice.lines.map((line) => parseDecimal(line.taxAmount ?? '0'));
	return roundHalfUp(invoice.taxAmount === undefined ? sum(lineTaxes) : parseDecimal(invoice.taxAmount), decimals);
}

/** Concur's journal amount per allocation when it states one, else the split by percentages. */
function lineDrafts(invoice: CanonicalInvoice, line: CanonicalInvoiceLine, context: MapContext): Draft[] {
	const fields = { report: invoice.requestFields, employee: invoice.employee.fields };
	const journals = line.allocations.map((allocation) => allocation.journal);
	if (journals.some((journal) => journal === undefined)) return splitLine(line, parseDecimal(line.amount), invoice.currency, fields, context);
	const amounts = roundShares(journals.map((journal) => parseDecimal(journal?.gross ?? '0')), decimalsOf(context, invoice.currency));
	return amounts.map((amount, index) => allocationDraft(line, index, amount, fields, context));
}

/** The IFS tax code of a line, by Concur tax code or VAT rate (`19` or `19%`); a line with VAT and no code holds the invoice. */
function lineTaxCode(line: CanonicalInvoiceLine, currency: string, context: MapContext): string | undefined {
	const decimals = decimalsOf(context, currency);
	const rate = line.taxRate === undefined ? undefined : formatDecimal(parseDecimal(line.taxRate));
	const row = taxAccountFor(context.config, context.company, [line.taxCode, rate, rate === undefined ? undefined : `${rate}%`]);
	const hasTax = line.taxAmount !== undefined && !isZero(parseDecimal(line.taxAmount));
	if (!row?.ifsTaxCode && hasTax) {
		const trace = { role: 'invoiceLine' as const, lineNumbers: [line.lineNumber], entryId: line.lineId };
		const key = line.taxCode ?? (rate === undefined ? 'no tax code or rate' : `rate ${rate} %`);
		context.reasons.push(lineReason(trace, 'taxCode', line.taxCode ?? rate ?? '', `VAT of ${formatFixed(parseDecimal(line.taxAmount ?? '0'), decimals)} ${currency} (${key}) has no IFS tax code — add it to the tax account table`));
	}
	return row?.ifsTaxCode || undefined;
}

/** v3 payment requests are read whatever their status: only approved, undeleted ones are posted. */
function approvalReasons(invoice: CanonicalInvoice, config: MappingConfig, context: MapContext): void {
	if (invoice.deleted) context.reasons.push(documentReason('IsPaymentRequestDeleted', 'true', 'the payment request is deleted in Concur — nothing to post'));
	if (invoice.source.type !== 'v3-payment-request') return;
	const status = invoice.approvalStatus ?? '';
	if (!config.approvedPaymentRequestStatuses.some((approved) => approved.trim().toUpperCase() === status.toUpperCase())) {
		context.reasons.push(documentReason('ApprovalStatus', status, `the payment request is "${status || 'without status'}", not approved — only approved payment requests are posted`));
	}
}

export function mapInvoice(invoice: CanonicalInvoice, context: MapContext): MappedDocument {
	const { config } = context;
	approvalReasons(invoice, config, context);
	const decimals = decimalsOf(context, invoice.currency);
	const lines = invoice.lines.flatMap((line) => {
		const taxCode = lineTaxCode(line, invoice.currency, context);
		const text = cleanText(line.description || line.expenseTypeName || line.expenseTypeCode || '', 200);
		return lineDrafts(invoice, line, context)
			.filter((draft) => !isZero(draft.amount))
			.map((draft) => ({ ...draft, text, ...(taxCode ? { taxCode } : {}) }));
	});
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
		netAmount: formatFixed(sum(lines.map((line) => line.amount)), decimals),
		vatAmount: formatFixed(vatAmount(invoice, decimals), decimals),
		purchaseOrderReference: invoice.purchaseOrderNumber ?? invoice.lines.find((line) => line.purchaseOrderNumber)?.purchaseOrderNumber,
		text: renderTemplate(config.invoiceTextTemplate, values) || invoice.requestId,
		lines: lines.map((line) => ({
			account: line.account,
			codeParts: line.codeParts,
			amount: formatFixed(line.amount, decimals),
			text: line.text,
			...(line.taxCode ? { taxCode: line.taxCode } : {}),
			sourceLine: [line.trace.entryId, line.trace.allocationId].join('/'),
		})),
		source: invoice.source,
	};
	return { document: invoice, posting, trace: lines.map((line) => ({ ...line.trace, role: 'invoiceLine' })), reasons: context.reasons, notes: [...invoice.notes, ...context.notes] };
}
