/**
 * The mapping node's panel: the document kinds first, then one section per topic showing only
 * what those kinds use; tables are text, one `KEY = VALUE` line per row (core/text-tables.ts),
 * and settings whose defaults suit most companies wait under Options.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import type { DocumentKind } from '../../shared/canonical';
import { dashRuleOptions } from '../../shared/descriptions';
import { BALANCING_ACCOUNTS_TEMPLATE, TEXT_TABLES, rowFormat, type TextTableSpec } from '../core/text-tables';
import { advancedProperties } from './advanced.properties';

const forKinds = (...kinds: DocumentKind[]): IDisplayOptions => ({ show: { documentKinds: kinds } });

/** A section title (n8n draws it as a heading and indents what follows), shown with its fields. */
function heading(name: string, displayName: string, displayOptions?: IDisplayOptions): INodeProperties {
	return { displayName, name, type: 'notice', typeOptions: { sectionHeader: true }, default: '', ...(displayOptions ? { displayOptions } : {}) };
}

/** A text table: one row per line; the placeholder shows the format while it is empty. */
function textTable(spec: TextTableSpec, placeholder: string, description: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	const format = `One row per line: ${rowFormat(spec)}${spec.perCompany ? ' (a row with @ COMPANY applies to that IFS company only)' : ''}. Lines starting with # are comments.`;
	return {
		displayName: spec.label,
		name: spec.parameter,
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder,
		description: `${description} ${format}`,
		...extra,
	};
}

const documentKinds: INodeProperties = {
	displayName: 'Document Kinds',
	name: 'documentKinds',
	type: 'multiOptions',
	options: [
		{ name: 'Expense Reports', value: 'expenseReport' },
		{ name: 'Invoices (Payment Requests)', value: 'invoice' },
		{ name: 'Purchase Requests', value: 'purchaseRequest' },
	],
	default: ['expenseReport', 'invoice', 'purchaseRequest'],
	hint: 'Only the settings these kinds use are shown; other kinds are held.',
	description: 'The Concur documents this node maps, as the SAP Concur node returns them. IFS accounts, cost centers, suppliers, currencies, rates and open periods are read once per run to validate them.',
};

const company: INodeProperties[] = [
	heading('companySection', 'Company'),
	{
		displayName: 'IFS Company',
		name: 'companyMode',
		type: 'options',
		options: [
			{ name: 'From a Concur Field', value: 'table', description: 'Look a report or employee field up in the company table' },
			{ name: 'Fixed', value: 'fixed' },
		],
		default: 'table',
	},
	{ displayName: 'Company', name: 'fixedCompany', type: 'string', default: '', placeholder: '10', displayOptions: { show: { companyMode: ['fixed'] } } },
	{
		displayName: 'Concur Company Field',
		name: 'companySourceField',
		type: 'string',
		default: 'ledgerCode',
		description: 'The report or employee field that decides the company: ledgerCode, entityId, companyId, orgUnit1…orgUnit6 or custom1…custom40',
		displayOptions: { show: { companyMode: ['table'] } },
	},
	textTable(TEXT_TABLES.companyTable, 'US = 10\nEU = 20', 'Concur value → IFS company.', { displayOptions: { show: { companyMode: ['table'] } } }),
];

const accounts: INodeProperties[] = [
	heading('accountSection', 'Accounts'),
	textTable(
		TEXT_TABLES.accountByExpenseType,
		'LODNG = 6110\nLODNG = 61100 @ 20',
		"Concur expense type → IFS account (code part A). A row with @ COMPANY wins for that company, so companies with different charts share one node. Types without a row: Options → GL Account by Concur Account, then the Concur journal's account.",
		{ typeOptions: { rows: 8 } },
	),
	textTable(
		TEXT_TABLES.balancingAccounts,
		'',
		'The credit side of expenses and the rounding row: employee payable (cash, personal card), card clearing (company-billed card), employee receivable (personal charges on a company card, debited), company paid, cash advance clearing, rounding. "card clearing = 24200 @ 20" sets one for company 20 only.',
		{ default: BALANCING_ACCOUNTS_TEMPLATE, typeOptions: { rows: 6 }, displayOptions: forKinds('expenseReport') },
	),
	textTable(
		TEXT_TABLES.taxAccounts,
		'DE = 2640, VAT19\n19 = 2640, VAT19',
		'Reclaimable VAT → IFS tax account and IFS tax code. The key is a Concur tax code, tax GUID or country (expenses), or a VAT rate such as 19 (invoice lines).',
		{ displayOptions: forKinds('expenseReport', 'invoice') },
	),
];

const costCenters: INodeProperties[] = [
	heading('costCenterSection', 'Cost Centers'),
	{
		displayName: 'Cost Center Sources',
		name: 'costCenterSources',
		type: 'string',
		default: 'allocation.custom1, line.custom1, employee.orgUnit2, report.orgUnit2',
		description: 'Where the cost center is read, tried in order: LEVEL.FIELD with a level of allocation, line (entry), employee or report',
	},
];

const vouchers: INodeProperties[] = [
	heading('voucherSection', 'Vouchers', forKinds('expenseReport')),
	{ displayName: 'Voucher Type', name: 'voucherType', type: 'string', default: 'X', displayOptions: forKinds('expenseReport') },
	{
		displayName: 'Voucher Date',
		name: 'voucherDateRule',
		type: 'options',
		options: [
			{ name: 'Report Date', value: 'reportDate' },
			{ name: 'Submit Date', value: 'submitDate' },
			{ name: 'Processing (Approval) Date', value: 'processingDate' },
			{ name: 'Posting Date (Today)', value: 'postingDate' },
		],
		default: 'processingDate',
		displayOptions: forKinds('expenseReport'),
	},
];

const invoices: INodeProperties[] = [
	heading('invoiceSection', 'Invoices', forKinds('invoice')),
	textTable(TEXT_TABLES.vendorSupplierTable, 'V-100 = 1001', 'Concur vendor code → IFS supplier ID; vendor codes without a row are used as they are.', { displayOptions: forKinds('invoice') }),
];

const requisitions: INodeProperties[] = [
	heading('requisitionSection', 'Requisitions', forKinds('purchaseRequest')),
	textTable(TEXT_TABLES.companySites, '10 = US01', 'IFS company → site (contract) of its requisitions.', { displayOptions: forKinds('purchaseRequest') }),
	{
		displayName: 'Requisitioner',
		name: 'requisitionerSource',
		type: 'options',
		options: [
			{ name: 'From an Employee Field', value: 'employeeField' },
			{ name: 'Fixed', value: 'fixed' },
		],
		default: 'employeeField',
		displayOptions: forKinds('purchaseRequest'),
	},
	{ displayName: 'Requisitioner Field', name: 'requisitionerField', type: 'string', default: 'employeeId', displayOptions: { show: { documentKinds: ['purchaseRequest'], requisitionerSource: ['employeeField'] } } },
	{ displayName: 'Requisitioner ID', name: 'fixedRequisitioner', type: 'string', default: '', displayOptions: { show: { documentKinds: ['purchaseRequest'], requisitionerSource: ['fixed'] } } },
];

const codePartOptions = ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'].map((letter) => ({ name: `Code Part ${letter}`, value: `Code${letter}` }));
const rootKinds = (...kinds: DocumentKind[]): IDisplayOptions => ({ show: { '/documentKinds': kinds } });

/** Settings whose defaults suit most companies (sorted by name, as n8n lists them). */
const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Approved Request Statuses',
			name: 'approvedPaymentRequestStatuses',
			type: 'string',
			default: 'Approved, A_APPR',
			description: 'Payment requests read from v3 are posted only in these statuses (comma-separated); others are held with their status',
			displayOptions: rootKinds('invoice'),
		},
		{ displayName: 'Buyer Code', name: 'buyerCode', type: 'string', default: '', displayOptions: rootKinds('purchaseRequest') },
		{ displayName: 'Cost Center Code Part', name: 'costCenterCodePart', type: 'options', options: codePartOptions, default: 'CodeB' },
		{ displayName: 'Cost Center Required', name: 'costCenterRequired', type: 'boolean', default: true, description: 'Whether a line without a cost center holds the document' },
		textTable(TEXT_TABLES.costCenterTable, 'CC_400 = CC-400', "Concur value (code or list item id) → IFS cost center; wins over the dash rule, like the Reference Sync's Code Translations."),
		{
			displayName: 'Currency Rate Source',
			name: 'currencyRateSource',
			type: 'options',
			options: [
				{ name: "IFS's Rate for the Voucher Date", value: 'ifs' },
				{ name: "Concur's Rate From a Report Field", value: 'concurReportField' },
			],
			default: 'ifs',
			description: "Rows are in the report currency; this rate gives their amounts in the IFS company's accounting currency. An entry's own exchange rate is never used.",
			displayOptions: rootKinds('expenseReport'),
		},
		{ displayName: 'Currency Rate Type', name: 'currencyRateType', type: 'string', default: '1', description: "The IFS currency rate type whose rates are used (IFS's rate source)", displayOptions: rootKinds('expenseReport') },
		{
			displayName: 'Dash Rule',
			name: 'dashRule',
			type: 'options',
			options: dashRuleOptions,
			default: 'substitute',
			description: 'Concur list codes cannot contain "-". Use the same rule as the Reference Sync: a Concur code is read back through the company\'s IFS cost centers, and one that two of them share holds the document.',
		},
		{
			displayName: 'Dash Substitute',
			name: 'dashSubstitute',
			type: 'string',
			default: '_',
			description: 'The character that stands for "-" in Concur codes (Dash Rule: Substitute). Empty: codes with "-" cannot be mapped.',
		},
		{ displayName: 'Default Due Days', name: 'defaultDueDays', type: 'number', default: 30, description: 'Supplier invoices without a due date or payment terms are due this many days after the invoice date' },
		{
			displayName: 'Employee Supplier Field',
			name: 'employeeSupplierField',
			type: 'string',
			default: 'employeeId',
			description: "For Expense Reports Become: Supplier Invoices — the employee field holding the employee's IFS supplier ID",
			displayOptions: rootKinds('expenseReport'),
		},
		{
			displayName: 'Expense Reports Become',
			name: 'expenseReportTarget',
			type: 'options',
			options: [
				{ name: 'Journal Entries (External Vouchers)', value: 'journalEntry' },
				{ name: 'Supplier Invoices to the Employee', value: 'supplierInvoice' },
			],
			default: 'journalEntry',
			displayOptions: rootKinds('expenseReport'),
		},
		{
			displayName: 'Fall Back to Concur Account',
			name: 'fallbackToConcurAccount',
			type: 'boolean',
			default: true,
			description: 'Whether a line whose expense type and Concur account have no row is posted to the account code Concur put on its journal',
		},
		textTable(TEXT_TABLES.accountByConcurAccount, '62000 = 6110', 'Concur journal account code → IFS account; used when the expense type has no row.'),
		{ displayName: 'Invoice Text', name: 'invoiceTextTemplate', type: 'string', default: 'Concur invoice {invoiceNumber} {vendorName}', description: 'Placeholders in braces: {invoiceNumber} {vendorName} {vendorCode} {requestId} {purchaseOrderNumber} {description}' },
		textTable(TEXT_TABLES.paymentTypeKinds, 'CBCP = card\nCASH = employee', 'Concur payment type code (or name, for v3 reports) → who is owed the money: employee, card or company paid; optionally its own credit account. Empty: CASH and IBCP are employee paid, CBCP is card, COPD is company paid.', {
			displayOptions: rootKinds('expenseReport'),
		}),
		{ displayName: 'Rate Field (Concur)', name: 'currencyRateField', type: 'string', default: '', placeholder: 'custom20', description: "Report field (custom1…custom20, orgUnit1…orgUnit6) holding the rate from the report currency to the company currency, for Currency Rate Source: Concur's Rate", displayOptions: rootKinds('expenseReport') },
		{
			displayName: 'Requisition Line Accounting',
			name: 'requisitionAccounting',
			type: 'boolean',
			default: true,
			description: 'Whether requisition lines carry the mapped account and cost center (validated before sending); off: IFS fills them in',
			displayOptions: rootKinds('purchaseRequest'),
		},
		{ displayName: 'Rounding Tolerance', name: 'roundingTolerance', type: 'string', default: '0.05', description: 'Largest difference per voucher and currency the rounding account may absorb; larger ones hold the document', displayOptions: rootKinds('expenseReport') },
		{ displayName: 'Row Text', name: 'rowTextTemplate', type: 'string', default: '{expenseTypeName} {vendor}', description: 'Voucher row text; placeholders in braces such as {expenseTypeName} {vendor}', displayOptions: rootKinds('expenseReport') },
		{ displayName: 'Supplier Invoice Series', name: 'supplierInvoiceSeries', type: 'string', default: '', description: 'Series of the supplier invoices created; empty uses the IFS default' },
		{ displayName: 'Voucher Text', name: 'voucherTextTemplate', type: 'string', default: 'Concur {reportNumber} {employeeName}', description: 'Placeholders in braces, e.g. {reportNumber} {employeeName} {reportName}', displayOptions: rootKinds('expenseReport') },
	],
};

export const mappingProperties: INodeProperties[] = [documentKinds, ...company, ...accounts, ...costCenters, ...vouchers, ...invoices, ...requisitions, options, advancedProperties];
