/** Minimal HTTP client for the simulator's own tests (fetch, bearer token, JSON). */
import type { IfsSimulator } from './index';

export interface HttpResult {
	status: number;
	headers: Headers;
	text: string;
	json: any;
}

export async function fetchToken(sim: IfsSimulator, clientId = sim.defaultClient.clientId, clientSecret = sim.defaultClient.clientSecret): Promise<string> {
	const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'openid microprofile-jwt' });
	const res = await fetch(sim.tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
	if (res.status !== 200) throw new Error(`token request failed: ${res.status}`);
	return ((await res.json()) as { access_token: string }).access_token;
}

export async function http(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown; token?: string } = {}): Promise<HttpResult> {
	const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
	if (init.token) headers.Authorization = `Bearer ${init.token}`;
	let body: string | undefined;
	if (typeof init.body === 'string') body = init.body;
	else if (init.body !== undefined) {
		body = JSON.stringify(init.body);
		headers['Content-Type'] ??= 'application/json';
	}
	const res = await fetch(url, { method: init.method ?? 'GET', headers, body });
	const text = await res.text();
	let json: unknown;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

/** A token-holding client bound to one simulator. */
export class TestClient {
	constructor(
		readonly sim: IfsSimulator,
		readonly token: string,
	) {}

	static async connect(sim: IfsSimulator, clientId?: string, clientSecret?: string): Promise<TestClient> {
		return new TestClient(sim, await fetchToken(sim, clientId, clientSecret));
	}

	url(projection: string, path = ''): string {
		return `${this.sim.projectionUrl(projection)}${path ? `/${path}` : ''}`;
	}

	get(projection: string, path: string, headers: Record<string, string> = {}): Promise<HttpResult> {
		return http(this.url(projection, path), { token: this.token, headers });
	}

	post(projection: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
		return http(this.url(projection, path), { method: 'POST', token: this.token, body, headers });
	}

	patch(projection: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
		return http(this.url(projection, path), { method: 'PATCH', token: this.token, body, headers });
	}

	delete(projection: string, path: string, headers: Record<string, string> = {}): Promise<HttpResult> {
		return http(this.url(projection, path), { method: 'DELETE', token: this.token, headers });
	}

	batch(projection: string, body: string, boundary: string, headers: Record<string, string> = {}): Promise<HttpResult> {
		return http(this.url(projection, '$batch'), {
			method: 'POST',
			token: this.token,
			body,
			headers: { 'Content-Type': `multipart/mixed; boundary=${boundary}`, ...headers },
		});
	}
}

export interface BatchPartSpec {
	method: string;
	url: string;
	body?: unknown;
	contentId?: string;
	headers?: Record<string, string>;
}

function partText(part: BatchPartSpec): string {
	const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
	if (part.contentId) lines.push(`Content-ID: ${part.contentId}`);
	lines.push('', `${part.method} ${part.url} HTTP/1.1`, 'Accept: application/json');
	for (const [k, v] of Object.entries(part.headers ?? {})) lines.push(`${k}: ${v}`);
	if (part.body !== undefined) lines.push('Content-Type: application/json', '', JSON.stringify(part.body));
	else lines.push('', '');
	return lines.join('\r\n');
}

/** Builds a multipart/mixed $batch body; an array item is a change set. */
export function buildBatch(boundary: string, items: Array<BatchPartSpec | BatchPartSpec[]>): string {
	const out = items.map((item, index) => {
		if (!Array.isArray(item)) return `--${boundary}\r\n${partText(item)}\r\n`;
		const cs = `changeset_${index}`;
		const inner = item.map((p) => `--${cs}\r\n${partText(p)}\r\n`).join('') + `--${cs}--`;
		return `--${boundary}\r\nContent-Type: multipart/mixed; boundary=${cs}\r\n\r\n${inner}\r\n`;
	});
	return out.join('') + `--${boundary}--\r\n`;
}

export interface ParsedPart {
	status: number;
	contentId?: string;
	headers: Record<string, string>;
	json: any;
}

/** Flattens a multipart/mixed batch response into its HTTP parts (change set parts inline). */
export function parseBatchResponse(contentType: string, body: string): Array<ParsedPart | ParsedPart[]> {
	const boundary = /boundary=([^;]+)/.exec(contentType)![1];
	const chunks = body.split(`--${boundary}`).slice(1).filter((c) => !c.startsWith('--'));
	return chunks.map((chunk) => {
		const [head, rest] = splitOnce(chunk.replace(/^\r\n/, ''));
		const nested = /boundary=([^\s;]+)/.exec(head);
		if (nested) return parseBatchResponse(`x; boundary=${nested[1]}`, rest) as ParsedPart[];
		return parseHttpPart(head, rest);
	});
}

function splitOnce(text: string): [string, string] {
	const i = text.indexOf('\r\n\r\n');
	return [text.slice(0, i), text.slice(i + 4)];
}

function parseHttpPart(mimeHead: string, http: string): ParsedPart {
	const [head, body] = splitOnce(http);
	const [statusLine, ...headerLines] = head.split('\r\n');
	const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
	const contentId = /Content-ID: (\S+)/i.exec(mimeHead)?.[1];
	const text = body.replace(/\r\n$/, '');
	return { status: Number(statusLine.split(' ')[1]), contentId, headers, json: text ? JSON.parse(text) : undefined };
}
