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
	keysOf(rows: Array<Record<string, unknown>>): { keys: Record<string, string | number> };
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

/** Rows grouped by the IFS document they belong to, each with its marker. */
function documentsOf(model: MarkedModel, rows: Row[]): Array<{ rows: Row[]; marker?: string }> {
	const documents = new Map<string, { rows: Row[]; marker?: string }>();
	for (const row of rows) {
		const key = JSON.stringify(model.keysOf([row]).keys);
		const document = documents.get(key) ?? { rows: [] };
		document.rows.push(row);
		document.marker ??= model.markerOf(row);
		documents.set(key, document);
	}
	return [...documents.values()];
}

export type ExistingVersion =
	| { status: 'posted'; rows: Row[] }
	| { status: 'changed'; rows: Row[]; live: number }
	| { status: 'missing' };

/**
 * `posted`: IFS holds this content (or a document from before markers existed, which cannot be
 * compared); `changed`: IFS holds another version that is not reversed (`rows` is the latest);
 * `missing`: nothing, or only versions that were reversed.
 */
export function assessExisting(model: MarkedModel, posting: IfsPosting, rows: Row[]): ExistingVersion {
	const documents = documentsOf(model, rows);
	const legacy = documents.filter((document) => document.marker === undefined);
	if (legacy.length) return { status: 'posted', rows: legacy[legacy.length - 1].rows };
	const count = (marker: string) => documents.filter((document) => document.marker === marker).length;
	const live = documents.filter((document) => document.marker?.startsWith('V:') && count(document.marker) > count(reversalMarker(document.marker)));
	const marker = contentMarker(posting);
	const current = live.filter((document) => document.marker === marker);
	if (current.length) return { status: 'posted', rows: current[current.length - 1].rows };
	if (live.length) return { status: 'changed', rows: live[live.length - 1].rows, live: live.length };
	return { status: 'missing' };
}
