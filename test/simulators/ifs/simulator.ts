/** The simulator's state and behaviour, independent of the HTTP transport. */
import { createHash } from 'node:crypto';

import { Iam } from './auth';
import { DOCUMENT_KEYS } from './projections/documents';
import { seededRandom } from '../seeded-random';
import { heldVoucherRows, updateGl } from './holdTable';
import { FaultPatch, FaultSettings, RateLimiter, defaultFaults, mergeFaults } from './faults';
import type { Row } from './model';
import { ODataService } from './odata';
import type { ClientConfig, ResolvedOptions } from './options';
import { PROJECTIONS } from './projections';
import { seedStore } from './seed';
import type { RequestLogEntry, SimulatorStats } from './stats';
import { Stats } from './stats';
import type { StoredRow } from './store';
import { etagOf, keyString, Store } from './store';

export interface ConcurrentChangeFault {
	next?: number;
	entitySet?: string;
	/** Only rows whose attributes match all of these (e.g. { Company: '10', LoadId: '1' }). */
	key?: Row;
}

/** A data request the simulator applied (before its answer goes out, or is lost by an after-commit fault). */
export interface AppliedRequest {
	kind: 'odata' | 'batch';
	method: string;
	path: string;
	status: number;
	batchId?: number;
}

export interface AttachedDocument {
	luName: string;
	keyRef: string;
	docClass: string;
	docNo: string;
	title: string;
	files: Array<{ fileName: string; sizeBytes: number | null; sha256?: string }>;
}

export class IfsSimulator {
	readonly iam: Iam;
	readonly odata: ODataService;
	counters = new Stats();
	readonly random: () => number;
	db: Store = seedStore();
	limiter?: RateLimiter;
	retryAfterSeconds?: number | null;
	private faultSettings: FaultSettings;
	private concurrentKey?: Row;
	url = '';
	/** Test hook, called synchronously after a data request was applied and before it is answered. */
	afterApply?: (request: AppliedRequest) => void;

	constructor(readonly options: ResolvedOptions) {
		this.iam = new Iam(options, () => `${this.url}/auth/realms/${options.realm}`);
		this.odata = new ODataService(options, () => this.db, { afterRead: (set, rows) => this.afterRead(set, rows) });
		this.random = seededRandom(options.seed);
		this.faultSettings = defaultFaults(options.latencyMs);
		this.setRateLimit(options.rateLimitPerMinute ?? null, options.retryAfterSeconds);
	}

	get activeFaults(): FaultSettings {
		return this.faultSettings;
	}

	config(): object {
		const o = this.options;
		return {
			url: this.url,
			realm: o.realm,
			tokenUrl: `${this.url}/auth/realms/${o.realm}/protocol/openid-connect/token`,
			clients: o.clients.map((c) => ({ clientId: c.clientId, allowedCompanies: c.allowedCompanies, userId: c.userId })),
			projections: o.projectionNames,
			tokenLifetimeSeconds: o.tokenLifetimeSeconds,
			pageLimit: o.pageLimit ?? null,
			headerlessPatchUpserts: o.headerlessPatchUpserts,
			voucherTypes: o.voucherTypes,
		};
	}

	/** Every entity set's rows (all companies, as the database holds them), with their ETags. */
	state(): Record<string, Row[]> {
		const sets = PROJECTIONS.flatMap((p) => p.entities.map((e) => e.set));
		return Object.fromEntries(sets.map((set) => [set, this.rows(set)]));
	}

	rows(set: string): Row[] {
		if (!this.odata.entityDef(set)) throw new Error(`Unknown entity set ${set}`);
		return this.db.rows(set).map((r) => ({ ...r.data, '@odata.etag': etagOf(r) }));
	}

	/** Rows of created vouchers still in the hold table (not yet in VoucherRowsAnalysis). */
	heldVoucherRows(): Row[] {
		return heldVoucherRows(this.db);
	}

	attachments(): AttachedDocument[] {
		const files = this.odata.entityDef('EdmFileSet')!;
		const sameDocument = (a: Row, b: Row) => DOCUMENT_KEYS.every((key) => a[key] === b[key]);
		return this.db.rows('DocReferenceObjectSet').map(({ data: connection }) => ({
			luName: String(connection.LuName),
			keyRef: String(connection.KeyRef),
			docClass: String(connection.DocClass),
			docNo: String(connection.DocNo),
			title: String(this.db.rows('DocIssueSet').find((document) => sameDocument(document.data, connection))?.data.Title ?? ''),
			files: this.db
				.rows('EdmFileSet')
				.filter((file) => sameDocument(file.data, connection))
				.map(({ data: file }) => {
					const bytes = this.odata.mediaOf(files, file);
					return { fileName: String(file.FileName), sizeBytes: (file.FileSize as number | null) ?? null, ...(bytes ? { sha256: createHash('sha256').update(bytes).digest('hex') } : {}) };
				}),
		}));
	}

	/** Runs "Update GL": held vouchers move to the general ledger. Returns the number of vouchers moved. */
	updateGl(): number {
		return updateGl(this.db);
	}

	stats(): SimulatorStats {
		return this.counters.snapshot(this.iam.issued);
	}

	requestLog(sinceSeq = 0): RequestLogEntry[] {
		return this.counters.entries(sinceSeq);
	}

	/** Adds rows as if they had been there from the start (bulk reference data for the benchmark); a reset drops them. */
	seedRows(set: string, rows: Row[]): void {
		const def = this.odata.entityDef(set);
		if (!def) throw new Error(`Unknown entity set ${set}`);
		for (const row of rows) this.db.insert(set, keyString(def.keys, row), { ...row });
	}

	/** Back to the seed data, faults healed, rate-limit bucket refilled, counters and log cleared; issued tokens stay valid. */
	reset(): void {
		this.db = seedStore();
		this.clearFaults();
		this.setRateLimit(this.limiter?.perMinute ?? null, this.retryAfterSeconds);
		const inFlight = this.counters.inFlight;
		this.counters = new Stats();
		this.counters.inFlight = inFlight;
	}

	faults(): FaultSettings & { concurrentChange: ConcurrentChangeFault } {
		return { ...this.faultSettings, concurrentChange: { ...this.faultSettings.concurrentChange, key: this.concurrentKey } };
	}

	setFaults(patch: FaultPatch & { concurrentChange?: ConcurrentChangeFault }): FaultSettings {
		this.faultSettings = mergeFaults(this.faultSettings, patch);
		if (patch.concurrentChange) this.concurrentKey = patch.concurrentChange.key;
		return this.faults();
	}

	clearFaults(): FaultSettings {
		this.faultSettings = defaultFaults(this.options.latencyMs);
		this.concurrentKey = undefined;
		return this.faults();
	}

	/** Switches between honouring IEEE754Compatible=true in Accept and always answering decimals as JSON numbers. */
	setDecimalStrings(mode: ResolvedOptions['decimalStrings']): void {
		this.options.decimalStrings = mode;
	}

	setRateLimit(perMinute: number | null, retryAfterSeconds?: number | null): void {
		this.limiter = perMinute ? new RateLimiter(perMinute) : undefined;
		this.retryAfterSeconds = retryAfterSeconds;
	}

	expireTokens(): void {
		this.iam.expireAll();
	}

	client(authorization: string | undefined): ClientConfig | undefined {
		return this.iam.validate(authorization);
	}

	/** Concurrent-change fault: right after a GET returned these rows, "another user" modifies them (new objversion). */
	private afterRead(set: string, rows: StoredRow[]): void {
		const fault = this.faultSettings.concurrentChange;
		if (fault.next <= 0 || (fault.entitySet && fault.entitySet !== set)) return;
		const key = this.concurrentKey;
		const targets = rows.filter((r) => !key || Object.entries(key).every(([k, v]) => r.data[k] === v));
		if (targets.length === 0) return;
		fault.next--;
		const def = this.odata.entityDef(set)!;
		for (const row of targets) this.db.update(set, keyString(def.keys, row.data), { ...row.data });
		this.counters.concurrentChanges++;
	}
}
