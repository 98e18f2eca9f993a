/** The simulator's mutable world: options, simulated clock, data, tokens, records and counters. */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as scenario from '../seed/scenario';
import { buildSeedData, generateExpenseReports, OTHER_APP_CLIENT_ID, OTHER_APP_REQUEST_TOKEN, type SimData } from './seed-builder';
import type {
	AccessToken, ApiFamily, ConcurSimulatorOptions, Datacenter, DeliveryRecord, FisCallRecord, RefreshToken, RequestToken,
	ResolvedOptions, ServerRole, Subscription,
} from './types';

const FAMILIES: ApiFamily[] = ['fis', 'v3', 'v4expense', 'list', 'purchaserequest', 'profile', 'ess'];

export interface RequestLogEntry {
	at: string;
	role: ServerRole;
	method: string;
	path: string;
	template: string;
	status: number;
	fault: string | null;
}

export interface Stats {
	byTemplate: Record<string, number>;
	byRole: Record<string, number>;
	tokensByGrant: Record<string, number>;
	refreshTokensRotated: number;
	rateLimitedResponses: number;
	inFlight: number;
	maxConcurrency: number;
}

export function resolveOptions(options: ConcurSimulatorOptions): ResolvedOptions {
	const expired = Object.fromEntries(FAMILIES.map((f) => [f, options.expiredTokenStatus?.[f] ?? 403])) as Record<ApiFamily, 401 | 403>;
	return {
		tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
		expiredTokenStatus: expired,
		requestTokenMaxUses: options.requestTokenMaxUses ?? 5,
		oldRefreshTokenStaysValid: options.oldRefreshTokenStaysValid ?? false,
		latencyMs: options.latencyMs ?? 0,
		seed: options.seed ?? 1,
		expiresInAsNumber: options.expiresInAsNumber ?? false,
		issueIdToken: options.issueIdToken ?? true,
		fisInvoiceDateFormat: options.fisInvoiceDateFormat ?? 'MM/dd/yyyy',
		autoDeliverReadyEvents: options.autoDeliverReadyEvents ?? false,
		fisMaxLimit: options.fisMaxLimit ?? 0,
	};
}

const cloneOptions = (o: ResolvedOptions): ResolvedOptions => ({ ...o, expiredTokenStatus: { ...o.expiredTokenStatus } });

const emptyStats = (): Stats => ({ byTemplate: {}, byRole: {}, tokensByGrant: {}, refreshTokensRotated: 0, rateLimitedResponses: 0, inFlight: 0, maxConcurrency: 0 });

export interface RequestHookEvent {
	/** `received`: nothing applied yet; `answered`: applied, answer not sent yet. */
	phase: 'received' | 'answered';
	method: string;
	path: string;
	status?: number;
}

export class SimContext {
	clockOffsetMs = 0;
	data: SimData;
	accessTokens = new Map<string, AccessToken>();
	refreshTokens = new Map<string, RefreshToken>();
	requestTokens = new Map<string, RequestToken>();
	/** Companies that obtained a company token: ESS attaches them to the app's subscriptions. */
	connectedCompanies = new Set<string>();
	subscriptions: Subscription[] = [];
	deliveries: DeliveryRecord[] = [];
	fisCalls: FisCallRecord[] = [];
	/** v2 integration status posts, in order. */
	integrationStatusCalls: Array<{ reportId: string; at: string; paymentStatusBefore: string }> = [];
	requestLog: RequestLogEntry[] = [];
	stats: Stats = emptyStats();
	urls: { token: string; us2: string; eu2: string } = { token: '', us2: '', eu2: '' };
	/** Test hook, called synchronously when an API request arrives and when its answer is ready (crash tests); `'drop'` on arrival drops the request unapplied. */
	requestHook?: (event: RequestHookEvent) => 'drop' | void;
	readonly signingKey: { privateKey: KeyObject; publicKeyPem: string };
	readonly wrongSigningKey: KeyObject;

	readonly options: ResolvedOptions;

	constructor(private readonly startOptions: ResolvedOptions, private readonly generated?: { count: number; linesPerDocument: number }) {
		this.options = cloneOptions(startOptions);
		const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
		this.signingKey = { privateKey: pair.privateKey, publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
		this.wrongSigningKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
		this.data = this.freshData();
		this.issueSeedRequestTokens();
	}

	get seed(): number {
		return this.options.seed;
	}

	now(): number {
		return Date.now() + this.clockOffsetMs;
	}

	nowIso(): string {
		return new Date(this.now()).toISOString();
	}

	datacenterUrl(dc: Datacenter): string {
		return this.urls[dc];
	}

	companyHome(companyUuid: string): Datacenter | undefined {
		return scenario.concurCompanies.find((c) => c.companyUuid === companyUuid)?.homeDatacenter;
	}

	/** Back to the seed: options, data, tokens, records, counters and clock. Servers, ports and keys stay. */
	reset(): void {
		Object.assign(this.options, cloneOptions(this.startOptions));
		this.clockOffsetMs = 0;
		this.data = this.freshData();
		for (const store of [this.accessTokens, this.refreshTokens, this.requestTokens]) store.clear();
		this.connectedCompanies.clear();
		this.subscriptions = [];
		this.deliveries = [];
		this.fisCalls = [];
		this.integrationStatusCalls = [];
		this.requestLog = [];
		this.stats = emptyStats();
		this.issueSeedRequestTokens();
	}

	issueRequestToken(token: string, companyUuid: string, clientId: string): RequestToken {
		const record = { token, companyUuid, clientId, issuedAt: this.now(), uses: 0 };
		this.requestTokens.set(token, record);
		return record;
	}

	logRequest(entry: RequestLogEntry): void {
		this.requestLog.push(entry);
		if (this.requestLog.length > 20000) this.requestLog.splice(0, this.requestLog.length - 20000);
		const key = `${entry.method} ${entry.template}`;
		this.stats.byTemplate[key] = (this.stats.byTemplate[key] ?? 0) + 1;
		this.stats.byRole[entry.role] = (this.stats.byRole[entry.role] ?? 0) + 1;
		if (entry.status === 429) this.stats.rateLimitedResponses += 1;
	}

	private freshData(): SimData {
		const data = buildSeedData(this.seed);
		if (this.generated?.count) generateExpenseReports(data, this.seed, this.generated.count, this.generated.linesPerDocument);
		return data;
	}

	private issueSeedRequestTokens(): void {
		for (const company of scenario.concurCompanies) this.issueRequestToken(company.requestToken, company.companyUuid, scenario.concurApp.clientId);
		// issued for another App ID: exchanging it with our client id answers code 136
		this.issueRequestToken(OTHER_APP_REQUEST_TOKEN, scenario.concurCompanies[0].companyUuid, OTHER_APP_CLIENT_ID);
	}
}
