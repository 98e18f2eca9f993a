/**
 * The mapping settings a user fills in the ConcurToIfs node: flat values and simple tables.
 */
import type { DocumentKind } from '../../shared/canonical';
import { codeRuleProblem, type CodeRule, type DashRule } from '../../shared/code-rules';
import { DEFAULT_MAX_REFERENCE_LENGTH } from '../../shared/idempotency';
import { tryParseDecimal } from '../../shared/money';
import type { CodeParts } from '../../shared/postings';

/** Who the credit side of a Concur payment type is owed to. */
export type PaymentKind = 'employee' | 'card' | 'companyPaid';

/** Where a cost-center (or other) field is read: see canonical.ts `Fields` for the key names. */
export type FieldLevel = 'allocation' | 'line' | 'report' | 'employee';

export type VoucherDateRule = 'reportDate' | 'submitDate' | 'processingDate' | 'postingDate';

export type CodePartName = keyof CodeParts;

/** A table row that applies to one IFS company, or to every company when `company` is blank. */
export interface PerCompany {
	company?: string;
}

/** Per-company overrides of the flat account settings (blank cells fall back to them). */
export interface CompanyAccounts {
	company: string;
	employeePayableAccount?: string;
	cardClearingAccount?: string;
	employeeReceivableAccount?: string;
	companyPaidAccount?: string;
	cashAdvanceClearingAccount?: string;
	roundingAccount?: string;
}

export const DOCUMENT_KINDS: readonly DocumentKind[] = ['expenseReport', 'invoice', 'purchaseRequest'];

export type CompanyAccountSetting = Exclude<keyof CompanyAccounts, 'company'>;

/** Where the rate from the report currency to the company's accounting currency comes from. */
export type CurrencyRateSource = 'ifs' | 'concurReportField';

export interface MappingConfig {
	/** The kinds this node maps; a document of another kind is held with a reason that says so. */
	documentKinds: DocumentKind[];
	/** `fixed`: every document goes to `fixedCompany`; `table`: `companySourceField` is looked up in `companyTable`. */
	companyMode: 'fixed' | 'table';
	fixedCompany: string;
	/** A key of the document's company hints: `ledgerCode`, `entityId`, `companyId`, `orgUnit1`…, `custom1`…. */
	companySourceField: string;
	companyTable: Array<{ concurValue: string; ifsCompany: string }>;
	/** Empty: any company the IFS reference data contains. */
	allowedCompanies: string[];
	companySites: Array<{ company: string; site: string }>;

	/** GL account: expense type first, then Concur account code, then (optionally) the Concur code itself; company rows win over blank ones. */
	accountByExpenseType: Array<PerCompany & { expenseTypeCode: string; account: string }>;
	accountByConcurAccount: Array<PerCompany & { concurAccountCode: string; account: string }>;
	fallbackToConcurAccount: boolean;

	/** Payment type code (or, for v3 sources, name) → kind (and, optionally, its own credit account); matched without case. */
	paymentTypeKinds: Array<PerCompany & { paymentTypeCode: string; kind: PaymentKind; account?: string }>;
	/** Credit for cash / employee-paid lines. */
	employeePayableAccount: string;
	/** Credit for company-billed card lines. */
	cardClearingAccount: string;
	/** Debit for personal charges on a company-billed card (the employee owes them back). */
	employeeReceivableAccount: string;
	/** Credit for lines the company paid directly (Concur COPD). */
	companyPaidAccount: string;
	/** Credit for cash advances applied to a report (empty: Concur's cashAdvanceClearingAccountCode, when falling back to Concur accounts). */
	cashAdvanceClearingAccount: string;
	/** Per-company accounts for groups whose companies use different charts. */
	companyAccounts: CompanyAccounts[];

	/** Tried in order; the first non-empty value wins. */
	costCenterSources: Array<{ level: FieldLevel; field: string }>;
	/** Concur value (code, 32-hex or dashed list-item id) → IFS code; wins over the dash rule. */
	costCenterTable: Array<{ concurValue: string; ifsCode: string }>;
	/** Concur list codes cannot contain `-`: substituted (IFS `CC-400` = Concur `CC_400`) or dropped (`K-100` = `K100`). */
	dashRule: DashRule;
	/** The character that stands for `-` when substituting; empty: codes with `-` cannot be mapped. */
	dashSubstitute: string;
	costCenterCodePart: CodePartName;
	costCenterRequired: boolean;

	/**
	 * Concur tax key → IFS tax account and IFS tax code. The key is a Concur tax code, a tax GUID, a
	 * country code (expenses) or a VAT rate such as `19` (invoice lines), tried in that order.
	 */
	taxAccounts: Array<PerCompany & { taxCode: string; account: string; ifsTaxCode?: string }>;

	currencyRateSource: CurrencyRateSource;
	/** IFS currency rate type whose rates are used (IFS's own default type is usually 1). */
	currencyRateType: string;
	/** Report field (e.g. custom20) holding the report → company currency rate, for `concurReportField`. */
	currencyRateField: string;

	voucherType: string;
	voucherDateRule: VoucherDateRule;
	/** `{placeholder}` templates; unknown placeholders render empty. */
	voucherTextTemplate: string;
	rowTextTemplate: string;
	invoiceTextTemplate: string;
	requisitionTextTemplate: string;

	roundingAccount: string;
	/** Largest voucher difference (per currency) the rounding account may absorb. */
	roundingTolerance: string;

	expenseReportTarget: 'journalEntry' | 'supplierInvoice';
	/** Employee field holding the employee's IFS supplier id (supplier-invoice target). */
	employeeSupplierField: string;
	supplierInvoiceSeries: string;
	defaultDueDays: number;
	/** Concur vendor code → IFS supplier id; unmapped codes are used as they are. */
	vendorSupplierTable: Array<{ vendorCode: string; supplierId: string }>;
	/** v3 payment requests are posted only in one of these workflow statuses (matched without case). */
	approvedPaymentRequestStatuses: string[];

	requisitionerSource: 'employeeField' | 'fixed';
	requisitionerField: string;
	fixedRequisitioner: string;
	buyerCode: string;
	/** Send account and cost center on requisition lines (and validate them); off: IFS's defaults apply. */
	requisitionAccounting: boolean;

	expenseReportPrefix: string;
	invoicePrefix: string;
	purchaseRequestPrefix: string;
	maxReferenceLength: number;
}

export interface ConfigIssue {
	setting: keyof MappingConfig;
	message: string;
}

export function defaultMappingConfig(): MappingConfig {
	return {
		documentKinds: [...DOCUMENT_KINDS],
		companyMode: 'table',
		fixedCompany: '',
		companySourceField: 'ledgerCode',
		companyTable: [],
		allowedCompanies: [],
		companySites: [],
		accountByExpenseType: [],
		accountByConcurAccount: [],
		fallbackToConcurAccount: true,
		paymentTypeKinds: [
			{ paymentTypeCode: 'CASH', kind: 'employee' },
			{ paymentTypeCode: 'IBCP', kind: 'employee' },
			{ paymentTypeCode: 'CBCP', kind: 'card' },
			{ paymentTypeCode: 'COPD', kind: 'companyPaid' },
			{ paymentTypeCode: 'Individually Billed Card', kind: 'employee' },
			{ paymentTypeCode: 'Company Billed Card', kind: 'card' },
			{ paymentTypeCode: 'Company Paid', kind: 'companyPaid' },
		],
		employeePayableAccount: '',
		cardClearingAccount: '',
		employeeReceivableAccount: '',
		companyPaidAccount: '',
		cashAdvanceClearingAccount: '',
		companyAccounts: [],
		costCenterSources: [
			{ level: 'allocation', field: 'custom1' },
			{ level: 'line', field: 'custom1' },
			{ level: 'employee', field: 'orgUnit2' },
			{ level: 'report', field: 'orgUnit2' },
		],
		costCenterTable: [],
		dashRule: 'substitute',
		dashSubstitute: '_',
		costCenterCodePart: 'CodeB',
		costCenterRequired: true,
		taxAccounts: [],
		currencyRateSource: 'ifs',
		currencyRateType: '1',
		currencyRateField: '',
		voucherType: 'X',
		voucherDateRule: 'processingDate',
		voucherTextTemplate: 'Concur {reportNumber} {employeeName}',
		rowTextTemplate: '{expenseTypeName} {vendor}',
		invoiceTextTemplate: 'Concur invoice {invoiceNumber} {vendorName}',
		requisitionTextTemplate: 'Concur purchase request {purchaseRequestNumber}',
		roundingAccount: '',
		roundingTolerance: '0.05',
		expenseReportTarget: 'journalEntry',
		employeeSupplierField: 'employeeId',
		supplierInvoiceSeries: '',
		defaultDueDays: 30,
		vendorSupplierTable: [],
		approvedPaymentRequestStatuses: ['Approved', 'A_APPR'],
		requisitionerSource: 'employeeField',
		requisitionerField: 'employeeId',
		fixedRequisitioner: '',
		buyerCode: '',
		requisitionAccounting: true,
		expenseReportPrefix: 'CX',
		invoicePrefix: 'CI',
		purchaseRequestPrefix: 'CP',
		maxReferenceLength: DEFAULT_MAX_REFERENCE_LENGTH,
	};
}

const blank = (value: string | undefined) => !value || value.trim() === '';

function companyIssues(config: MappingConfig): ConfigIssue[] {
	if (config.companyMode === 'fixed') {
		return blank(config.fixedCompany) ? [{ setting: 'fixedCompany', message: 'Set the IFS company every document is posted to' }] : [];
	}
	const issues: ConfigIssue[] = [];
	if (blank(config.companySourceField)) issues.push({ setting: 'companySourceField', message: 'Choose the Concur field that decides the IFS company (e.g. ledgerCode)' });
	if (config.companyTable.length === 0) issues.push({ setting: 'companyTable', message: 'Add at least one row to the company table (Concur value → IFS company)' });
	return issues;
}

function expenseIssues(config: MappingConfig): ConfigIssue[] {
	const required: Array<[keyof MappingConfig, string]> = [
		['voucherType', 'Set the IFS voucher type'],
		['employeePayableAccount', 'Set the employee payable account (credit for cash expenses)'],
		['cardClearingAccount', 'Set the card clearing account (credit for company-card expenses)'],
		['employeeReceivableAccount', 'Set the employee receivable account (personal charges on a company card)'],
	];
	const everyCompanyHas = (setting: keyof MappingConfig) => config.companyAccounts.length > 0 && config.companyAccounts.every((row) => !blank(row[setting as CompanyAccountSetting]));
	const issues = required.filter(([setting]) => blank(config[setting] as string) && !everyCompanyHas(setting)).map(([setting, message]) => ({ setting, message }));
	if (config.currencyRateSource === 'concurReportField' && blank(config.currencyRateField)) {
		issues.push({ setting: 'currencyRateField', message: 'Name the Concur report field that holds the rate to the company currency (e.g. custom20)' });
	}
	if (config.expenseReportTarget === 'supplierInvoice' && blank(config.employeeSupplierField)) {
		issues.push({ setting: 'employeeSupplierField', message: 'Choose the employee field that holds the employee\'s IFS supplier id' });
	}
	return issues;
}

function requisitionIssues(config: MappingConfig): ConfigIssue[] {
	const [setting, value] = config.requisitionerSource === 'fixed' ? (['fixedRequisitioner', config.fixedRequisitioner] as const) : (['requisitionerField', config.requisitionerField] as const);
	return blank(value) ? [{ setting, message: 'Set who the requisitioner is (a fixed IFS user or an employee field)' }] : [];
}

function generalIssues(config: MappingConfig): ConfigIssue[] {
	const issues: ConfigIssue[] = [];
	const codeRule = codeRuleProblem(costCenterCodeRule(config));
	if (codeRule) issues.push({ setting: codeRule.part === 'table' ? 'costCenterTable' : 'dashSubstitute', message: codeRule.message });
	if (!/^Code[B-J]$/.test(config.costCenterCodePart)) issues.push({ setting: 'costCenterCodePart', message: 'The cost-center code part must be one of CodeB … CodeJ' });
	if (tryParseDecimal(config.roundingTolerance) === undefined) issues.push({ setting: 'roundingTolerance', message: 'The rounding tolerance must be a number such as 0.05' });
	const prefixes = [config.expenseReportPrefix, config.invoicePrefix, config.purchaseRequestPrefix];
	if (prefixes.some(blank) || new Set(prefixes).size !== prefixes.length) {
		issues.push({ setting: 'expenseReportPrefix', message: 'The three reference prefixes must be set and differ from each other' });
	}
	if (!Number.isInteger(config.maxReferenceLength) || config.maxReferenceLength < 16) {
		issues.push({ setting: 'maxReferenceLength', message: 'The maximum reference length must be a whole number of at least 16' });
	}
	if (!Number.isInteger(config.defaultDueDays) || config.defaultDueDays < 0) issues.push({ setting: 'defaultDueDays', message: 'Due days must be a whole number ≥ 0' });
	return issues;
}

/** The cost-center code rule exactly as the Reference Sync applies it: the table first, then the dash rule. */
export function costCenterCodeRule(config: MappingConfig): CodeRule {
	return { dashRule: config.dashRule, substitute: config.dashSubstitute, table: config.costCenterTable.map((row) => ({ ifsCode: row.ifsCode, concurCode: row.concurValue })) };
}

/** Missing or contradictory settings for the document kinds about to be mapped. */
export function validateMappingConfig(config: MappingConfig, kinds: readonly DocumentKind[] = DOCUMENT_KINDS): ConfigIssue[] {
	return [
		...companyIssues(config),
		...(kinds.includes('expenseReport') ? expenseIssues(config) : []),
		...(kinds.includes('purchaseRequest') ? requisitionIssues(config) : []),
		...generalIssues(config),
	];
}
