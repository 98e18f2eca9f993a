/**
 * How each posting kind becomes IFS documents: the change set that creates it atomically, and the
 * company-scoped query that finds documents already carrying its Concur reference (used both
 * before creating and to read keys back afterwards). Pure: no n8n, no HTTP.
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
import { DECIMAL_BODY_HEADERS, decimalValue } from '../odata/decimals';
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

/** A looked-up IFS row (voucher row, invoice, requisition). */
export type IfsRow = Record<string, unknown>;

export interface DocumentModel<P extends IfsPosting = IfsPosting> {
	kind: P['kind'];
	/** Projection whose `$batch` creates the document. */
	projection(settings: PostingSettings): string;
	/** `reverse`: rows of an earlier version to reverse in the same change set (journal entries only). */
	changeSet(posting: P, settings: PostingSettings, reverse?: IfsRow[]): BatchOperation[];
	/** Where existing documents are looked up and read back. */
	lookup(settings: PostingSettings): EntityRef;
	/** The company/site scope plus one condition per reference (ORed). */
	lookupFilter(postings: P[]): FilterNode;
	select: string[];
	/** The Concur reference a looked-up row carries, to match it to its posting. */
	referenceOf(row: Record<string, unknown>, postings: P[]): string | undefined;
	keysOf(rows: Array<Record<string, unknown>>): IfsDocumentKeys;
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
				headers: { ...DECIMAL_BODY_HEADERS },
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
const exact = (value: unknown) => (value === undefined || value === null || value === '' ? undefined : String(value));

/** An earlier voucher's rows with debit and credit swapped, in both currencies. */
function reversalRows(rows: IfsRow[]): VoucherRow[] {
	return rows.map((row) => ({
		account: String(row.Account),
		codeParts: Object.fromEntries(CODE_PART_NAMES.flatMap((name) => (text(row[name]) ? [[name, text(row[name])]] : []))),
		currency: String(row.CurrencyCode),
		debit: exact(row.CurrencyCreditAmount),
		credit: exact(row.CurrencyDebetAmount),
		currencyRate: exact(row.CurrencyRate),
		accountingDebit: exact(row.CreditAmount),
		accountingCredit: exact(row.DebetAmount),
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
	lookup: (settings) => ({ projection: settings.names.voucherRows, entitySet: 'VoucherRowSet' }),
	lookupFilter: (postings) => allOf(textIs('Company', postings[0].company), anyOf(postings.map((p) => textIs('ReferenceNumber', p.reference)))),
	select: [
		'Company', 'VoucherType', 'AccountingYear', 'VoucherNo', 'RowNo', 'VoucherDate', 'ReferenceNumber', 'ReferenceSerie', 'Account', ...CODE_PART_NAMES,
		'CurrencyCode', 'CurrencyRate', 'CurrencyDebetAmount', 'CurrencyCreditAmount', 'DebetAmount', 'CreditAmount', 'OptionalCode', 'Text',
	],
	referenceOf: (row) => (typeof row.ReferenceNumber === 'string' ? row.ReferenceNumber : undefined),
	keysOf: (rows) => {
		const first = rows[0];
		return {
			keys: { Company: String(first.Company), VoucherType: String(first.VoucherType), AccountingYear: Number(first.AccountingYear), VoucherNo: Number(first.VoucherNo) },
			voucherNo: Number(first.VoucherNo),
			voucherType: String(first.VoucherType),
			accountingYear: Number(first.AccountingYear),
			postingDate: typeof first.VoucherDate === 'string' ? first.VoucherDate : undefined,
		};
	},
	markerOf: (row) => text(row.ReferenceSerie),
	totalOf: (rows) => sumByCurrency(rows.map((row) => ({ amount: exact(row.CurrencyDebetAmount) ?? '0', currency: String(row.CurrencyCode) }))),
	reversible: true,
};

const supplierInvoice: DocumentModel<SupplierInvoicePosting> = {
	kind: 'supplierInvoice',
	projection: (settings) => settings.names.supplierInvoice,
	changeSet: (posting, settings) => [
		{
			method: 'POST',
			url: entityPath('ManSuppInvoiceSet'),
			headers: { ...DECIMAL_BODY_HEADERS },
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
				headers: { ...DECIMAL_BODY_HEADERS },
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
	lookup: (settings) => ({ projection: settings.names.supplierInvoice, entitySet: 'ManSuppInvoiceSet' }),
	// (supplier, invoice number) is unique per company in IFS, so it is the idempotency key.
	lookupFilter: (postings) =>
		allOf(textIs('Company', postings[0].company), anyOf(postings.map((p) => allOf(textIs('Identity', p.supplierId), textIs('InvoiceNo', p.invoiceNo))))),
	select: ['Company', 'InvoiceId', 'Identity', 'InvoiceNo', 'InvoiceDate', 'Objstate', 'VoucherText', 'Currency', 'NetCurrAmount', 'VatCurrAmount'],
	referenceOf: (row, postings) => postings.find((p) => p.supplierId === row.Identity && p.invoiceNo === row.InvoiceNo)?.reference,
	keysOf: ([row]) => ({
		keys: { Company: String(row.Company), InvoiceId: Number(row.InvoiceId) },
		invoiceId: Number(row.InvoiceId),
		postingDate: typeof row.InvoiceDate === 'string' ? row.InvoiceDate : undefined,
		state: typeof row.Objstate === 'string' ? row.Objstate : undefined,
	}),
	markerOf: (row) => markerIn(row.VoucherText),
	totalOf: ([row]) => sumByCurrency([exact(row.NetCurrAmount), exact(row.VatCurrAmount)].map((value) => ({ amount: value ?? '0', currency: String(row.Currency) }))),
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
				headers: { ...DECIMAL_BODY_HEADERS },
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
	lookup: (settings) => ({ projection: settings.names.purchaseRequisition, entitySet: 'PurchaseRequisitionSet' }),
	// Requisitions belong to a company through their site (Contract).
	lookupFilter: (postings) =>
		allOf(
			textIs('Contract', postings[0].site),
			anyOf(
				postings.map((p) => ({ field: 'NoteText', operator: 'startswith', valueType: 'string', value: `${p.reference}${REQUISITION_NOTE_SEPARATOR}` })),
			),
		),
	select: ['RequisitionNo', 'Contract', 'RequisitionDate', 'NoteText', 'Objstate'],
	referenceOf: (row, postings) =>
		postings.find((p) => typeof row.NoteText === 'string' && row.NoteText.startsWith(`${p.reference}${REQUISITION_NOTE_SEPARATOR}`))?.reference,
	keysOf: ([row]) => ({
		keys: { RequisitionNo: String(row.RequisitionNo) },
		requisitionNo: String(row.RequisitionNo),
		postingDate: typeof row.RequisitionDate === 'string' ? row.RequisitionDate : undefined,
		state: typeof row.Objstate === 'string' ? row.Objstate : undefined,
	}),
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
