/**
 * What the mapping node (ConcurToIfs) hands to the IFS Cloud node's Posting operation: one
 * self-contained, already-validated IFS document per Concur document. Amounts are decimal
 * strings (see money.ts), never JS numbers.
 */

/** Cost-center style code parts B..J, by IFS attribute name (CodeB = cost center by default). */
export type CodeParts = Partial<Record<'CodeB' | 'CodeC' | 'CodeD' | 'CodeE' | 'CodeF' | 'CodeG' | 'CodeH' | 'CodeI' | 'CodeJ', string>>;

export interface SourceReference {
	system: 'SAP Concur';
	/** FIS expense/invoice document, v3 report, v3 payment request, purchase request. */
	type: 'fis-expense' | 'fis-invoice' | 'v3-report' | 'v3-payment-request' | 'purchase-request';
	/** Report id / request id / purchase request id. */
	id: string;
	/** FIS financial-document id (ack/confirm key), when the source is FIS. */
	fisDocumentId?: string;
	fisDocType?: 'expense' | 'invoice' | 'cashadvance';
	/** Content hash of the source document (changes when Concur resubmits a changed document). */
	version: string;
}

export interface VoucherRow {
	account: string;
	codeParts: CodeParts;
	currency: string;
	/** Exactly one of debit / credit is set, as a positive decimal string (0 on a row that only rounds the accounting amounts). */
	debit?: string;
	credit?: string;
	/** Rate from `currency` to the company's accounting currency as IFS quotes it (per the currency's conversion factor); omitted for accounting-currency rows. */
	currencyRate?: string;
	/** The row in the accounting currency (amount × rate / factor, rounded); on the same side as debit / credit. */
	accountingDebit?: string;
	accountingCredit?: string;
	/** IFS tax code (OptionalCode) when the row is a tax row or carries tax. */
	taxCode?: string;
	text: string;
	/** Which Concur line this row came from (entry/itemization/allocation ids), for audit. */
	sourceLine?: string;
}

export interface JournalEntryPosting {
	kind: 'journalEntry';
	company: string;
	/** Idempotency key stored in IFS (ReferenceNumber on every row): e.g. CONCUR-EXP-<reportId>. */
	reference: string;
	voucherType: string;
	voucherDate: string;
	text: string;
	/** The company's accounting currency the rows' accounting amounts are in. */
	accountingCurrency?: string;
	rows: VoucherRow[];
	source: SourceReference;
	/** Receipt images of the report's entries, to attach to the voucher once it exists. */
	receipts?: ReceiptReference[];
}

export interface ReceiptReference {
	/** Concur's receipt image id. */
	receiptId: string;
	entryId: string;
}

export interface SupplierInvoiceLine {
	account: string;
	codeParts: CodeParts;
	amount: string;
	text: string;
	taxCode?: string;
	sourceLine?: string;
}

export interface SupplierInvoicePosting {
	kind: 'supplierInvoice';
	company: string;
	/** Idempotency: (supplierId, invoiceNo) is unique in IFS; reference also goes into VoucherText. */
	reference: string;
	supplierId: string;
	invoiceNo: string;
	/** IFS invoice series (SeriesId); the IFS default applies when omitted. */
	seriesId?: string;
	invoiceDate: string;
	dueDate?: string;
	currency: string;
	netAmount: string;
	vatAmount: string;
	purchaseOrderReference?: string;
	text: string;
	lines: SupplierInvoiceLine[];
	source: SourceReference;
}

export interface RequisitionLine {
	description: string;
	quantity: string;
	unitPrice: string;
	currency: string;
	wantedReceiptDate?: string;
	account?: string;
	codeParts?: CodeParts;
	supplierId?: string;
}

export interface PurchaseRequisitionPosting {
	kind: 'purchaseRequisition';
	company: string;
	/** Idempotency key stored on the requisition (its reference text). */
	reference: string;
	site: string;
	requisitioner: string;
	/** IFS buyer code for the requisition lines, when configured. */
	buyerCode?: string;
	requisitionDate: string;
	text: string;
	lines: RequisitionLine[];
	source: SourceReference;
}

export type IfsPosting = JournalEntryPosting | SupplierInvoicePosting | PurchaseRequisitionPosting;
