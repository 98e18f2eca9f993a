/** Recognises which Concur payload an item is and normalises it. */
import type { CanonicalDocument } from '../../../shared/canonical';
import { type FisEnvelope, normalizeFisExpense } from './fis-expense';
import { normalizeFisInvoice } from './fis-invoice';
import { normalizePurchaseRequest, type PurchaseRequestInput } from './purchase-request';
import { InputError, isRecord, parseJsonIfString, record, text } from './read';
import { normalizeV3PaymentRequest, type V3PaymentRequest } from './v3-payment-request';
import { normalizeV3Report, type V3AssembledReport } from './v3-report';

export type ConcurInput = FisEnvelope | V3AssembledReport | V3PaymentRequest | PurchaseRequestInput;

export { InputError } from './read';
export type { FisEnvelope } from './fis-expense';
export type { PurchaseRequestInput, PurchaseRequestLineInput } from './purchase-request';
export type { V3PaymentRequest } from './v3-payment-request';
export type { V3Allocation, V3AssembledReport, V3CustomField, V3Entry, V3Itemization, V3Report } from './v3-report';
export { normalizeFisExpense, normalizeFisInvoice, normalizePurchaseRequest, normalizeV3PaymentRequest, normalizeV3Report };

function normalizeFis(envelope: FisEnvelope): CanonicalDocument {
	const document = record(parseJsonIfString(envelope.document, 'document'), 'document');
	const docType = text(envelope.docType) ?? (isRecord(document.requestHeader) ? 'invoice' : 'expense');
	if (docType === 'expense') return normalizeFisExpense(envelope, document);
	if (docType === 'invoice') return normalizeFisInvoice(envelope, document);
	throw new InputError('docType', `FIS document type "${docType}" is not mapped (only expense and invoice are)`);
}

export function normalizeConcurDocument(input: unknown): CanonicalDocument {
	const item = record(input, 'item');
	if ('document' in item) return normalizeFis(item as unknown as FisEnvelope);
	if ('Entries' in item) return normalizeV3Report(item as unknown as V3AssembledReport);
	if ('purchaseRequestId' in item) return normalizePurchaseRequest(item as unknown as PurchaseRequestInput);
	if ('LineItems' in item || 'InvoiceNumber' in item) return normalizeV3PaymentRequest(item as unknown as V3PaymentRequest);
	throw new InputError('item', 'is not a Concur FIS document, v3 report with Entries, v3 payment request or purchase request');
}
