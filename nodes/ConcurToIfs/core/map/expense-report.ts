/**
 * Expense report → balanced journal entry (default) or supplier invoice to the employee.
 * Debits: expense account × cost center per allocation (net of reclaimable tax), tax accounts.
 * Credits: one row per liability account (employee payable, card clearing, company paid).
 * Personal charges on a company card: debit employee receivable, credit card clearing.
 */
import type { CanonicalExpenseLine, CanonicalExpenseReport } from '../../../shared/canonical';
import { abs, add, compare, type Decimal, formatAmount, isNegative, isZero, negate, parseDecimal, roundToCurrency, subtract, sum, ZERO } from '../../../shared/money';
import type { CodeParts, JournalEntryPosting, SupplierInvoicePosting, VoucherRow } from '../../../shared/postings';
import type { MappingConfig, PaymentKind } from '../mapping-config';
import { documentReason, lineReason, type MappedDocument, type RowRole, type RowTrace } from '../reasons';
import { addDays, voucherDate } from './dates';
import { type Draft, type MapContext, paymentKindOf, renderTemplate, splitLine } from './resolve';

interface LineDrafts {
	text: string;
	expense: Draft[];
	tax: Array<Draft & { taxCode: string }>;
}

function lineTrace(line: CanonicalExpenseLine, role: RowRole): RowTrace {
	return { role, lineNumbers: [line.lineNumber], entryId: line.entryId, itemizationId: line.itemizationId };
}

function reportValues(report: CanonicalExpenseReport) {
	return { reportNumber: report.reportNumber, reportName: report.reportName, reportId: report.reportId, employeeName: report.employee.name, employeeId: report.employee.employeeId };
}

function lineValues(report: CanonicalExpenseReport, line: CanonicalExpenseLine) {
	return { ...reportValues(report), expenseTypeName: line.expenseTypeName, expenseTypeCode: line.expenseTypeCode, vendor: line.vendor, lineNumber: line.lineNumber, entryId: line.entryId, transactionDate: line.transactionDate };
}

function lineText(report: CanonicalExpenseReport, line: CanonicalExpenseLine, config: MappingConfig): string {
	return renderTemplate(config.rowTextTemplate, lineValues(report, line)) || line.expenseTypeCode;
}

/** Net-of-tax allocation shares and reclaimable tax of a business (non-personal) line. */
function businessDrafts(report: CanonicalExpenseReport, line: CanonicalExpenseLine, context: MapContext): LineDrafts {
	const { config } = context;
	const tax = line.taxes.map((item) => {
		const row = config.taxAccounts.find((candidate) => candidate.taxCode.trim() === item.code);
		const trace = lineTrace(line, 'tax');
		if (!row) context.reasons.push(lineReason(trace, 'taxCode', item.code, `tax code "${item.code}" has no IFS tax account — add it to the tax account table`));
		return { account: row?.account ?? '', codeParts: {}, amount: parseDecimal(item.amount), trace, taxCode: row?.ifsTaxCode ?? item.code };
	});
	const net = subtract(parseDecimal(line.amount), sum(tax.map((draft) => draft.amount)));
	const fields = { report: report.reportFields, employee: report.employee.fields };
	const expense = splitLine({ ...line, lineId: line.entryId }, net, report.currency, fields, context);
	return { text: lineText(report, line, config), expense, tax };
}

function liabilityAccount(config: MappingConfig, kind: PaymentKind): string {
	return { employee: config.employeePayableAccount, card: config.cardClearingAccount, companyPaid: config.companyPaidAccount }[kind];
}

/** Payment kind of a line, or a reason when the payment type is not in the table. */
function kindOf(line: CanonicalExpenseLine, context: MapContext): PaymentKind | undefined {
	const kind = paymentKindOf(context.config, line);
	if (!kind) {
		const code = line.paymentTypeCode ?? line.paymentTypeName ?? '';
		context.reasons.push(lineReason(lineTrace(line, 'liability'), 'paymentType', code, `payment type "${code}" is not in the payment-type table — map it to employee, card or company paid`));
	}
	return kind;
}

class Voucher {
	readonly rows: VoucherRow[] = [];
	readonly trace: RowTrace[] = [];
	private readonly credits = new Map<string, { amount: Decimal; lines: number[] }>();

	constructor(private readonly currency: string) {}

	/** Positive amounts are debits, negative ones credits (Concur credits such as refunds). */
	push(account: string, codeParts: CodeParts, amount: Decimal, text: string, trace: RowTrace, extra: Partial<VoucherRow> = {}): void {
		const rounded = roundToCurrency(amount, this.currency);
		if (isZero(rounded)) return;
		const side = isNegative(rounded) ? { credit: formatAmount(negate(rounded), this.currency) } : { debit: formatAmount(rounded, this.currency) };
		this.rows.push({ account, codeParts, currency: this.currency, ...side, ...extra, text, sourceLine: sourceLine(trace) });
		this.trace.push(trace);
	}

	owe(account: string, amount: Decimal, lineNumber: number): void {
		const current = this.credits.get(account) ?? { amount: ZERO, lines: [] };
		this.credits.set(account, { amount: add(current.amount, amount), lines: [...current.lines, lineNumber] });
	}

	/** Liability rows carry the exact sum of their lines, rounded once. */
	flushCredits(text: string): void {
		for (const [account, { amount, lines }] of this.credits) this.push(account, {}, negate(amount), text, { role: 'liability', lineNumbers: lines });
	}

	difference(): Decimal {
		return sum(this.rows.map((row) => subtract(parseDecimal(row.debit ?? '0'), parseDecimal(row.credit ?? '0'))));
	}
}

function sourceLine(trace: RowTrace): string | undefined {
	if (trace.lineNumbers.length !== 1) return trace.lineNumbers.length > 1 ? `lines ${trace.lineNumbers.join(',')}` : undefined;
	return [trace.entryId, trace.itemizationId, trace.allocationId].filter(Boolean).join('/');
}

function postLine(report: CanonicalExpenseReport, line: CanonicalExpenseLine, voucher: Voucher, context: MapContext): void {
	const { config } = context;
	const kind = kindOf(line, context);
	if (!kind) return;
	const gross = parseDecimal(line.amount);
	const rate = line.exchangeRate && compare(parseDecimal(line.exchangeRate), parseDecimal('1')) !== 0 ? { currencyRate: line.exchangeRate } : {};
	if (line.isPersonal) {
		if (kind !== 'card') return void context.notes.push(`Line ${line.lineNumber}: personal expense not paid by the company — nothing to post`);
		voucher.push(config.employeeReceivableAccount, {}, gross, lineText(report, line, config), lineTrace(line, 'receivable'));
		return voucher.owe(config.cardClearingAccount, gross, line.lineNumber);
	}
	const drafts = businessDrafts(report, line, context);
	for (const draft of drafts.expense) voucher.push(draft.account, draft.codeParts, draft.amount, drafts.text, draft.trace, rate);
	for (const draft of drafts.tax) voucher.push(draft.account, {}, draft.amount, drafts.text, draft.trace, { ...rate, taxCode: draft.taxCode });
	const account = liabilityAccount(config, kind);
	if (!account) context.reasons.push(lineReason(lineTrace(line, 'liability'), 'paymentType', line.paymentTypeCode ?? '', `lines paid as "${kind}" need a liability account — set it in the mapping`));
	voucher.owe(account, gross, line.lineNumber);
}

/** A difference left by rounding goes to the rounding account within the tolerance; validation holds anything else. */
function balance(voucher: Voucher, currency: string, context: MapContext): void {
	const difference = voucher.difference();
	const { config } = context;
	if (isZero(difference) || !config.roundingAccount || compare(abs(difference), parseDecimal(config.roundingTolerance)) > 0) return;
	voucher.push(config.roundingAccount, {}, negate(difference), 'Rounding difference', { role: 'rounding', lineNumbers: [] });
	context.notes.push(`Rounding difference of ${formatAmount(difference, currency)} ${currency} posted to account ${config.roundingAccount}`);
}

export function mapExpenseReportToJournal(report: CanonicalExpenseReport, context: MapContext): MappedDocument {
	const { config } = context;
	const voucher = new Voucher(report.currency);
	for (const line of report.lines) postLine(report, line, voucher, context);
	const text = renderTemplate(config.voucherTextTemplate, reportValues(report)) || report.reportNumber;
	voucher.flushCredits(text);
	balance(voucher, report.currency, context);
	const posting: JournalEntryPosting = {
		kind: 'journalEntry',
		company: context.company,
		reference: context.reference,
		voucherType: config.voucherType,
		voucherDate: voucherDate(config.voucherDateRule, report.dates, context),
		text,
		rows: voucher.rows,
		source: report.source,
	};
	return { document: report, posting, trace: voucher.trace, reasons: context.reasons, notes: [...report.notes, ...context.notes] };
}

/** Only what the company owes the employee can go on the employee's supplier invoice. */
function employeeInvoiceDrafts(report: CanonicalExpenseReport, line: CanonicalExpenseLine, context: MapContext): LineDrafts | undefined {
	const kind = kindOf(line, context);
	if (kind === undefined) return undefined;
	if (line.isPersonal && kind !== 'card') return void context.notes.push(`Line ${line.lineNumber}: personal expense not paid by the company — nothing to post`);
	if (kind !== 'employee' || line.isPersonal) {
		const what = line.isPersonal ? 'a personal company-card charge' : `paid as "${kind}"`;
		return void context.reasons.push(lineReason(lineTrace(line, 'invoiceLine'), 'paymentType', line.paymentTypeCode ?? '', `${what}, so it cannot go on the employee's supplier invoice — post this report as a journal entry`));
	}
	return businessDrafts(report, line, context);
}

export function mapExpenseReportToSupplierInvoice(report: CanonicalExpenseReport, context: MapContext): MappedDocument {
	const { config } = context;
	const drafts = report.lines.map((line) => employeeInvoiceDrafts(report, line, context)).filter((item): item is LineDrafts => item !== undefined);
	const supplierId = report.employee.fields[config.employeeSupplierField] ?? '';
	if (!supplierId) context.reasons.push(documentReason(config.employeeSupplierField, '', `the employee has no "${config.employeeSupplierField}" to use as IFS supplier — fill it in Concur or choose another employee field`));
	const expense = drafts.flatMap((item) => item.expense.map((draft) => ({ ...draft, text: item.text }))).filter((draft) => !isZero(draft.amount));
	const invoiceDate = voucherDate(config.voucherDateRule, report.dates, context);
	const posting: SupplierInvoicePosting = {
		kind: 'supplierInvoice',
		company: context.company,
		reference: context.reference,
		supplierId,
		invoiceNo: context.reference,
		seriesId: config.supplierInvoiceSeries || undefined,
		invoiceDate,
		dueDate: addDays(invoiceDate, config.defaultDueDays),
		currency: report.currency,
		netAmount: formatAmount(sum(expense.map((draft) => draft.amount)), report.currency),
		vatAmount: formatAmount(roundToCurrency(sum(drafts.flatMap((item) => item.tax).map((draft) => draft.amount)), report.currency), report.currency),
		text: renderTemplate(config.voucherTextTemplate, reportValues(report)) || report.reportNumber,
		lines: expense.map((draft) => ({ account: draft.account, codeParts: draft.codeParts, amount: formatAmount(draft.amount, report.currency), text: draft.text, sourceLine: sourceLine(draft.trace) })),
		source: report.source,
	};
	return { document: report, posting, trace: expense.map((draft) => ({ ...draft.trace, role: 'invoiceLine' })), reasons: context.reasons, notes: [...report.notes, ...context.notes] };
}
