/** HTTP transport on 127.0.0.1: IAM, OData (incl. $batch) with gateway behaviour (latency, outage, 429, faults), and /_sim control. */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { boundaryOf, executeBatch, formatBatchResponse, parseBatch } from './batch';
import { handleControl } from './control';
import { pickAfterCommitFault, pickFault, type AfterCommitMode } from './faults';
import { IfsError, malformed, methodNotAllowed } from './errors';
import type { ODataRequest, ODataResponse } from './odata';
import { errorResponse, jsonResponse, PROJECTION_PATH } from './odata';
import type { IfsSimulator } from './simulator';
import type { RequestKind } from './stats';

interface Reply {
	status: number;
	headers: Record<string, string>;
	body: string;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function send(res: ServerResponse, reply: Reply): void {
	res.writeHead(reply.status, { 'OData-Version': '4.0', ...reply.headers });
	res.end(reply.body);
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function lowerHeaders(req: IncomingMessage): Record<string, string | undefined> {
	return Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
}

export function startHttpServer(sim: IfsSimulator, port: number): Promise<Server> {
	const server = createServer((req, res) => {
		handle(sim, req, res).catch((error: Error) => {
			if (!res.headersSent) send(res, { status: 500, headers: { 'Content-Type': 'text/plain' }, body: `Simulator error: ${error.stack}` });
		});
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve(server));
	});
}

async function handle(sim: IfsSimulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
	const rawBody = await readBody(req);
	const body = rawBody.toString('utf8');
	const method = req.method ?? 'GET';
	if (url.pathname.startsWith('/_sim')) {
		const reply = handleControl(sim, method, url.pathname, url.searchParams, body);
		return send(res, { status: reply.status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(reply.body) });
	}
	sim.counters.enter();
	try {
		if (sim.activeFaults.latencyMs > 0) await delay(sim.activeFaults.latencyMs);
		const log = (kind: RequestKind, reply: Reply, extra: { clientId?: string; fault?: string; batchId?: number } = {}): void => {
			sim.counters.record({ kind, method, path: url.pathname + url.search, status: reply.status, ...extra });
		};
		const realmPath = `/auth/realms/${sim.options.realm}`;
		if (url.pathname === `${realmPath}/protocol/openid-connect/token`) {
			const reply = method === 'POST' ? sim.iam.token(body, req.headers.authorization) : jsonError(405, 'Method not allowed');
			log('token', reply);
			return send(res, reply);
		}
		if (url.pathname === `${realmPath}/.well-known/openid-configuration`) {
			const reply = sim.iam.discovery();
			log('discovery', reply);
			return send(res, reply);
		}
		if (url.pathname.startsWith('/auth/realms/')) return send(res, jsonError(404, 'Realm does not exist'));
		if (!PROJECTION_PATH.test(url.pathname)) return send(res, { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'Not Found' });
		return handleData(sim, req, res, { url, body, rawBody, method, log });
	} finally {
		sim.counters.leave();
	}
}

function jsonError(status: number, error: string): Reply {
	return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ error }) };
}

interface DataRequest {
	url: URL;
	body: string;
	rawBody: Buffer;
	method: string;
	log: (kind: RequestKind, reply: Reply, extra?: { clientId?: string; fault?: string; batchId?: number }) => void;
}

/** Gateway order: outage, rate limit, bearer, injected faults, then the OData provider. */
function handleData(sim: IfsSimulator, req: IncomingMessage, res: ServerResponse, data: DataRequest): void {
	const isBatch = data.url.pathname.endsWith('/$batch');
	const kind: RequestKind = isBatch ? 'batch' : 'odata';
	if (isBatch && sim.activeFaults.outageAtNextBatch) sim.setFaults({ outage: true, outageAtNextBatch: false });
	const gate = gateway(sim, req);
	if (gate) {
		data.log(kind, gate.reply, { fault: gate.fault });
		if (gate.fault === 'connectionReset') return void req.socket.destroy();
		return send(res, gate.reply);
	}
	const client = sim.client(req.headers.authorization)!;
	const request: ODataRequest = {
		method: data.method,
		rawPath: data.url.pathname,
		query: data.url.searchParams,
		headers: lowerHeaders(req),
		body: data.body,
		rawBody: data.rawBody,
		client,
		origin: data.url.origin,
	};
	const batchId = isBatch ? sim.counters.nextBatchId() : undefined;
	const reply = isBatch ? runBatch(sim, request, batchId!) : sim.odata.handle(request);
	const lost = reply.status < 400 ? pickAfterCommitFault(sim.activeFaults, { batch: isBatch, method: data.method }) : undefined;
	data.log(kind, lost ? mangled(reply, lost) : reply, { clientId: client.clientId, batchId, ...(lost ? { fault: `afterCommit:${lost}` } : {}) });
	sim.afterApply?.({ kind, method: data.method, path: data.url.pathname, status: reply.status, batchId });
	if (lost === 'drop') return void req.socket.destroy();
	if (lost === 'reset') return void req.socket.resetAndDestroy();
	send(res, lost ? mangled(reply, lost) : reply);
}

/** The answer a client gets when the applied write's answer is replaced or cut on the way back. */
function mangled(reply: Reply, mode: AfterCommitMode): Reply {
	if (mode === 'drop' || mode === 'reset') return { status: 0, headers: {}, body: '' };
	if (mode === 'truncate') return { ...reply, body: reply.body.slice(0, Math.floor(reply.body.length / 2)) };
	const page = (title: string) => `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`;
	if (mode === 'html500') return { status: 500, headers: { 'Content-Type': 'text/html' }, body: page('500 Internal Server Error') };
	return { status: 200, headers: { 'Content-Type': 'text/html' }, body: page('Signing you in…') };
}

function gateway(sim: IfsSimulator, req: IncomingMessage): { reply: Reply; fault?: string } | undefined {
	const faults = sim.activeFaults;
	if (faults.outage) return { reply: unavailable(), fault: 'outage' };
	const wait = sim.limiter?.take() ?? 0;
	if (wait > 0) return { reply: tooManyRequests(sim, wait) };
	if (!sim.client(req.headers.authorization)) return { reply: sim.iam.unauthorized() };
	const fault = pickFault(faults, sim.random);
	// logged with status 0: the client never gets a response
	if (fault === 'connectionReset') return { reply: { status: 0, headers: {}, body: '' }, fault };
	if (fault === 'miModified') return { reply: miModified(sim.options.miModifiedStatus), fault };
	if (fault === 'serverError') return { reply: serverError(faults.serverError.status), fault };
	return undefined;
}

function unavailable(): Reply {
	return { status: 503, headers: { 'Content-Type': 'text/plain' }, body: 'Service Unavailable' };
}

/** IFS publishes no rate-limit contract; the simulator answers 429 with an optional Retry-After (seconds). */
function tooManyRequests(sim: IfsSimulator, wait: number): Reply {
	const headers: Record<string, string> = {};
	if (sim.retryAfterSeconds !== null) headers['Retry-After'] = String(sim.retryAfterSeconds ?? wait);
	return jsonResponse(429, { error: { code: 'TOO_MANY_REQUESTS', message: 'Too many requests. Try again later.' } }, headers);
}

/** Projection metadata cache refreshed: retry the same request (500 per docs, 503 observed). */
function miModified(status: number): Reply {
	return errorResponse(new IfsError(status, 'MI_MODIFIED_ERROR', 'Service metadata already modified.'));
}

function serverError(status: number): Reply {
	if (status === 500) return errorResponse(new IfsError(500, 'ODP_INTERNAL_ERROR', 'An internal server error occurred.'));
	return { status, headers: { 'Content-Type': 'text/plain' }, body: `HTTP ${status} from the IFS gateway` };
}

function runBatch(sim: IfsSimulator, request: ODataRequest, batchId: number): ODataResponse {
	try {
		if (request.method !== 'POST') throw methodNotAllowed('$batch requires POST.');
		const served = sim.odata.projectionFor(request.rawPath, request.origin);
		const boundary = boundaryOf(request.headers['content-type']);
		if (!boundary) throw malformed('A $batch request must be multipart/mixed with a boundary (JSON batch is not supported).');
		const items = parseBatch(request.body, boundary);
		const continueOnError = /odata\.continue-on-error/i.test(request.headers.prefer ?? '');
		const execute = (part: ODataRequest): ODataResponse => {
			const response = sim.odata.handle(part);
			const received = part.body === '' ? {} : { contentType: part.headers['content-type'], body: part.body };
			sim.counters.record({ kind: 'batch-part', method: part.method, path: part.rawPath, status: response.status, clientId: part.client.clientId, batchId, ...received });
			return response;
		};
		const context = { execute, db: sim.db, base: served.base, origin: request.origin, template: request, contentIdScope: sim.options.contentIdScope };
		const results = executeBatch(items, context, continueOnError);
		const formatted = formatBatchResponse(results);
		const headers: Record<string, string> = { 'Content-Type': formatted.contentType };
		if (continueOnError) headers['Preference-Applied'] = 'odata.continue-on-error';
		return { status: 200, headers, body: formatted.body };
	} catch (error) {
		if (error instanceof IfsError) return errorResponse(error);
		throw error;
	}
}
