/**
 * FIS `expense` financial document → CanonicalExpenseReport. FIS flattens itemizations into
 * their own `expenseEntry` rows (own expense type, allocations and journals); when they point at
 * a parent entry (`parentEntryId`), the parent is only a container and is not posted itself.
 */
import type { CanonicalAllocation, CanonicalCashAdvance, CanonicalExpenseLine, CanonicalExpenseReport, CanonicalJournalAmounts, CanonicalTax } from '../../../shared/canonical';
import type { ReceiptReference } from '../../../shared/postings';
import { definedOnly, employeeOf, wholeAllocation, withSource } from './build';
import { date, firstAmount, firstText, fisFields, flag, isRecord, type Json, list, optionalAmount, record, requiredAmount, requiredText, sumAmounts, text } from './read';

/** One item of FIS `content[]`: `document` is an object, or a JSON string with `DocumentFormatAs: text`. */
export interface FisEnvelope {
	id?: string;
	docType?: string;
	companyId?: string;
	entityId?: string;
	companyUuid?: string;
	document: unknown;
	docStatus?: string;
}

interface AllocationFacts {
	allocation: CanonicalAllocation;
	gross?: string;
	payer?: string;
	payee?: string;
	taxes: CanonicalTax[];
}

function fisTaxes(allocation: Json, field: string): CanonicalTax[] {
	return list(allocation.tax).flatMap((tax, index) => {
		const code = firstText(tax.taxCode, tax.taxReclaimCode, tax.nonDomesticCode, tax.taxAuthorityLabel);
		const at = `${field}.tax[${index}]`;
		const amount = firstAmount([
			[tax.amountReclaim, `${at}.amountReclaim`],
			[tax.taxReclaimAmount, `${at}.taxReclaimAmount`],
			[tax.amountTax, `${at}.amountTax`],
			[tax.taxAmount, `${at}.taxAmount`],
		]);
		return code && amount ? [{ code, amount }] : [];
	});
}

/** The sum of one amount over the journal rows; undefined unless every row states it. */
function journalSum(journals: Json[], name: string, field: string): string | undefined {
	const amounts = journals.map((journal, index) => optionalAmount(journal[name], `${field}.journal[${index}].${name}`));
	return amounts.length > 0 && amounts.every((amount) => amount !== undefined) ? sumAmounts(amounts as string[]) : undefined;
}

function taxGuidsOf(journals: Json[]): string[] {
	return journals.flatMap((journal) => (Array.isArray(journal.taxGuid) ? journal.taxGuid : [journal.taxGuid]).map(text).filter((guid): guid is string => guid !== undefined));
}

function journalAmounts(journals: Json[], taxes: CanonicalTax[], field: string): CanonicalJournalAmounts | undefined {
	const gross = journalSum(journals, 'amountGross', field);
	if (gross === undefined) return undefined;
	const amounts = { gross, netOfReclaim: journalSum(journals, 'amountNetOfReclaim', field), netOfTax: journalSum(journals, 'amountNetOfTax', field), tax: journalSum(journals, 'amountTax', field) };
	return { ...(Object.fromEntries(Object.entries(amounts).filter(([, value]) => value !== undefined)) as { gross: string }), taxGuids: taxGuidsOf(journals), taxes };
}

function fisAllocation(allocation: Json, field: string, fallbackId: string): AllocationFacts {
	// journal is an array in expense documents; tolerate a single object
	const journals = list(allocation.journal);
	const taxes = fisTaxes(allocation, field);
	const journal = journalAmounts(journals, taxes, field);
	return {
		allocation: {
			allocationId: text(allocation.allocationId) ?? fallbackId,
			percentage: optionalAmount(allocation.allocationPercentage, `${field}.allocationPercentage`) ?? '100',
			concurAccountCode: text(journals[0]?.journalAccountCode),
			fields: fisFields(allocation, 'allocation'),
			...(journal ? { journal } : {}),
		},
		gross: journal?.gross,
		payer: text(journals[0]?.journalPayer),
		payee: text(journals[0]?.journalPayee),
		taxes,
	};
}

function mergeTaxes(taxes: CanonicalTax[]): CanonicalTax[] {
	const byCode = new Map<string, string[]>();
	for (const tax of taxes) byCode.set(tax.code, [...(byCode.get(tax.code) ?? []), tax.amount]);
	return [...byCode].map(([code, amounts]) => ({ code, amount: sumAmounts(amounts) }));
}

type LineDraft = Omit<CanonicalExpenseLine, 'lineNumber'>;

function fisLine(entry: Json, index: number, currency: string): LineDraft {
	const field = `document.expenseEntry[${index}]`;
	const ownId = requiredText(entry.entryId, `${field}.entryId`);
	const parentId = text(entry.parentEntryId);
	const entryId = parentId ?? ownId;
	const facts = list(entry.allocation).map((allocation, position) => fisAllocation(allocation, `${field}.allocation[${position}]`, `${entryId}#${position + 1}`));
	const grosses = facts.map((fact) => fact.gross).filter((gross): gross is string => gross !== undefined);
	// journal amounts are in the report currency; without journals the approved amount is
	const approvedAmount = optionalAmount(entry.entryApprovedAmount, `${field}.entryApprovedAmount`);
	const amount = grosses.length > 0 ? sumAmounts(grosses) : requiredAmount(entry.entryApprovedAmount, `${field}.entryApprovedAmount`);
	const rateDirection = text(entry.entryExchangeRateDirection);
	return {
		entryId,
		itemizationId: parentId ? ownId : undefined,
		expenseTypeCode: requiredText(entry.expenseTypeCode, `${field}.expenseTypeCode`),
		expenseTypeName: text(entry.expenseTypeName),
		concurAccountCode: facts[0]?.allocation.concurAccountCode,
		paymentTypeCode: firstText(entry.reportEntryPaymentTypeCode, entry.reportEntryPatKey),
		paymentTypeName: text(entry.reportEntryPaymentTypeName),
		payer: facts[0]?.payer,
		payee: facts[0]?.payee,
		isPersonal: flag(entry.entryIsPersonal),
		transactionDate: date(entry.entryDate, `${field}.entryDate`),
		amount,
		approvedAmount,
		currency,
		transactionAmount: optionalAmount(entry.reportEntryTransactionAmount, `${field}.reportEntryTransactionAmount`),
		transactionCurrency: text(entry.entryCurrAlphaCode),
		exchangeRate: optionalAmount(entry.entryExchangeRate, `${field}.entryExchangeRate`),
		exchangeRateOperation: rateDirection === 'D' ? 'DIVIDE' : rateDirection === 'M' ? 'MULTIPLY' : undefined,
		taxes: mergeTaxes(facts.flatMap((fact) => fact.taxes)),
		countryCode: text(entry.entryCountryCode),
		vendor: firstText(entry.entryVendorDescription, entry.entryVendorCode),
		fields: fisFields(entry, 'entry'),
		allocations: facts.length > 0 ? facts.map((fact) => fact.allocation) : wholeAllocation(ownId),
	};
}

function fisLines(entries: Json[], currency: string): CanonicalExpenseLine[] {
	const containers = new Set(entries.map((entry) => text(entry.parentEntryId)).filter(Boolean));
	return entries
		.map((entry, index) => ({ entry, index }))
		.filter(({ entry }) => !containers.has(text(entry.entryId)))
		.map(({ entry, index }, position) => ({ ...fisLine(entry, index, currency), lineNumber: position + 1 }));
}

/** Every entry's receipt image once, itemization containers included (the receipt usually sits on the parent). */
function receiptsOf(entries: Json[]): Pick<CanonicalExpenseReport, 'receipts'> {
	const receipts = new Map<string, ReceiptReference>();
	for (const entry of entries) {
		const receiptId = text(entry.entryReceiptId);
		if (receiptId && !receipts.has(receiptId)) receipts.set(receiptId, { receiptId, entryId: text(entry.entryId) ?? '' });
	}
	return receipts.size ? { receipts: [...receipts.values()] } : {};
}

function cashAdvances(document: Json): CanonicalCashAdvance[] {
	return list(document.cashAdvanceApplication).map((advance, index) => {
		const field = `document.cashAdvanceApplication[${index}]`;
		return {
			cashAdvanceId: text(advance.cashAdvanceId) ?? String(index + 1),
			amount: requiredAmount(advance.cashAdvanceApplicationAmount, `${field}.cashAdvanceApplicationAmount`),
			transactionType: text(advance.cashAdvanceTransactionType) ?? '',
			clearingAccountCode: text(advance.cashAdvanceClearingAccountCode),
		};
	});
}

export function normalizeFisExpense(envelope: FisEnvelope, document: Json): CanonicalExpenseReport {
	const report = record(document.report, 'document.report');
	const employee = isRecord(document.employee) ? document.employee : {};
	const reportId = requiredText(report.reportId, 'document.report.reportId');
	const currency = requiredText(report.employeeCurrencyAlphaCode, 'document.report.employeeCurrencyAlphaCode');
	const name = [text(employee.employeeFirstName), text(employee.employeeLastName)].filter(Boolean).join(' ') || undefined;
	const employeeFields = { ...fisFields(employee, 'employee'), ...definedOnly({ employeeId: text(employee.employeeId), loginId: text(employee.loginId), email: text(employee.emailAddress) }) };
	const reportFields = fisFields(report, 'report');
	return withSource<CanonicalExpenseReport>(
		{
			kind: 'expenseReport',
			reportId,
			reportNumber: text(report.reportNumber) ?? reportId,
			reportName: text(report.reportName),
			employee: employeeOf(employeeFields, name),
			companyHints: { ...reportFields, ...definedOnly({ ledgerCode: text(report.ledgerCode), entityId: text(envelope.entityId), companyId: text(envelope.companyId) }) },
			currency,
			dates: {
				reportDate: date(report.reportUserDefinedDate, 'document.report.reportUserDefinedDate'),
				submitDate: date(report.reportSubmitDate, 'document.report.reportSubmitDate'),
				processingDate: date(report.reportPaymentProcessingDate, 'document.report.reportPaymentProcessingDate'),
			},
			reportFields,
			lines: fisLines(list(document.expenseEntry), currency),
			cashAdvances: cashAdvances(document),
			...receiptsOf(list(document.expenseEntry)),
			notes: [],
		},
		{ type: 'fis-expense', id: reportId, fisDocumentId: text(envelope.id), fisDocType: 'expense' },
	);
}
