/** Business rules shared by the finance/procurement projections; failures are ORA-20110 DATABASE_ERRORs. */
import { cmp, dec, type Dec, round } from '../decimal';
import { businessError } from '../errors';
import type { HookContext, Row } from '../model';
import type { Store } from '../store';

export function lookup(db: Store, set: string, ...key: unknown[]): Row | undefined {
	return db.get(set, JSON.stringify(key))?.data;
}

export function requireValue(lu: string, row: Row, attr: string, column: string): void {
	if (row[attr] === undefined || row[attr] === null || row[attr] === '') {
		throw businessError(lu, 'NULLVALUE', `Field [${column}] is mandatory for ${lu}.`);
	}
}

/** Row-level security: the service user must be connected to the company (IFS "allowed companies"). */
export function requireCompanyAccess(ctx: HookContext, company: unknown): void {
	if (!ctx.client.allowedCompanies.includes(String(company)) || !lookup(ctx.db, 'CompanySet', company)) {
		throw businessError('UserFinance', 'NOUSERCOMP', `User ${ctx.client.userId} is not connected to company ${company}.`);
	}
}

/** A site (Contract) must exist and belong to an allowed company; returns that company. */
export function requireSiteAccess(ctx: HookContext, lu: string, site: unknown): string {
	const row = lookup(ctx.db, 'CompanySiteSet', site);
	if (!row) throw businessError(lu, 'SITENOTEXIST', `Site ${site} does not exist.`);
	if (!ctx.client.allowedCompanies.includes(String(row.Company))) {
		throw businessError('UserAllowedSite', 'NOTALLOWED', `User ${ctx.client.userId} is not allowed to use site ${site}.`);
	}
	return String(row.Company);
}

export function siteCompany(db: Store, site: unknown): string | undefined {
	return lookup(db, 'CompanySiteSet', site)?.Company as string | undefined;
}

export function companyCurrency(db: Store, company: unknown): string | undefined {
	return lookup(db, 'CompanySet', company)?.CurrencyCode as string | undefined;
}

const CODE_PART_NAMES: Record<string, string> = { A: 'Account', B: 'Cost Center' };

/** Code part value (A = account, B..J) must exist, be open for posting and valid on the date. */
export function checkCodePartValue(ctx: HookContext, lu: string, company: unknown, codePart: string, value: unknown, onDate: unknown): void {
	const name = CODE_PART_NAMES[codePart] ?? `Code ${codePart}`;
	const tag = codePart === 'A' ? 'ACCOUNT' : `CODE${codePart}`;
	const row = lookup(ctx.db, 'AccountingCodePartValueSet', company, codePart, value);
	if (!row) throw businessError(lu, `${tag}NOTEXIST`, `${name} ${value} does not exist in company ${company}.`);
	if (row.BlockedForPosting === true) throw businessError(lu, `${tag}BLOCKED`, `${name} ${value} is blocked for posting in company ${company}.`);
	const date = String(onDate);
	if ((row.ValidFrom && date < String(row.ValidFrom)) || (row.ValidUntil && date > String(row.ValidUntil))) {
		throw businessError(lu, `${tag}INVALID`, `${name} ${value} is not valid on ${date} in company ${company}.`);
	}
}

/** Account (code part A) plus every given code part B..J. */
export function checkCodeString(ctx: HookContext, lu: string, company: unknown, row: Row, onDate: unknown): void {
	requireValue(lu, row, 'Account', 'ACCOUNT');
	checkCodePartValue(ctx, lu, company, 'A', row.Account, onDate);
	for (const part of 'BCDEFGHIJ') {
		const value = row[`Code${part}`];
		if (value !== undefined && value !== null && value !== '') checkCodePartValue(ctx, lu, company, part, value, onDate);
	}
}

/** Currency codes are company-scoped in IFS. */
export function checkCurrency(ctx: HookContext, lu: string, company: unknown, currency: unknown): void {
	if (!lookup(ctx.db, 'CurrencyCodeSet', company, currency)) {
		throw businessError(lu, 'NOCURRENCY', `Currency code ${currency} does not exist in company ${company}.`);
	}
}

export interface OpenPeriod {
	year: number;
	period: number;
}

/** The accounting period containing the date must exist and be open. */
export function checkOpenPeriod(ctx: HookContext, lu: string, company: unknown, onDate: unknown): OpenPeriod {
	const date = String(onDate);
	const period = ctx.db
		.rows('AccountingPeriodSet')
		.map((r) => r.data)
		.find((p) => p.Company === company && String(p.DateFrom) <= date && date <= String(p.DateUntil));
	if (!period) throw businessError(lu, 'NOPERIOD', `No accounting period exists for date ${date} in company ${company}.`);
	const label = `${period.AccountingYear}/${String(period.AccountingPeriod).padStart(2, '0')}`;
	if (period.PeriodStatus !== 'Open') throw businessError(lu, 'PERIODCLOSED', `Accounting period ${label} is closed in company ${company}.`);
	return { year: period.AccountingYear as number, period: period.AccountingPeriod as number };
}

/** Supplier must have invoicing data in the company (SupplierInvoiceCompanies). */
export function checkSupplierInCompany(ctx: HookContext, lu: string, company: unknown, supplierId: unknown): void {
	if (!lookup(ctx.db, 'SupplierInvoiceCompanySet', supplierId, company)) {
		throw businessError(lu, 'NOSUPPLIER', `Supplier ${supplierId} does not exist in company ${company}.`);
	}
}

export function checkSupplierExists(ctx: HookContext, lu: string, supplierId: unknown): void {
	if (!lookup(ctx.db, 'SupplierInfoGeneralSet', supplierId)) throw businessError(lu, 'NOSUPPLIER', `Supplier ${supplierId} does not exist.`);
}

/** State machine event not allowed in the current state. */
export function requireState(lu: string, row: Row, allowed: string[], event: string): void {
	if (!allowed.includes(String(row.Objstate))) {
		throw businessError(lu, 'EVENTNOTALLOWED', `${event} is not allowed for ${lu} in state ${row.Objstate}.`);
	}
}

/** Children numbered 1..n under their parent keys (RecordNo, RowNo, LineNo). */
export function nextChildNumber(db: Store, set: string, parent: Row, numberAttr: string): number {
	return db.childrenOf(set, parent).reduce((max, r) => Math.max(max, Number(r.data[numberAttr])), 0) + 1;
}

/** Decimals of a currency in the company (CurrencyCodeSet.Decimals). */
export function currencyDecimals(db: Store, company: unknown, currency: unknown): number {
	return Number(lookup(db, 'CurrencyCodeSet', company, currency)?.Decimals ?? 2);
}

/** An amount with more decimals than its currency allows is refused, as IFS rounds nothing it is given. */
export function checkAmountDecimals(lu: string, field: string, value: unknown, currency: unknown, decimals: number): void {
	if (value === null || value === undefined) return;
	const amount = dec(String(value));
	if (cmp(round(amount, decimals), amount) !== 0) {
		throw businessError(lu, 'AMOUNTDECIMALS', `${field} ${String(value)} has more decimals than currency ${currency} allows (${decimals}).`);
	}
}

export interface RateAndFactor {
	rate: Dec;
	factor: Dec;
}

const ONE: Dec = { n: 1n, s: 0 };

/** The company's rate (type 1) for the currency on the date: the latest ValidFrom on or before it; 1 for the accounting currency. */
export function currencyRateOn(db: Store, company: unknown, currency: unknown, date: unknown, rateType = '1'): RateAndFactor | undefined {
	if (currency === companyCurrency(db, company)) return { rate: ONE, factor: ONE };
	const rows = db
		.rows('CurrencyRateSet')
		.map((r) => r.data)
		.filter((r) => r.Company === company && r.CurrencyCode === currency && r.CurrencyType === rateType && String(r.ValidFrom) <= String(date))
		.sort((a, b) => (String(a.ValidFrom) < String(b.ValidFrom) ? 1 : -1));
	return rows[0] && { rate: dec(String(rows[0].CurrencyRate)), factor: conversionFactor(db, company, currency) };
}

/** IFS quotes some currencies per 10, 100 or 1,000 units (the currency's conversion factor). */
export function conversionFactor(db: Store, company: unknown, currency: unknown): Dec {
	if (currency === companyCurrency(db, company)) return ONE;
	const row = db.rows('CurrencyRateSet').find((r) => r.data.Company === company && r.data.CurrencyCode === currency);
	return row ? dec(String(row.data.ConvFactor ?? '1')) : ONE;
}
