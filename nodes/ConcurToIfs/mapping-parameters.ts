/** Reads the node's mapping parameters into the pure core's MappingConfig. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { defaultMappingConfig, type MappingConfig } from './core/mapping-config';
import { tableRows } from './description/tables';

function text(ctx: IExecuteFunctions, name: string, fallback: string): string {
	return String(ctx.getNodeParameter(name, 0, fallback) ?? fallback).trim();
}

/** Drops rows whose every cell is blank (an added but unfilled row in the UI). */
function filledRows<T extends object>(ctx: IExecuteFunctions, name: string): T[] {
	return tableRows<T>(ctx, name)
		.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'string' ? value.trim() : value])) as T)
		.filter((row) => Object.values(row).some((value) => value !== '' && value !== undefined));
}

/** An empty table in the UI means "use the built-in rows". */
function orDefault<T>(rows: T[], fallback: T[]): T[] {
	return rows.length ? rows : fallback;
}

export function readMappingConfig(ctx: IExecuteFunctions, allowedCompanies: string[]): MappingConfig {
	const defaults = defaultMappingConfig();
	const advanced = ctx.getNodeParameter('advanced', 0, {}) as IDataObject;
	const advancedText = (name: keyof MappingConfig) => String(advanced[name] ?? defaults[name]).trim();
	return {
		...defaults,
		companyMode: text(ctx, 'companyMode', defaults.companyMode) === 'fixed' ? 'fixed' : 'table',
		fixedCompany: text(ctx, 'fixedCompany', ''),
		companySourceField: text(ctx, 'companySourceField', defaults.companySourceField),
		companyTable: filledRows(ctx, 'companyTable'),
		allowedCompanies,
		companySites: filledRows(ctx, 'companySites'),
		accountByExpenseType: filledRows(ctx, 'accountByExpenseType'),
		accountByConcurAccount: filledRows(ctx, 'accountByConcurAccount'),
		fallbackToConcurAccount: ctx.getNodeParameter('fallbackToConcurAccount', 0, true) as boolean,
		paymentTypeKinds: orDefault(filledRows(ctx, 'paymentTypeKinds'), defaults.paymentTypeKinds),
		employeePayableAccount: text(ctx, 'employeePayableAccount', ''),
		cardClearingAccount: text(ctx, 'cardClearingAccount', ''),
		employeeReceivableAccount: text(ctx, 'employeeReceivableAccount', ''),
		companyPaidAccount: text(ctx, 'companyPaidAccount', ''),
		cashAdvanceClearingAccount: text(ctx, 'cashAdvanceClearingAccount', ''),
		companyAccounts: filledRows(ctx, 'companyAccounts'),
		costCenterSources: orDefault(filledRows(ctx, 'costCenterSources'), defaults.costCenterSources),
		costCenterTable: filledRows(ctx, 'costCenterTable'),
		dashRule: text(ctx, 'dashRule', defaults.dashRule) === 'drop' ? 'drop' : 'substitute',
		dashSubstitute: String(ctx.getNodeParameter('dashSubstitute', 0, defaults.dashSubstitute) ?? ''),
		costCenterCodePart: text(ctx, 'costCenterCodePart', defaults.costCenterCodePart) as MappingConfig['costCenterCodePart'],
		costCenterRequired: ctx.getNodeParameter('costCenterRequired', 0, true) as boolean,
		taxAccounts: filledRows(ctx, 'taxAccounts'),
		currencyRateSource: text(ctx, 'currencyRateSource', defaults.currencyRateSource) === 'concurReportField' ? 'concurReportField' : 'ifs',
		currencyRateType: text(ctx, 'currencyRateType', defaults.currencyRateType),
		currencyRateField: text(ctx, 'currencyRateField', ''),
		voucherType: text(ctx, 'voucherType', defaults.voucherType),
		voucherDateRule: text(ctx, 'voucherDateRule', defaults.voucherDateRule) as MappingConfig['voucherDateRule'],
		voucherTextTemplate: text(ctx, 'voucherTextTemplate', defaults.voucherTextTemplate),
		rowTextTemplate: text(ctx, 'rowTextTemplate', defaults.rowTextTemplate),
		invoiceTextTemplate: text(ctx, 'invoiceTextTemplate', defaults.invoiceTextTemplate),
		requisitionTextTemplate: advancedText('requisitionTextTemplate'),
		roundingAccount: text(ctx, 'roundingAccount', ''),
		roundingTolerance: text(ctx, 'roundingTolerance', defaults.roundingTolerance),
		expenseReportTarget: text(ctx, 'expenseReportTarget', defaults.expenseReportTarget) === 'supplierInvoice' ? 'supplierInvoice' : 'journalEntry',
		employeeSupplierField: text(ctx, 'employeeSupplierField', defaults.employeeSupplierField),
		supplierInvoiceSeries: text(ctx, 'supplierInvoiceSeries', ''),
		defaultDueDays: Number(ctx.getNodeParameter('defaultDueDays', 0, defaults.defaultDueDays)),
		vendorSupplierTable: filledRows(ctx, 'vendorSupplierTable'),
		approvedPaymentRequestStatuses: text(ctx, 'approvedPaymentRequestStatuses', defaults.approvedPaymentRequestStatuses.join(', '))
			.split(',')
			.map((status) => status.trim())
			.filter(Boolean),
		requisitionerSource: text(ctx, 'requisitionerSource', defaults.requisitionerSource) === 'fixed' ? 'fixed' : 'employeeField',
		requisitionerField: text(ctx, 'requisitionerField', defaults.requisitionerField),
		fixedRequisitioner: text(ctx, 'fixedRequisitioner', ''),
		buyerCode: text(ctx, 'buyerCode', ''),
		requisitionAccounting: ctx.getNodeParameter('requisitionAccounting', 0, true) as boolean,
		expenseReportPrefix: advancedText('expenseReportPrefix'),
		invoicePrefix: advancedText('invoicePrefix'),
		purchaseRequestPrefix: advancedText('purchaseRequestPrefix'),
		maxReferenceLength: Number(advanced.maxReferenceLength ?? defaults.maxReferenceLength),
	};
}
