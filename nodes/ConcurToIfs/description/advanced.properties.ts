import type { INodeProperties } from 'n8n-workflow';

/** IFS projection names (configuration: IFS does not document them all publicly) and reference prefixes. */
export const advancedProperties: INodeProperties = {
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
};
