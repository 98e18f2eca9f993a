/**
 * Loads the IFS reference data the mapping validates against — accounts, cost centers, suppliers,
 * currencies (with decimals), the companies' accounting currencies and currency rates, and open
 * periods of the allowed companies — once per execution, one paged query per kind (never per item).
 */
import type { IfsTransport } from '../shared/ifs/transport';
import { DECIMAL_READ_HEADERS, decimalText } from '../shared/ifs/odata/decimals';
import type { Entity } from '../shared/ifs/odata/etag';
import { compileFilter, type FilterGroup } from '../shared/ifs/odata/filter';
import type { IfsCompanyReference, IfsReferenceData } from './core/validate';
import { allSettledOrThrow } from '../shared/concurrency';

export interface ReferenceProjections {
	codePart: string;
	supplier: string;
	currency: string;
	period: string;
	company: string;
	/** Not public in IFS: configurable, with the simulator's names as defaults. */
	currencyRate: string;
	currencyRateEntitySet: string;
}

const eq = (field: string, value: string, valueType: 'string' | 'enum' = 'string', enumType?: string) => ({ field, operator: 'eq' as const, value, valueType, enumType });

function anyOf(field: string, values: string[]): FilterGroup {
	return { combinator: 'or', conditions: values.map((value) => eq(field, value)) };
}

function emptyCompany(): IfsCompanyReference {
	return { accounts: [], costCenters: [], suppliers: [], currencies: [], openPeriods: [], currencyRates: [] };
}

/** A code part value is unusable when blocked or outside its validity window. */
function isBlocked(row: Entity, today: string): boolean {
	const validFrom = String(row.ValidFrom ?? '');
	const validUntil = String(row.ValidUntil ?? '');
	return row.BlockedForPosting === true || (validFrom !== '' && validFrom > today) || (validUntil !== '' && validUntil < today);
}

/** Company-scoped rows of one entity set, decimals as exact strings. */
async function rowsOf(transport: IfsTransport, projection: string, entitySet: string, filter: string, select: string[]) {
	return await transport.getAll({ projection, entitySet }, { $filter: filter, $select: select.join(',') }, { headers: { ...DECIMAL_READ_HEADERS } });
}

export async function loadReferenceData(
	transport: IfsTransport,
	companies: string[],
	costCenterCodePart: string,
	projections: ReferenceProjections,
	today: string,
	currencyRateType: string,
): Promise<IfsReferenceData> {
	const reference: IfsReferenceData = { companies: Object.fromEntries(companies.map((company) => [company, emptyCompany()])) };
	if (companies.length === 0) return reference;
	const inCompanies = anyOf('Company', companies);
	const costCenterLetter = costCenterCodePart.replace(/^Code/, '');
	const [codeParts, suppliers, currencies, periods, companyRows, rates] = await allSettledOrThrow([
		transport.getAll(
			{ projection: projections.codePart, entitySet: 'AccountingCodePartValueSet' },
			{
				$filter: compileFilter({ combinator: 'and', conditions: [inCompanies, anyOf('CodePart', ['A', costCenterLetter])] }),
				$select: ['Company', 'CodePart', 'CodePartValue', 'BlockedForPosting', 'ValidFrom', 'ValidUntil'].join(','),
			},
		),
		transport.getAll({ projection: projections.supplier, entitySet: 'SupplierInvoiceCompanySet' }, { $filter: compileFilter(inCompanies), $select: 'SupplierId,Company' }),
		rowsOf(transport, projections.currency, 'CurrencyCodeSet', compileFilter(inCompanies), ['Company', 'CurrencyCode', 'Decimals']),
		transport.getAll(
			{ projection: projections.period, entitySet: 'AccountingPeriodSet' },
			{
				$filter: compileFilter(
					{ combinator: 'and', conditions: [inCompanies, eq('PeriodStatus', 'Open', 'enum', 'AccPeriodStatus')] },
					{ projection: projections.period },
				),
				$select: 'Company,DateFrom,DateUntil',
			},
		),
		rowsOf(transport, projections.company, 'CompanySet', compileFilter(inCompanies), ['Company', 'CurrencyCode']),
		rowsOf(
			transport,
			projections.currencyRate,
			projections.currencyRateEntitySet,
			compileFilter({ combinator: 'and', conditions: [inCompanies, eq('CurrencyType', currencyRateType)] }),
			['Company', 'CurrencyCode', 'CurrencyType', 'ValidFrom', 'CurrencyRate', 'ConvFactor'],
		),
	]);
	const companyOf = (row: Entity) => reference.companies[String(row.Company)];
	for (const row of codeParts.rows) {
		const entry = { code: String(row.CodePartValue), blocked: isBlocked(row, today) };
		if (row.CodePart === 'A') companyOf(row)?.accounts.push(entry);
		else companyOf(row)?.costCenters.push(entry);
	}
	for (const row of suppliers.rows) companyOf(row)?.suppliers.push(String(row.SupplierId));
	for (const row of currencies.rows) {
		const company = companyOf(row);
		company?.currencies.push(String(row.CurrencyCode));
		if (company && row.Decimals !== undefined && row.Decimals !== null) (company.currencyDecimals ??= {})[String(row.CurrencyCode)] = Number(row.Decimals);
	}
	for (const row of companyRows.rows) {
		const company = companyOf(row);
		if (company && row.CurrencyCode) company.accountingCurrency = String(row.CurrencyCode);
	}
	for (const row of rates.rows) {
		// decimals as strings or, from an IFS that ignores IEEE754Compatible, JSON numbers
		const rate = decimalText(row.CurrencyRate, 'CurrencyRate');
		const factor = decimalText(row.ConvFactor, 'ConvFactor') ?? '1';
		if (rate !== undefined) companyOf(row)?.currencyRates?.push({ currency: String(row.CurrencyCode), rateType: String(row.CurrencyType), validFrom: String(row.ValidFrom), rate, factor });
	}
	for (const row of periods.rows) companyOf(row)?.openPeriods.push({ from: String(row.DateFrom), to: String(row.DateUntil) });
	return reference;
}
