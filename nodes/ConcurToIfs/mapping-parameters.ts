/** Reads the node's mapping parameters into the pure core's MappingConfig. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { DocumentKind } from '../shared/canonical';
import { MappingConfigError } from './core';
import { DOCUMENT_KINDS, defaultMappingConfig, type ConfigIssue, type MappingConfig } from './core/mapping-config';
import { TEXT_TABLES, parseBalancingAccounts, parseCostCenterSources, parsePaymentTypes, parseTextTable, type Parsed, type TextTableSpec } from './core/text-tables';

/** A table of text rows; its issues are collected, so one run names every mistake at once. */
function rowsOf<T>(parsed: Parsed<T>, issues: ConfigIssue[]): T[] {
	issues.push(...parsed.issues);
	return parsed.rows;
}

/** An empty table means "use the built-in rows". */
function orDefault<T>(rows: T[], fallback: T[]): T[] {
	return rows.length ? rows : fallback;
}

/** Throws MappingConfigError naming every table line that cannot be read. */
export function readMappingConfig(ctx: IExecuteFunctions, allowedCompanies: string[]): MappingConfig {
	const defaults = defaultMappingConfig();
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const advanced = ctx.getNodeParameter('advanced', 0, {}) as IDataObject;
	const issues: ConfigIssue[] = [];
	const text = (name: string, fallback: string) => String(ctx.getNodeParameter(name, 0, fallback) ?? fallback).trim();
	const option = <K extends keyof MappingConfig>(name: K): MappingConfig[K] => (options[name] ?? defaults[name]) as MappingConfig[K];
	const optionText = (name: keyof MappingConfig) => String(option(name)).trim();
	const advancedText = (name: keyof MappingConfig) => String(advanced[name] ?? defaults[name]).trim();
	const table = <T>(spec: TextTableSpec, value: unknown) => rowsOf(parseTextTable(spec, value), issues) as T[];
	const parameterTable = <T>(spec: TextTableSpec) => table<T>(spec, ctx.getNodeParameter(spec.parameter, 0, ''));
	const balancing = parseBalancingAccounts(ctx.getNodeParameter('balancingAccounts', 0, ''));
	issues.push(...balancing.issues);
	const config: MappingConfig = {
		...defaults,
		documentKinds: (ctx.getNodeParameter('documentKinds', 0, [...DOCUMENT_KINDS]) as DocumentKind[]).filter((kind) => DOCUMENT_KINDS.includes(kind)),
		companyMode: text('companyMode', defaults.companyMode) === 'fixed' ? 'fixed' : 'table',
		fixedCompany: text('fixedCompany', ''),
		companySourceField: text('companySourceField', defaults.companySourceField),
		companyTable: parameterTable(TEXT_TABLES.companyTable),
		allowedCompanies,
		companySites: parameterTable(TEXT_TABLES.companySites),
		accountByExpenseType: parameterTable(TEXT_TABLES.accountByExpenseType),
		accountByConcurAccount: table(TEXT_TABLES.accountByConcurAccount, options.accountByConcurAccount),
		fallbackToConcurAccount: option('fallbackToConcurAccount'),
		paymentTypeKinds: orDefault(rowsOf(parsePaymentTypes(options.paymentTypeKinds), issues), defaults.paymentTypeKinds),
		...balancing.accounts,
		companyAccounts: balancing.companyAccounts,
		costCenterSources: orDefault(rowsOf(parseCostCenterSources(ctx.getNodeParameter('costCenterSources', 0, '')), issues), defaults.costCenterSources),
		costCenterTable: table(TEXT_TABLES.costCenterTable, options.costCenterTable),
		dashRule: optionText('dashRule') === 'drop' ? 'drop' : 'substitute',
		dashSubstitute: String(option('dashSubstitute') ?? ''),
		costCenterCodePart: optionText('costCenterCodePart') as MappingConfig['costCenterCodePart'],
		costCenterRequired: option('costCenterRequired'),
		taxAccounts: parameterTable(TEXT_TABLES.taxAccounts),
		currencyRateSource: optionText('currencyRateSource') === 'concurReportField' ? 'concurReportField' : 'ifs',
		currencyRateType: optionText('currencyRateType'),
		currencyRateField: optionText('currencyRateField'),
		voucherType: text('voucherType', defaults.voucherType),
		voucherDateRule: text('voucherDateRule', defaults.voucherDateRule) as MappingConfig['voucherDateRule'],
		voucherTextTemplate: optionText('voucherTextTemplate'),
		rowTextTemplate: optionText('rowTextTemplate'),
		invoiceTextTemplate: optionText('invoiceTextTemplate'),
		requisitionTextTemplate: advancedText('requisitionTextTemplate'),
		roundingTolerance: optionText('roundingTolerance'),
		expenseReportTarget: optionText('expenseReportTarget') === 'supplierInvoice' ? 'supplierInvoice' : 'journalEntry',
		employeeSupplierField: optionText('employeeSupplierField'),
		supplierInvoiceSeries: optionText('supplierInvoiceSeries'),
		defaultDueDays: Number(option('defaultDueDays')),
		vendorSupplierTable: parameterTable(TEXT_TABLES.vendorSupplierTable),
		approvedPaymentRequestStatuses: String(options.approvedPaymentRequestStatuses ?? defaults.approvedPaymentRequestStatuses.join(', '))
			.split(',')
			.map((status) => status.trim())
			.filter(Boolean),
		requisitionerSource: text('requisitionerSource', defaults.requisitionerSource) === 'fixed' ? 'fixed' : 'employeeField',
		requisitionerField: text('requisitionerField', defaults.requisitionerField),
		fixedRequisitioner: text('fixedRequisitioner', ''),
		buyerCode: optionText('buyerCode'),
		requisitionAccounting: option('requisitionAccounting'),
		expenseReportPrefix: advancedText('expenseReportPrefix'),
		invoicePrefix: advancedText('invoicePrefix'),
		purchaseRequestPrefix: advancedText('purchaseRequestPrefix'),
		maxReferenceLength: Number(advanced.maxReferenceLength ?? defaults.maxReferenceLength),
	};
	if (issues.length > 0) throw new MappingConfigError(issues);
	return config;
}
