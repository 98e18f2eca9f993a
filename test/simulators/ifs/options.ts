/** Simulator options, their defaults, and the switches for behaviours the reference marks inferred [I]. */

export interface ClientConfig {
	clientId: string;
	clientSecret: string;
	allowedCompanies: string[];
	/** IFS user the service account maps to (shown in UserId fields and error texts). */
	userId?: string;
}

export const DEFAULT_PROJECTIONS = [
	'SupplierHandling',
	'AccountingCodePartValueHandling',
	'CompanyHandling',
	'CompanySiteHandling',
	'CurrencyCodeHandling',
	'CurrencyRateHandling',
	'AccountingPeriodHandling',
	'ExternalVoucherHandling',
	'VoucherRowsAnalysis',
	'DocReferenceObjectAttachmentHandling',
	'ManSuppInvoiceHandling',
	'PurchaseRequisitionHandling',
	'PurchaseOrderHandling',
] as const;

export type DefaultProjectionName = (typeof DEFAULT_PROJECTIONS)[number];

export interface IfsSimulatorOptions {
	/** IAM realm ("namespace"); default 'sim1'. */
	realm?: string;
	/** IAM clients; default one client `n8n-concur` allowed companies 10 and 20. */
	clients?: ClientConfig[];
	/** Access token lifetime (expires_in); default 180 s like IFS IAM. */
	tokenLifetimeSeconds?: number;
	/** Token bucket size and refill per minute for data requests; default off. */
	rateLimitPerMinute?: number;
	/** Retry-After on 429: a fixed number of seconds, null = header omitted, undefined = computed from the bucket. */
	retryAfterSeconds?: number | null;
	/** Fixed latency added to every non-control request. */
	latencyMs?: number;
	/** Server page size; when set, collections are cut and carry an absolute @odata.nextLink with $skiptoken. */
	pageLimit?: number;
	/** [I] PATCH without If-Match: false (default) → 428 ODP_MISSING_PRECONDITION; true → upsert (23R2+ docs). */
	headerlessPatchUpserts?: boolean;
	/** Decimals in answers: 'onRequest' (default) strings when Accept has IEEE754Compatible=true; 'never' always JSON numbers, as an IFS ignoring that parameter. */
	decimalStrings?: 'onRequest' | 'never';
	/** Rename projections (key = default name), e.g. { SupplierHandling: 'SuppliersHandling' }. */
	projectionNames?: Partial<Record<DefaultProjectionName, string>>;
	/** PRNG seed for rate-based faults; default 1. */
	seed?: number;
	/** Port on 127.0.0.1; default 0 (random). */
	port?: number;
	/** [O] $expand answers ODP_NOT_IMPLEMENTED by default; true = expand navigation collections. */
	expandSupported?: boolean;
	/** [O] "$count is best effort": entity sets listed here reject $count=true with ODP_NOT_IMPLEMENTED. */
	countUnsupportedSets?: string[];
	/** [I] status for a missing If-Match; default 428. */
	missingIfMatchStatus?: number;
	/** [I] status for a stale If-Match; default 412. */
	staleEtagStatus?: number;
	/** [C 500 / O 503] status of MI_MODIFIED_ERROR; default 503. */
	miModifiedStatus?: number;
	/** [I] body of a 401 on data requests: 'plain' text (default) or an 'odata' error envelope. */
	unauthorizedBody?: 'plain' | 'odata';
	/** [I] Content-ID references: only inside the same change set (OData 4.0, default) or across the whole batch. */
	contentIdScope?: 'changeset' | 'batch';
	/** Voucher types known in every company; default ['X', 'M']. */
	voucherTypes?: string[];
	/**
	 * [C] Created vouchers wait in the hold table until "Update GL" runs (`updateGl()` / POST
	 * /_sim/update-gl); VoucherRowsAnalysis shows only updated vouchers. 'manual' (default) models
	 * that; 'onCreate' puts created vouchers straight into the GL.
	 */
	updateGl?: 'manual' | 'onCreate';
	/** [I] Document classes known to document management; default ['RECEIPT']. */
	documentClasses?: string[];
	/** [I] Largest file document management accepts (bytes); default 10 MiB. */
	maxFileBytes?: number;
}

export interface ResolvedOptions {
	realm: string;
	clients: ClientConfig[];
	tokenLifetimeSeconds: number;
	rateLimitPerMinute?: number;
	retryAfterSeconds?: number | null;
	latencyMs: number;
	pageLimit?: number;
	headerlessPatchUpserts: boolean;
	decimalStrings: 'onRequest' | 'never';
	projectionNames: Record<DefaultProjectionName, string>;
	seed: number;
	port: number;
	expandSupported: boolean;
	countUnsupportedSets: string[];
	missingIfMatchStatus: number;
	staleEtagStatus: number;
	miModifiedStatus: number;
	unauthorizedBody: 'plain' | 'odata';
	contentIdScope: 'changeset' | 'batch';
	voucherTypes: string[];
	updateGl: 'manual' | 'onCreate';
	documentClasses: string[];
	maxFileBytes: number;
}

export const DEFAULT_CLIENT: ClientConfig = {
	clientId: 'n8n-concur',
	clientSecret: 'sim-ifs-secret-4Kp2',
	allowedCompanies: ['10', '20'],
};

export function resolveOptions(options: IfsSimulatorOptions = {}): ResolvedOptions {
	const projectionNames = Object.fromEntries(
		DEFAULT_PROJECTIONS.map((name) => [name, options.projectionNames?.[name] ?? name]),
	) as Record<DefaultProjectionName, string>;
	const clients = (options.clients ?? [DEFAULT_CLIENT]).map((c) => ({ ...c, userId: c.userId ?? defaultUserId(c.clientId) }));
	return {
		realm: options.realm ?? 'sim1',
		clients,
		tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 180,
		rateLimitPerMinute: options.rateLimitPerMinute,
		retryAfterSeconds: options.retryAfterSeconds,
		latencyMs: options.latencyMs ?? 0,
		pageLimit: options.pageLimit,
		headerlessPatchUpserts: options.headerlessPatchUpserts ?? false,
		decimalStrings: options.decimalStrings ?? 'onRequest',
		projectionNames,
		seed: options.seed ?? 1,
		port: options.port ?? 0,
		expandSupported: options.expandSupported ?? false,
		countUnsupportedSets: options.countUnsupportedSets ?? [],
		missingIfMatchStatus: options.missingIfMatchStatus ?? 428,
		staleEtagStatus: options.staleEtagStatus ?? 412,
		miModifiedStatus: options.miModifiedStatus ?? 503,
		unauthorizedBody: options.unauthorizedBody ?? 'plain',
		contentIdScope: options.contentIdScope ?? 'changeset',
		voucherTypes: options.voucherTypes ?? ['X', 'M'],
		updateGl: options.updateGl ?? 'manual',
		documentClasses: options.documentClasses ?? ['RECEIPT'],
		maxFileBytes: options.maxFileBytes ?? 10 * 1024 * 1024,
	};
}

/** IFS service user created for an IAM client ("Create IFS Service User"): upper case, '-' → '_'. */
function defaultUserId(clientId: string): string {
	return clientId.toUpperCase().replace(/-/g, '_');
}
