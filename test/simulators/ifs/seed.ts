/** Builds the initial IFS state from the shared business scenario (deterministic). */
import { ukCompany, ukCostCenters } from '../seed/connected-list';
import { accounts, ifsCompanies, ifsCostCenters, ifsCurrencies, ifsCurrencyRates, ifsPurchaseOrders, ifsSuppliers, openPeriods, SCENARIO_DATE } from '../seed/scenario';
import type { Row } from './model';
import { keyString, SimClock, Store } from './store';

const KEYS: Record<string, string[]> = {
	CompanySet: ['Company'],
	CompanySiteSet: ['Contract'],
	CurrencyCodeSet: ['Company', 'CurrencyCode'],
	CurrencyRateSet: ['Company', 'CurrencyType', 'CurrencyCode', 'ValidFrom'],
	AccountingPeriodSet: ['Company', 'AccountingYear', 'AccountingPeriod'],
	AccountingCodePartValueSet: ['Company', 'CodePart', 'CodePartValue'],
	SupplierInfoGeneralSet: ['SupplierId'],
	SupplierInvoiceCompanySet: ['SupplierId', 'Company'],
	PurchaseOrderSet: ['OrderNo'],
};

const VALID_FROM = '2020-01-01';
const VALID_UNTIL = '2049-12-31';

function add(db: Store, set: string, row: Row): void {
	db.insert(set, keyString(KEYS[set], row), row);
}

function monthEnd(year: number, month: number): string {
	return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** Periods 2025-12 .. 2026-11; every month from openPeriods.firstOpen to lastOpen is open, the rest closed. */
function seedPeriods(db: Store, company: string): void {
	const months = ['2025-12', ...Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`)];
	for (const month of months) {
		const [year, period] = month.split('-').map(Number);
		const open = month >= openPeriods.firstOpen && month <= openPeriods.lastOpen && !(openPeriods.closed as readonly string[]).includes(month);
		add(db, 'AccountingPeriodSet', {
			Company: company,
			AccountingYear: year,
			AccountingPeriod: period,
			Description: month,
			DateFrom: `${month}-01`,
			DateUntil: monthEnd(year, period),
			PeriodStatus: open ? 'Open' : 'Closed',
		});
	}
}

function seedCodeParts(db: Store, company: string): void {
	for (const account of accounts) {
		add(db, 'AccountingCodePartValueSet', {
			Company: company,
			CodePart: 'A',
			CodePartValue: account.code,
			Description: account.description,
			ValidFrom: VALID_FROM,
			ValidUntil: VALID_UNTIL,
			BlockedForPosting: 'blocked' in account && account.blocked === true,
		});
	}
	for (const costCenter of ifsCostCenters.filter((c) => (c.companies as readonly string[]).includes(company))) {
		add(db, 'AccountingCodePartValueSet', {
			Company: company,
			CodePart: 'B',
			CodePartValue: costCenter.code,
			Description: costCenter.description,
			ValidFrom: VALID_FROM,
			ValidUntil: VALID_UNTIL,
			BlockedForPosting: 'blocked' in costCenter && costCenter.blocked === true,
		});
	}
	if (company !== ukCompany.company) return;
	for (const costCenter of ukCostCenters) {
		add(db, 'AccountingCodePartValueSet', {
			Company: company,
			CodePart: 'B',
			CodePartValue: costCenter.code,
			Description: costCenter.description,
			ValidFrom: costCenter.validFrom,
			ValidUntil: costCenter.validUntil,
			BlockedForPosting: false,
		});
	}
}

function seedSuppliers(db: Store): void {
	for (const supplier of ifsSuppliers) {
		add(db, 'SupplierInfoGeneralSet', {
			SupplierId: supplier.supplierId,
			Name: supplier.name,
			PartyType: 'Supplier',
			Country: supplier.country,
			DefaultLanguage: 'en',
			CreationDate: '2024-01-15',
		});
		for (const company of supplier.companies) {
			const currency = ifsCompanies.find((c) => c.company === company)!.currency;
			add(db, 'SupplierInvoiceCompanySet', { SupplierId: supplier.supplierId, Company: company, PayTermId: '30', Currency: currency });
		}
	}
}

export function seedStore(): Store {
	const db = new Store(new SimClock(`${SCENARIO_DATE}T08:00:00Z`));
	for (const company of [...ifsCompanies, ukCompany]) {
		add(db, 'CompanySet', { Company: company.company, Name: company.name, CurrencyCode: company.currency });
		add(db, 'CompanySiteSet', { Contract: company.site, Company: company.company, Description: `${company.name} main site` });
		for (const currency of ifsCurrencies) add(db, 'CurrencyCodeSet', { Company: company.company, CurrencyCode: currency, Description: currency, Decimals: 2 });
		for (const rate of ifsCurrencyRates.filter((candidate) => candidate.company === company.company)) {
			add(db, 'CurrencyRateSet', {
				Company: company.company,
				CurrencyType: '1',
				CurrencyCode: rate.currency,
				ValidFrom: rate.validFrom,
				CurrencyRate: rate.rate,
				ConvFactor: rate.factor,
				RefCurrencyCode: company.currency,
			});
		}
		seedPeriods(db, company.company);
		seedCodeParts(db, company.company);
	}
	seedSuppliers(db);
	for (const order of ifsPurchaseOrders) {
		add(db, 'PurchaseOrderSet', {
			OrderNo: order.orderNo,
			Company: order.company,
			Contract: order.site,
			VendorNo: order.vendorNo,
			OrderDate: '2026-10-01',
			CurrencyCode: order.currency,
			BuyerCode: 'BUYER1',
			AuthorizeCode: 'COORD1',
			Objstate: 'Released',
		});
	}
	return db;
}
