/**
 * Canonical documents: what every Concur source (FIS expense/invoice, v3 report, v3 payment
 * request, purchase request) is normalised into before it is mapped to IFS postings.
 *
 * Everything is JSON-safe: amounts and percentages are canonical decimal strings (see money.ts
 * `formatDecimal`), dates are `yyyy-MM-dd`.
 *
 * `Fields` flattens Concur's custom fields and org units so the cost-center (or company) source is
 * just a key, the same whichever API the document came from:
 * - `custom<N>` / `orgUnit<N>`: the field's code (FIS `…Custom4Code`, v3 `Custom4.Code`, a plain
 *   v3 string, or a v4 `customData` value such as a 32-hex list-item id);
 * - `custom<N>.value` / `orgUnit<N>.value`: the field's display value, when Concur gives one;
 * - `custom<N>.listItemId`: the v3 list item id, when given.
 * Employee fields also carry `employeeId`, `loginId`, `email`, `name`; company hints carry
 * `ledgerCode`, `entityId`, `companyId` next to the report's org units and custom fields.
 */
import type { ReceiptReference, SourceReference } from './postings';

export type Fields = Record<string, string>;

export type DocumentKind = 'expenseReport' | 'invoice' | 'purchaseRequest';

export interface CanonicalEmployee {
	employeeId?: string;
	name?: string;
	loginId?: string;
	fields: Fields;
}

export interface CanonicalAllocation {
	/** Concur allocation id; synthetic `<lineId>#1` when Concur sent no allocation (100 %). */
	allocationId: string;
	percentage: string;
	/** Concur journal/allocation account code (FIS `journalAccountCode`, v3 `AccountCode1`). */
	concurAccountCode?: string;
	fields: Fields;
	/** What Concur's journal states for this allocation (report currency); absent when Concur gives only a percentage. */
	journal?: CanonicalJournalAmounts;
}

/** FIS journal amounts of one allocation, summed over its journal rows (report currency). */
export interface CanonicalJournalAmounts {
	gross: string;
	/** Gross minus the reclaimable VAT: what stays on the expense account. */
	netOfReclaim?: string;
	netOfTax?: string;
	/** All VAT (reclaimable or not). */
	tax?: string;
	/** Concur tax GUIDs of the journal rows (32 hex), to find the tax account. */
	taxGuids: string[];
	/** Reclaimable VAT from the allocation's `tax[]` array, when Concur sends one. */
	taxes: CanonicalTax[];
}

export interface CanonicalTax {
	/** Concur tax code (FIS taxCode, else reclaim code, else authority label). */
	code: string;
	/** Reclaimable tax in the line's (report) currency. */
	amount: string;
}

export interface CanonicalExpenseLine {
	/** 1-based position in the report, as a finance user counts lines. */
	lineNumber: number;
	entryId: string;
	/** Set when the line is an itemization of `entryId`. */
	itemizationId?: string;
	expenseTypeCode: string;
	expenseTypeName?: string;
	concurAccountCode?: string;
	paymentTypeCode?: string;
	/** v3 only gives an opaque PaymentTypeID, so the name is kept to match on too. */
	paymentTypeName?: string;
	payer?: string;
	payee?: string;
	isPersonal: boolean;
	transactionDate?: string;
	/** Gross amount in the report currency (the sum of Concur's journal amounts when it gives them). */
	amount: string;
	/** Concur's approved amount of the entry (report currency), checked against the journal. */
	approvedAmount?: string;
	currency: string;
	transactionAmount?: string;
	transactionCurrency?: string;
	/** As Concur gives it (transaction → report currency). */
	exchangeRate?: string;
	exchangeRateOperation?: 'MULTIPLY' | 'DIVIDE';
	taxes: CanonicalTax[];
	/** Country the expense was incurred in (ISO 3166-1 alpha-2), a fallback key for the tax account. */
	countryCode?: string;
	vendor?: string;
	fields: Fields;
	allocations: CanonicalAllocation[];
}

/** An FIS `cashAdvanceApplication`: a cash advance applied to (type 2) or returned on (type 3) the report. */
export interface CanonicalCashAdvance {
	cashAdvanceId: string;
	/** As Concur gives it (report currency; Concur's sample states applications as negative amounts). */
	amount: string;
	transactionType: string;
	clearingAccountCode?: string;
}

export interface CanonicalExpenseReport {
	kind: 'expenseReport';
	source: SourceReference;
	reportId: string;
	reportNumber: string;
	reportName?: string;
	employee: CanonicalEmployee;
	companyHints: Fields;
	currency: string;
	dates: { reportDate?: string; submitDate?: string; processingDate?: string };
	reportFields: Fields;
	lines: CanonicalExpenseLine[];
	cashAdvances: CanonicalCashAdvance[];
	/** Receipt images Concur holds for the report's entries (FIS `entryReceiptId`). */
	receipts?: ReceiptReference[];
	/** Things the normaliser saw and deliberately did not turn into lines. */
	notes: string[];
}

export interface CanonicalInvoiceLine {
	lineNumber: number;
	lineId: string;
	description: string;
	expenseTypeCode?: string;
	expenseTypeName?: string;
	quantity?: string;
	unitPrice?: string;
	/** Net amount (without VAT) in the invoice currency. */
	amount: string;
	taxAmount?: string;
	/** Concur's tax code of the line, when it gives one. */
	taxCode?: string;
	/** VAT rate in percent (v3 `VatRate`), the other key for the IFS tax code. */
	taxRate?: string;
	purchaseOrderNumber?: string;
	fields: Fields;
	allocations: CanonicalAllocation[];
}

export interface CanonicalInvoice {
	kind: 'invoice';
	source: SourceReference;
	requestId: string;
	invoiceNumber?: string;
	vendor: { code: string; name?: string; addressCode?: string };
	purchaseOrderNumber?: string;
	currency: string;
	dates: { invoiceDate?: string; dueDate?: string; postingDate?: string; submitDate?: string };
	paymentTermDays?: number;
	/** Invoice total as Concur states it (net + tax + shipping). */
	totalAmount?: string;
	taxAmount?: string;
	description?: string;
	employee: CanonicalEmployee;
	companyHints: Fields;
	requestFields: Fields;
	lines: CanonicalInvoiceLine[];
	/** Workflow status as Concur states it (v3 `ApprovalStatus`); FIS only delivers approved invoices. */
	approvalStatus?: string;
	deleted?: boolean;
	notes: string[];
}

export interface CanonicalPurchaseRequestLine {
	lineNumber: number;
	lineId: string;
	description: string;
	quantity: string;
	unitPrice: string;
	expenseTypeCode?: string;
	concurAccountCode?: string;
	vendorCode?: string;
	neededByDate?: string;
	fields: Fields;
	allocations: CanonicalAllocation[];
}

export interface CanonicalPurchaseRequest {
	kind: 'purchaseRequest';
	source: SourceReference;
	purchaseRequestId: string;
	purchaseRequestNumber: string;
	workflowStatus?: string;
	description?: string;
	employee: CanonicalEmployee;
	companyHints: Fields;
	currency: string;
	dates: { requestDate?: string; neededByDate?: string };
	lines: CanonicalPurchaseRequestLine[];
	notes: string[];
}

export type CanonicalDocument = CanonicalExpenseReport | CanonicalInvoice | CanonicalPurchaseRequest;
