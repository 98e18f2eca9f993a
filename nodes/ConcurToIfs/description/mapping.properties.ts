import type { INodeProperties } from 'n8n-workflow';

import { dashRuleOptions } from '../../shared/descriptions';
import { mappingTable } from './tables';

const levelOptions = [
	{ name: 'Allocation Field', value: 'allocation' },
	{ name: 'Line (Entry) Field', value: 'line' },
	{ name: 'Employee Field', value: 'employee' },
	{ name: 'Report Field', value: 'report' },
];

const paymentKindOptions = [
	{ name: 'Employee Paid (Employee Payable)', value: 'employee' },
	{ name: 'Company Card (Card Clearing)', value: 'card' },
	{ name: 'Company Paid', value: 'companyPaid' },
];

/** The optional company column of the per-company tables. */
const companyColumn = { name: 'company', displayName: 'IFS Company (Empty: All)', placeholder: '10' };

const codePartOptions = ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'].map((letter) => ({ name: `Code Part ${letter}`, value: `Code${letter}` }));

const companyProperties: INodeProperties[] = [
	{
		displayName: 'IFS Company',
		name: 'companyMode',
		type: 'options',
		options: [
			{ name: 'From a Concur Field (Table)', value: 'table' },
			{ name: 'Fixed', value: 'fixed' },
		],
		default: 'table',
	},
	{
		displayName: 'Company',
		name: 'fixedCompany',
		type: 'string',
		default: '',
		placeholder: '10',
		displayOptions: { show: { companyMode: ['fixed'] } },
	},
	{
		displayName: 'Concur Field Holding the Company',
		name: 'companySourceField',
		type: 'string',
		default: 'ledgerCode',
		description: 'A report or employee field: ledgerCode, entityId, companyId, orgUnit1…orgUnit6 or custom1…custom40 of the report or employee',
		displayOptions: { show: { companyMode: ['table'] } },
	},
	mappingTable(
		'companyTable',
		'Company Table',
		'Concur value → IFS company',
		[
			{ name: 'concurValue', displayName: 'Concur Value', placeholder: 'US' },
			{ name: 'ifsCompany', displayName: 'IFS Company', placeholder: '10' },
		],
		{ show: { companyMode: ['table'] } },
	),
];

const accountProperties: INodeProperties[] = [
	mappingTable(
		'accountByExpenseType',
		'GL Account by Expense Type',
		'Concur expense type code → IFS account (code part A). A row with a company applies to that company only and wins over a row without one, so companies with different charts share one mapping.',
		[
			{ name: 'expenseTypeCode', displayName: 'Expense Type Code', placeholder: 'LODNG' },
			{ name: 'account', displayName: 'IFS Account', placeholder: '6110' },
			companyColumn,
		],
	),
	mappingTable('accountByConcurAccount', 'GL Account by Concur Account Code', 'Concur journal account code → IFS account; used when the expense type has no row', [
		{ name: 'concurAccountCode', displayName: 'Concur Account Code' },
		{ name: 'account', displayName: 'IFS Account' },
		companyColumn,
	]),
	{
		displayName: 'Fall Back to the Concur Journal Account',
		name: 'fallbackToConcurAccount',
		type: 'boolean',
		default: true,
		description: 'Whether a line with no table row is posted to the account code Concur put on its journal',
	},
	{ displayName: 'Employee Payable Account', name: 'employeePayableAccount', type: 'string', default: '', placeholder: '2410', description: 'Credit for expenses the employee paid (cash, personal card)' },
	{ displayName: 'Card Clearing Account', name: 'cardClearingAccount', type: 'string', default: '', placeholder: '2420', description: 'Credit for company-billed card expenses' },
	{ displayName: 'Employee Receivable Account', name: 'employeeReceivableAccount', type: 'string', default: '', placeholder: '1580', description: 'Debit for personal charges on a company-billed card' },
	{ displayName: 'Company Paid Account', name: 'companyPaidAccount', type: 'string', default: '', description: 'Credit for lines the company paid directly' },
	{
		displayName: 'Cash Advance Clearing Account',
		name: 'cashAdvanceClearingAccount',
		type: 'string',
		default: '',
		placeholder: '1590',
		description: "Credit for cash advances applied to a report (they reduce the employee payable). Empty: Concur's clearing account code, when falling back to Concur accounts.",
	},
	mappingTable(
		'companyAccounts',
		'Accounts per Company',
		'For groups whose companies use different charts: these accounts replace the ones above for one IFS company (empty cells keep them)',
		[
			{ name: 'company', displayName: 'IFS Company', placeholder: '20' },
			{ name: 'employeePayableAccount', displayName: 'Employee Payable Account' },
			{ name: 'cardClearingAccount', displayName: 'Card Clearing Account' },
			{ name: 'employeeReceivableAccount', displayName: 'Employee Receivable Account' },
			{ name: 'companyPaidAccount', displayName: 'Company Paid Account' },
			{ name: 'cashAdvanceClearingAccount', displayName: 'Cash Advance Clearing Account' },
			{ name: 'roundingAccount', displayName: 'Rounding Account' },
		],
	),
	mappingTable(
		'paymentTypeKinds',
		'Payment Types',
		'Concur payment type code (or name for v3 reports) → who is owed the money, and optionally its own credit account. Empty: CASH and IBCP are employee paid, CBCP is company card, COPD is company paid.',
		[
			{ name: 'paymentTypeCode', displayName: 'Payment Type Code or Name' },
			{ name: 'kind', displayName: 'Kind', options: paymentKindOptions },
			{ name: 'account', displayName: 'Credit Account (Empty: by Kind)' },
			companyColumn,
		],
	),
	mappingTable(
		'taxAccounts',
		'Tax Accounts',
		'Reclaimable VAT → IFS tax account and IFS tax code. Key: a Concur tax code, a Concur tax GUID or a country code (expenses), or a VAT rate such as 19 (invoice lines).',
		[
			{ name: 'taxCode', displayName: 'Concur Tax Code, GUID, Country or Rate', placeholder: 'DE' },
			{ name: 'account', displayName: 'IFS Account', placeholder: '2640' },
			{ name: 'ifsTaxCode', displayName: 'IFS Tax Code' },
			companyColumn,
		],
	),
	{ displayName: 'Rounding Account', name: 'roundingAccount', type: 'string', default: '', placeholder: '8990', description: 'Takes sub-cent differences so every voucher balances in the transaction and the accounting currency' },
	{ displayName: 'Rounding Tolerance', name: 'roundingTolerance', type: 'string', default: '0.05', description: 'Largest difference per voucher and currency the rounding account may absorb; larger ones hold the document' },
];

const currencyProperties: INodeProperties[] = [
	{
		displayName: 'Rate to the Company Currency',
		name: 'currencyRateSource',
		type: 'options',
		options: [
			{ name: "IFS's Rate for the Voucher Date", value: 'ifs' },
			{ name: "Concur's Rate From a Report Field", value: 'concurReportField' },
		],
		default: 'ifs',
		description: "Rows are in the report currency; this rate gives their amounts in the IFS company's accounting currency. An entry's own exchange rate is never used.",
	},
	{ displayName: 'IFS Currency Rate Type', name: 'currencyRateType', type: 'string', default: '1', displayOptions: { show: { currencyRateSource: ['ifs'] } } },
	{
		displayName: 'Report Field Holding the Rate',
		name: 'currencyRateField',
		type: 'string',
		default: '',
		placeholder: 'custom20',
		description: 'Report field (custom1…custom20, orgUnit1…orgUnit6) with the rate from the report currency to the company currency, per unit',
		displayOptions: { show: { currencyRateSource: ['concurReportField'] } },
	},
];

const costCenterProperties: INodeProperties[] = [
	mappingTable(
		'costCenterSources',
		'Cost Center Sources',
		'Where the cost center is read, tried in order (field names like custom1, orgUnit2). Empty: allocation custom1, line custom1, employee orgUnit2, report orgUnit2.',
		[
			{ name: 'level', displayName: 'Level', options: levelOptions },
			{ name: 'field', displayName: 'Field', placeholder: 'custom1' },
		],
	),
	mappingTable('costCenterTable', 'Cost Center Table', 'Concur value (code or list item id) ↔ IFS cost center; wins over the dash rule (the Reference Sync\'s Code Translations)', [
		{ name: 'concurValue', displayName: 'Concur Value' },
		{ name: 'ifsCode', displayName: 'IFS Cost Center' },
	]),
	{
		displayName: 'Dash Rule',
		name: 'dashRule',
		type: 'options',
		options: dashRuleOptions,
		default: 'substitute',
		description:
			'Concur list codes cannot contain "-". Use the same rule as the Reference Sync: a Concur code is read back through the company\'s IFS cost centers, and one that two of them share holds the document.',
	},
	{
		displayName: 'Dash Substitute',
		name: 'dashSubstitute',
		type: 'string',
		default: '_',
		description: 'The character that stands for "-" in Concur codes (Dash Rule: Substitute). Empty: codes with "-" cannot be mapped.',
		displayOptions: { show: { dashRule: ['substitute'] } },
	},
	{ displayName: 'Cost Center Code Part', name: 'costCenterCodePart', type: 'options', options: codePartOptions, default: 'CodeB' },
	{ displayName: 'Cost Center Required', name: 'costCenterRequired', type: 'boolean', default: true, description: 'Whether an expense line without a cost center holds the document' },
];

const voucherProperties: INodeProperties[] = [
	{
		displayName: 'Expense Reports Become',
		name: 'expenseReportTarget',
		type: 'options',
		options: [
			{ name: 'Journal Entries (External Vouchers)', value: 'journalEntry' },
			{ name: 'Supplier Invoices to the Employee', value: 'supplierInvoice' },
		],
		default: 'journalEntry',
	},
	{
		displayName: 'Employee Field Holding the Supplier ID',
		name: 'employeeSupplierField',
		type: 'string',
		default: 'employeeId',
		displayOptions: { show: { expenseReportTarget: ['supplierInvoice'] } },
	},
	{ displayName: 'Voucher Type', name: 'voucherType', type: 'string', default: 'X' },
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
	},
	{ displayName: 'Voucher Text', name: 'voucherTextTemplate', type: 'string', default: 'Concur {reportNumber} {employeeName}', description: 'Placeholders in braces, e.g. {reportNumber} {employeeName} {reportName}' },
	{ displayName: 'Row Text', name: 'rowTextTemplate', type: 'string', default: '{expenseTypeName} {vendor}' },
	{ displayName: 'Invoice Text', name: 'invoiceTextTemplate', type: 'string', default: 'Concur invoice {invoiceNumber} {vendorName}' },
];

const procurementProperties: INodeProperties[] = [
	mappingTable('vendorSupplierTable', 'Vendor to Supplier', 'Concur vendor code → IFS supplier id; unmapped vendor codes are used as they are', [
		{ name: 'vendorCode', displayName: 'Concur Vendor Code' },
		{ name: 'supplierId', displayName: 'IFS Supplier ID' },
	]),
	{ displayName: 'Supplier Invoice Series', name: 'supplierInvoiceSeries', type: 'string', default: '', description: 'Empty uses the IFS default' },
	{
		displayName: 'Approved Payment Request Statuses',
		name: 'approvedPaymentRequestStatuses',
		type: 'string',
		default: 'Approved, A_APPR',
		description: 'Payment requests read from v3 are posted only in these statuses (comma-separated); others are held with their status',
	},
	{ displayName: 'Default Due Days', name: 'defaultDueDays', type: 'number', default: 30 },
	mappingTable('companySites', 'Company Sites', 'IFS company → site (contract) used for requisitions', [
		{ name: 'company', displayName: 'IFS Company' },
		{ name: 'site', displayName: 'Site' },
	]),
	{
		displayName: 'Requisitioner',
		name: 'requisitionerSource',
		type: 'options',
		options: [
			{ name: 'From an Employee Field', value: 'employeeField' },
			{ name: 'Fixed', value: 'fixed' },
		],
		default: 'employeeField',
	},
	{ displayName: 'Requisitioner Field', name: 'requisitionerField', type: 'string', default: 'employeeId', displayOptions: { show: { requisitionerSource: ['employeeField'] } } },
	{ displayName: 'Requisitioner', name: 'fixedRequisitioner', type: 'string', default: '', displayOptions: { show: { requisitionerSource: ['fixed'] } } },
	{ displayName: 'Buyer Code', name: 'buyerCode', type: 'string', default: '' },
	{
		displayName: 'Send Account and Cost Center on Requisition Lines',
		name: 'requisitionAccounting',
		type: 'boolean',
		default: true,
		description: 'Whether requisition lines carry the mapped account and cost center (validated before sending); off: IFS fills them in',
	},
];

const advancedProperties: INodeProperties[] = [
	{
		displayName: 'Advanced',
		name: 'advanced',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ displayName: 'Account Projection', name: 'codePartProjection', type: 'string', default: 'AccountingCodePartValueHandling' },
			{ displayName: 'Accounting Period Projection', name: 'periodProjection', type: 'string', default: 'AccountingPeriodHandling' },
			{ displayName: 'Company Projection', name: 'companyProjection', type: 'string', default: 'CompanyHandling' },
			{ displayName: 'Currency Projection', name: 'currencyProjection', type: 'string', default: 'CurrencyCodeHandling' },
			{ displayName: 'Currency Rate Entity Set', name: 'currencyRateEntitySet', type: 'string', default: 'CurrencyRateSet' },
			{ displayName: 'Currency Rate Projection', name: 'currencyRateProjection', type: 'string', default: 'CurrencyRateHandling' },
			{ displayName: 'Expense Report Reference Prefix', name: 'expenseReportPrefix', type: 'string', default: 'CX' },
			{ displayName: 'Invoice Reference Prefix', name: 'invoicePrefix', type: 'string', default: 'CI' },
			{ displayName: 'Max Reference Length', name: 'maxReferenceLength', type: 'number', default: 50 },
			{ displayName: 'Purchase Request Reference Prefix', name: 'purchaseRequestPrefix', type: 'string', default: 'CP' },
			{ displayName: 'Requisition Text', name: 'requisitionTextTemplate', type: 'string', default: 'Concur purchase request {purchaseRequestNumber}' },
			{ displayName: 'Supplier Projection', name: 'supplierProjection', type: 'string', default: 'SupplierHandling' },
		],
	},
];

export const mappingProperties: INodeProperties[] = [
	{ displayName: 'Company', name: 'companyNotice', type: 'notice', default: '' },
	...companyProperties,
	{ displayName: 'Accounts', name: 'accountsNotice', type: 'notice', default: '' },
	...accountProperties,
	{ displayName: 'Currencies', name: 'currenciesNotice', type: 'notice', default: '' },
	...currencyProperties,
	{ displayName: 'Cost Centers', name: 'costCentersNotice', type: 'notice', default: '' },
	...costCenterProperties,
	{ displayName: 'Vouchers and Texts', name: 'vouchersNotice', type: 'notice', default: '' },
	...voucherProperties,
	{ displayName: 'Invoices and Requisitions', name: 'procurementNotice', type: 'notice', default: '' },
	...procurementProperties,
	...advancedProperties,
];
