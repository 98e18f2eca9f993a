/**
 * Expense report → balanced journal entry (default) or supplier invoice to the employee.
 * Debits: expense account × cost center per allocation — Concur's own journal amount, net of
 * reclaimable VAT — and tax accounts for the reclaimable VAT. Credits: one row per liability
 * account (employee payable, card clearing, company paid), less cash advances applied to the
 * report. Personal charges on a company card: debit employee receivable, credit card clearing.
 * Rows are in the report currency with the rate to the company's accounting currency, and the
 * voucher balances in both.
 */
import type { CanonicalCashAdvance, CanonicalExpenseLine, CanonicalExpenseReport } from '../../../shared/canonical';
import { abs, add, compare, convertAmount, type Decimal, formatAmount, formatFixed, isNegative, isZero, negate, parseDecimal, roundHalfUp, subtract, sum, ZERO } from '../../../shared/money';
import type { CodeParts, JournalEntryPosting, SupplierInvoicePosting, VoucherRow } from '../../../shared/postings';
import type { CompanyAccountSetting, MappingConfig, PaymentKind } from '../mapping-config';
import { documentReason, lineReason, type MappedDocument, type RowTrace } from '../reasons';
import { type Conversion, conversionFor, rateText } from './currency';
import { addDays, voucherDate } from './dates';
import { checkJournalAmounts, journalDrafts, lineTrace, type TaxDraft, taxDraft } from './journal';
import { companyAccount, decimalsOf, type Draft, type MapContext, paymentKindOf, renderTemplate, splitLine } from './resolve';

interface LineDrafts {
	text: string;
	expense: Draft[];
	tax: TaxDraft[];
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

/** Concur gave only percentages (v3, or FIS without journal amounts): split the net by them. */
function percentDrafts(report: CanonicalExpenseReport, line: CanonicalExpenseLine, context: MapContext): Omit<LineDrafts, 'text'> {
	const tax = line.taxes.map((item) => taxDraft(line, [item.code], parseDecimal(item.amount), context));
	const net = subtract(parseDecimal(line.amount), sum(tax.map((draft) => draft.amount)));
	const fields = { report: report.reportFields, employee: report.employee.fields };
	return { expense: splitLine({ ...line, lineId: line.entryId }, net, report.currency, fields, context), tax };
}

/** Expense shares and reclaimable VAT of a business (non-personal) line. */
function businessDrafts(report: CanonicalExpenseReport, line: CanonicalExpenseLine, context: MapContext): LineDrafts {
	const fromJournal = line.allocations.every((allocation) => allocation.journal !== undefined);
	if (fromJournal) checkJournalAmounts(line, decimalsOf(context, report.currency), context);
	const drafts = fromJournal ? journalDrafts(report, line, context) : percentDrafts(report, line, context);
	return { text: lineText(report, line, context.config), ...drafts };
}

const KIND_ACCOUNT: Record<PaymentKind, CompanyAccountSetting> = { employee: 'employeePayableAccount', card: 'cardClearingAccount', companyPaid: 'companyPaidAccount' };

/** Payment kind and credit account of a line, or a reason when the payment type is not in the table. */
function paymentOf(line: CanonicalExpenseLine, context: MapContext): { kind: PaymentKind; account: string } | undefined {
	const found = paymentKindOf(context.config, context.company, line);
	if (!found) {
		const code = line.paymentTypeCode ?? line.paymentTypeName ?? '';
		context.reasons.push(lineReason(lineTrace(line, 'liability'), 'paymentType', code, `payment type "${code}" is not in the payment-type table — map it to employee, card or company paid`));
		return undefined;
	}
	return { kind: found.kind, account: found.account ?? companyAccount(context.config, context.company, KIND_ACCOUNT[found.kind]) };
}

class Voucher {
	readonly rows: VoucherRow[] = [];
	readonly trace: RowTrace[] = [];
	private readonly credits = new Map<string, { amount: Decimal; lines: number[] }>();

	constructor(
		private readonly currency: string,
		private readonly decimals: number,
		private readonly conversion?: Conversion,
	) {}

	/** Positive amounts are debits, negative ones credits (Concur credits such as refunds). */
	push(account: string, codeParts: CodeParts, amount: Decimal, text: string, trace: RowTrace, extra: Partial<VoucherRow> = {}): void {
		const rounded = roundHalfUp(amount, this.decimals);
		if (isZero(rounded)) return;
		const accounting = this.conversion && convertAmount(rounded, this.conversion.rate, this.conversion.factor, this.conversion.decimals);
		this.addRow(account, codeParts, rounded, accounting, text, trace, extra);
	}

	/** A row without transaction amount that corrects the accounting amounts only (IFS rounds each row). */
	pushAccountingOnly(account: string, accounting: Decimal, text: string, trace: RowTrace): void {
		this.addRow(account, {}, { units: 0n, scale: this.decimals }, accounting, text, trace, {});
	}

	private addRow(account: string, codeParts: CodeParts, amount: Decimal, accounting: Decimal | undefined, text: string, trace: RowTrace, extra: Partial<VoucherRow>): void {
		const credit = isNegative(amount) || (isZero(amount) && accounting !== undefined && isNegative(accounting));
		const transaction = formatFixed(abs(amount), this.decimals);
		const conversion = this.conversion;
		const inAccounting = conversion && accounting && { [credit ? 'accountingCredit' : 'accountingDebit']: formatFixed(abs(accounting), conversion.decimals) };
		const rate = conversion && conversion.accountingCurrency !== this.currency ? { currencyRate: rateText(conversion) } : {};
		this.rows.push({ account, codeParts, currency: this.currency, ...(credit ? { credit: transaction } : { debit: transaction }), ...rate, ...inAccounting, ...extra, text, sourceLine: sourceLine(trace) });
		this.trace.push(trace);
	}

	owe(account: string, amount: Decimal, lineNumbers: number[]): void {
		const current = this.credits.get(account) ?? { amount: ZERO, lines: [] };
		this.credits.set(account, { amount: add(current.amount, amount), lines: [...current.lines, ...lineNumbers] });
	}

	/** Liability rows carry the exact sum of their lines, rounded once. */
	flushCredits(text: string): void {
		for (const [account, { amount, lines }] of this.credits) this.push(account, {}, negate(amount), text, { role: 'liability', lineNumbers: lines });
	}

	difference(): Decimal {
		return sum(this.rows.map((row) => subtract(parseDecimal(row.debit ?? '0'), parseDecimal(row.credit ?? '0'))));
	}

	accountingDifference(): Decimal {
		return sum(this.rows.map((row) => subtract(parseDecimal(row.accountingDebit ?? '0'), parseDecimal(row.accountingCredit ?? '0'))));
	}
}

function sourceLine(trace: RowTrace): string | undefined {
	if (trace.lineNumbers.length !== 1) return trace.lineNumbers.length > 1 ? `lines ${trace.lineNumbers.join(',')}` : undefined;
	return [trace.entryId, trace.itemizationId, trace.allocationId].filter(Boolean).join('/');
}

function postLine(report: CanonicalExpenseReport, line: CanonicalExpenseLine, voucher: Voucher, context: MapContext): void {
	const { config, company } = context;
	const payment = paymentOf(line, context);
	if (!payment) return;
	const gross = parseDecimal(line.amount);
	if (line.isPersonal) {
		if (payment.kind !== 'card') return void context.notes.push(`Line ${line.lineNumber}: personal expense not paid by the company — nothing to post`);
		voucher.push(companyAccount(config, company, 'employeeReceivableAccount'), {}, gross, lineText(report, line, config), lineTrace(line, 'receivable'));
		return voucher.owe(payment.account, gross, [line.lineNumber]);
	}
	const drafts = businessDrafts(report, line, context);
	for (const draft of drafts.expense) voucher.push(draft.account, draft.codeParts, draft.amount, drafts.text, draft.trace);
	for (const draft of drafts.tax) voucher.push(draft.account, {}, draft.amount, drafts.text, draft.trace, draft.taxCode ? { taxCode: draft.taxCode } : {});
	if (!payment.account) context.reasons.push(lineReason(lineTrace(line, 'liability'), 'paymentType', line.paymentTypeCode ?? '', `lines paid as "${payment.kind}" need a liability account — set it in the mapping`));
	voucher.owe(payment.account, gross, [line.lineNumber]);
}

/** +1: the advance is returned (reverses an application); -1: applied to the report; 0: not a report posting. */
const CASH_ADVANCE_DIRECTION: Record<string, number> = { '2': -1, '3': 1 };

/** Applied advances credit the clearing account and reduce what is owed to the employee; returns reverse that. */
function postCashAdvance(advance: CanonicalCashAdvance, voucher: Voucher, text: string, context: MapContext): void {
	const { config, company } = context;
	const direction = CASH_ADVANCE_DIRECTION[advance.transactionType];
	if (!direction) return void context.notes.push(`Cash advance ${advance.cashAdvanceId} (transaction type ${advance.transactionType || 'none'}) is not applied to this report — nothing posted for it`);
	const amount = abs(parseDecimal(advance.amount));
	const signed = direction < 0 ? negate(amount) : amount;
	const clearing = companyAccount(config, company, 'cashAdvanceClearingAccount') || (config.fallbackToConcurAccount ? advance.clearingAccountCode : undefined);
	if (!clearing) {
		context.reasons.push(documentReason('cashAdvanceClearingAccount', advance.cashAdvanceId, `cash advance ${advance.cashAdvanceId} needs a cash-advance clearing account — set it in the mapping`));
	}
	voucher.push(clearing ?? '', {}, signed, text, { role: 'cashAdvance', lineNumbers: [] });
	voucher.owe(companyAccount(config, company, 'employeePayableAccount'), signed, []);
}

/** Differences left by rounding go to the rounding account (transaction currency within the tolerance; accounting currency always, as IFS rounds each row); validation holds anything else. */
function balance(voucher: Voucher, currency: string, conversion: Conversion | undefined, context: MapContext): void {
	const { config, company } = context;
	const roundingAccount = companyAccount(config, company, 'roundingAccount');
	const difference = voucher.difference();
	if (!isZero(difference) && roundingAccount && compare(abs(difference), parseDecimal(config.roundingTolerance)) <= 0) {
		voucher.push(roundingAccount, {}, negate(difference), 'Rounding difference', { role: 'rounding', lineNumbers: [] });
		context.notes.push(`Rounding difference of ${formatAmount(difference, currency)} ${currency} posted to account ${roundingAccount}`);
	}
	const accounting = voucher.accountingDifference();
	if (!conversion || isZero(accounting) || !isZero(voucher.difference()) || !roundingAccount) return;
	// each row is rounded on its own, so the difference can reach half a unit per row
	const perRow = { units: BigInt(voucher.rows.length) * 5n, scale: conversion.decimals + 1 };
	const tolerance = compare(perRow, parseDecimal(config.roundingTolerance)) > 0 ? perRow : parseDecimal(config.roundingTolerance);
	if (compare(abs(accounting), tolerance) > 0) return;
	voucher.pushAccountingOnly(roundingAccount, negate(accounting), 'Rounding difference', { role: 'rounding', lineNumbers: [] });
	context.notes.push(`Rounding difference of ${formatFixed(accounting, conversion.decimals)} ${conversion.accountingCurrency} (accounting currency) posted to account ${roundingAccount}`);
}

export function mapExpenseReportToJournal(report: CanonicalExpenseReport, context: MapContext): MappedDocument {
	const { config } = context;
	const date = voucherDate(config.voucherDateRule, report.dates, context);
	const conversion = date ? conversionFor(report.currency, date, report.reportFields, context) : undefined;
	const voucher = new Voucher(report.currency, decimalsOf(context, report.currency), conversion);
	for (const line of report.lines) postLine(report, line, voucher, context);
	const text = renderTemplate(config.voucherTextTemplate, reportValues(report)) || report.reportNumber;
	for (const advance of report.cashAdvances) postCashAdvance(advance, voucher, text, context);
	voucher.flushCredits(text);
	balance(voucher, report.currency, conversion, context);
	const posting: JournalEntryPosting = {
		kind: 'journalEntry',
		company: context.company,
		reference: context.reference,
		voucherType: config.voucherType,
		voucherDate: date,
		text,
		...(conversion ? { accountingCurrency: conversion.accountingCurrency } : {}),
		rows: voucher.rows,
		source: report.source,
		...(report.receipts ? { receipts: report.receipts } : {}),
	};
	return { document: report, posting, trace: voucher.trace, reasons: context.reasons, notes: [...report.notes, ...context.notes] };
}

/** Only what the company owes the employee can go on the employee's supplier invoice. */
function employeeInvoiceDrafts(report: CanonicalExpenseReport, line: CanonicalExpenseLine, context: MapContext): LineDrafts | undefined {
	const payment = paymentOf(line, context);
	if (payment === undefined) return undefined;
	if (line.isPersonal && payment.kind !== 'card') return void context.notes.push(`Line ${line.lineNumber}: personal expense not paid by the company — nothing to post`);
	if (payment.kind !== 'employee' || line.isPersonal) {
		const what = line.isPersonal ? 'a personal company-card charge' : `paid as "${payment.kind}"`;
		return void context.reasons.push(lineReason(lineTrace(line, 'invoiceLine'), 'paymentType', line.paymentTypeCode ?? '', `${what}, so it cannot go on the employee's supplier invoice — post this report as a journal entry`));
	}
	return businessDrafts(report, line, context);
}

export function mapExpenseReportToSupplierInvoice(report: CanonicalExpenseReport, context: MapContext): MappedDocument {
	const { config } = context;
	const drafts = report.lines.map((line) => employeeInvoiceDrafts(report, line, context)).filter((item): item is LineDrafts => item !== undefined);
	const supplierId = report.employee.fields[config.employeeSupplierField] ?? '';
	if (!supplierId) context.reasons.push(documentReason(config.employeeSupplierField, '', `the employee has no "${config.employeeSupplierField}" to use as IFS supplier — fill it in Concur or choose another employee field`));
	for (const advance of report.cashAdvances) {
		context.reasons.push(documentReason('cashAdvance', advance.cashAdvanceId, `cash advance ${advance.cashAdvanceId} cannot go on the employee's supplier invoice — post this report as a journal entry`));
	}
	const decimals = decimalsOf(context, report.currency);
	const expense = drafts.flatMap((item) => item.expense.map((draft) => ({ ...draft, amount: roundHalfUp(draft.amount, decimals), text: item.text }))).filter((draft) => !isZero(draft.amount));
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
		netAmount: formatFixed(sum(expense.map((draft) => draft.amount)), decimals),
		vatAmount: formatFixed(sum(drafts.flatMap((item) => item.tax).map((draft) => draft.amount)), decimals),
		text: renderTemplate(config.voucherTextTemplate, reportValues(report)) || report.reportNumber,
		lines: expense.map((draft) => ({ account: draft.account, codeParts: draft.codeParts, amount: formatFixed(draft.amount, decimals), text: draft.text, sourceLine: sourceLine(draft.trace) })),
		source: report.source,
	};
	return { document: report, posting, trace: expense.map((draft) => ({ ...draft.trace, role: 'invoiceLine' })), reasons: context.reasons, notes: [...report.notes, ...context.notes] };
}
