/**
 * Receipt images. Image v1 (`GET /api/image/v1.0/report/{entryReceiptId}`, reference §2h) answers
 * XML `<Image><Id/><Url/></Image>`; the URL is pre-signed, lives 15 minutes and, like an S3
 * pre-signed URL, refuses a request that also carries an Authorization header. Every entry that is
 * not personal has a receipt; tests remove receipts or make them large through the control API.
 */
import { createHash } from 'node:crypto';

import type { SimContext } from './context';
import { familyError } from './errors';
import type { Route, SimRequest, SimResponse } from './http';
import type { EntryModel } from './types';

const URL_LIFETIME_MS = 15 * 60 * 1000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PDF_SIGNATURE = Buffer.from('%PDF-1.7\n', 'latin1');

export function receiptIdOf(entry: Pick<EntryModel, 'v4Id' | 'personal' | 'noReceiptImage'>): string | null {
	return entry.personal || entry.noReceiptImage ? null : `RI${entry.v4Id.slice(0, 30)}`;
}

export interface ReceiptImage {
	receiptId: string;
	mimeType: 'image/png' | 'application/pdf';
	sizeBytes: number;
}

/** The receipt image ids the FIS documents name (every non-personal entry of every report). */
function knownReceiptIds(ctx: SimContext): Set<string> {
	const ids = ctx.data.reports.flatMap((report) => report.entries.map((entry) => receiptIdOf(entry)));
	return new Set(ids.filter((id): id is string => id !== null));
}

export function receiptImage(ctx: SimContext, receiptId: string): ReceiptImage | undefined {
	const override = ctx.data.receiptOverrides.get(receiptId);
	if (override?.missing || !knownReceiptIds(ctx).has(receiptId)) return undefined;
	const digest = createHash('sha256').update(receiptId).digest();
	const mimeType = digest[0]! % 2 === 0 ? 'image/png' : 'application/pdf';
	return { receiptId, mimeType, sizeBytes: override?.sizeBytes ?? 2048 + (digest.readUInt16BE(1) % 6144) };
}

/** Deterministic bytes of the image: a file signature, then its id's hash repeated. */
export function receiptBytes(image: ReceiptImage): Buffer {
	const signature = image.mimeType === 'image/png' ? PNG_SIGNATURE : PDF_SIGNATURE;
	const pattern = createHash('sha256').update(image.receiptId).digest();
	const bytes = Buffer.alloc(image.sizeBytes);
	for (let at = 0; at < bytes.length; at += pattern.length) pattern.copy(bytes, at);
	signature.copy(bytes, 0, 0, Math.min(signature.length, bytes.length));
	return bytes;
}

function signature(receiptId: string, expires: number): string {
	return createHash('sha256').update(`sim-image-signing|${receiptId}|${expires}`).digest('hex').slice(0, 32);
}

function imageUrl(ctx: SimContext, req: SimRequest): SimResponse {
	const image = receiptImage(ctx, req.params.receiptId!);
	if (!image) return familyError('v3', 404, `No image was found for the id ${req.params.receiptId}`, req.path);
	const expires = ctx.now() + URL_LIFETIME_MS;
	const url = `${req.baseUrl}/receipt-images/${encodeURIComponent(image.receiptId)}?expires=${expires}&amp;sig=${signature(image.receiptId, expires)}`;
	return { status: 200, text: `<?xml version="1.0" encoding="utf-8"?><Image xmlns="http://www.concursolutions.com/api/image/2011/02"><Id>${image.receiptId}</Id><Url>${url}</Url></Image>`, headers: { 'content-type': 'application/xml; charset=utf-8' } };
}

function presignedImage(ctx: SimContext, req: SimRequest): SimResponse {
	const receiptId = req.params.receiptId!;
	const expires = Number(req.query.get('expires'));
	if (req.headers.authorization) return { status: 400, text: 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified' };
	if (req.query.get('sig') !== signature(receiptId, expires) || !(expires > ctx.now())) return { status: 403, text: 'Request has expired or its signature does not match' };
	const image = receiptImage(ctx, receiptId);
	if (!image) return { status: 404, text: 'The specified key does not exist.' };
	return { status: 200, binary: receiptBytes(image), headers: { 'content-type': image.mimeType } };
}

export function receiptRoutes(ctx: SimContext): Route[] {
	return [
		{ method: 'GET', template: '/api/image/v1.0/report/:receiptId', family: 'v3', principals: ['company', 'user'], handler: (req) => imageUrl(ctx, req) },
		{ method: 'GET', template: '/receipt-images/:receiptId', family: 'v3', handler: (req) => presignedImage(ctx, req) },
	];
}
