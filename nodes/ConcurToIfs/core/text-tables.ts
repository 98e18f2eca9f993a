/**
 * The mapping node's tables as text, one row per line: `KEY = VALUE[, VALUE…][ @ COMPANY]`
 * (`LODNG = 6110`, `DE = 26400, VST19 @ 20`). Lines starting with `#` and blank lines are skipped.
 * Short enough to read a company's whole mapping at a glance, and pasteable from a spreadsheet.
 */
import type { CompanyAccounts, CompanyAccountSetting, ConfigIssue, FieldLevel, MappingConfig, PaymentKind } from './mapping-config';

export interface TextTableSpec {
	/** The node parameter holding the text. */
	parameter: string;
	setting: keyof MappingConfig;
	/** The field's label in the node, named in every error. */
	label: string;
	/** Row field names, with what the user calls them (`taxCode: 'tax key'`). */
	key: Column;
	/** The values after `=`; the first `required` of them must be given. */
	values: Column[];
	required: number;
	/** Whether a row may end in `@ COMPANY` (it then applies to that IFS company only). */
	perCompany: boolean;
	/** One example line, shown in errors. */
	example: string;
}

export interface Column {
	name: string;
	label: string;
}

export type TextRow = Record<string, string>;

export interface Parsed<T> {
	rows: T[];
	issues: ConfigIssue[];
}

/** `TAX KEY = ACCOUNT[, IFS TAX CODE][ @ COMPANY]` */
export function rowFormat(spec: TextTableSpec): string {
	const upper = (column: Column) => column.label.toUpperCase();
	const required = spec.values.slice(0, Math.max(spec.required, 1)).map(upper).join(', ');
	const optional = spec.values.slice(Math.max(spec.required, 1)).map((column) => `[, ${upper(column)}]`).join('');
	return `${upper(spec.key)} = ${required}${optional}${spec.perCompany ? '[ @ COMPANY]' : ''}`;
}

function usage(spec: TextTableSpec): string {
	return `${rowFormat(spec)}, e.g. ${spec.example}`;
}

/** Not text: a workflow saved by an earlier version of the node (tables of rows). */
function notText(spec: TextTableSpec, value: unknown): Parsed<TextRow> | undefined {
	if (value === undefined || value === null || typeof value === 'string') return undefined;
	return { rows: [], issues: [{ setting: spec.setting, message: `${spec.label}: expected text, one row per line (${usage(spec)}); this node holds an older table format — enter its rows again` }] };
}

function parseLine(spec: TextTableSpec, line: string, number: number): { row: TextRow } | { issue: ConfigIssue } {
	const problem = (what: string) => ({ issue: { setting: spec.setting, message: `${spec.label}, line ${number} "${line}": ${what} — write ${usage(spec)}` } });
	const equals = line.indexOf('=');
	if (equals < 0) return problem('no "="');
	const key = line.slice(0, equals).trim();
	let rest = line.slice(equals + 1);
	let company = '';
	const at = rest.lastIndexOf('@');
	if (at >= 0) {
		if (!spec.perCompany) return problem('this table has no company column ("@")');
		company = rest.slice(at + 1).trim();
		rest = rest.slice(0, at);
		if (!company) return problem('no IFS company after "@"');
	}
	const values = rest.split(',').map((value) => value.trim());
	if (!key) return problem(`no ${spec.key.label}`);
	if (values.length > spec.values.length) return problem(`more than ${spec.values.length} value(s) after "="`);
	const missing = spec.values.slice(0, spec.required).find((_, index) => !values[index]);
	if (missing) return problem(`no ${missing.label}`);
	const row: TextRow = { [spec.key.name]: key };
	spec.values.forEach((column, index) => {
		if (values[index]) row[column.name] = values[index];
	});
	if (company) row.company = company;
	return { row };
}

export function parseTextTable(spec: TextTableSpec, value: unknown): Parsed<TextRow> {
	const wrongType = notText(spec, value);
	if (wrongType) return wrongType;
	const rows: TextRow[] = [];
	const issues: ConfigIssue[] = [];
	String(value ?? '')
		.split(/\r?\n/)
		.forEach((raw, index) => {
			const line = raw.trim();
			if (!line || line.startsWith('#')) return;
			const parsed = parseLine(spec, line, index + 1);
			if ('issue' in parsed) issues.push(parsed.issue);
			else rows.push(parsed.row);
		});
	return { rows, issues };
}

/** `key: 'label'` pairs: the first is the key before "=", the others the values after it. */
function table(setting: keyof MappingConfig, label: string, columns: Record<string, string>, example: string, options: { perCompany?: boolean; required?: number; parameter?: string } = {}): TextTableSpec {
	const [key, ...values] = Object.entries(columns).map(([name, columnLabel]) => ({ name, label: columnLabel }));
	return { parameter: options.parameter ?? setting, setting, label, key, values, required: options.required ?? 1, perCompany: options.perCompany ?? false, example };
}

const perCompany = { perCompany: true };

/** The text tables of the node, with the names their rows have in MappingConfig. */
export const TEXT_TABLES = {
	companyTable: table('companyTable', 'Company Table', { concurValue: 'Concur value', ifsCompany: 'IFS company' }, 'US = 10'),
	accountByExpenseType: table('accountByExpenseType', 'GL Account by Expense Type', { expenseTypeCode: 'expense type', account: 'account' }, 'LODNG = 6110', perCompany),
	accountByConcurAccount: table('accountByConcurAccount', 'GL Account by Concur Account', { concurAccountCode: 'Concur account', account: 'account' }, '62000 = 6110', perCompany),
	paymentTypeKinds: table('paymentTypeKinds', 'Payment Types', { paymentTypeCode: 'payment type', kind: 'kind', account: 'credit account' }, 'CBCP = card, 2425', perCompany),
	taxAccounts: table('taxAccounts', 'Tax Accounts', { taxCode: 'tax key', account: 'account', ifsTaxCode: 'IFS tax code' }, 'DE = 2640, VAT19', perCompany),
	costCenterTable: table('costCenterTable', 'Cost Center Table', { concurValue: 'Concur value', ifsCode: 'IFS cost center' }, 'CC_400 = CC-400'),
	vendorSupplierTable: table('vendorSupplierTable', 'Vendor to Supplier', { vendorCode: 'vendor code', supplierId: 'IFS supplier' }, 'V-100 = 1001'),
	companySites: table('companySites', 'Company Sites', { company: 'IFS company', site: 'site' }, '10 = US01'),
	balancingAccounts: table('employeePayableAccount', 'Balancing Accounts', { name: 'name', account: 'account' }, 'employee payable = 2410', { perCompany: true, required: 0, parameter: 'balancingAccounts' }),
} satisfies Record<string, TextTableSpec>;

const PAYMENT_KINDS: Record<string, PaymentKind> = { employee: 'employee', card: 'card', 'company paid': 'companyPaid', companypaid: 'companyPaid' };

/** Payment types: the kind is one of employee, card, company paid. */
export function parsePaymentTypes(value: unknown): Parsed<{ paymentTypeCode: string; kind: PaymentKind; account?: string; company?: string }> {
	const spec = TEXT_TABLES.paymentTypeKinds;
	const { rows, issues } = parseTextTable(spec, value);
	const typed = rows.flatMap((row) => {
		const kind = PAYMENT_KINDS[row.kind.toLowerCase().replace(/\s+/g, ' ')];
		if (kind) return [{ ...row, paymentTypeCode: row.paymentTypeCode, kind }];
		issues.push({ setting: spec.setting, message: `${spec.label}: "${row.kind}" for ${row.paymentTypeCode} is not a kind — use employee, card or company paid` });
		return [];
	});
	return { rows: typed, issues };
}

/** The named lines of *Balancing Accounts* and the MappingConfig settings they set. */
export const BALANCING_ACCOUNTS: Record<string, CompanyAccountSetting> = {
	'employee payable': 'employeePayableAccount',
	'card clearing': 'cardClearingAccount',
	'employee receivable': 'employeeReceivableAccount',
	'company paid': 'companyPaidAccount',
	'cash advance clearing': 'cashAdvanceClearingAccount',
	rounding: 'roundingAccount',
};

/** The lines every new node starts with: fill in the accounts, leave the others empty. */
export const BALANCING_ACCOUNTS_TEMPLATE = Object.keys(BALANCING_ACCOUNTS)
	.map((name) => `${name} = `)
	.join('\n');

export interface BalancingAccounts {
	accounts: Partial<Record<CompanyAccountSetting, string>>;
	companyAccounts: CompanyAccounts[];
	issues: ConfigIssue[];
}

/** `employee payable = 2410`, `card clearing = 24200 @ 20` (an account for one company); empty values are not set. */
export function parseBalancingAccounts(value: unknown): BalancingAccounts {
	const spec = TEXT_TABLES.balancingAccounts;
	const { rows, issues } = parseTextTable(spec, value);
	const accounts: BalancingAccounts['accounts'] = {};
	const byCompany = new Map<string, CompanyAccounts>();
	for (const row of rows) {
		const setting = BALANCING_ACCOUNTS[row.name.toLowerCase().replace(/\s+/g, ' ')];
		if (!setting) {
			issues.push({ setting: spec.setting, message: `${spec.label}: "${row.name}" is not one of ${Object.keys(BALANCING_ACCOUNTS).join(', ')}` });
			continue;
		}
		if (!row.account) continue;
		if (!row.company) accounts[setting] = row.account;
		else byCompany.set(row.company, { ...(byCompany.get(row.company) ?? { company: row.company }), [setting]: row.account });
	}
	return { accounts, companyAccounts: [...byCompany.values()], issues };
}

const LEVELS: readonly FieldLevel[] = ['allocation', 'line', 'employee', 'report'];

/** `allocation.custom1, employee.orgUnit2`: where cost centers are read, in order. */
export function parseCostCenterSources(value: unknown): Parsed<{ level: FieldLevel; field: string }> {
	const rows: Array<{ level: FieldLevel; field: string }> = [];
	const issues: ConfigIssue[] = [];
	for (const part of String(value ?? '').split(/[,\n]/)) {
		const source = part.trim();
		if (!source) continue;
		const [level, field, extra] = source.split('.').map((piece) => piece.trim());
		if (LEVELS.includes(level as FieldLevel) && field && extra === undefined) rows.push({ level: level as FieldLevel, field });
		else issues.push({ setting: 'costCenterSources', message: `Cost Center Sources: "${source}" is not LEVEL.FIELD with a level of ${LEVELS.join(', ')} (e.g. allocation.custom1)` });
	}
	return { rows, issues };
}
