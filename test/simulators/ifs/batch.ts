/** $batch: multipart/mixed with atomic change sets, Content-ID references ($1 in URLs and If-Match), continue-on-error. */
import { randomUUID } from 'node:crypto';
import { IfsError, malformed } from './errors';
import type { ODataRequest, ODataResponse } from './odata';
import { errorResponse } from './odata';
import type { Store } from './store';

interface MimePart {
	headers: Record<string, string>;
	body: string;
}

interface BatchRequest {
	method: string;
	url: string;
	headers: Record<string, string>;
	body: string;
	contentId?: string;
}

type BatchItem = { kind: 'request'; request: BatchRequest } | { kind: 'changeset'; requests: BatchRequest[] };

export interface BatchPartResult {
	request: BatchRequest;
	response: ODataResponse;
}

export interface BatchContext {
	/** Runs one part through the normal dispatcher (logging it as a batch part). */
	execute(part: ODataRequest): ODataResponse;
	db: Store;
	base: string;
	origin: string;
	template: ODataRequest;
	contentIdScope: 'changeset' | 'batch';
}

const STATUS_TEXT: Record<number, string> = {
	200: 'OK',
	201: 'Created',
	204: 'No Content',
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	412: 'Precondition Failed',
	428: 'Precondition Required',
	500: 'Internal Server Error',
	501: 'Not Implemented',
};

export function boundaryOf(contentType: string | undefined): string | undefined {
	if (!contentType || !/^multipart\/mixed/i.test(contentType)) return undefined;
	return /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
}

function splitHead(text: string): [string, string] {
	const match = /\r?\n\r?\n/.exec(text);
	if (!match) return [text, ''];
	return [text.slice(0, match.index), text.slice(match.index + match[0].length)];
}

function parseHeaders(text: string): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const line of text.split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	return headers;
}

export function parseMultipart(body: string, boundary: string): MimePart[] {
	const delimiter = `--${boundary}`;
	const chunks = body.split(delimiter);
	if (chunks.length < 2) throw malformed(`The batch body contains no part delimited by '${delimiter}'.`);
	const parts: MimePart[] = [];
	for (const chunk of chunks.slice(1)) {
		if (chunk.startsWith('--')) break;
		const [head, rest] = splitHead(chunk.replace(/^\r?\n/, ''));
		parts.push({ headers: parseHeaders(head), body: rest.replace(/\r?\n$/, '') });
	}
	return parts;
}

function parseHttpRequest(part: MimePart): BatchRequest {
	const [head, body] = splitHead(part.body);
	const [requestLine, ...headerLines] = head.split(/\r?\n/);
	const match = /^(GET|POST|PATCH|PUT|DELETE|MERGE)\s+(\S+)(\s+HTTP\/1\.1)?$/.exec(requestLine.trim());
	if (!match) throw malformed(`Invalid request line '${requestLine}' in batch part.`);
	const headers = parseHeaders(headerLines.join('\n'));
	return { method: match[1], url: match[2], headers, body, contentId: part.headers['content-id'] ?? headers['content-id'] };
}

export function parseBatch(body: string, boundary: string): BatchItem[] {
	return parseMultipart(body, boundary).map((part): BatchItem => {
		const inner = boundaryOf(part.headers['content-type']);
		if (!inner) return { kind: 'request', request: parseHttpRequest(part) };
		const requests = parseMultipart(part.body, inner).map(parseHttpRequest);
		// change sets hold data modifications only
		if (requests.some((r) => r.method === 'GET')) throw malformed('GET requests are not allowed inside a change set.');
		return { kind: 'changeset', requests };
	});
}

class ChangesetFailed extends Error {
	constructor(readonly result: BatchPartResult) {
		super('change set failed');
	}
}

type ItemResult = { kind: 'single'; result: BatchPartResult } | { kind: 'changeset'; results: BatchPartResult[] };

/** Sequential processing; without odata.continue-on-error processing stops after the first failed part or change set. */
export function executeBatch(items: BatchItem[], ctx: BatchContext, continueOnError: boolean): ItemResult[] {
	const results: ItemResult[] = [];
	const batchIds = new Map<string, { path: string; etag: string }>();
	for (const item of items) {
		const ids = ctx.contentIdScope === 'batch' ? batchIds : new Map<string, { path: string; etag: string }>();
		const result = item.kind === 'request' ? runSingle(item.request, ctx, ids) : runChangeset(item.requests, ctx, ids);
		results.push(result);
		const failed = result.kind === 'single' && result.result.response.status >= 400;
		if (failed && !continueOnError) break;
	}
	return results;
}

function runSingle(request: BatchRequest, ctx: BatchContext, ids: Map<string, { path: string; etag: string }>): ItemResult {
	const result = runPart(request, ctx, ids);
	return { kind: 'single', result };
}

/** All-or-nothing: any failing part undoes every write of the change set; the change set answers with that single error. */
function runChangeset(requests: BatchRequest[], ctx: BatchContext, ids: Map<string, { path: string; etag: string }>): ItemResult {
	try {
		const results = ctx.db.atomic(() =>
			requests.map((request) => {
				const result = runPart(request, ctx, ids);
				if (result.response.status >= 400) throw new ChangesetFailed(result);
				return result;
			}),
		);
		return { kind: 'changeset', results };
	} catch (error) {
		if (error instanceof ChangesetFailed) return { kind: 'single', result: error.result };
		throw error;
	}
}

function runPart(request: BatchRequest, ctx: BatchContext, ids: Map<string, { path: string; etag: string }>): BatchPartResult {
	let response: ODataResponse;
	try {
		const { rawPath, query } = resolveUrl(request.url, ctx, ids);
		const ifMatch = request.headers['if-match'];
		const headers = { ...request.headers, 'if-match': ifMatch && /^\$\d+$/.test(ifMatch) ? referenced(ifMatch, ids).etag : ifMatch };
		response = ctx.execute({ ...ctx.template, method: request.method, rawPath, query, headers, body: request.body });
	} catch (error) {
		if (!(error instanceof IfsError)) throw error;
		response = errorResponse(error);
	}
	if (request.contentId && response.created) ids.set(request.contentId, response.created);
	return { request, response };
}

function referenced(ref: string, ids: Map<string, { path: string; etag: string }>): { path: string; etag: string } {
	const entry = ids.get(ref.slice(1));
	if (!entry) throw malformed(`The Content-ID reference '${ref}' does not refer to an entity created earlier in the change set.`);
	return entry;
}

/** Part URLs: `$1/Nav`, relative to the service root, an absolute path, or an absolute URL. */
function resolveUrl(url: string, ctx: BatchContext, ids: Map<string, { path: string; etag: string }>): { rawPath: string; query: URLSearchParams } {
	let absolute: string;
	const ref = /^\$(\d+)(.*)$/.exec(url);
	if (ref) absolute = `${ctx.base}/${encodeURI(referenced(`$${ref[1]}`, ids).path)}${ref[2]}`;
	else if (/^https?:\/\//.test(url)) absolute = url;
	else if (url.startsWith('/')) absolute = `${ctx.origin}${url}`;
	else absolute = `${ctx.base}/${url}`;
	const parsed = new URL(absolute);
	return { rawPath: parsed.pathname, query: parsed.searchParams };
}

function httpPart(result: BatchPartResult): string {
	const { response, request } = result;
	const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
	if (request.contentId) lines.push(`Content-ID: ${request.contentId}`);
	lines.push('', `HTTP/1.1 ${response.status} ${STATUS_TEXT[response.status] ?? 'Unknown'}`);
	for (const [name, value] of Object.entries(response.headers)) lines.push(`${name}: ${value}`);
	lines.push('', response.body);
	return lines.join('\r\n');
}

export function formatBatchResponse(results: ItemResult[]): { contentType: string; body: string } {
	const boundary = `batchresponse_${randomUUID()}`;
	const parts = results.map((item) => {
		if (item.kind === 'single') return httpPart(item.result);
		const inner = `changesetresponse_${randomUUID()}`;
		const body = item.results.map((r) => `--${inner}\r\n${httpPart(r)}\r\n`).join('') + `--${inner}--`;
		return `Content-Type: multipart/mixed; boundary=${inner}\r\n\r\n${body}`;
	});
	const body = parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('') + `--${boundary}--\r\n`;
	return { contentType: `multipart/mixed; boundary=${boundary}`, body };
}
