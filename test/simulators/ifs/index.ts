/** IFS Cloud simulator: start it, point the IFS node at `url`/`tokenUrl`, inspect and steer it programmatically or via /_sim. */
import type { Server } from 'node:http';
import type { FaultPatch, FaultSettings } from './faults';
import type { Row } from './model';
import { DEFAULT_CLIENT, IfsSimulatorOptions, resolveOptions } from './options';
import { startHttpServer } from './server';
import { ConcurrentChangeFault, IfsSimulator as Simulator, type AppliedRequest, type AttachedDocument } from './simulator';
import type { RequestLogEntry, SimulatorStats } from './stats';

export type { IfsSimulatorOptions, ClientConfig, DefaultProjectionName } from './options';
export type { FaultPatch, FaultSettings } from './faults';
export type { AppliedRequest, AttachedDocument, ConcurrentChangeFault } from './simulator';
export type { AfterCommitMode } from './faults';
export type { RequestLogEntry, SimulatorStats } from './stats';
export { DEFAULT_CLIENT } from './options';

export interface IfsSimulator {
	/** Tenant base, e.g. http://127.0.0.1:PORT (projections under /main/ifsapplications/projection/v1/…). */
	url: string;
	realm: string;
	tokenUrl: string;
	controlUrl: string;
	/** The first configured client. */
	defaultClient: { clientId: string; clientSecret: string };
	/** Projection service root, e.g. projectionUrl('ExternalVoucherHandling') (honours projectionNames). */
	projectionUrl(defaultName: string, deployment?: 'main' | 'int'): string;
	/** All entity sets' rows (all companies) with @odata.etag. */
	state(): Record<string, Row[]>;
	rows(entitySet: string): Row[];
	/** Rows of created vouchers waiting in the hold table (VoucherRowsAnalysis does not show them yet). */
	heldVoucherRows(): Row[];
	/** What document management holds: each connection to a business object, with its document's title and files (size and SHA-256 of the bytes). */
	attachments(): AttachedDocument[];
	/** Every created voucher row: held ones and those already in the general ledger. */
	voucherRows(): Row[];
	/** Runs "Update GL" (held vouchers move to VoucherRowsAnalysis); returns how many vouchers moved. */
	updateGl(): number;
	/** Calls `hook` synchronously after each applied data request, before it is answered (crash tests). */
	onApplied(hook: ((request: AppliedRequest) => void) | undefined): void;
	/** Adds rows as seed data, unchecked (bulk reference data for the benchmark); `reset` drops them. */
	seedRows(entitySet: string, rows: Row[]): void;
	stats(): SimulatorStats;
	requestLog(sinceSeq?: number): RequestLogEntry[];
	faults(): FaultSettings;
	setFaults(patch: FaultPatch & { concurrentChange?: ConcurrentChangeFault }): FaultSettings;
	clearFaults(): FaultSettings;
	setRateLimit(perMinute: number | null, retryAfterSeconds?: number | null): void;
	/** 'never': answer decimals as JSON numbers even when Accept asks for IEEE754Compatible strings. */
	setDecimalStrings(mode: 'onRequest' | 'never'): void;
	expireTokens(): void;
	reset(): void;
	stop(): Promise<void>;
}

export async function startIfsSimulator(options: IfsSimulatorOptions = {}): Promise<IfsSimulator> {
	const resolved = resolveOptions(options);
	const sim = new Simulator(resolved);
	const server = await startHttpServer(sim, resolved.port);
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : resolved.port;
	sim.url = `http://127.0.0.1:${port}`;
	const client = resolved.clients[0] ?? DEFAULT_CLIENT;
	return {
		url: sim.url,
		realm: resolved.realm,
		tokenUrl: `${sim.url}/auth/realms/${resolved.realm}/protocol/openid-connect/token`,
		controlUrl: `${sim.url}/_sim`,
		defaultClient: { clientId: client.clientId, clientSecret: client.clientSecret },
		projectionUrl: (name, deployment = 'main') =>
			`${sim.url}/${deployment}/ifsapplications/projection/v1/${resolved.projectionNames[name as keyof typeof resolved.projectionNames] ?? name}.svc`,
		state: () => sim.state(),
		rows: (set) => sim.rows(set),
		heldVoucherRows: () => sim.heldVoucherRows(),
		attachments: () => sim.attachments(),
		voucherRows: () => [...sim.heldVoucherRows(), ...sim.rows('VoucherRowSet')],
		updateGl: () => sim.updateGl(),
		onApplied: (hook) => {
			sim.afterApply = hook;
		},
		seedRows: (set, rows) => sim.seedRows(set, rows),
		stats: () => sim.stats(),
		requestLog: (since) => sim.requestLog(since),
		faults: () => sim.faults(),
		setFaults: (patch) => sim.setFaults(patch),
		clearFaults: () => sim.clearFaults(),
		setRateLimit: (perMinute, retryAfter) => sim.setRateLimit(perMinute, retryAfter),
		setDecimalStrings: (mode) => sim.setDecimalStrings(mode),
		expireTokens: () => sim.expireTokens(),
		reset: () => sim.reset(),
		stop: () => stopServer(server),
	};
}

function stopServer(server: Server): Promise<void> {
	server.closeAllConnections();
	return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
