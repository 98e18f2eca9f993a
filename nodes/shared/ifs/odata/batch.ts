/**
 * OData v4 multipart `$batch` (the only batch format IFS documents): build the request body from
 * change sets (atomic: a document's header and lines) and standalone GETs, and parse IFS's answer
 * per part.
 */
import { randomUUID } from 'node:crypto';

import { parseJsonText } from '../../retry';
import { toJsonText } from './decimals';

export type ChangeMethod = 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface BatchOperation {
	method: ChangeMethod;
	/**
	 * Encoded URL relative to the service root (e.g. from `entityPath`), or `$n` / `$n/Navigation`
	 * for the entity created by the n-th operation (1-based) of the same change set.
	 */
	url: string;
	/** Extra headers; `If-Match: $n` refers to the ETag of the n-th operation of the same change set. */
	headers?: Record<string, string>;
	/** Serialised as JSON; `ExactDecimal` values become number literals with their exact digits. */
	body?: unknown;
}

export interface BatchGet {
	url: string;
	headers?: Record<string, string>;
}

export type BatchPart = { changeSet: BatchOperation[] } | { get: BatchGet };

export interface BuiltBatch {
	body: string;
	/** `multipart/mixed; boundary=…` for the outer request. */
	contentType: string;
	/** Content-IDs per input part, in input order (unique across the batch). */
	contentIds: string[][];
}

export interface BuildBatchOptions {
	/** Boundary generator, injectable for stable test output. */
	newBoundary?: (kind: 'batch' | 'changeset') => string;
}

export interface BatchResponse {
	contentId?: string;
	status: number;
	/** Lower-case header names. */
	headers: Record<string, string>;
	/** Parsed JSON when possible, else the text; undefined when empty. */
	body: unknown;
}

/** One result per top-level part, in request order; IFS stops after a failed part unless `odata.continue-on-error`. */
export type BatchPartResult =
	| { ok: true; responses: BatchResponse[] }
	| { ok: false; responses: BatchResponse[]; error: BatchResponse };

export class BatchError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BatchError';
	}
}

const CRLF = '\r\n';
const CHANGE_METHODS = new Set<string>(['POST', 'PATCH', 'PUT', 'DELETE']);
const LOCAL_REFERENCE = /^\$(\d+)(?=[/?]|$)/;
const LINE_BREAK = /[\r\n]/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export function buildBatch(parts: BatchPart[], options: BuildBatchOptions = {}): BuiltBatch {
	if (parts.length === 0) throw new BatchError('A $batch needs at least one part');
	const newBoundary = options.newBoundary ?? ((kind) => `${kind}_${randomUUID()}`);
	const batchBoundary = newBoundary('batch');
	let lastContentId = 0;
	const contentIds: string[][] = [];
	const encodedParts = parts.map((part) => {
		if ('get' in part) {
			const id = String(++lastContentId);
			contentIds.push([id]);
			return httpPart(id, requestText('GET', part.get.url, part.get.headers, undefined));
		}
		const ids = part.changeSet.map(() => String(++lastContentId));
		contentIds.push(ids);
		return changeSetPart(part.changeSet, ids, newBoundary('changeset'));
	});
	return {
		body: multipart(batchBoundary, encodedParts),
		contentType: `multipart/mixed; boundary=${batchBoundary}`,
		contentIds,
	};
}

export function parseBatchResponse(contentType: string | undefined, body: string): BatchPartResult[] {
	const text = body.replace(/\r\n/g, '\n');
	const boundary = boundaryOf(contentType) ?? sniffBoundary(text);
	if (!boundary) throw new BatchError('IFS answered the $batch request without a multipart body');
	return splitMultipart(text, boundary).map(partResult);
}

function changeSetPart(operations: BatchOperation[], ids: string[], boundary: string): string {
	if (operations.length === 0) throw new BatchError('A change set needs at least one operation');
	const requests = operations.map((operation, index) => {
		if (!CHANGE_METHODS.has(operation.method)) {
			throw new BatchError(`${String(operation.method)} is not allowed inside a change set (POST, PATCH, PUT or DELETE)`);
		}
		const url = operation.url.replace(LOCAL_REFERENCE, (_match, n: string) => `$${referencedId(n, index, ids)}`);
		const headers = mapIfMatchReference(operation.headers, index, ids);
		return httpPart(ids[index], requestText(operation.method, url, headers, operation.body));
	});
	return `Content-Type: multipart/mixed; boundary=${boundary}${CRLF}${CRLF}${multipart(boundary, requests)}`;
}

function mapIfMatchReference(headers: Record<string, string> | undefined, index: number, ids: string[]) {
	if (!headers) return headers;
	return Object.fromEntries(
		Object.entries(headers).map(([name, value]) => {
			const reference = name.toLowerCase() === 'if-match' ? /^\$(\d+)$/.exec(value.trim()) : null;
			return [name, reference ? `$${referencedId(reference[1], index, ids)}` : value];
		}),
	);
}

/** Content-IDs may only reference an earlier operation of the same change set. */
function referencedId(localNumber: string, index: number, ids: string[]): string {
	const position = Number(localNumber);
	if (position < 1 || position > index) {
		throw new BatchError(`Operation ${index + 1} references $${localNumber}, which is not an earlier operation of its change set`);
	}
	return ids[position - 1];
}

function requestText(method: string, url: string, extraHeaders: Record<string, string> | undefined, body: unknown): string {
	if (!url || /\s/.test(url) || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('/')) {
		throw new BatchError(`Batch URL ${JSON.stringify(url)} must be an encoded path relative to the service root`);
	}
	const headers: Record<string, string> = { Accept: 'application/json' };
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	for (const [name, value] of Object.entries(extraHeaders ?? {})) setHeader(headers, name, value);
	const headerLines = Object.entries(headers).map(([name, value]) => `${name}: ${value}${CRLF}`);
	const payload = body === undefined ? '' : toJsonText(body);
	return `${method} ${url} HTTP/1.1${CRLF}${headerLines.join('')}${CRLF}${payload}`;
}

function setHeader(headers: Record<string, string>, name: string, value: string): void {
	if (!HEADER_NAME.test(name) || LINE_BREAK.test(String(value))) throw new BatchError(`Invalid batch header ${JSON.stringify(name)}`);
	const existing = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
	if (existing !== undefined) delete headers[existing];
	headers[name] = String(value);
}

function httpPart(contentId: string, request: string): string {
	return [
		'Content-Type: application/http',
		'Content-Transfer-Encoding: binary',
		`Content-ID: ${contentId}`,
		'',
		request,
	].join(CRLF);
}

function multipart(boundary: string, parts: string[]): string {
	return `${parts.map((part) => `--${boundary}${CRLF}${part}${CRLF}`).join('')}--${boundary}--${CRLF}`;
}

function partResult(partText: string): BatchPartResult {
	const part = splitHeaders(partText);
	const nestedBoundary = contentTypeOf(part.headers).startsWith('multipart/')
		? boundaryOf(part.headers['content-type']) ?? sniffBoundary(part.content)
		: undefined;
	const responses = nestedBoundary
		? splitMultipart(part.content, nestedBoundary).map((inner) => httpResponse(splitHeaders(inner)))
		: [httpResponse(part)];
	const error = responses.find((response) => response.status >= 400);
	return error ? { ok: false, responses, error } : { ok: true, responses };
}

function httpResponse(part: { headers: Record<string, string>; content: string }): BatchResponse {
	const [statusLine, ...rest] = part.content.replace(/^\n+/, '').split('\n');
	const status = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\b/i.exec(statusLine.trim());
	if (!status) throw new BatchError(`Unexpected line in $batch response: ${JSON.stringify(statusLine.slice(0, 80))}`);
	const response = splitHeaders(rest.join('\n'));
	const contentId = part.headers['content-id'] ?? response.headers['content-id'];
	return {
		...(contentId === undefined ? {} : { contentId: contentId.replace(/^<|>$/g, '') }),
		status: Number(status[1]),
		headers: response.headers,
		body: parseBody(response.content),
	};
}

/** MIME-style header block up to the first empty line; names lower-cased. */
function splitHeaders(text: string): { headers: Record<string, string>; content: string } {
	const lines = text.split('\n');
	const headers: Record<string, string> = {};
	let index = 0;
	for (; index < lines.length && lines[index].trim() !== ''; index++) {
		const separator = lines[index].indexOf(':');
		if (separator > 0) headers[lines[index].slice(0, separator).trim().toLowerCase()] = lines[index].slice(separator + 1).trim();
	}
	return { headers, content: lines.slice(index + 1).join('\n') };
}

/**
 * Parts between `--boundary` delimiter lines, preamble and epilogue dropped; expects LF line ends.
 * An answer without its closing delimiter was cut off on the way: it may lack parts IFS applied.
 */
function splitMultipart(text: string, boundary: string): string[] {
	const parts: string[] = [];
	let current: string[] | undefined;
	for (const line of text.split('\n')) {
		const trimmed = line.trimEnd();
		const closing = trimmed === `--${boundary}--`;
		if (closing || trimmed === `--${boundary}`) {
			if (current) parts.push(current.join('\n'));
			if (closing) return parts;
			current = [];
		} else current?.push(line);
	}
	throw new BatchError('The $batch answer ends before its closing delimiter (truncated)');
}

function parseBody(content: string): unknown {
	const text = content.trim();
	return text === '' ? undefined : parseJsonText(text);
}

function boundaryOf(contentType: string | undefined): string | undefined {
	const match = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
	return match ? match[1] ?? match[2] : undefined;
}

function sniffBoundary(text: string): string | undefined {
	return /^--(\S+?)\s*$/m.exec(text)?.[1];
}

function contentTypeOf(headers: Record<string, string>): string {
	return (headers['content-type'] ?? '').toLowerCase();
}
