/**
 * Loads the IFS reference data the mapping validates against — accounts, cost centers, suppliers,
 * currencies and open periods of the allowed companies — once per execution, one paged query
 * per kind (never per item).
 */
import type { IfsTransport } from '../shared/ifs/transport';
import type { Entity } from '../shared/ifs/odata/etag';
import { compileFilter, type FilterGroup } from '../shared/ifs/odata/filter';
import type { IfsCompanyReference, IfsReferenceData } from './core/validate';
import { allSettledOrThrow } from '../shared/concurrency';

export interface ReferenceProjections {
	codePart: string;
	supplier: string;
	currency: string;
	period: string;
}

const eq = (field: string, value: string, valueType: 'string' | 'enum' = 'string', enumType?: string) => ({ field, operator: 'eq' as const, value, valueType, enumType });

function anyOf(field: string, values: string[]): FilterGroup {
	return { combinator: 'or', conditions: values.map((value) => eq(field, value)) };
}

function emptyCompany(): IfsCompanyReference {
	return { accounts: [], costCenters: [], suppliers: [], currencies: [], openPeriods: [] };
}

/** A code part value is unusable when blocked or outside its validity window. */
function isBlocked(row: Entity, today: string): boolean {
	const validFrom = String(row.ValidFrom ?? '');
	const validUntil = String(row.ValidUntil ?? '');
	return row.BlockedForPosting === true || (validFrom !== '' && validFrom > today) || (validUntil !== '' && validUntil < today);
}

export async function loadReferenceData(
	transport: IfsTransport,
	companies: string[],
	costCenterCodePart: string,
	projections: ReferenceProjections,
	today: string,
): Promise<IfsReferenceData> {
	const reference: IfsReferenceData = { companies: Object.fromEntries(companies.map((company) => [company, emptyCompany()])) };
	if (companies.length === 0) return reference;
	const inCompanies = anyOf('Company', companies);
	const costCenterLetter = costCenterCodePart.replace(/^Code/, '');
	const [codeParts, suppliers, currencies, periods] = await allSettledOrThrow([
		transport.getAll(
			{ projection: projections.codePart, entitySet: 'AccountingCodePartValueSet' },
			{
				$filter: compileFilter({ combinator: 'and', conditions: [inCompanies, anyOf('CodePart', ['A', costCenterLetter])] }),
				$select: ['Company', 'CodePart', 'CodePartValue', 'BlockedForPosting', 'ValidFrom', 'ValidUntil'].join(','),
			},
		),
		transport.getAll({ projection: projections.supplier, entitySet: 'SupplierInvoiceCompanySet' }, { $filter: compileFilter(inCompanies), $select: 'SupplierId,Company' }),
		transport.getAll({ projection: projections.currency, entitySet: 'CurrencyCodeSet' }, { $filter: compileFilter(inCompanies), $select: 'Company,CurrencyCode' }),
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
	]);
	const companyOf = (row: Entity) => reference.companies[String(row.Company)];
	for (const row of codeParts.rows) {
		const entry = { code: String(row.CodePartValue), blocked: isBlocked(row, today) };
		if (row.CodePart === 'A') companyOf(row)?.accounts.push(entry);
		else companyOf(row)?.costCenters.push(entry);
	}
	for (const row of suppliers.rows) companyOf(row)?.suppliers.push(String(row.SupplierId));
	for (const row of currencies.rows) companyOf(row)?.currencies.push(String(row.CurrencyCode));
	for (const row of periods.rows) companyOf(row)?.openPeriods.push({ from: String(row.DateFrom), to: String(row.DateUntil) });
	return reference;
}
