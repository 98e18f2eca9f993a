/**
 * The one business scenario both simulators are seeded from, so that Concur's data and IFS's
 * reference data line up the way a real customer's would (and mismatch where a real one would).
 * Pure data: each simulator turns it into its own API shapes.
 */

export const SCENARIO_DATE = '2026-11-16';

export const concurApp = {
	clientId: 'b7d3c1a0-5f0e-4c55-9d8e-0a1b2c3d4e5f',
	clientSecret: 'sim-client-secret-7Qx9',
};

/** Concur company tenants. `homeDatacenter` names a simulated datacenter (see datacenters). */
export const concurCompanies = [
	{
		companyUuid: '00001cd1-07a1-405f-b3e2-f83566ab4e39',
		companyId: '192544',
		entityId: 'p0608532bdtt',
		name: 'Northwind Holdings',
		homeDatacenter: 'us2',
		/** A fresh company request token: valid 24 h, at most 5 exchanges. */
		requestToken: 'crt-northwind-0001',
	},
] as const;

export const concurUsers = [
	// user password grant; lives on eu2, so asking the token host answers code 16
	{ loginId: 'ap.clerk@northwind.example', password: 'sim-user-password-1', userUuid: '7b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9', homeDatacenter: 'eu2', companyUuid: '00001cd1-07a1-405f-b3e2-f83566ab4e39' },
] as const;

export const datacenters = ['us2', 'eu2'] as const;

/** Concur ledger code → IFS company: the mapping a user enters in the company table. */
export const ledgers = [
	{ ledgerCode: 'US', ifsCompany: '10', currency: 'USD' },
	{ ledgerCode: 'EU', ifsCompany: '20', currency: 'EUR' },
] as const;

export const ifsCompanies = [
	{ company: '10', name: 'Northwind US Inc.', currency: 'USD', site: 'US01' },
	{ company: '20', name: 'Northwind Europe GmbH', currency: 'EUR', site: 'DE01' },
	// exists in IFS but the integration's service user is not allowed to see it
	{ company: '90', name: 'Northwind Restricted Ltd.', currency: 'GBP', site: 'GB01' },
] as const;

export const ifsCurrencies = ['USD', 'EUR', 'GBP', 'SEK'] as const;

/**
 * IFS currency rates (rate type 1) per company: `rate` in the company's accounting currency per
 * `factor` units. SEK is quoted per 100; EUR/USD change on 2026-11-10, inside the seeded month.
 */
export const ifsCurrencyRates = [
	{ company: '10', currency: 'EUR', validFrom: '2026-01-01', rate: '1.0870', factor: '1' },
	{ company: '10', currency: 'EUR', validFrom: '2026-11-10', rate: '1.0912', factor: '1' },
	// no GBP rate before February: a January GBP voucher has no rate in company 10
	{ company: '10', currency: 'GBP', validFrom: '2026-02-01', rate: '1.2710', factor: '1' },
	{ company: '10', currency: 'SEK', validFrom: '2026-01-01', rate: '9.4130', factor: '100' },
	{ company: '20', currency: 'USD', validFrom: '2026-01-01', rate: '0.9200', factor: '1' },
	{ company: '20', currency: 'USD', validFrom: '2026-11-10', rate: '0.9164', factor: '1' },
	{ company: '20', currency: 'GBP', validFrom: '2026-01-01', rate: '1.1693', factor: '1' },
	{ company: '20', currency: 'SEK', validFrom: '2026-01-01', rate: '8.6520', factor: '100' },
	{ company: '20', currency: 'SEK', validFrom: '2026-11-10', rate: '8.7105', factor: '100' },
	{ company: '90', currency: 'USD', validFrom: '2026-01-01', rate: '0.7868', factor: '1' },
	{ company: '90', currency: 'EUR', validFrom: '2026-01-01', rate: '0.8552', factor: '1' },
] as const;

/** Accounts (code part A), the same chart in every company. */
export const accounts = [
	{ code: '6100', description: 'Travel - airfare' },
	{ code: '6110', description: 'Travel - lodging' },
	{ code: '6120', description: 'Meals and entertainment' },
	{ code: '6130', description: 'Mileage and car' },
	{ code: '6140', description: 'Taxi and ground transport' },
	{ code: '6190', description: 'Other travel expenses' },
	{ code: '6200', description: 'Office supplies' },
	{ code: '6300', description: 'IT services' },
	{ code: '2410', description: 'Employee payable' },
	{ code: '2420', description: 'Corporate card clearing' },
	{ code: '1580', description: 'Employee receivable' },
	{ code: '2640', description: 'Input VAT' },
	{ code: '2440', description: 'Accounts payable' },
	{ code: '8990', description: 'Rounding differences' },
	{ code: '1590', description: 'Cash advances to employees' },
	{ code: '6999', description: 'Blocked legacy account', blocked: true },
] as const;

/** Cost centers (code part B). IFS is the master; one code contains '-' (illegal in Concur lists). */
export const ifsCostCenters = [
	{ code: 'CC100', description: 'Sales', companies: ['10', '20'] },
	{ code: 'CC200', description: 'Engineering', companies: ['10', '20'] },
	{ code: 'CC300', description: 'Marketing', companies: ['10', '20'] },
	{ code: 'CC-400', description: 'Shared services', companies: ['10', '20'] },
	{ code: 'CC800', description: 'Only in IFS: Logistics', companies: ['10'] },
	{ code: 'CC900', description: 'Closed cost center', companies: ['10'], blocked: true },
] as const;

/** The Concur list that holds cost centers, as it stands before any sync. */
export const concurCostCenterList = {
	listId: '80edb3fa-c15e-a34a-b97f-f2ec291ab44f',
	name: 'Cost Centers',
	items: [
		{ id: '582ae31d-0f50-6c4b-aa97-573f2a90f03b', shortCode: 'CC100', value: 'Sales' },
		{ id: 'd3954b47-bcec-9446-a4ff-c49e0000b46e', shortCode: 'CC200', value: 'Engineering' },
		{ id: '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d', shortCode: 'CC300', value: 'Marketing (old name)' },
		{ id: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a', shortCode: 'CC_400', value: 'Shared services' },
		// born in Concur, unknown to IFS
		{ id: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', shortCode: 'CC500', value: 'Only in Concur: Events' },
	],
};

/** Suppliers in IFS (SupplierInfoGeneral) and the companies each is connected to for invoicing. */
export const ifsSuppliers = [
	{ supplierId: '1000', name: 'Acme Office Supplies', country: 'US', companies: ['10', '20'] },
	{ supplierId: '1001', name: 'Nordic IT Services', country: 'SE', companies: ['10', '20'] },
	{ supplierId: '1002', name: 'Only in IFS: Globex Logistics', country: 'DE', companies: ['20'] },
] as const;

/** Concur Vendor v3.1 records (VendorCode + AddressCode). */
export const concurVendors = [
	{ vendorCode: '1000', addressCode: 'MAIN', name: 'Acme Office Supplies', countryCode: 'US', currencyCode: 'USD' },
	{ vendorCode: '1001', addressCode: 'MAIN', name: 'Nordic IT Services AB (old name)', countryCode: 'SE', currencyCode: 'SEK' },
	{ vendorCode: '2001', addressCode: 'MAIN', name: 'Only in Concur: Initech Consulting', countryCode: 'US', currencyCode: 'USD' },
] as const;

/** IFS purchase orders that Concur invoices reference. */
export const ifsPurchaseOrders = [
	{ orderNo: 'P1001', company: '10', vendorNo: '1000', currency: 'USD', site: 'US01' },
	{ orderNo: 'P2001', company: '20', vendorNo: '1001', currency: 'EUR', site: 'DE01' },
] as const;

/** Open accounting periods: every month of 2026 up to and including November; 2025-12 is closed. */
export const openPeriods = { firstOpen: '2026-01', lastOpen: '2026-11', closed: ['2025-12'] } as const;

export const employees = [
	{ employeeId: 'E100', firstName: 'Alice', lastName: 'Anders', loginId: 'alice@northwind.example', ledgerCode: 'US', costCenter: 'CC100', currency: 'USD', userUuid: '32c2fcc3-b2e8-4907-9672-5b3f49b1c643' },
	{ employeeId: 'E200', firstName: 'Bob', lastName: 'Berg', loginId: 'bob@northwind.example', ledgerCode: 'US', costCenter: 'CC200', currency: 'USD', userUuid: '4d5e6f70-8192-4a3b-9c4d-5e6f70819203' },
	{ employeeId: 'E300', firstName: 'Clara', lastName: 'Chen', loginId: 'clara@northwind.example', ledgerCode: 'EU', costCenter: 'CC300', currency: 'EUR', userUuid: '5e6f7081-92a3-4b4c-8d5e-6f7081920314' },
	// reimbursed in SEK by the EUR company 20: reports in a currency that is not the company's
	{ employeeId: 'E400', firstName: 'Sven', lastName: 'Lund', loginId: 'sven@northwind.example', ledgerCode: 'EU', costCenter: 'CC200', currency: 'SEK', userUuid: '6f708192-a3b4-4c5d-9e6f-708192a3b425' },
] as const;

/**
 * Concur expense types and the IFS account a finance user maps each to.
 * MISCL is deliberately not mapped: the mapping falls back to Concur's journal account code.
 */
export const expenseTypes = [
	{ code: 'AIRFR', name: 'Airfare', ifsAccount: '6100' },
	{ code: 'LODNG', name: 'Hotel', ifsAccount: '6110' },
	{ code: 'BUSML', name: 'Business Meal', ifsAccount: '6120' },
	{ code: 'CARMI', name: 'Car Mileage', ifsAccount: '6130' },
	{ code: 'TAXIX', name: 'Taxi', ifsAccount: '6140' },
	{ code: 'OFCSP', name: 'Office Supplies', ifsAccount: '6200' },
	{ code: 'ITSVC', name: 'IT Services', ifsAccount: '6300' },
	{ code: 'MISCL', name: 'Miscellaneous', ifsAccount: undefined, concurJournalAccount: '6190' },
] as const;

/** Concur payment types → which liability/clearing account the credit side goes to. */
export const paymentTypes = [
	{ code: 'CASH', name: 'Cash', payer: 'COMP', payee: 'EMPL', liability: 'employee', ifsAccount: '2410' },
	{ code: 'CBCP', name: 'Company Billed Card', payer: 'COMP', payee: 'CBCP', liability: 'card', ifsAccount: '2420' },
	// personal charge on the company-billed card: the company paid, the employee owes it back
	{ code: 'CBCP-PERSONAL', name: 'Company Billed Card (personal)', payer: 'EMPL', payee: 'COMP', liability: 'employeeReceivable', ifsAccount: '1580' },
] as const;

/**
 * Expense reports (each becomes a FIS expense document and a v3 report with entries, itemizations
 * and allocations). Amounts are decimal strings in the report currency. `allocations` percentages
 * must total 100; a line without allocations goes 100% to the employee's cost center.
 */
export interface SeedEntry {
	expenseType: string;
	/** In the report currency (what Concur approved, after converting a foreign receipt). */
	amount: string;
	paymentType: 'CASH' | 'CBCP';
	personal?: boolean;
	/** No receipt image was attached in Concur (the entry names none). */
	noReceiptImage?: boolean;
	date: string;
	vendor?: string;
	/** The receipt in another currency: its amount and Concur's rate to the report currency (multiply). */
	transaction?: { currency: string; amount: string; rate: string };
	/** Where the expense was incurred (ISO 3166-1); the report's country otherwise. */
	country?: string;
	allocations?: Array<{ percentage: string; costCenter: string }>;
	/** Concur's own allocation amounts when they differ from a recomputation of the percentages. */
	journalAmounts?: string[];
	itemizations?: Array<{ expenseType: string; amount: string }>;
	/** VAT included in the amount, its Concur tax code, and how much of it is reclaimable (default: all). */
	taxAmount?: string;
	taxCode?: string;
	reclaimableTax?: string;
}

export interface SeedReport {
	reportId: string;
	reportNumber: string;
	name: string;
	employeeId: string;
	submitDate: string;
	processingDate: string;
	entries: SeedEntry[];
	/** FIS cashAdvanceApplication: type 2 = applied to the report, 3 = returned. */
	cashAdvances?: Array<{ cashAdvanceId: string; amount: string; type: '2' | '3' }>;
}

export const expenseReports: SeedReport[] = [
	{
		reportId: '764428DD6A664AF0BFC1', reportNumber: 'W4JPA1', name: 'Customer visit Boston', employeeId: 'E100',
		submitDate: '2026-11-10', processingDate: '2026-11-12',
		entries: [
			{ expenseType: 'LODNG', amount: '412.50', paymentType: 'CASH', date: '2026-11-03', vendor: 'Harbor Hotel' },
			{ expenseType: 'BUSML', amount: '86.40', paymentType: 'CASH', date: '2026-11-03' },
			{ expenseType: 'TAXIX', amount: '38.00', paymentType: 'CASH', date: '2026-11-04' },
		],
	},
	{
		reportId: '764428DD6A664AF0BFC2', reportNumber: 'W4JPA2', name: 'Engineering offsite', employeeId: 'E200',
		submitDate: '2026-11-11', processingDate: '2026-11-13',
		entries: [
			// company card airfare split three ways: 100.01 does not divide evenly
			{ expenseType: 'AIRFR', amount: '100.01', paymentType: 'CBCP', date: '2026-11-05',
				allocations: [ { percentage: '33.33', costCenter: 'CC200' }, { percentage: '33.33', costCenter: 'CC300' }, { percentage: '33.34', costCenter: 'CC100' } ] },
			{ expenseType: 'TAXIX', amount: '57.25', paymentType: 'CASH', date: '2026-11-05',
				allocations: [ { percentage: '60', costCenter: 'CC200' }, { percentage: '40', costCenter: 'CC300' } ] },
			// a personal charge on the company card: the employee owes it back
			{ expenseType: 'BUSML', amount: '23.90', paymentType: 'CBCP', personal: true, date: '2026-11-06' },
		],
	},
	{
		reportId: '764428DD6A664AF0BFC3', reportNumber: 'W4JPA3', name: 'Hotel with itemized bill', employeeId: 'E100',
		submitDate: '2026-11-11', processingDate: '2026-11-13',
		entries: [
			{ expenseType: 'LODNG', amount: '350.00', paymentType: 'CBCP', date: '2026-11-07',
				itemizations: [ { expenseType: 'LODNG', amount: '300.00' }, { expenseType: 'BUSML', amount: '50.00' } ] },
			{ expenseType: 'MISCL', amount: '12.00', paymentType: 'CASH', date: '2026-11-07' },
		],
	},
	{
		reportId: '764428DD6A664AF0BFC4', reportNumber: 'W4JPA4', name: 'Berlin conference', employeeId: 'E300',
		submitDate: '2026-11-12', processingDate: '2026-11-14',
		entries: [
			{ expenseType: 'LODNG', amount: '238.00', paymentType: 'CASH', date: '2026-11-09', taxAmount: '38.00', taxCode: 'VAT19' },
			{ expenseType: 'CARMI', amount: '45.60', paymentType: 'CASH', date: '2026-11-09', allocations: [ { percentage: '100', costCenter: 'CC-400' } ] },
		],
	},
	{
		// cannot be posted: CC500 exists only in Concur; the whole report must be held
		reportId: '764428DD6A664AF0BFC5', reportNumber: 'W4JPA5', name: 'Event booth', employeeId: 'E200',
		submitDate: '2026-11-12', processingDate: '2026-11-14',
		entries: [
			{ expenseType: 'BUSML', amount: '120.00', paymentType: 'CASH', date: '2026-11-10' },
			{ expenseType: 'TAXIX', amount: '44.10', paymentType: 'CASH', date: '2026-11-10', allocations: [ { percentage: '100', costCenter: 'CC500' } ] },
		],
	},
	{
		// three currencies: receipts in GBP and EUR on a SEK report, posted to the EUR company 20
		reportId: '764428DD6A664AF0BFC6', reportNumber: 'W4JPA6', name: 'London client visit', employeeId: 'E400',
		submitDate: '2026-11-12', processingDate: '2026-11-14',
		entries: [
			// British VAT a German company cannot reclaim: it stays on the expense account
			{ expenseType: 'LODNG', amount: '3144.00', paymentType: 'CASH', date: '2026-11-04', vendor: 'Strand Hotel', country: 'GB',
				transaction: { currency: 'GBP', amount: '240.00', rate: '13.10000000' }, taxAmount: '524.00', taxCode: 'GB20', reclaimableTax: '0' },
			// Concur's journal splits the card fare 1393.28 / 1393.28 / 1393.69; recomputing 33.33 % would give 1393.27 / 1393.27 / 1393.71
			{ expenseType: 'AIRFR', amount: '4180.25', paymentType: 'CBCP', date: '2026-11-03',
				allocations: [ { percentage: '33.33', costCenter: 'CC200' }, { percentage: '33.33', costCenter: 'CC300' }, { percentage: '33.34', costCenter: 'CC100' } ],
				journalAmounts: ['1393.28', '1393.28', '1393.69'] },
			{ expenseType: 'BUSML', amount: '991.87', paymentType: 'CASH', date: '2026-11-05', country: 'DE', transaction: { currency: 'EUR', amount: '86.40', rate: '11.48000000' } },
			{ expenseType: 'TAXIX', amount: '410.00', paymentType: 'CASH', date: '2026-11-06', country: 'SE', taxAmount: '23.21', taxCode: 'SE06' },
			{ expenseType: 'BUSML', amount: '120.00', paymentType: 'CBCP', personal: true, date: '2026-11-05' },
		],
		cashAdvances: [{ cashAdvanceId: '6A107A548D1B4B49BBF370DF02EC8906', amount: '1000.00', type: '2' }],
	},
];

/** Payment requests (Concur Invoice): each is a v3 payment request and a FIS invoice document. */
export interface SeedInvoice {
	requestId: string;
	vendorCode: string;
	invoiceNumber: string;
	invoiceDate: string;
	ledgerCode: string;
	currency: string;
	purchaseOrderNumber?: string;
	lines: Array<{ description: string; expenseType: string; amount: string; allocations: Array<{ percentage: string; costCenter: string; accountCode: string }> }>;
}

export const paymentRequests: SeedInvoice[] = [
	{
		requestId: '9B1D30723CBF4F86A571', vendorCode: '1000', invoiceNumber: 'INV-25688', invoiceDate: '2026-11-02', ledgerCode: 'US', currency: 'USD',
		purchaseOrderNumber: 'P1001',
		lines: [ { description: 'Printer paper', expenseType: 'OFCSP', amount: '50.00', allocations: [ { percentage: '100', costCenter: 'CC100', accountCode: '6200' } ] } ],
	},
	{
		requestId: '9B1D30723CBF4F86A572', vendorCode: '1001', invoiceNumber: 'NIT-2026-311', invoiceDate: '2026-11-04', ledgerCode: 'EU', currency: 'EUR',
		purchaseOrderNumber: 'P2001',
		lines: [
			{ description: 'Support retainer November', expenseType: 'ITSVC', amount: '1200.00', allocations: [ { percentage: '50', costCenter: 'CC200', accountCode: '6300' }, { percentage: '50', costCenter: 'CC300', accountCode: '6300' } ] },
			{ description: 'Laptop docking stations', expenseType: 'OFCSP', amount: '389.97', allocations: [ { percentage: '100', costCenter: 'CC200', accountCode: '6200' } ] },
		],
	},
];

/** Concur Purchasing purchase requests (read by id). */
export const purchaseRequests = [
	{
		purchaseRequestId: 'A1B2C3D4E5F60718293A', purchaseRequestNumber: 'PR-000123', requester: 'E200', ledgerCode: 'US',
		workflowStatus: 'Approved', currency: 'USD', neededBy: '2026-12-15',
		lines: [
			{ description: 'Standing desks', quantity: '4', unitPrice: '410.00', expenseType: 'OFCSP', costCenter: 'CC200', vendorCode: '1000' },
			{ description: 'Monitor arms', quantity: '4', unitPrice: '79.99', expenseType: 'OFCSP', costCenter: 'CC200', vendorCode: '1000' },
		],
	},
];
