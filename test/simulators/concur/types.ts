/** Shared types of the SAP Concur simulator (internal models, options, principals). */

export type ApiFamily = 'fis' | 'v3' | 'v4expense' | 'list' | 'purchaserequest' | 'profile' | 'ess';
export type Datacenter = 'us2' | 'eu2';
/** Which server answered: the GLZ-style token host or one of the datacenters. */
export type ServerRole = 'token' | Datacenter;
export type FisDocType = 'expense' | 'invoice' | 'cashadvance';
export type FisDocStatus = 'READY' | 'ACKNOWLEDGED' | 'POSTING_CONFIRMED_SUCCESS' | 'POSTING_CONFIRMED_FAILURE' | 'RECALLED';

export interface ConcurSimulatorOptions {
	/** Access-token lifetime in simulated seconds (default 3600). */
	tokenLifetimeSeconds?: number;
	/** HTTP status for an expired access token, per API family (default 403 everywhere). UNVERIFIED. */
	expiredTokenStatus?: Partial<Record<ApiFamily, 401 | 403>>;
	/** How many successful exchanges a company request token allows (default 5). */
	requestTokenMaxUses?: number;
	/** Old refresh token keeps working after a rotation (default false). UNVERIFIED. */
	oldRefreshTokenStaysValid?: boolean;
	/** Fixed latency added to every non-control request, in ms (default 0). */
	latencyMs?: number;
	/** Extra READY FIS expense documents generated at start (benchmarks). */
	generatedExpenseDocuments?: { count: number; linesPerDocument: number };
	/** Seed of derived ids and of the fault dice (default 1). */
	seed?: number;
	/** Fixed ports; 0/undefined = random. */
	ports?: { tokenHost?: number; us2?: number; eu2?: number };
	/** `expires_in` as a JSON number instead of the reference page's string (default false). */
	expiresInAsNumber?: boolean;
	/** Include an OIDC `id_token` in password-grant responses (default true). */
	issueIdToken?: boolean;
	/** FIS invoice `invoiceDate` in the sample's `MM/dd/yyyy` (default) or the schema's `yyyy-MM-dd`. */
	fisInvoiceDateFormat?: 'MM/dd/yyyy' | 'yyyy-MM-dd';
	/** Largest FIS `limit` accepted; above it the GET answers 400 (default 0 = no maximum). UNVERIFIED. */
	fisMaxLimit?: number;
	/** Deliver `*.readyForIntegration` ESS events automatically when a FIS document becomes READY (default false). */
	autoDeliverReadyEvents?: boolean;
}

export type ResolvedOptions = Required<Omit<ConcurSimulatorOptions, 'generatedExpenseDocuments' | 'ports' | 'expiredTokenStatus'>> & {
	expiredTokenStatus: Record<ApiFamily, 401 | 403>;
};

export type PrincipalType = 'company' | 'user' | 'app';

export interface Principal {
	type: PrincipalType;
	companyUuid?: string;
	userUuid?: string;
	clientId: string;
	datacenter: Datacenter;
}

export interface AccessToken extends Principal {
	token: string;
	expiresAt: number;
	grantType: string;
}

export interface RefreshToken extends Principal {
	token: string;
	expiresAt: number;
	valid: boolean;
}

export interface RequestToken {
	token: string;
	companyUuid: string;
	clientId: string;
	issuedAt: number;
	uses: number;
}

export interface AllocationModel {
	v3Id: string;
	v4Id: string;
	percentage: string;
	/** Concur list-item short code (CC_400, not CC-400). */
	costCenterCode: string;
}

export interface ItemizationModel {
	v3Id: string;
	v4Id: string;
	legacyKey: number;
	expenseType: string;
	amount: string;
	allocations: AllocationModel[];
}

export interface EntryModel {
	v3Id: string;
	v4Id: string;
	legacyKey: number;
	expenseType: string;
	amount: string;
	paymentType: 'CASH' | 'CBCP';
	personal: boolean;
	noReceiptImage?: boolean;
	date: string;
	vendor?: string;
	/** Receipt in another currency, with Concur's rate to the report currency. */
	transaction?: { currency: string; amount: string; rate: string };
	country?: string;
	taxAmount?: string;
	taxCode?: string;
	reclaimableTax?: string;
	/** Concur's journal amount per allocation, when stated instead of the percentage split. */
	journalAmounts?: string[];
	allocations: AllocationModel[];
	itemizations: ItemizationModel[];
	lastModified: string;
}

export interface ReportModel {
	reportId: string;
	reportKey: number;
	reportNumber: string;
	name: string;
	employeeId: string;
	currency: string;
	ledgerCode: string;
	countryCode: string;
	approvalStatus: string;
	paymentStatus: string;
	createDate: string;
	submitDate: string | null;
	processingPaymentDate: string | null;
	paidDate: string | null;
	lastModified: string;
	entries: EntryModel[];
	cashAdvances: Array<{ cashAdvanceId: string; amount: string; type: '2' | '3' }>;
	generated: boolean;
}

export interface InvoiceLineModel {
	lineItemId: string;
	description: string;
	expenseType: string;
	amount: string;
	allocations: Array<{ percentage: string; costCenterCode: string; accountCode: string }>;
}

export interface InvoiceModel {
	requestId: string;
	reqKey: number;
	vendorCode: string;
	addressCode: string;
	invoiceNumber: string;
	invoiceDate: string;
	ledgerCode: string;
	currency: string;
	purchaseOrderNumber?: string;
	ownerEmployeeId: string;
	approvalStatus: string;
	paymentStatus: string;
	createDate: string;
	submitDate: string;
	lastModified: string;
	paidDate: string | null;
	lines: InvoiceLineModel[];
}

export interface FisDocument {
	id: string;
	docType: FisDocType;
	sourceId: string;
	revision: number;
	status: FisDocStatus;
	systemId: string | null;
	createdAt: string;
	paymentRefs: string[];
}

export type VendorRecord = Record<string, unknown> & { VendorCode: string; AddressCode: string };

export interface ListModel {
	id: string;
	value: string;
	levelCount: number;
	isDeleted: boolean;
}

export interface ListItemModel {
	id: string;
	listId: string;
	shortCode: string;
	value: string;
	parentId: string | null;
	level: number;
	isDeleted: boolean;
}

export interface Subscription {
	id: string;
	datacenter: Datacenter;
	applicationId: string;
	topic: string;
	filter: string;
	webHookConfig: { endpoint: string };
}

export interface DeliveryRecord {
	eventId: string;
	subscriptionId: string;
	endpoint: string;
	signature: 'valid' | 'wrong-key' | 'omitted';
	status: number | null;
	error: string | null;
	body: string;
	deliveredAt: string;
}

export interface FisCallRecord {
	kind: 'acknowledgement' | 'postingConfirmation' | 'paymentConfirmation';
	docType: string;
	at: string;
	body: unknown;
	results: unknown;
}
