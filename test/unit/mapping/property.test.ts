/**
 * Generated input: many random reports (seeded, reproducible) in Concur's awkward shapes, through
 * FIS and v3, posted to companies whose accounting currency is, or is not, the report's. Every
 * voucher must balance in the transaction and in the accounting currency to the cent, every
 * accounting amount must be the row's amount at IFS's rate for the voucher date, and every
 * account × cost center must carry exactly Concur's journal amounts.
 */
import { mapDocuments, type MappingConfig } from '../../../nodes/ConcurToIfs/core';
import type { JournalEntryPosting } from '../../../nodes/shared/postings';
import * as scenario from '../../simulators/seed/scenario';
import { accountingCents, companyRate, expectedFromJournal, expectedFromPercentages, generateReport } from './fixtures/generated';
import { cents, fisExpenseEnvelope, NOW, scenarioConfig, scenarioReferenceData, v3AssembledReport } from './fixtures/scenario';

const COUNT = 600;

interface Case {
	report: scenario.SeedReport;
	source: 'fis' | 'v3';
	/** Post the US ledger to company 20 (EUR) and the EU ledger to company 10 (USD). */
	swapped: boolean;
}

const cases: Case[] = Array.from({ length: COUNT }, (_, index) => ({ report: generateReport(20261116, index), source: index % 3 === 2 ? 'v3' : 'fis', swapped: index % 4 === 1 }));

function configFor(swapped: boolean): MappingConfig {
	const companyTable = swapped
		? [
				{ concurValue: 'US', ifsCompany: '20' },
				{ concurValue: 'EU', ifsCompany: '10' },
			]
		: undefined;
	return scenarioConfig(companyTable ? { companyTable } : {});
}

const results = cases.map((item) => {
	const input = item.source === 'fis' ? fisExpenseEnvelope(item.report) : v3AssembledReport(item.report);
	return mapDocuments([input], configFor(item.swapped), scenarioReferenceData(), { now: NOW })[0];
});

const postingOf = (index: number) => {
	const result = results[index];
	if (result.held) throw new Error(`case ${index} held: ${result.reasons.map((reason) => reason.message).join(' | ')}`);
	return result.posting as JournalEntryPosting;
};

const signed = (debit?: string, credit?: string) => (debit !== undefined ? cents(debit) : -cents(credit ?? '0'));

/** account|costCenter → cents in the transaction (report) currency. */
function actual(posting: JournalEntryPosting): Map<string, bigint> {
	const totals = new Map<string, bigint>();
	for (const row of posting.rows) {
		const key = `${row.account}|${row.codeParts.CodeB ?? ''}`;
		totals.set(key, (totals.get(key) ?? 0n) + signed(row.debit, row.credit));
	}
	return new Map([...totals].filter(([, value]) => value !== 0n));
}

describe(`generated reports (${COUNT}, seeded, three currencies)`, () => {
	it('generates the variety it claims', () => {
		const entries = cases.flatMap((item) => item.report.entries);
		const count = (predicate: (entry: scenario.SeedEntry) => boolean) => entries.filter(predicate).length;
		expect(count((entry) => Boolean(entry.itemizations))).toBeGreaterThan(100);
		expect(count((entry) => Boolean(entry.personal))).toBeGreaterThan(100);
		expect(count((entry) => (entry.allocations?.length ?? 0) > 1)).toBeGreaterThan(300);
		expect(count((entry) => Boolean(entry.journalAmounts))).toBeGreaterThan(100);
		expect(count((entry) => Boolean(entry.taxAmount))).toBeGreaterThan(100);
		expect(count((entry) => entry.reclaimableTax !== undefined && entry.reclaimableTax !== entry.taxAmount)).toBeGreaterThan(20);
		expect(count((entry) => Boolean(entry.transaction))).toBeGreaterThan(200);
		expect(cases.filter((item) => item.report.cashAdvances?.some((advance) => advance.type === '2')).length).toBeGreaterThan(100);
		expect(cases.filter((item) => item.report.cashAdvances?.some((advance) => advance.type === '3')).length).toBeGreaterThan(20);
		// a receipt currency that is neither the report's nor the company's
		const threeCurrencies = results.filter((result, index) => {
			if (result.held) return false;
			const posting = result.posting as JournalEntryPosting;
			const reportCurrency = posting.rows[0].currency;
			return posting.accountingCurrency !== reportCurrency && cases[index].report.entries.some((entry) => entry.transaction && entry.transaction.currency !== posting.accountingCurrency);
		});
		expect(threeCurrencies.length).toBeGreaterThan(50);
	});

	it('posts every report (nothing held)', () => {
		const held = results.flatMap((result, index) => (result.held ? [`${index}: ${result.reasons[0].message}`] : []));
		expect(held).toEqual([]);
	});

	it('balances every voucher to the cent in the transaction currency and in the accounting currency', () => {
		cases.forEach((_item, index) => {
			const posting = postingOf(index);
			expect(posting.rows.every((row) => (row.debit === undefined) !== (row.credit === undefined))).toBe(true);
			expect(posting.rows.every((row) => (row.accountingDebit === undefined) !== (row.accountingCredit === undefined))).toBe(true);
			expect(posting.rows.reduce((total, row) => total + signed(row.debit, row.credit), 0n)).toBe(0n);
			expect(posting.rows.reduce((total, row) => total + signed(row.accountingDebit, row.accountingCredit), 0n)).toBe(0n);
		});
	});

	it("converts every row at IFS's rate for the voucher date — never an entry's rate — and rounds only into the rounding account", () => {
		cases.forEach((_item, index) => {
			const posting = postingOf(index);
			const currency = posting.rows[0].currency;
			const { rate, factor } = companyRate(posting.company, currency, posting.voucherDate);
			for (const row of posting.rows) {
				const rounding = row.account === '8990';
				if (!rounding) expect([index, signed(row.accountingDebit, row.accountingCredit)]).toEqual([index, accountingCents(signed(row.debit, row.credit), rate, factor)]);
				expect(row.currencyRate?.replace(/\.?0+$/, '')).toBe(currency === posting.accountingCurrency ? undefined : rate.replace(/\.?0+$/, ''));
			}
			const rounding = posting.rows.filter((row) => row.account === '8990');
			expect(rounding.every((row) => cents(row.debit ?? row.credit ?? '0') === 0n)).toBe(true);
		});
	});

	it("puts exactly Concur's journal amounts on every account × cost center (v3: its percentages)", () => {
		cases.forEach((item, index) => {
			const expected = item.source === 'fis' ? expectedFromJournal(item.report) : expectedFromPercentages(item.report);
			expect([index, actual(postingOf(index))]).toEqual([index, expected]);
		});
	});

	it('keys FIS and v3 deliveries of the same report identically', () => {
		const report = cases[0].report;
		const [fis, v3] = mapDocuments([fisExpenseEnvelope(report), v3AssembledReport(report)], scenarioConfig(), scenarioReferenceData(), { now: NOW });
		expect(fis.held || v3.held).toBe(false);
		expect(!fis.held && !v3.held && fis.posting.reference === v3.posting.reference).toBe(true);
	});
});
