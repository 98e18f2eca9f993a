/**
 * The bad-input corpus's bench: a hostile-but-allowed SAP Concur / IFS Cloud on 127.0.0.1, a
 * recording "other host" on 127.0.0.2, credentials with recognisable secrets, one-node runs through
 * n8n-core's real execution engine, and scanners for what the user sees (outputs, every error
 * field, log lines) and for what reached the other host.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { CredentialStore, PACKAGE_PREFIX, linearWorkflow, runWorkflow, type RunResult, type WorkflowNode } from '../workflows/harness';
import { RecordingServer, credentialCarrying, type RecordedRequest } from './recording-server';

jest.setTimeout(120_000);

export const CONCUR_NODE = `${PACKAGE_PREFIX}.sapConcur`;
export const IFS_NODE = `${PACKAGE_PREFIX}.ifsCloud`;

/** Secrets are long and recognisable, so a leak in any form is found. */
export const CONCUR_SECRETS = {
	clientSecret: 'concur-client-secret-7f3a9c1e5b',
	requestToken: 'concur-request-token-2d8e4a6f0c',
	accessToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjb25jdXItYWNjZXNzIn0.c2lnbmF0dXJlLWNvbmN1cg',
	refreshToken: 'concur-refresh-token-9b1d3f5a7e',
	rotatedAccessToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjb25jdXItcm90YXRlZCJ9.c2lnbmF0dXJlLXJvdGF0ZWQ',
	rotatedRefreshToken: 'concur-refresh-token-rotated-4c6e8a',
};

export const IFS_SECRETS = {
	clientSecret: 'ifs-client-secret-5e7a9c1b3d',
	accessToken: 'ifs-access-token-8d0f2b4a6c-opaque',
};

export const allSecrets = (): string[] => [...Object.values(CONCUR_SECRETS), ...Object.values(IFS_SECRETS)];

/** A SAP Concur datacenter on `server` that issues tokens naming itself as the geolocation. */
export function actAsConcur(server: RecordingServer, geolocation = server.url): void {
	server.on((request) =>
		request.path === '/oauth2/v0/token' && request.method === 'POST'
			? {
					status: 200,
					body: {
						access_token: CONCUR_SECRETS.accessToken,
						refresh_token: CONCUR_SECRETS.refreshToken,
						expires_in: '3600',
						refresh_expires_in: 1900000000,
						geolocation,
					},
				}
			: undefined,
	);
}

export function concurStore(server: RecordingServer, overrides: IDataObject = {}): CredentialStore {
	const store = new CredentialStore();
	store.add('concur', 'sapConcurOAuth2Api', {
		clientId: 'concur-client-id',
		clientSecret: CONCUR_SECRETS.clientSecret,
		connectionType: 'company',
		companyUuid: 'c0ffee00-0000-4000-8000-000000000001',
		requestToken: CONCUR_SECRETS.requestToken,
		loginHost: 'custom',
		customLoginHost: server.url,
		extraAllowedHosts: '127.0.0.1',
		...overrides,
	});
	return store;
}

/** An IFS Cloud tenant on `server`: IAM token endpoint plus whatever each test scripts. */
export function actAsIfs(server: RecordingServer): void {
	server.on((request) =>
		request.path.endsWith('/protocol/openid-connect/token')
			? { status: 200, body: { access_token: IFS_SECRETS.accessToken, token_type: 'Bearer', expires_in: 180 } }
			: undefined,
	);
}

export function ifsStore(tenantUrl: string, overrides: IDataObject = {}, clientSecret = IFS_SECRETS.clientSecret): CredentialStore {
	const store = new CredentialStore();
	store.add('ifs', 'ifsCloudOAuth2Api', {
		tenantUrl,
		realm: 'corpus',
		clientId: 'ifs-client-id',
		clientSecret,
		defaultCompany: '10',
		allowedCompanies: '10, 20',
		...overrides,
	});
	return store;
}

export interface CorpusRun extends RunResult {
	/** Every line n8n and the nodes logged during the run. */
	logs: string[];
}

/** Manual Trigger (pinned `inputs`) → one node; logs captured. */
export async function runNode(node: WorkflowNode, store: CredentialStore, inputs: IDataObject[] = [{}]): Promise<CorpusRun> {
	const workflow = linearWorkflow([node]);
	workflow.pinData = { 'Manual Trigger': inputs.map((json): INodeExecutionData => ({ json })) };
	const logs: string[] = [];
	const stop = captureLogs(logs);
	try {
		return { ...(await runWorkflow(workflow, { credentials: store })), logs };
	} finally {
		stop();
	}
}

/** The process streams and the console's own (winston's console transport writes to `console._stdout`). */
function consoleStreams(): NodeJS.WritableStream[] {
	const own = console as unknown as { _stdout?: NodeJS.WritableStream; _stderr?: NodeJS.WritableStream };
	return [...new Set([process.stdout, process.stderr, own._stdout, own._stderr].filter((stream): stream is NodeJS.WritableStream => stream !== undefined))];
}

/** n8n's logger writes through the console or straight to stdout/stderr: keep every line. */
export function captureLogs(logs: string[]): () => void {
	const spies = [
		...(['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
			jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(' '))),
		),
		...consoleStreams().map((stream) =>
			jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
				logs.push(String(chunk));
				return true;
			}),
		),
	];
	return () => {
		for (const spy of spies) spy.mockRestore();
	};
}

export const concurNode = (parameters: IDataObject, onError?: WorkflowNode['onError']): WorkflowNode => ({
	name: 'SAP Concur',
	type: CONCUR_NODE,
	parameters,
	credentials: { sapConcurOAuth2Api: { id: 'concur', name: 'concur' } },
	onError,
});

export const ifsNode = (parameters: IDataObject, onError?: WorkflowNode['onError'], name = 'IFS Cloud'): WorkflowNode => ({
	name,
	type: IFS_NODE,
	parameters,
	credentials: { ifsCloudOAuth2Api: { id: 'ifs', name: 'ifs' } },
	onError,
});

/**
 * Every string reachable from `value`: object keys and values, array entries, and an error's own
 * fields including the non-enumerable ones (message, stack, cause) that JSON.stringify skips.
 */
export function everyText(value: unknown, seen = new WeakSet<object>()): string[] {
	if (typeof value === 'string') return [value];
	if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
	if (typeof value !== 'object' || value === null || seen.has(value)) return [];
	seen.add(value);
	const keys = value instanceof Error ? Object.getOwnPropertyNames(value) : Object.keys(value);
	return keys.flatMap((key) => [key, ...everyText((value as Record<string, unknown>)[key], seen)]);
}

/** What the user can see of a run: output items, the execution and node errors (all fields), and the log. */
export function userVisible(run: CorpusRun): string {
	return [...everyText(run.run.data), ...everyText(run.error), ...run.logs].join('\n');
}

export function expectNoSecret(text: string, secrets: string[] = allSecrets()): void {
	for (const secret of secrets) expect(text).not.toContain(secret);
	expect(text).not.toMatch(/Bearer\s+[A-Za-z0-9._~+/-]{8,}/);
	expect(text).not.toMatch(/client_secret=(?!\*\*\*)[^&\s"]+/);
}

/** The other host received nothing that carries a credential. */
export function expectNoCredentialReached(other: RecordingServer): RecordedRequest[] {
	const leaked = credentialCarrying(other.requests, allSecrets());
	expect(leaked).toEqual([]);
	return other.requests;
}

/**
 * Recording servers on the given loopback hosts for a test file: started before its tests, reset
 * before each (declare it before the file's own beforeEach), stopped after the last.
 */
export function useRecordingServers(hosts: Array<Parameters<typeof RecordingServer.start>[0]>, receive: (servers: RecordingServer[]) => void): void {
	let servers: RecordingServer[] = [];
	beforeAll(async () => {
		servers = await Promise.all(hosts.map(async (host) => await RecordingServer.start(host)));
		receive(servers);
	});
	beforeEach(() => {
		for (const server of servers) server.reset();
	});
	afterAll(async () => await Promise.all(servers.map(async (server) => await server.stop())));
}

export { RecordingServer, credentialCarrying };
