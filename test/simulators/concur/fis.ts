/** Financial Integration Service v4: READY queue, acknowledgements, posting and payment confirmations. */
import type { SimContext } from './context';
import { fisError } from './errors';
import { deliverEvent } from './ess';
import { fisContentItem } from './fis-documents';
import { json, parseJsonBody, type Route, type SimRequest, type SimResponse } from './http';
import { addFisDocument } from './seed-builder';
import type { FisDocType, FisDocument } from './types';
import { toJson } from './util';

const BASE = '/financialintegration/fi/v4/companies/transactiontypes/:docType/transactions';
const DOC_TYPES = ['expense', 'invoice', 'cashadvance', 'payroll', 'requestobligation', 'reportobligation'];

type Json = Record<string, unknown>;

function fisLinks(req: SimRequest, limit: number, page: number, totalPages: number) {
	const href = (n: number) => {
		const url = new URL(req.path, req.baseUrl);
		req.query.forEach((v, k) => url.searchParams.set(k, v));
		url.searchParams.set('limit', String(limit));
		url.searchParams.set('page', String(n));
		url.searchParams.set('size', String(limit));
		return url.toString();
	};
	const link = (rel: string, n: number) => ({ rel, href: href(n), hreflang: null, media: null, title: null, type: null, deprecation: null });
	const links = [link('first', 0), link('self', page)];
	if (page + 1 < totalPages) links.push(link('next', page + 1));
	links.push(link('last', Math.max(totalPages - 1, 0)));
	return links;
}

function listTransactions(ctx: SimContext, req: SimRequest): SimResponse {
	const page = Number(req.query.get('page') ?? '0'); // FIS pages are 0-based
	const limit = Number(req.query.get('limit') ?? '25');
	if (!Number.isInteger(page) || page < 0 || !Number.isInteger(limit) || limit < 1) return fisError(400, 'Invalid page or limit', req.path);
	if (ctx.options.fisMaxLimit && limit > ctx.options.fisMaxLimit) return fisError(400, `limit must not exceed ${ctx.options.fisMaxLimit}`, req.path);
	const docId = req.query.get('docId');
	// ignoreDocumentStatus only counts together with docId
	const ignoreStatus = !!docId && (req.query.get('ignoreDocumentStatus') ?? '').toLowerCase() === 'yes';
	const docs = ctx.data.fisDocuments.filter((d) => d.docType === req.params.docType && d.status !== 'RECALLED'
		&& (!docId || d.sourceId === docId) && (ignoreStatus || d.status === 'READY'));
	const totalPages = Math.ceil(docs.length / limit);
	const asText = String(req.headers.documentformatas ?? '').toLowerCase() === 'text';
	const content = docs.slice(page * limit, page * limit + limit).map((d) => {
		const item = fisContentItem(ctx, d);
		return asText ? { ...item, document: toJson(item.document) } : item; // DocumentFormatAs: text → document is a JSON string
	});
	return json(200, { links: fisLinks(req, limit, page, totalPages), content, page: { size: limit, totalElements: docs.length, totalPages, number: page } });
}

function findDoc(ctx: SimContext, id: unknown): FisDocument | undefined {
	return ctx.data.fisById.get(String(id));
}

function acknowledgeOne(ctx: SimContext, docType: string, id: string, systemId: string | null): Json {
	const doc = findDoc(ctx, id);
	const result = (code: number, ok: boolean, errorMessage: string) => ({ code, docId: id, systemId: null, acknowledgeResult: ok ? 'SUCCESS' : 'FAILURE', errorMessage });
	if (!doc) return result(104, false, 'Document not found.');
	if (doc.docType !== docType) return result(105, false, `Document is not of type ${docType}.`);
	if (doc.status === 'RECALLED') return result(102, false, 'This document was recalled.');
	if (doc.status !== 'READY') return result(101, false, `This document was previously acknowledged by SystemId: ${doc.systemId}.`);
	doc.status = 'ACKNOWLEDGED';
	doc.systemId = systemId;
	return result(0, true, '');
}

function setSourceStatus(ctx: SimContext, doc: FisDocument, paymentStatus: string, invoicePaymentStatus: string): void {
	const now = ctx.nowIso();
	const report = ctx.data.reportsById.get(doc.sourceId);
	if (report && doc.docType === 'expense') Object.assign(report, { paymentStatus, lastModified: now, paidDate: paymentStatus === 'P_PAID' ? now : report.paidDate });
	const invoice = ctx.data.invoices.find((i) => i.requestId === doc.sourceId);
	if (invoice && doc.docType === 'invoice') Object.assign(invoice, { paymentStatus: invoicePaymentStatus, lastModified: now });
}

function confirmOne(ctx: SimContext, docType: string, item: Json, systemId: string | null): Json {
	const doc = findDoc(ctx, item.docId);
	const result = (code: number, postingConfirmationResult: string, errorMessage = '') => ({ code, docId: item.docId, systemId: null, postingConfirmationResult, errorMessage, detailMessage: '' });
	if (!doc) return result(116, 'DOCUMENT_NOT_FOUND', 'Document not found.');
	if (doc.docType !== docType) return result(115, 'FAILURE', `Document is not of type ${docType}.`);
	if (doc.status === 'RECALLED') return result(112, 'WAS_RECALLED', 'This document was recalled.');
	if (doc.status === 'READY') return result(111, 'NOT_YET_ACKNOWLEDGED', 'This document has not been acknowledged.');
	if (doc.status !== 'ACKNOWLEDGED') return result(113, 'FAILURE', 'A posting confirmation was already posted for this document.');
	if (doc.systemId && systemId && doc.systemId !== systemId) return result(99, 'FAILURE', `SystemId does not match ${doc.systemId}.`);
	const status = String(item.overallPostingStatusCode ?? '').toLowerCase();
	if (status !== 'success' && status !== 'error') return result(198, 'FAILURE', 'Invalid request: overallPostingStatusCode must be success or error.');
	doc.status = status === 'success' ? 'POSTING_CONFIRMED_SUCCESS' : 'POSTING_CONFIRMED_FAILURE';
	// success: "Sent for Payment" (invoice "Extracted"); error: "Financial Posting Failed"
	if (status === 'success') setSourceStatus(ctx, doc, 'P_PAID', 'P_EXTR');
	else setSourceStatus(ctx, doc, 'P_PFAIL', 'P_PFAIL');
	return result(0, 'SUCCESS');
}

function paymentConfirmOne(ctx: SimContext, docType: string, item: Json): Json {
	const doc = findDoc(ctx, item.docId);
	const details = Array.isArray(item.clearingDetails) ? (item.clearingDetails as Json[]) : [];
	const refs = details.map((d) => String((d.clearingReference as Json | undefined)?.paymentRef ?? ''));
	const result = (code: number, ok: boolean, errorMessage = '') =>
		({ code, docId: item.docId, systemId: null, paymentConfirmationResult: ok ? 'SUCCESS' : 'FAILURE', errorMessage, paymentRef: refs[0] ?? null });
	if (docType !== 'expense') return result(298, false, 'Payment confirmation is only supported for expense documents.');
	if (!doc) return result(116, false, 'Document not found.');
	if (doc.status !== 'POSTING_CONFIRMED_SUCCESS') return result(111, false, 'The document has no successful posting confirmation.');
	if (!['CP', 'PP', 'RE', 'OB'].includes(String(item.processingStatusCode)) || !refs.length || refs.some((r) => !r)) return result(298, false, 'Invalid payment confirmation request.');
	if (refs.some((r) => doc.paymentRefs.includes(r))) return result(213, false, 'Payment confirmation already posted.');
	doc.paymentRefs.push(...refs);
	if (item.processingStatusCode === 'CP') setSourceStatus(ctx, doc, 'P_PAYC', 'P_PAID');
	return result(0, true);
}

type BatchKind = 'acknowledgement' | 'postingConfirmation' | 'paymentConfirmation';

function batchHandler(ctx: SimContext, kind: BatchKind, listKey: string, one: (docType: string, item: unknown, systemId: string | null) => Json) {
	return (req: SimRequest): SimResponse => {
		const body = parseJsonBody(req) as Json | undefined;
		const items = body?.[listKey];
		if (!Array.isArray(items)) return json(400, [{ code: 198, docId: null, systemId: null, errorMessage: `Invalid request: ${listKey} is required.` }]);
		const systemId = typeof body?.systemId === 'string' ? body.systemId : null;
		const results = items.map((item) => one(req.params.docType, item, systemId));
		ctx.fisCalls.push({ kind, docType: req.params.docType, at: ctx.nowIso(), body, results });
		return json(200, results); // per-document outcome inside HTTP 200
	};
}

export function fisRoutes(ctx: SimContext): Route[] {
	const route = (method: string, suffix: string, handler: Route['handler']): Route => ({
		method, template: `${BASE}${suffix}`, family: 'fis', principals: ['company'], // FIS accepts company tokens only
		handler: (req) => (DOC_TYPES.includes(req.params.docType) ? handler(req) : fisError(400, `Unknown transaction type ${req.params.docType}`, req.path)),
	});
	return [
		route('GET', '', (req) => listTransactions(ctx, req)),
		route('POST', '/acknowledgements', batchHandler(ctx, 'acknowledgement', 'ids', (t, id, s) => acknowledgeOne(ctx, t, String(id), s))),
		route('POST', '/postingconfirmations', batchHandler(ctx, 'postingConfirmation', 'postingConfirmations', (t, item, s) => confirmOne(ctx, t, (item ?? {}) as Json, s))),
		route('POST', '/paymentconfirmations', batchHandler(ctx, 'paymentConfirmation', 'processingConfirmation', (t, item) => paymentConfirmOne(ctx, t, (item ?? {}) as Json))),
	];
}

function activeDoc(ctx: SimContext, docType: FisDocType, sourceId: string): FisDocument | undefined {
	return ctx.data.fisDocuments.find((d) => d.docType === docType && d.sourceId === sourceId && d.status !== 'RECALLED');
}

/** A processor recalls the report/request: its FIS document leaves the queue (acks → 102, confirmations → 112). */
export function recallDocument(ctx: SimContext, docType: FisDocType, sourceId: string): FisDocument {
	const doc = activeDoc(ctx, docType, sourceId);
	if (!doc) throw new Error(`no active ${docType} FIS document for ${sourceId}`);
	if (doc.status === 'POSTING_CONFIRMED_SUCCESS') throw new Error(`${sourceId} was already posted successfully and cannot be recalled`);
	doc.status = 'RECALLED';
	const report = ctx.data.reportsById.get(sourceId);
	if (report) Object.assign(report, { approvalStatus: 'A_RESU', paymentStatus: 'P_NOTP', lastModified: ctx.nowIso() });
	return doc;
}

/** Re-approval after a recall: a *new* FIS document id for the same report/request id. */
export function resubmitDocument(ctx: SimContext, docType: FisDocType, sourceId: string): FisDocument {
	if (activeDoc(ctx, docType, sourceId)) recallDocument(ctx, docType, sourceId);
	const previous = ctx.data.fisDocuments.filter((d) => d.docType === docType && d.sourceId === sourceId);
	if (!previous.length) throw new Error(`unknown ${docType} ${sourceId}`);
	const revision = Math.max(...previous.map((d) => d.revision)) + 1;
	const doc = addFisDocument(ctx.data, ctx.seed, docType, sourceId, revision, ctx.nowIso());
	const report = ctx.data.reportsById.get(sourceId);
	if (report) Object.assign(report, { approvalStatus: 'A_APPR', paymentStatus: 'P_PROC', processingPaymentDate: ctx.nowIso(), lastModified: ctx.nowIso() });
	const invoice = ctx.data.invoices.find((i) => i.requestId === sourceId);
	if (invoice) Object.assign(invoice, { paymentStatus: 'P_NOTP', lastModified: ctx.nowIso() });
	if (ctx.options.autoDeliverReadyEvents) void deliverEvent(ctx, { eventType: `${docType}.readyForIntegration`, documentId: sourceId });
	return doc;
}
