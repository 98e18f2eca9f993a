/**
 * Which version of a Concur document IFS holds. Everything we create carries a content marker next
 * to its Concur reference — `V:` and 16 hex digits of the document's content hash and FIS document
 * id — in the voucher rows' ReferenceSerie, the invoice's VoucherText, the requisition's note. A
 * reversal carries `R:` and the hash it reverses. A reference IFS holds with another live marker is
 * a changed document, never "already posted".
 */
import { createHash } from 'node:crypto';

import { add, formatDecimal, multiply, parseDecimal, ZERO } from '../../money';
import type { IfsPosting } from '../../postings';

/** `hold` (default): leave it to a person; `reverse`: reverse the old voucher and post the new one (journal entries). */
export type ChangedDocumentPolicy = 'hold' | 'reverse';

interface MarkedModel {
	markerOf(row: Record<string, unknown>): string | undefined;
}

type Row = Record<string, unknown>;

const MARKER = /\b([VR]):([0-9a-f]{16})\b/;

export function contentMarker(posting: IfsPosting): string {
	const basis = `${posting.source?.version ?? ''}|${posting.source?.fisDocumentId ?? ''}`;
	return `V:${createHash('sha256').update(basis, 'utf8').digest('hex').slice(0, 16)}`;
}

export function reversalMarker(marker: string): string {
	return marker.replace(/^V:/, 'R:');
}

/** The marker inside a text such as `CI-123 V:0123456789abcdef Printer paper`. */
export function markerIn(text: unknown): string | undefined {
	const match = typeof text === 'string' ? MARKER.exec(text) : null;
	return match ? `${match[1]}:${match[2]}` : undefined;
}

/** "536.9 USD" or "100 EUR + 20 USD". */
export function sumByCurrency(items: Array<{ amount: string; currency: string }>): string {
	const totals = new Map<string, ReturnType<typeof parseDecimal>>();
	for (const item of items) totals.set(item.currency, add(totals.get(item.currency) ?? ZERO, parseDecimal(item.amount)));
	return [...totals].map(([currency, total]) => `${formatDecimal(total)} ${currency}`).join(' + ');
}

/** What a posting amounts to (debits of a voucher, net + VAT of an invoice, quantity × price of a requisition). */
export function postingTotal(posting: IfsPosting): string {
	if (posting.kind === 'journalEntry') return sumByCurrency(posting.rows.map((row) => ({ amount: row.debit ?? '0', currency: row.currency })));
	if (posting.kind === 'supplierInvoice') return sumByCurrency([posting.netAmount, posting.vatAmount].map((amount) => ({ amount, currency: posting.currency })));
	return sumByCurrency(posting.lines.map((line) => ({ amount: formatDecimal(multiply(parseDecimal(line.quantity), parseDecimal(line.unitPrice))), currency: line.currency })));
}

/** A document IFS holds under a Concur reference, with the rows it was read with. */
interface Document {
	rows: Row[];
}

export type ExistingVersion<D extends Document> =
	| { status: 'posted'; document: D; duplicates: D[] }
	| { status: 'changed'; document: D; live: number }
	| { status: 'missing' };

/**
 * `posted`: IFS holds this content (or a document from before markers existed, which cannot be
 * compared) — the first such document, any further one a duplicate; `changed`: IFS holds another
 * version that is not reversed (`document` is the latest); `missing`: nothing, or only versions
 * that were reversed. `documents` come oldest first.
 */
export function assessExisting<D extends Document>(model: MarkedModel, posting: IfsPosting, documents: D[]): ExistingVersion<D> {
	const markerOf = (document: D) => document.rows.map((row) => model.markerOf(row)).find((marker) => marker !== undefined);
	const count = (marker: string) => documents.filter((document) => markerOf(document) === marker).length;
	const live = documents.filter((document) => {
		const marker = markerOf(document);
		return marker?.startsWith('V:') && count(marker) > count(reversalMarker(marker));
	});
	const current = documents.filter((document) => markerOf(document) === undefined || (live.includes(document) && markerOf(document) === contentMarker(posting)));
	if (current.length) return postedAs(current);
	if (live.length) return { status: 'changed', document: live[live.length - 1], live: live.length };
	return { status: 'missing' };
}

function postedAs<D extends Document>([document, ...duplicates]: D[]): ExistingVersion<D> {
	return { status: 'posted', document, duplicates };
}
