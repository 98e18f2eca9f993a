/**
 * How each posting kind becomes IFS documents: the change set that creates it atomically, and the
 * company-scoped queries that find documents already carrying its Concur reference (used before
 * creating, to read keys back afterwards, and to detect a duplicate). Pure: no n8n, no HTTP.
 */
import type {
	IfsPosting,
	JournalEntryPosting,
	PurchaseRequisitionPosting,
	SupplierInvoicePosting,
} from '../../postings';
import type { BatchOperation } from '../odata/batch';
import type { FilterNode } from '../odata/filter';
import { entityPath } from '../odata/literals';
import type { EntityRef } from '../transport';
import type { ProjectionNames } from '../projections';

export type PostingKind = IfsPosting['kind'];

/** What identifies a posted document in IFS (read back from IFS, so a replay reports the same). */
export interface IfsDocumentKeys {
	keys: Record<string, string | number>;
	voucherNo?: number;
	voucherType?: string;
	accountingYear?: number;
	invoiceId?: number;
	requisitionNo?: string;
	postingDate?: string;
	state?: string;
}

export interface PostingSettings {
	names: ProjectionNames;
	/** ExtLoadInfo LoadType of external voucher loads. */
	voucherLoadType: string;
	/** Run ManSuppInvoice_Post in the same change set (checks balance and period atomically). */
	postSupplierInvoices: boolean;
	/** UnitMeas of requisition lines. */
	requisitionUnit: string;
}

/** One place IFS shows documents carrying a Concur reference. */
export interface DocumentLookup<P extends IfsPosting = IfsPosting> {
	ref(settings: PostingSettings): EntityRef;
	/** The company/site scope plus one condition per reference (ORed). */
	filter(postings: P[]): FilterNode;
	select: string[];
	/** The Concur reference a looked-up row carries, to match it to its posting. */
	referenceOf(row: Record<string, unknown>, postings: P[]): string | undefined;
	/** The IFS document the row belongs to; undefined when the row is not (yet) a document. */
	documentOf(row: Record<string, unknown>): IfsDocumentKeys | undefined;
	/** Why the look-up may be skipped when the tenant does not offer it (404/400); absent = required. */
	optional?: string;
}

export interface DocumentModel<P extends IfsPosting = IfsPosting> {
	kind: P['kind'];
	/** Projection whose `$batch` creates the document. */
	projection(settings: PostingSettings): string;
	changeSet(posting: P, settings: PostingSettings): BatchOperation[];
	/** Where existing documents are looked up and read back; a document may show in several. */
	lookups: Array<DocumentLookup<P>>;
	/**
	 * Where a document IFS has just created is read by the keys its change set's answer carries,
	 * when the look-ups cannot see it yet (a voucher in the hold table: its load's transactions).
	 */
	created?: { read(answer: Record<string, unknown>, settings: PostingSettings): { ref: EntityRef; path: string }; documentOf(row: Record<string, unknown>): IfsDocumentKeys | undefined };
}

const text = (field: string, value: string): FilterNode => ({ field, operator: 'eq', valueType: 'string', value });
const anyOf = (conditions: FilterNode[]): FilterNode => ({ combinator: 'or', conditions });
const allOf = (...conditions: FilterNode[]): FilterNode => ({ combinator: 'and', conditions });

/** IFS Edm.Decimal as a JSON number; the posting's decimal strings are checked, never computed on. */
function amount(value: string | undefined, field: string): number | undefined {
	if (value === undefined || value === '') return undefined;
	if (!/^-?\d+(\.\d+)?$/.test(value.trim())) throw new Error(`${field} ${JSON.stringify(value)} is not a decimal amount`);
	return Number(value);
}

function withoutUndefined<T extends Record<string, unknown>>(record: T): T {
	return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

const journalEntry: DocumentModel<JournalEntryPosting> = {
	kind: 'journalEntry',
	projection: (settings) => settings.names.externalVoucher,
	// Load header, its transactions through the navigation of $1, then CheckAndCreate with $1's ETag.
	changeSet: (posting, settings) => [
		{
			method: 'POST',
			url: entityPath('ExtLoadInfoSet'),
			body: withoutUndefined({ Company: posting.company, LoadType: settings.voucherLoadType, LoadDate: posting.voucherDate, Description: posting.text }),
		},
		...posting.rows.map(
			(row, index): BatchOperation => ({
				method: 'POST',
				url: '$1/ExtTransactionsArray',
				body: withoutUndefined({
					Company: posting.company,
					VoucherType: posting.voucherType,
					TransactionDate: posting.voucherDate,
					Account: row.account,
					...row.codeParts,
					CurrencyCode: row.currency,
					CurrencyRate: amount(row.currencyRate, `rows[${index}].currencyRate`),
					CurrencyDebetAmount: amount(row.debit, `rows[${index}].debit`),
					CurrencyCreditAmount: amount(row.credit, `rows[${index}].credit`),
					OptionalCode: row.taxCode,
					Text: row.text,
					ReferenceNumber: posting.reference,
				}),
			}),
		),
		{
			method: 'POST',
			url: `$1/IfsApp.${settings.names.externalVoucher}.ExtLoadInfo_CheckAndCreate`,
			headers: { 'If-Match': '$1' },
			body: {},
		},
	],
	created: {
		read: (load, settings) => ({
			ref: { projection: settings.names.externalVoucher, entitySet: 'ExtTransactionsSet' },
			path: `${entityPath('ExtLoadInfoSet', { Company: String(load.Company), LoadId: String(load.LoadId) })}/ExtTransactionsArray`,
		}),
		documentOf: (row) => createdVoucherOf(row),
	},
	// Created vouchers wait in IFS's hold table until Update GL: the load's transactions show their numbers at once.
	lookups: [
		{
			ref: (settings) => ({ projection: settings.names.externalVoucher, entitySet: 'ExtTransactionsSet' }),
			filter: voucherReferences,
			select: ['Company', 'LoadId', 'RecordNo', 'ReferenceNumber', 'VoucherType', 'AccountingYear', 'VoucherNo', 'TransactionDate'],
			referenceOf: referenceNumberOf,
			documentOf: createdVoucherOf,
			optional: 'vouchers in the hold table (not yet through Update GL) cannot be found; a replay before Update GL would post them again',
		},
		{
			ref: (settings) => ({ projection: settings.names.voucherRows, entitySet: 'VoucherRowSet' }),
			filter: voucherReferences,
			select: ['Company', 'VoucherType', 'AccountingYear', 'VoucherNo', 'RowNo', 'VoucherDate', 'ReferenceNumber'],
			referenceOf: referenceNumberOf,
			documentOf: (row) => voucherKeys(row, row.VoucherDate),
		},
	],
};

/** An external voucher transaction names its voucher once Check and Create made one. */
function createdVoucherOf(row: Record<string, unknown>): IfsDocumentKeys | undefined {
	return row.VoucherNo === null || row.VoucherNo === undefined ? undefined : voucherKeys(row, row.TransactionDate);
}

function voucherReferences(postings: JournalEntryPosting[]): FilterNode {
	return allOf(text('Company', postings[0].company), anyOf(postings.map((p) => text('ReferenceNumber', p.reference))));
}

function referenceNumberOf(row: Record<string, unknown>): string | undefined {
	return typeof row.ReferenceNumber === 'string' ? row.ReferenceNumber : undefined;
}

function voucherKeys(row: Record<string, unknown>, date: unknown): IfsDocumentKeys {
	return {
		keys: { Company: String(row.Company), VoucherType: String(row.VoucherType), AccountingYear: Number(row.AccountingYear), VoucherNo: Number(row.VoucherNo) },
		voucherNo: Number(row.VoucherNo),
		voucherType: String(row.VoucherType),
		accountingYear: Number(row.AccountingYear),
		postingDate: typeof date === 'string' ? date : undefined,
	};
}

const supplierInvoice: DocumentModel<SupplierInvoicePosting> = {
	kind: 'supplierInvoice',
	projection: (settings) => settings.names.supplierInvoice,
	changeSet: (posting, settings) => [
		{
			method: 'POST',
			url: entityPath('ManSuppInvoiceSet'),
			body: withoutUndefined({
				Company: posting.company,
				Identity: posting.supplierId,
				PartyType: 'Supplier',
				SeriesId: posting.seriesId,
				InvoiceNo: posting.invoiceNo,
				InvoiceDate: posting.invoiceDate,
				DueDate: posting.dueDate,
				Currency: posting.currency,
				NetCurrAmount: amount(posting.netAmount, 'netAmount'),
				VatCurrAmount: amount(posting.vatAmount, 'vatAmount'),
				PoRefNumber: posting.purchaseOrderReference,
				VoucherText: invoiceVoucherText(posting),
			}),
		},
		...posting.lines.map(
			(line, index): BatchOperation => ({
				method: 'POST',
				url: '$1/ManSuppInvoicePostingsArray',
				body: withoutUndefined({
					Company: posting.company,
					Account: line.account,
					...line.codeParts,
					CurrAmount: amount(line.amount, `lines[${index}].amount`),
					Text: line.text,
					TaxCode: line.taxCode,
				}),
			}),
		),
		...(settings.postSupplierInvoices
			? [{ method: 'POST' as const, url: `$1/IfsApp.${settings.names.supplierInvoice}.ManSuppInvoice_Post`, headers: { 'If-Match': '$1' }, body: {} }]
			: []),
	],
	lookups: [
		{
			ref: (settings) => ({ projection: settings.names.supplierInvoice, entitySet: 'ManSuppInvoiceSet' }),
			// (supplier, invoice number) is unique per company in IFS, so it is the idempotency key.
			filter: (postings) =>
				allOf(text('Company', postings[0].company), anyOf(postings.map((p) => allOf(text('Identity', p.supplierId), text('InvoiceNo', p.invoiceNo))))),
			select: ['Company', 'InvoiceId', 'Identity', 'InvoiceNo', 'InvoiceDate', 'Objstate'],
			referenceOf: (row, postings) => postings.find((p) => p.supplierId === row.Identity && p.invoiceNo === row.InvoiceNo)?.reference,
			documentOf: (row) => ({
				keys: { Company: String(row.Company), InvoiceId: Number(row.InvoiceId) },
				invoiceId: Number(row.InvoiceId),
				postingDate: typeof row.InvoiceDate === 'string' ? row.InvoiceDate : undefined,
				state: typeof row.Objstate === 'string' ? row.Objstate : undefined,
			}),
		},
	],
};

/** The reference leads the voucher text so Concur's id is visible on the invoice in IFS. */
function invoiceVoucherText(posting: SupplierInvoicePosting): string {
	return posting.text ? `${posting.reference} ${posting.text}`.slice(0, 200) : posting.reference;
}

/** Requisitions have no reference field: the note starts with `<reference>: `, matched exactly by prefix. */
const REQUISITION_NOTE_SEPARATOR = ': ';

const purchaseRequisition: DocumentModel<PurchaseRequisitionPosting> = {
	kind: 'purchaseRequisition',
	projection: (settings) => settings.names.purchaseRequisition,
	changeSet: (posting, settings) => [
		{
			method: 'POST',
			url: entityPath('PurchaseRequisitionSet'),
			body: withoutUndefined({
				Contract: posting.site,
				RequisitionerCode: posting.requisitioner,
				RequisitionDate: posting.requisitionDate,
				NoteText: `${posting.reference}${REQUISITION_NOTE_SEPARATOR}${posting.text}`,
			}),
		},
		...posting.lines.map(
			(line, index): BatchOperation => ({
				method: 'POST',
				url: '$1/PurchaseReqLineNopartArray',
				body: withoutUndefined({
					Description: line.description,
					OriginalQty: amount(line.quantity, `lines[${index}].quantity`),
					UnitMeas: settings.requisitionUnit,
					UnitPrice: amount(line.unitPrice, `lines[${index}].unitPrice`),
					CurrencyCode: line.currency,
					WantedReceiptDate: line.wantedReceiptDate ?? posting.requisitionDate,
					VendorNo: line.supplierId,
				}),
			}),
		),
	],
	lookups: [
		{
			ref: (settings) => ({ projection: settings.names.purchaseRequisition, entitySet: 'PurchaseRequisitionSet' }),
			// Requisitions belong to a company through their site (Contract).
			filter: (postings) =>
				allOf(
					text('Contract', postings[0].site),
					anyOf(
						postings.map((p) => ({ field: 'NoteText', operator: 'startswith', valueType: 'string', value: `${p.reference}${REQUISITION_NOTE_SEPARATOR}` })),
					),
				),
			select: ['RequisitionNo', 'Contract', 'RequisitionDate', 'NoteText', 'Objstate'],
			referenceOf: (row, postings) =>
				postings.find((p) => typeof row.NoteText === 'string' && row.NoteText.startsWith(`${p.reference}${REQUISITION_NOTE_SEPARATOR}`))?.reference,
			documentOf: (row) => ({
				keys: { RequisitionNo: String(row.RequisitionNo) },
				requisitionNo: String(row.RequisitionNo),
				postingDate: typeof row.RequisitionDate === 'string' ? row.RequisitionDate : undefined,
				state: typeof row.Objstate === 'string' ? row.Objstate : undefined,
			}),
		},
	],
};

export const DOCUMENT_MODELS: { [K in PostingKind]: DocumentModel<Extract<IfsPosting, { kind: K }>> } = {
	journalEntry,
	supplierInvoice,
	purchaseRequisition,
};

export function modelFor(kind: PostingKind): DocumentModel {
	return DOCUMENT_MODELS[kind] as unknown as DocumentModel;
}

/** Postings that share a lookup query: same kind and company (and site, for requisitions). */
export function lookupScopeOf(posting: IfsPosting): string {
	return posting.kind === 'purchaseRequisition' ? `${posting.kind}|${posting.company}|${posting.site}` : `${posting.kind}|${posting.company}`;
}
