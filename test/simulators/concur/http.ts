/** Minimal routing and request/response plumbing on top of node:http. */
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiFamily, Principal, PrincipalType, ServerRole } from './types';

export type RouteFamily = ApiFamily | 'oauth';

export interface SimRequest {
	method: string;
	path: string;
	url: URL;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: Buffer;
	role: ServerRole;
	/** `http://127.0.0.1:<port>` of the server that answered. */
	baseUrl: string;
	params: Record<string, string>;
	principal?: Principal;
}

export interface SimResponse {
	status: number;
	/** Serialised with toJson (RawNumber aware) unless `text` is set. */
	body?: unknown;
	text?: string;
	/** Raw bytes (receipt images), sent with the `content-type` from headers. */
	binary?: Buffer;
	headers?: Record<string, string>;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface Route {
	method: string;
	template: string;
	family: RouteFamily;
	/** Principal types accepted; undefined = no bearer token needed. */
	principals?: PrincipalType[];
	handler: Handler;
}

export class Router {
	private readonly routes: Route[] = [];

	add(...routes: Route[]): void {
		this.routes.push(...routes);
	}

	match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
		const segments = path.split('/');
		for (const route of this.routes) {
			if (route.method !== method) continue;
			const params = matchTemplate(route.template.split('/'), segments);
			if (params) return { route, params };
		}
		return undefined;
	}
}

function matchTemplate(template: string[], segments: string[]): Record<string, string> | undefined {
	if (template.length !== segments.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < template.length; i++) {
		if (template[i].startsWith(':')) params[template[i].slice(1)] = decodeURIComponent(segments[i]);
		else if (template[i] !== segments[i]) return undefined;
	}
	return params;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): SimResponse => ({ status, body, headers });

export function parseJsonBody(req: SimRequest): unknown {
	if (!req.body.length) return undefined;
	try {
		return JSON.parse(req.body.toString('utf8'));
	} catch {
		return undefined;
	}
}

/** Family of a path, used for error bodies of unmatched routes and injected faults. */
export function familyOfPath(path: string): RouteFamily {
	if (path.startsWith('/oauth2/')) return 'oauth';
	if (path.startsWith('/financialintegration/')) return 'fis';
	if (path.startsWith('/expensereports/')) return 'v4expense';
	if (path.startsWith('/list/')) return 'list';
	if (path.startsWith('/purchaserequest/')) return 'purchaserequest';
	if (path.startsWith('/profile/')) return 'profile';
	if (path.startsWith('/events/')) return 'ess';
	return 'v3';
}

/** v3 paging: opaque `offset` and an absolute `NextPage` URL repeating the caller's filters. */
export function v3Page<T>(req: SimRequest, rows: T[], defaultLimit: number, maxLimit: number): { items: T[]; nextPage: string | null } {
	const limit = Math.min(Math.max(parseInt(req.query.get('limit') ?? '', 10) || defaultLimit, 1), maxLimit);
	const start = decodeOffset(req.query.get('offset'));
	const items = rows.slice(start, start + limit);
	if (start + limit >= rows.length) return { items, nextPage: null };
	const next = new URL(req.path, req.baseUrl);
	req.query.forEach((value, key) => next.searchParams.set(key, value));
	next.searchParams.set('offset', encodeOffset(start + limit));
	next.searchParams.set('limit', String(limit));
	return { items, nextPage: next.toString() };
}

const encodeOffset = (index: number): string => Buffer.from(`o1:${index}`).toString('base64url');

function decodeOffset(offset: string | null): number {
	if (!offset) return 0;
	const match = /^o1:(\d+)$/.exec(Buffer.from(offset, 'base64url').toString('utf8'));
	return match ? Number(match[1]) : 0;
}
