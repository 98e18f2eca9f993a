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
	VoucherRow,
} from '../../postings';
import { cleanText } from '../../text';
import type { BatchOperation } from '../odata/batch';
import { decimalText, decimalValue } from '../odata/decimals';
import type { FilterNode } from '../odata/filter';
import { entityPath } from '../odata/literals';
import type { EntityRef } from '../transport';
import type { ProjectionNames } from '../projections';
import { contentMarker, type ChangedDocumentPolicy, markerIn, reversalMarker, sumByCurrency } from './versions';

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
	/** What to do when IFS holds the reference with other content (default: hold). */
	changedDocuments?: ChangedDocumentPolicy;
}

/** A looked-up IFS row (voucher row, external voucher transaction, invoice, requisition). */
export type IfsRow = Record<string, unknown>;

/** One place IFS shows documents carrying a Concur reference. */
export interface DocumentLookup<P extends IfsPosting = IfsPosting> {
	ref(settings: PostingSettings): EntityRef;
	/** The company/site scope plus one condition per reference (ORed). */
	filter(postings: P[]): FilterNode;
	select: string[];
	/** The Concur reference a looked-up row carries, to match it to its posting. */
	referenceOf(row: IfsRow, postings: P[]): string | undefined;
	/** The IFS document the row belongs to; undefined when the row is not (yet) a document. */
	documentOf(row: IfsRow): IfsDocumentKeys | undefined;
	/** Why the look-up may be skipped when the tenant does not offer it (404/400); absent = required. */
	optional?: string;
}

export interface DocumentModel<P extends IfsPosting = IfsPosting> {
	kind: P['kind'];
	/** Projection whose `$batch` creates the document. */
	projection(settings: PostingSettings): string;
	/** `reverse`: rows of an earlier version to reverse in the same change set (journal entries only). */
	changeSet(posting: P, settings: PostingSettings, reverse?: IfsRow[]): BatchOperation[];
	/** Where existing documents are looked up and read back; a document several show keeps the rows of the first. */
	lookups: Array<DocumentLookup<P>>;
	/**
	 * Where a document IFS has just created is read by the keys its change set's answer carries,
	 * when the look-ups cannot see it yet (a voucher in the hold table: its load's transactions).
	 */
	created?: { read(answer: IfsRow, settings: PostingSettings): { ref: EntityRef; path: string }; documentOf(row: IfsRow): IfsDocumentKeys | undefined };
	/** The content marker stored with a looked-up row (`V:<hash>`, or `R:<hash>` on a reversal); undefined for rows posted before markers existed. */
	markerOf(row: IfsRow): string | undefined;
	/** What an earlier version in IFS amounts to, for the hold message. */
	totalOf(rows: IfsRow[]): string;
	/** Whether an earlier version can be reversed in IFS by this integration. */
	reversible: boolean;
}

const textIs = (field: string, value: string): FilterNode => ({ field, operator: 'eq', valueType: 'string', value });
const anyOf = (conditions: FilterNode[]): FilterNode => ({ combinator: 'or', conditions });
const allOf = (...conditions: FilterNode[]): FilterNode => ({ combinator: 'and', conditions });

const amount = decimalValue;

function withoutUndefined<T extends Record<string, unknown>>(record: T): T {
	return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

const CODE_PART_NAMES = ['CodeB', 'CodeC', 'CodeD', 'CodeE', 'CodeF', 'CodeG', 'CodeH', 'CodeI', 'CodeJ'] as const;

/** What a voucher's rows are read with, wherever IFS shows them: the content marker and what a reversal needs. */
const VOUCHER_ROW_FIELDS = [
	'ReferenceSerie', 'Account', ...CODE_PART_NAMES, 'CurrencyCode', 'CurrencyRate', 'CurrencyDebetAmount', 'CurrencyCreditAmount', 'DebetAmount', 'CreditAmount', 'OptionalCode', 'Text',
];

/** An external voucher load: header, its transactions through the header's Content-ID, then CheckAndCreate with the header's ETag. */
function voucherLoad(posting: JournalEntryPosting, settings: PostingSettings, rows: VoucherRow[], marker: string, text: string, first: number): BatchOperation[] {
	const header = `$${first}`;
	return [
		{
			method: 'POST',
			url: entityPath('ExtLoadInfoSet'),
			body: withoutUndefined({ Company: posting.company, LoadType: settings.voucherLoadType, LoadDate: posting.voucherDate, Description: cleanText(text, 200) }),
		},
		...rows.map(
			(row, index): BatchOperation => ({
				method: 'POST',
				url: `${header}/ExtTransactionsArray`,
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
					DebetAmount: amount(row.accountingDebit, `rows[${index}].accountingDebit`),
					CreditAmount: amount(row.accountingCredit, `rows[${index}].accountingCredit`),
					OptionalCode: row.taxCode,
					Text: cleanText(row.text, 200),
					ReferenceNumber: posting.reference,
					ReferenceSerie: marker,
				}),
			}),
		),
		{
			method: 'POST',
			url: `${header}/IfsApp.${settings.names.externalVoucher}.ExtLoadInfo_CheckAndCreate`,
			headers: { 'If-Match': header },
			body: {},
		},
	];
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
/** A decimal of a looked-up row, string or JSON number, as exact text. */
const exact = (row: IfsRow, field: string) => decimalText(row[field], field);

/** An earlier voucher's rows with debit and credit swapped, in both currencies. */
function reversalRows(rows: IfsRow[]): VoucherRow[] {
	return rows.map((row) => ({
		account: String(row.Account),
		codeParts: Object.fromEntries(CODE_PART_NAMES.flatMap((name) => (text(row[name]) ? [[name, text(row[name])]] : []))),
		currency: String(row.CurrencyCode),
		debit: exact(row, 'CurrencyCreditAmount'),
		credit: exact(row, 'CurrencyDebetAmount'),
		currencyRate: exact(row, 'CurrencyRate'),
		accountingDebit: exact(row, 'CreditAmount'),
		accountingCredit: exact(row, 'DebetAmount'),
		taxCode: text(row.OptionalCode),
		text: `Reversal: ${String(row.Text ?? '')}`,
	}));
}

const journalEntry: DocumentModel<JournalEntryPosting> = {
	kind: 'journalEntry',
	projection: (settings) => settings.names.externalVoucher,
	// A changed document's reversal and its new version are two loads in one change set: both or neither.
	changeSet: (posting, settings, reverse = []) => {
		const reversal = reverse.length ? voucherLoad(posting, settings, reversalRows(reverse), reversalMarker(String(reverse[0].ReferenceSerie)), `Reversal: ${posting.text}`, 1) : [];
		return [...reversal, ...voucherLoad(posting, settings, posting.rows, contentMarker(posting), posting.text, reversal.length + 1)];
	},
	created: {
		read: (load, settings) => ({
			ref: { projection: settings.names.externalVoucher, entitySet: 'ExtTransactionsSet' },
			path: `${entityPath('ExtLoadInfoSet', { Company: String(load.Company), LoadId: String(load.LoadId) })}/ExtTransactionsArray`,
		}),
		documentOf: (row) => createdVoucherOf(row),
	},
	lookups: [
		{
			ref: (settings) => ({ projection: settings.names.voucherRows, entitySet: 'VoucherRowSet' }),
			filter: voucherReferences,
			select: ['Company', 'VoucherType', 'AccountingYear', 'VoucherNo', 'RowNo', 'VoucherDate', 'ReferenceNumber', ...VOUCHER_ROW_FIELDS],
			referenceOf: referenceNumberOf,
			documentOf: (row) => voucherKeys(row, row.VoucherDate),
		},
		// Created vouchers wait in IFS's hold table until Update GL: the load's transactions show their numbers (and markers) at once.
		{
			ref: (settings) => ({ projection: settings.names.externalVoucher, entitySet: 'ExtTransactionsSet' }),
			filter: voucherReferences,
			select: ['Company', 'LoadId', 'RecordNo', 'ReferenceNumber', 'VoucherType', 'AccountingYear', 'VoucherNo', 'TransactionDate', ...VOUCHER_ROW_FIELDS],
			referenceOf: referenceNumberOf,
			documentOf: createdVoucherOf,
			optional: 'vouchers in the hold table (not yet through Update GL) cannot be found; a replay before Update GL would post them again',
		},
	],
	markerOf: (row) => text(row.ReferenceSerie),
	totalOf: (rows) => sumByCurrency(rows.map((row) => ({ amount: exact(row, 'CurrencyDebetAmount') ?? '0', currency: String(row.CurrencyCode) }))),
	reversible: true,
};

/** An external voucher transaction names its voucher once Check and Create made one. */
function createdVoucherOf(row: IfsRow): IfsDocumentKeys | undefined {
	return row.VoucherNo === null || row.VoucherNo === undefined ? undefined : voucherKeys(row, row.TransactionDate);
}

function voucherReferences(postings: JournalEntryPosting[]): FilterNode {
	return allOf(textIs('Company', postings[0].company), anyOf(postings.map((p) => textIs('ReferenceNumber', p.reference))));
}

function referenceNumberOf(row: IfsRow): string | undefined {
	return typeof row.ReferenceNumber === 'string' ? row.ReferenceNumber : undefined;
}

function voucherKeys(row: IfsRow, date: unknown): IfsDocumentKeys {
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
					Text: cleanText(line.text, 200),
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
				allOf(textIs('Company', postings[0].company), anyOf(postings.map((p) => allOf(textIs('Identity', p.supplierId), textIs('InvoiceNo', p.invoiceNo))))),
			select: ['Company', 'InvoiceId', 'Identity', 'InvoiceNo', 'InvoiceDate', 'Objstate', 'VoucherText', 'Currency', 'NetCurrAmount', 'VatCurrAmount'],
			referenceOf: (row, postings) => postings.find((p) => p.supplierId === row.Identity && p.invoiceNo === row.InvoiceNo)?.reference,
			documentOf: (row) => ({
				keys: { Company: String(row.Company), InvoiceId: Number(row.InvoiceId) },
				invoiceId: Number(row.InvoiceId),
				postingDate: typeof row.InvoiceDate === 'string' ? row.InvoiceDate : undefined,
				state: typeof row.Objstate === 'string' ? row.Objstate : undefined,
			}),
		},
	],
	markerOf: (row) => markerIn(row.VoucherText),
	totalOf: ([row]) => sumByCurrency([exact(row, 'NetCurrAmount'), exact(row, 'VatCurrAmount')].map((value) => ({ amount: value ?? '0', currency: String(row.Currency) }))),
	reversible: false,
};

/** The reference and the content marker lead the voucher text, so Concur's id is visible on the invoice in IFS. */
function invoiceVoucherText(posting: SupplierInvoicePosting): string {
	return cleanText(`${posting.reference} ${contentMarker(posting)} ${posting.text}`, 200);
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
				NoteText: cleanText(`${posting.reference}${REQUISITION_NOTE_SEPARATOR}${contentMarker(posting)} ${posting.text}`, 2000),
			}),
		},
		...posting.lines.map(
			(line, index): BatchOperation => ({
				method: 'POST',
				url: '$1/PurchaseReqLineNopartArray',
				body: withoutUndefined({
					Description: cleanText(line.description, 200),
					OriginalQty: amount(line.quantity, `lines[${index}].quantity`),
					UnitMeas: settings.requisitionUnit,
					UnitPrice: amount(line.unitPrice, `lines[${index}].unitPrice`),
					CurrencyCode: line.currency,
					WantedReceiptDate: line.wantedReceiptDate ?? posting.requisitionDate,
					VendorNo: line.supplierId,
					Account: line.account,
					...line.codeParts,
					BuyerCode: posting.buyerCode,
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
					textIs('Contract', postings[0].site),
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
	markerOf: (row) => markerIn(row.NoteText),
	totalOf: () => 'an earlier version of its lines',
	reversible: false,
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
