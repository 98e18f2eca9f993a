/**
 * What a test does against a running n8n over HTTP: owner setup and login (the `n8n-auth` cookie),
 * executions (list, read, retry, wait for), workflow activation, production webhooks.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { fmtMs, sleep } from './helpers';
import { DEFAULT_OWNER, type ExecutionSummary, type OwnerAccount } from './types';

export class N8nRestClient {
	/** Axios client for `<baseUrl>/rest` with the auth cookie and browser-id header (after start + login). */
	readonly rest: AxiosInstance;
	readonly browserId = `e2e-${randomBytes(8).toString('hex')}`;
	owner?: OwnerAccount;
	private cookie?: string;

	/** `n8nPrefix`: the folder holding `node_modules/n8n` (its `flatted` parses stored executions). */
	constructor(
		readonly baseUrl: string,
		private readonly n8nPrefix: string,
	) {
		this.rest = axios.create({ baseURL: `${this.baseUrl}/rest`, timeout: 60_000, maxRedirects: 0 });
		this.rest.interceptors.request.use((config) => {
			config.headers.set('browser-id', this.browserId);
			if (this.cookie) config.headers.set('Cookie', this.cookie);
			return config;
		});
		this.rest.interceptors.response.use(
			(res) => {
				this.captureCookie(res);
				return res;
			},
			(err) => {
				if (err?.response) {
					this.captureCookie(err.response);
					const r = err.response as AxiosResponse;
					const body = typeof r.data === 'string' ? r.data : JSON.stringify(r.data);
					err.message = `n8n REST ${r.config.method?.toUpperCase()} ${r.config.url} -> ${r.status}: ${body?.slice(0, 1000)}`;
				}
				return Promise.reject(err);
			},
		);
	}

	get webhookBaseUrl(): string {
		return `${this.baseUrl}/webhook`;
	}

	webhookUrl(webhookPath: string): string {
		return `${this.webhookBaseUrl}/${webhookPath.replace(/^\/+/, '')}`;
	}

	webhookTestUrl(webhookPath: string): string {
		return `${this.baseUrl}/webhook-test/${webhookPath.replace(/^\/+/, '')}`;
	}

	private captureCookie(res: AxiosResponse): void {
		const set = res.headers?.['set-cookie'];
		if (!set) return;
		for (const c of Array.isArray(set) ? set : [set]) {
			const m = /^n8n-auth=([^;]*)/.exec(c);
			if (m) this.cookie = m[1] ? `n8n-auth=${m[1]}` : undefined;
		}
	}

	get authCookie(): string | undefined {
		return this.cookie;
	}

	/** The server stopped: its session is gone. */
	protected forgetLogin(): void {
		this.cookie = undefined;
	}

	/** `POST /rest/owner/setup` (also issues the auth cookie). */
	async setupOwner(owner: OwnerAccount = DEFAULT_OWNER): Promise<any> {
		const r = await this.rest.post('/owner/setup', owner);
		this.owner = owner;
		return r.data?.data;
	}

	/** `POST /rest/login` `{ emailOrLdapLoginId, password }` → `n8n-auth` cookie. */
	async login(email = this.owner?.email ?? DEFAULT_OWNER.email, password = this.owner?.password ?? DEFAULT_OWNER.password): Promise<any> {
		const r = await this.rest.post('/login', { emailOrLdapLoginId: email, password });
		if (!this.cookie) throw new Error('login did not return an n8n-auth cookie');
		return r.data?.data;
	}

	/**
	 * `GET /rest/executions?filter=...&limit=...` → `{ data: { count, estimated, results, concurrentExecutionsCount } }`;
	 * returns `results` (newest first).
	 */
	async listExecutions(filter: { workflowId?: string; status?: string[] } = {}, limit = 100): Promise<ExecutionSummary[]> {
		const r = await this.rest.get('/executions', { params: { filter: JSON.stringify(filter), limit } });
		return r.data?.data?.results ?? [];
	}

	/** `GET /rest/executions/:id`; `data` (flatted-serialized IRunExecutionData) is parsed. */
	async getExecution(id: string): Promise<any> {
		const r = await this.rest.get(`/executions/${id}`);
		const exec = r.data?.data;
		if (exec && typeof exec.data === 'string') exec.data = this.parseFlatted(exec.data);
		return exec;
	}

	private parseFlatted(s: string): any {
		const req = createRequire(path.join(this.n8nPrefix, 'node_modules', 'n8n', 'package.json'));
		return req('flatted').parse(s);
	}

	/** `POST /rest/executions/:id/retry` `{ loadWorkflow }` (false = "retry with original workflow"). */
	async retryExecution(id: string, loadWorkflow = false): Promise<any> {
		const r = await this.rest.post(`/executions/${id}/retry`, { loadWorkflow });
		return r.data?.data;
	}

	/** Poll the executions list until `predicate` holds; returns the matching list. */
	async waitForExecutions(
		predicate: (list: ExecutionSummary[]) => boolean,
		opts: { workflowId?: string; timeoutMs?: number; intervalMs?: number } = {},
	): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
		let list: ExecutionSummary[] = [];
		while (Date.now() < deadline) {
			list = await this.listExecutions(opts.workflowId ? { workflowId: opts.workflowId } : {});
			if (predicate(list)) return list;
			await sleep(opts.intervalMs ?? 250);
		}
		throw new Error(`waitForExecutions timed out; last list: ${JSON.stringify(list.map((e) => ({ id: e.id, status: e.status })))}`);
	}

	/** Wait until execution `id` is no longer new/running/waiting; returns it with parsed data. */
	async waitForExecutionDone(id: string, timeoutMs = 30_000): Promise<any> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const e = await this.getExecution(id);
			if (e && !['new', 'running', 'waiting', 'unknown'].includes(e.status)) return e;
			if (Date.now() > deadline) throw new Error(`execution ${id} still ${e?.status} after ${fmtMs(timeoutMs)}`);
			await sleep(250);
		}
	}

	/** `GET /rest/workflows/:id`. */
	async getWorkflow(id: string): Promise<any> {
		const r = await this.rest.get(`/workflows/${id}`);
		return r.data?.data;
	}

	/** Publish/activate over REST: `POST /rest/workflows/:id/activate { versionId }` (current version). */
	async activateWorkflow(id: string): Promise<any> {
		const wf = await this.getWorkflow(id);
		const r = await this.rest.post(`/workflows/${id}/activate`, { versionId: wf.versionId });
		return r.data?.data;
	}

	/** `POST /rest/workflows/:id/deactivate`. */
	async deactivateWorkflow(id: string): Promise<any> {
		const r = await this.rest.post(`/workflows/${id}/deactivate`, {});
		return r.data?.data;
	}

	/**
	 * Call a production webhook (`/webhook/<path>`) without auth; never throws on HTTP status.
	 * Retries for up to `waitRegisteredMs` while n8n answers 404 "not registered" (activation of
	 * published workflows finishes asynchronously around start-up).
	 */
	async callWebhook(
		webhookPath: string,
		body?: unknown,
		opts: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; headers?: Record<string, string>; waitRegisteredMs?: number } = {},
	): Promise<AxiosResponse> {
		const deadline = Date.now() + (opts.waitRegisteredMs ?? 10_000);
		for (;;) {
			const res = await axios.request({
				url: this.webhookUrl(webhookPath),
				method: opts.method ?? 'POST',
				data: body,
				headers: opts.headers,
				timeout: 120_000,
				validateStatus: () => true,
			});
			const notRegistered = res.status === 404 && /not registered/i.test(JSON.stringify(res.data ?? ''));
			if (!notRegistered || Date.now() > deadline) return res;
			await sleep(250);
		}
	}
}
