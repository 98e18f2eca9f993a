/** HTTP servers (token host + one per datacenter) and the request pipeline: log → faults → auth → route. */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimContext } from './context';
import { authenticate } from './auth';
import { familyError } from './errors';
import type { FaultEngine } from './faults';
import { familyOfPath, type Router, type SimRequest, type SimResponse } from './http';
import type { ServerRole } from './types';
import { toJson } from './util';

export type ControlHandler = (method: string, url: URL, body: Buffer) => Promise<SimResponse>;

interface Pipeline {
	ctx: SimContext;
	faults: FaultEngine;
	routers: Record<'token' | 'datacenter', Router>;
	control: ControlHandler;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function send(res: ServerResponse, response: SimResponse, correlationId: string): void {
	if (response.binary) {
		res.writeHead(response.status, { 'concur-correlationid': correlationId, 'content-length': response.binary.length, ...response.headers });
		return void res.end(response.binary);
	}
	const isText = response.text !== undefined;
	const payload = isText ? (response.text as string) : toJson(response.body ?? null);
	res.writeHead(response.status, {
		'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json;charset=UTF-8',
		'concur-correlationid': correlationId,
		'content-length': Buffer.byteLength(payload),
		...response.headers,
	});
	res.end(response.status === 204 || response.status === 304 ? undefined : payload);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answer(p: Pipeline, role: ServerRole, req: IncomingMessage, url: URL, body: Buffer): Promise<{ response?: SimResponse; template: string; fault: string | null }> {
	const method = req.method ?? 'GET';
	const match = p.routers[role === 'token' ? 'token' : 'datacenter'].match(method, url.pathname);
	const template = match?.route.template ?? url.pathname;
	const family = match?.route.family ?? familyOfPath(url.pathname);
	const decision = p.faults.decide(method, url.pathname, role);
	if (decision.latencyMs) await sleep(decision.latencyMs);
	if (decision.action?.kind === 'reset') return { template, fault: 'reset' };
	const deprecation: Record<string, string> = decision.deprecated ? { 'x-api-warn': 'This endpoint is deprecated and will be removed', sunset: new Date(p.ctx.now() + 365 * 86400000).toUTCString() } : {};
	if (decision.action?.kind === 'status') {
		const { status, retryAfter } = decision.action;
		const injected = familyError(family, status, status === 429 ? 'Too many requests' : 'Service unavailable', url.pathname);
		return { response: { ...injected, headers: { ...deprecation, ...(retryAfter !== undefined ? { 'retry-after': retryAfter } : {}) } }, template, fault: String(status) };
	}
	if (!match) return { response: familyError(family, 404, 'Resource not found', url.pathname), template, fault: null };
	const simReq: SimRequest = { method, path: url.pathname, url, query: url.searchParams, headers: req.headers, body, role, baseUrl: url.origin, params: match.params };
	const response = authenticate(p.ctx, simReq, match.route) ?? (await match.route.handler(simReq));
	return { response: { ...response, headers: { ...deprecation, ...response.headers } }, template, fault: null };
}

async function dispatch(p: Pipeline, role: ServerRole, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const url = new URL(req.url ?? '/', role === 'token' ? p.ctx.urls.token : p.ctx.urls[role]);
	const correlationId = String(req.headers['concur-correlationid'] ?? randomUUID());
	const body = await readBody(req);
	if (role === 'token' && url.pathname.startsWith('/_sim/')) return send(res, await p.control(req.method ?? 'GET', url, body), correlationId);
	const stats = p.ctx.stats;
	stats.inFlight += 1;
	stats.maxConcurrency = Math.max(stats.maxConcurrency, stats.inFlight);
	try {
		const method = req.method ?? 'GET';
		if (p.ctx.requestHook?.({ phase: 'received', method, path: url.pathname }) === 'drop') return void req.socket.destroy();
		const { response, template, fault } = await answer(p, role, req, url, body);
		p.ctx.requestHook?.({ phase: 'answered', method, path: url.pathname, status: response?.status });
		p.ctx.logRequest({ at: p.ctx.nowIso(), role, method: req.method ?? 'GET', path: url.pathname + url.search, template, status: response?.status ?? 0, fault });
		if (!response) return void req.socket.destroy();
		send(res, response, correlationId);
	} finally {
		stats.inFlight -= 1;
	}
}

export async function listen(p: Pipeline, role: ServerRole, port: number): Promise<{ server: Server; url: string }> {
	const server = createServer((req, res) => {
		dispatch(p, role, req, res).catch((error: Error) => {
			if (!res.headersSent) send(res, { status: 500, body: { Message: error.message } }, randomUUID());
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function close(server: Server): Promise<void> {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
}
