/**
 * A scripted HTTP server that records every request it receives. On 127.0.0.2 it stands in for
 * "another host" (an attacker's, or anything outside the allow-list); on 127.0.0.1 it plays a
 * hostile but allowed SAP Concur datacenter or IFS tenant whose answers each test scripts.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

export interface ScriptedAnswer {
	status: number;
	headers?: Record<string, string>;
	/** Sent as JSON unless a string. */
	body?: unknown;
}

export type Script = (request: RecordedRequest, server: RecordingServer) => ScriptedAnswer | undefined;

export class RecordingServer {
	readonly requests: RecordedRequest[] = [];

	private scripts: Script[] = [];

	private constructor(
		private readonly server: http.Server,
		readonly url: string,
	) {}

	static async start(host: '127.0.0.1' | '127.0.0.2'): Promise<RecordingServer> {
		let recorder: RecordingServer | undefined;
		const server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => recorder!.answer(req, Buffer.concat(chunks).toString('utf8'), res));
		});
		await new Promise<void>((resolve) => server.listen(0, host, resolve));
		recorder = new RecordingServer(server, `http://${host}:${(server.address() as AddressInfo).port}`);
		return recorder;
	}

	/** Scripts are tried newest first; the first answer wins; unanswered requests get 404. */
	on(script: Script): this {
		this.scripts.unshift(script);
		return this;
	}

	reset(): void {
		this.requests.length = 0;
		this.scripts = [];
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private answer(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
		const request: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body };
		this.requests.push(request);
		const answer = this.scripts.map((script) => script(request, this)).find((candidate) => candidate !== undefined) ?? { status: 404, body: { message: 'not scripted' } };
		const text = typeof answer.body === 'string' ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body);
		const contentType = typeof answer.body === 'string' ? 'text/plain' : 'application/json';
		res.writeHead(answer.status, { 'content-type': contentType, ...answer.headers });
		res.end(text);
	}
}

/** Requests that carry any credential: an Authorization/Cookie header, a token form field, or one of `secrets`. */
export function credentialCarrying(requests: RecordedRequest[], secrets: string[]): RecordedRequest[] {
	return requests.filter((request) => {
		const text = `${JSON.stringify(request.headers)}\n${request.path}\n${request.body}`;
		return (
			request.headers.authorization !== undefined ||
			request.headers.cookie !== undefined ||
			/client_secret|refresh_token|access_token|credtype|password=/i.test(request.body) ||
			secrets.some((secret) => secret.length >= 4 && text.includes(secret))
		);
	});
}
