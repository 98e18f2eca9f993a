/**
 * Receipt images of an expense entry. The image path is a setting (reference §2h documents Image
 * v1, `/api/image/v1.0/report/{entryReceiptId}`, answering XML with a ~15-minute URL; Receipts v4
 * paths are not pinned down): an XML or JSON answer names the image's URL, which is fetched
 * without the bearer token (it is pre-signed); an image or PDF answer is the image itself. Bodies
 * stay streams, cut off at the size limit.
 */
import type { IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';

import { headerValue, type HeaderBag } from '../retry';
import { failureFromError } from '../send-with-retry';
import { settle } from '../settle';
import { CONCUR_CREDENTIAL, concurRequest, sendAnonymously } from './transport';
import { isAllowedConcurUrl, parseHostList } from './hosts';

/** A readable byte stream as n8n's binary store takes it (node:stream may not be imported by community nodes). */
export type Readable = Exclude<Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0], Buffer>;

export const DEFAULT_RECEIPT_IMAGE_PATH = '/api/image/v1.0/report/{receiptId}';
export const DEFAULT_MAX_RECEIPT_MB = 10;
/** An XML/JSON answer naming the image URL is small; anything longer is not one. */
const MAX_POINTER_BYTES = 64 * 1024;

export interface ReceiptSettings {
	imagePath: string;
	maxBytes: number;
}

export type ReceiptFetch =
	| { status: 'fetched'; stream: Readable; mimeType: string; sizeBytes?: number }
	| { status: 'missing' | 'tooLarge' | 'unreadable'; reason: string };

export async function fetchReceiptImage(this: IExecuteFunctions, receiptId: string, settings: ReceiptSettings, itemIndex: number): Promise<ReceiptFetch> {
	const path = settings.imagePath.replace('{receiptId}', encodeURIComponent(receiptId));
	const sent = await settle(concurRequest.call(this, { path, stream: true, headers: { Accept: 'application/xml, application/json, image/*, application/pdf' } }, itemIndex));
	if (!sent.ok) {
		if (failureFromError(sent.error).status === 404) return { status: 'missing', reason: `SAP Concur has no image for receipt ${receiptId} (HTTP 404)` };
		throw sent.error;
	}
	const headers = sent.value.headers ?? {};
	const stream = sent.value.body as Readable;
	if (!isPointer(headers)) return limited(stream, headers, receiptId, settings.maxBytes);
	const url = imageUrlIn(await readSmall(stream));
	if (!url) return { status: 'unreadable', reason: `SAP Concur's answer for receipt ${receiptId} names no image URL` };
	return await downloadPresigned.call(this, url, receiptId, settings.maxBytes);
}

function isPointer(headers: HeaderBag): boolean {
	return /xml|json/i.test(headerValue(headers, 'content-type') ?? '');
}

/** `<Url>…</Url>` (Image v1) or a JSON `url`/`Url`/`imageUrl`; `&amp;` unescaped. */
export function imageUrlIn(text: string): string | undefined {
	const xml = /<Url>([^<]+)<\/Url>/i.exec(text)?.[1];
	if (xml) return xml.trim().replace(/&amp;/g, '&');
	try {
		const json = JSON.parse(text) as Record<string, unknown>;
		const url = json.url ?? json.Url ?? json.imageUrl ?? json.ImageUrl;
		return typeof url === 'string' ? url : undefined;
	} catch {
		return undefined;
	}
}

async function readSmall(stream: Readable): Promise<string> {
	const chunks: Buffer[] = [];
	let length = 0;
	for await (const chunk of stream) {
		chunks.push(Buffer.from(chunk as Buffer));
		length += (chunk as Buffer).length;
		if (length > MAX_POINTER_BYTES) {
			stream.destroy();
			return '';
		}
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** The pre-signed URL gets no credential; https only (http only on a loopback host the credential lists). */
async function downloadPresigned(this: IExecuteFunctions, url: string, receiptId: string, maxBytes: number): Promise<ReceiptFetch> {
	const credentials = await this.getCredentials(CONCUR_CREDENTIAL);
	const allowed = url.startsWith('https://') || isAllowedConcurUrl(url, parseHostList(credentials.extraAllowedHosts as string));
	if (!allowed) return { status: 'unreadable', reason: `SAP Concur named an image URL for receipt ${receiptId} that is not https; it was not fetched` };
	const sent = await settle(sendAnonymously(this, { url, method: 'GET', encoding: 'stream', json: false, returnFullResponse: true, disableFollowRedirect: true }));
	if (!sent.ok) {
		const status = failureFromError(sent.error).status;
		if (status === 404) return { status: 'missing', reason: `The image of receipt ${receiptId} is gone from SAP Concur's image store (HTTP 404)` };
		throw sent.error;
	}
	const response = sent.value as IN8nHttpFullResponse;
	return limited(response.body as Readable, response.headers as HeaderBag, receiptId, maxBytes);
}

/** Refused up front when the stated length is above the limit; otherwise cut off when the bytes pass it. */
function limited(stream: Readable, headers: HeaderBag, receiptId: string, maxBytes: number): ReceiptFetch {
	const mimeType = (headerValue(headers, 'content-type') ?? 'application/octet-stream').split(';')[0]!.trim();
	const stated = Number(headerValue(headers, 'content-length'));
	const sizeBytes = Number.isFinite(stated) && stated > 0 ? stated : undefined;
	if (sizeBytes !== undefined && sizeBytes > maxBytes) {
		stream.destroy();
		return { status: 'tooLarge', reason: tooLarge(receiptId, sizeBytes, maxBytes) };
	}
	return { status: 'fetched', stream: limitedStream(stream, receiptId, maxBytes), mimeType, sizeBytes };
}

/** The bytes of `stream`, failing with ReceiptTooLargeError once more than `maxBytes` passed. */
export function limitedStream(stream: Readable, receiptId: string, maxBytes: number): Readable {
	let seen = 0;
	return stream.map((chunk: Buffer) => {
		seen += chunk.length;
		if (seen > maxBytes) throw new ReceiptTooLargeError(tooLarge(receiptId, seen, maxBytes));
		return chunk;
	});
}

export class ReceiptTooLargeError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ReceiptTooLargeError';
	}
}

function tooLarge(receiptId: string, bytes: number, maxBytes: number): string {
	return `Receipt ${receiptId} is larger than the ${(maxBytes / 1048576).toFixed(1)} MB limit (${(bytes / 1048576).toFixed(1)} MB); attach it in IFS by hand or raise the limit`;
}
