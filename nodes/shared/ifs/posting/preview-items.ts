/**
 * What a dry run outputs per document, for a person to read: what a real run would do, the IFS rows
 * (account, cost center, amounts in the document and the accounting currency), why a document is
 * held, and what IFS already holds under its Concur reference. Pure: no n8n, no HTTP.
 */
import type { CodeParts, IfsPosting, JournalEntryPosting, PurchaseRequisitionPosting, SupplierInvoicePosting } from '../../postings';
import type { IfsDocumentKeys } from './documents';
import type { PreviewOutcome } from './preview';
import { postingTotal } from './versions';

export type PreviewAction = 'would-post' | 'already-in-ifs' | 'held' | 'would-reverse-and-repost';

export interface PreviewDocument {
	preview: true;
	action: PreviewAction;
	sourceType: string;
	sourceId: string;
	fisDocumentId?: string;
	reference?: string;
	kind?: IfsPosting['kind'];
	company?: string;
	total?: string;
	rows: PreviewRow[];
	/** What IFS holds under the Concur reference (keys, voucher or invoice number). */
	inIfs?: IfsDocumentKeys;
	duplicatesInIfs?: IfsDocumentKeys[];
	/** Why the document would be held (one per line or problem). */
	reasons: string[];
}

export type PreviewRow = Record<string, string | undefined>;

type Audit = Record<string, unknown>;

const ACTIONS: Record<PreviewOutcome['status'], PreviewAction> = {
	'would-create': 'would-post',
	'already-posted': 'already-in-ifs',
	changed: 'held',
	'would-reverse-and-repost': 'would-reverse-and-repost',
};

/** A mapped document and what the look-up found for it. */
export function previewOfPosting(posting: IfsPosting, audit: Audit, outcome: PreviewOutcome): PreviewDocument {
	return {
		...identity(audit, posting),
		action: ACTIONS[outcome.status],
		total: postingTotal(posting),
		rows: rowsOf(posting),
		...(outcome.ifs ? { inIfs: outcome.ifs } : {}),
		...(outcome.duplicates ? { duplicatesInIfs: outcome.duplicates } : {}),
		reasons: outcome.message ? [outcome.message] : [],
	};
}

/** A document the mapping node held (its Held output), or one the Posting operation refuses to send. */
export function previewOfHeld(audit: Audit, reasons: string[], posting?: Partial<IfsPosting>): PreviewDocument {
	return { ...identity(audit, posting), action: 'held', rows: [], reasons };
}

function identity(audit: Audit, posting?: Partial<IfsPosting>) {
	const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
	const source = posting?.source;
	return {
		preview: true as const,
		sourceType: text(source?.type) ?? text(audit.sourceType) ?? 'unknown',
		sourceId: text(source?.id) ?? text(audit.sourceId) ?? '',
		fisDocumentId: text(source?.fisDocumentId) ?? text(audit.fisDocumentId),
		reference: text(posting?.reference) ?? text(audit.idempotencyKey),
		kind: posting?.kind,
		company: text(posting?.company) ?? text(audit.company),
	};
}

function rowsOf(posting: IfsPosting): PreviewRow[] {
	const rows = posting.kind === 'journalEntry' ? voucherRows(posting) : posting.kind === 'supplierInvoice' ? invoiceLines(posting) : requisitionLines(posting);
	return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined)));
}

/** The cost center when the row carries one code part (as the mapping sets it), else every part. */
function costCenter(codeParts: CodeParts | undefined): PreviewRow {
	const parts = Object.entries(codeParts ?? {}).filter(([, value]) => value);
	if (parts.length <= 1) return { costCenter: parts[0]?.[1] };
	return Object.fromEntries(parts);
}

function voucherRows(posting: JournalEntryPosting): PreviewRow[] {
	return posting.rows.map((row) => {
		// A row in the accounting currency has no separate accounting amount: it is the amount itself.
		const same = row.currency === posting.accountingCurrency;
		return {
			account: row.account,
			...costCenter(row.codeParts),
			currency: row.currency,
			debit: row.debit,
			credit: row.credit,
			accountingCurrency: posting.accountingCurrency,
			currencyRate: row.currencyRate,
			accountingDebit: row.accountingDebit ?? (same ? row.debit : undefined),
			accountingCredit: row.accountingCredit ?? (same ? row.credit : undefined),
			taxCode: row.taxCode,
			text: row.text,
		};
	});
}

function invoiceLines(posting: SupplierInvoicePosting): PreviewRow[] {
	return posting.lines.map((line) => ({
		account: line.account,
		...costCenter(line.codeParts),
		currency: posting.currency,
		debit: line.amount,
		supplier: posting.supplierId,
		invoiceNo: posting.invoiceNo,
		taxCode: line.taxCode,
		text: line.text,
	}));
}

function requisitionLines(posting: PurchaseRequisitionPosting): PreviewRow[] {
	return posting.lines.map((line) => ({
		account: line.account,
		...costCenter(line.codeParts),
		currency: line.currency,
		quantity: line.quantity,
		unitPrice: line.unitPrice,
		site: posting.site,
		text: line.description,
	}));
}
