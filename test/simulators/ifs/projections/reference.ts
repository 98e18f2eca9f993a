/** Read-only reference data: companies, sites, company currencies, accounting periods. */
import type { ProjectionDef } from '../model';
import { date, decimal, enm, num, SERVER, str } from './props';

const byCompany = (row: Record<string, unknown>): string => String(row.Company);

export const companyHandling: ProjectionDef = {
	name: 'CompanyHandling',
	enums: [],
	entities: [
		{
			set: 'CompanySet',
			type: 'Company',
			lu: 'Company',
			keys: ['Company'],
			readOnly: true,
			companyOf: byCompany,
			props: [str('Company', SERVER), str('Name', SERVER), str('CurrencyCode', SERVER)],
		},
	],
};

export const companySiteHandling: ProjectionDef = {
	name: 'CompanySiteHandling',
	enums: [],
	entities: [
		{
			set: 'CompanySiteSet',
			type: 'CompanySite',
			lu: 'CompanySite',
			keys: ['Contract'],
			readOnly: true,
			companyOf: byCompany,
			props: [str('Contract', SERVER), str('Company', SERVER), str('Description', SERVER)],
		},
	],
};

export const currencyCodeHandling: ProjectionDef = {
	name: 'CurrencyCodeHandling',
	enums: [],
	entities: [
		{
			set: 'CurrencyCodeSet',
			type: 'CurrencyCode',
			lu: 'CurrencyCode',
			keys: ['Company', 'CurrencyCode'],
			readOnly: true,
			companyOf: byCompany,
			props: [str('Company', SERVER), str('CurrencyCode', SERVER), str('Description', SERVER), num('Decimals', SERVER)],
		},
	],
};

export const accountingPeriodHandling: ProjectionDef = {
	name: 'AccountingPeriodHandling',
	enums: [{ name: 'AccPeriodStatus', members: ['Open', 'Closed'] }],
	entities: [
		{
			set: 'AccountingPeriodSet',
			type: 'AccountingPeriod',
			lu: 'AccountingPeriod',
			keys: ['Company', 'AccountingYear', 'AccountingPeriod'],
			readOnly: true,
			companyOf: byCompany,
			props: [
				str('Company', SERVER),
				num('AccountingYear', SERVER),
				num('AccountingPeriod', SERVER),
				str('Description', SERVER),
				date('DateFrom', SERVER),
				date('DateUntil', SERVER),
				enm('PeriodStatus', 'AccPeriodStatus', SERVER),
			],
		},
	],
};

/** [I] The projection behind IFS's "Currency Rates" page is not public: this is the simulator's (configurable in the mapping node). */
export const currencyRateHandling: ProjectionDef = {
	name: 'CurrencyRateHandling',
	enums: [],
	entities: [
		{
			set: 'CurrencyRateSet',
			type: 'CurrencyRate',
			lu: 'CurrencyRate',
			keys: ['Company', 'CurrencyType', 'CurrencyCode', 'ValidFrom'],
			readOnly: true,
			companyOf: byCompany,
			props: [
				str('Company', SERVER),
				str('CurrencyType', SERVER),
				str('CurrencyCode', SERVER),
				date('ValidFrom', SERVER),
				// rate per ConvFactor units of CurrencyCode, in the company's accounting currency
				decimal('CurrencyRate', SERVER),
				decimal('ConvFactor', SERVER),
				str('RefCurrencyCode', SERVER),
			],
		},
	],
};
