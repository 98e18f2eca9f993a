/**
 * v3 expense report as the SapConcur node assembles it (report + Entries, each with its
 * Itemizations and Allocations) → CanonicalExpenseReport. An itemized entry is only a container:
 * its itemizations become the lines, each under its own expense type.
 */
import type { CanonicalAllocation, CanonicalExpenseLine, CanonicalExpenseReport } from '../../../shared/canonical';
import { definedOnly, employeeOf, wholeAllocation, withSource } from './build';
import { date, firstAmount, firstText, flag, InputError, type Json, list, optionalAmount, record, requiredText, text, v3Fields } from './read';

/** v3 custom field / org unit value (`Custom1`…, `OrgUnit1`…). */
export type V3CustomField = { Type?: string; Value?: string | null; Code?: string | null; ListItemID?: string | null } | string | null;

/** GET /api/v3.0/expense/allocations item (Percentage is a string such as "100.00000000"). */
export interface V3Allocation {
	ID: string;
	EntryID?: string;
	Percentage: string | number;
	AccountCode1?: string | null;
	AccountCode2?: string | null;
	[custom: string]: unknown;
}

/** GET /api/v3.0/expense/itemizations item, with the allocations of that itemization (`Allocations`). */
export interface V3Itemization {
	ID: string;
	EntryID?: string;
	ExpenseTypeCode: string;
	ExpenseTypeName?: string;
	TransactionDate?: string;
	TransactionAmount?: string | number;
	PostedAmount?: string | number;
	ApprovedAmount?: string | number;
	IsPersonal?: boolean | string;
	Allocations?: V3Allocation[];
	[custom: string]: unknown;
}

/** GET /api/v3.0/expense/entries item, with its `Itemizations` and `Allocations` attached. */
export interface V3Entry {
	ID: string;
	ExpenseTypeCode: string;
	ExpenseTypeName?: string;
	PaymentTypeID?: string;
	PaymentTypeCode?: string;
	PaymentTypeName?: string;
	TransactionDate?: string;
	TransactionAmount?: string | number;
	TransactionCurrencyCode?: string;
	PostedAmount?: string | number;
	ApprovedAmount?: string | number;
	ExchangeRate?: string | number;
	VendorDescription?: string | null;
	VendorListItemName?: string | null;
	IsPersonal?: boolean | string;
	Itemizations?: V3Itemization[];
	Allocations?: V3Allocation[];
	[custom: string]: unknown;
}

/** GET /api/v3.0/expense/reports/{id} (plus optional EmployeeID / ReportNumber / LedgerCode when known). */
export interface V3Report {
	ID: string;
	Name?: string;
	ReportNumber?: string;
	OwnerLoginID?: string;
	OwnerName?: string;
	EmployeeID?: string;
	CurrencyCode: string;
	LedgerName?: string;
	LedgerCode?: string;
	UserDefinedDate?: string;
	SubmitDate?: string;
	ProcessingPaymentDate?: string;
	[custom: string]: unknown;
}

/** What the SapConcur node's "Get with Details" returns: the report with its `Entries` attached. */
export type V3AssembledReport = V3Report & { Entries: V3Entry[] };

function v3Allocations(allocations: Json[], lineId: string, field: string): CanonicalAllocation[] {
	if (allocations.length === 0) return wholeAllocation(lineId);
	return allocations.map((allocation, index) => ({
		allocationId: text(allocation.ID) ?? `${lineId}#${index + 1}`,
		percentage: optionalAmount(allocation.Percentage, `${field}.allocations[${index}].Percentage`) ?? '100',
		concurAccountCode: firstText(allocation.AccountCode1, allocation.AccountCode2),
		fields: v3Fields(allocation),
	}));
}

/** Report-currency amount: approved, else posted (TransactionAmount is in the receipt's currency). */
function reportAmount(item: Json, field: string): string {
	const amount = firstAmount([
		[item.ApprovedAmount, `${field}.ApprovedAmount`],
		[item.PostedAmount, `${field}.PostedAmount`],
	]);
	if (amount === undefined) throw new InputError(`${field}.ApprovedAmount`, 'is required but empty (no PostedAmount either)');
	return amount;
}

type LineDraft = Omit<CanonicalExpenseLine, 'lineNumber'>;

function entryLine(entry: Json, item: Json, field: string, currency: string, allocations: Json[]): LineDraft {
	const itemizationId = item === entry ? undefined : requiredText(item.ID, `${field}.ID`);
	const entryId = requiredText(entry.ID, 'entry.ID');
	return {
		entryId,
		itemizationId,
		expenseTypeCode: requiredText(item.ExpenseTypeCode, `${field}.ExpenseTypeCode`),
		expenseTypeName: text(item.ExpenseTypeName),
		paymentTypeCode: firstText(entry.PaymentTypeCode, entry.PaymentTypeID),
		paymentTypeName: text(entry.PaymentTypeName),
		isPersonal: flag(item.IsPersonal ?? entry.IsPersonal),
		transactionDate: date(item.TransactionDate ?? entry.TransactionDate, `${field}.TransactionDate`),
		amount: reportAmount(item, field),
		currency,
		transactionAmount: optionalAmount(item.TransactionAmount, `${field}.TransactionAmount`),
		transactionCurrency: text(entry.TransactionCurrencyCode),
		exchangeRate: optionalAmount(entry.ExchangeRate, `${field}.ExchangeRate`),
		taxes: [],
		countryCode: text(entry.LocationCountry),
		vendor: firstText(entry.VendorDescription, entry.VendorListItemName),
		fields: { ...v3Fields(entry), ...(item === entry ? {} : v3Fields(item)) },
		allocations: v3Allocations(allocations, itemizationId ?? entryId, field),
	};
}

function entryLines(entry: Json, index: number, currency: string): LineDraft[] {
	const field = `Entries[${index}]`;
	const itemizations = list(entry.Itemizations);
	if (itemizations.length === 0) return [entryLine(entry, entry, field, currency, list(entry.Allocations))];
	return itemizations.map((itemization, position) => entryLine(entry, itemization, `${field}.Itemizations[${position}]`, currency, list(itemization.Allocations)));
}

export function normalizeV3Report(input: V3AssembledReport): CanonicalExpenseReport {
	const report = record(input, 'report');
	const reportId = requiredText(report.ID, 'ID');
	const currency = requiredText(report.CurrencyCode, 'CurrencyCode');
	const reportFields = v3Fields(report);
	const employeeFields = definedOnly({ employeeId: text(report.EmployeeID), loginId: text(report.OwnerLoginID) });
	const drafts = list(report.Entries).flatMap((entry, index) => entryLines(entry, index, currency));
	return withSource<CanonicalExpenseReport>(
		{
			kind: 'expenseReport',
			reportId,
			reportNumber: text(report.ReportNumber) ?? reportId,
			reportName: text(report.Name),
			employee: employeeOf(employeeFields, text(report.OwnerName)),
			companyHints: { ...reportFields, ...definedOnly({ ledgerCode: firstText(report.LedgerCode, report.LedgerName) }) },
			currency,
			dates: {
				reportDate: date(report.UserDefinedDate, 'UserDefinedDate'),
				submitDate: date(report.SubmitDate, 'SubmitDate'),
				processingDate: date(report.ProcessingPaymentDate, 'ProcessingPaymentDate'),
			},
			reportFields,
			lines: drafts.map((draft, index) => ({ ...draft, lineNumber: index + 1 })),
			// v3 reports do not carry cash advance applications
			cashAdvances: [],
			notes: [],
		},
		{ type: 'v3-report', id: reportId },
	);
}
