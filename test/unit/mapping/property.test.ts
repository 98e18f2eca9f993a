/**
 * Generated input: many random reports (seeded, reproducible) through FIS and v3. Every voucher
 * must balance per currency, and every account × cost center must carry exactly what Concur's
 * allocations say — computed here with plain integer cents, not with the code under test.
 */
import { mapDocuments } from '../../../nodes/ConcurToIfs/core';
import type { JournalEntryPosting } from '../../../nodes/shared/postings';
import { seededRandom } from '../../simulators/seeded-random';
import type { SeedEntry, SeedReport } from '../../simulators/seed/scenario';
import { fisExpenseEnvelope, NOW, scenarioConfig, scenarioReferenceData, v3AssembledReport } from './fixtures/scenario';

const ACCOUNTS: Record<string, string> = { AIRFR: '6100', LODNG: '6110', BUSML: '6120', CARMI: '6130', TAXIX: '6140', OFCSP: '6200', MISCL: '6190' };
const TYPES = Object.keys(ACCOUNTS);
const COST_CENTERS = ['CC100', 'CC200', 'CC300', 'CC-400'];
const HOME_CC: Record<string, string> = { E100: 'CC100', E200: 'CC200', E300: 'CC300' };

const money = (cents: bigint) => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
const toCents = (text: string) => {
	const [whole, fraction = ''] = text.split('.');
	return BigInt(`${whole}${fraction.padEnd(2, '0')}`);
};

interface Case {
	report: SeedReport;
	source: 'fis' | 'v3';
}

function randomCase(random: () => number, index: number): Case {
	const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
	const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
	const source = index % 2 === 0 ? 'fis' : 'v3';
	const entries: SeedEntry[] = Array.from({ length: int(1, 8) }, () => {
		const amount = BigInt(int(1, 500000));
		const paymentType = pick(['CASH', 'CBCP'] as const);
		const entry: SeedEntry = { expenseType: pick(TYPES), amount: money(amount), paymentType, date: '2026-11-03' };
		if (paymentType === 'CBCP' && random() < 0.15) return { ...entry, personal: true };
		if (amount >= 3n && random() < 0.25) {
			const first = BigInt(int(1, Number(amount) - 2));
			const second = BigInt(int(1, Number(amount - first) - 1));
			return { ...entry, itemizations: [first, second, amount - first - second].map((part) => ({ expenseType: pick(TYPES), amount: money(part) })) };
		}
		if (random() < 0.6) {
			let left = 10000;
			const count = int(1, 4);
			const basisPoints = Array.from({ length: count }, (_, position) => {
				const share = position === count - 1 ? left : int(1, left - (count - position - 1));
				left -= share;
				return share;
			});
			entry.allocations = basisPoints.map((bp) => ({ percentage: money(BigInt(bp)), costCenter: pick(COST_CENTERS) }));
		}
		if (source === 'fis' && random() < 0.2) return { ...entry, taxAmount: money(BigInt(int(0, Number(amount) - 1))), taxCode: 'VAT19' };
		return entry;
	});
	const employeeId = pick(['E100', 'E200', 'E300']);
	return { source, report: { reportId: `R${String(index).padStart(19, '0')}`, reportNumber: `P${index}`, name: `Generated ${index}`, employeeId, submitDate: '2026-11-10', processingDate: '2026-11-12', entries } };
}

/** account|costCenter → cents, debit positive. */
function expected(report: SeedReport): Map<string, bigint> {
	const totals = new Map<string, bigint>();
	const book = (account: string, costCenter: string, cents: bigint) => {
		const key = `${account}|${costCenter}`;
		totals.set(key, (totals.get(key) ?? 0n) + cents);
	};
	const home = HOME_CC[report.employeeId];
	const split = (account: string, net: bigint, allocations: Array<{ percentage: string; costCenter: string }>) => {
		const basisPoints = allocations.map((allocation) => toCents(allocation.percentage));
		const shares = basisPoints.map((bp) => (net * bp) / 10000n);
		const largest = basisPoints.indexOf(basisPoints.reduce((a, b) => (b > a ? b : a)));
		shares[largest] += net - shares.reduce((a, b) => a + b, 0n);
		allocations.forEach((allocation, index) => book(account, allocation.costCenter, shares[index]));
	};
	for (const entry of report.entries) {
		const gross = toCents(entry.amount);
		if (entry.personal) {
			book('1580', '', gross);
			book('2420', '', -gross);
			continue;
		}
		const tax = entry.taxAmount ? toCents(entry.taxAmount) : 0n;
		if (tax) book('2640', '', tax);
		if (entry.itemizations) for (const item of entry.itemizations) split(ACCOUNTS[item.expenseType], toCents(item.amount), [{ percentage: '100', costCenter: home }]);
		else split(ACCOUNTS[entry.expenseType], gross - tax, entry.allocations ?? [{ percentage: '100', costCenter: home }]);
		book(entry.paymentType === 'CASH' ? '2410' : '2420', '', -gross);
	}
	return new Map([...totals].filter(([, cents]) => cents !== 0n));
}

function actual(posting: JournalEntryPosting): Map<string, bigint> {
	const totals = new Map<string, bigint>();
	for (const row of posting.rows) {
		const key = `${row.account}|${row.codeParts.CodeB ?? ''}`;
		const cents = row.debit ? toCents(row.debit) : -toCents(row.credit as string);
		totals.set(key, (totals.get(key) ?? 0n) + cents);
	}
	return new Map([...totals].filter(([, cents]) => cents !== 0n));
}

describe('generated reports (500, seeded)', () => {
	const random = seededRandom(20261116);
	const cases = Array.from({ length: 500 }, (_, index) => randomCase(random, index));
	const inputs = cases.map(({ report, source }) => (source === 'fis' ? fisExpenseEnvelope(report) : v3AssembledReport(report)));
	const results = mapDocuments(inputs, scenarioConfig(), scenarioReferenceData(), { now: NOW });

	it('generates the variety it claims', () => {
		const entries = cases.flatMap((item) => item.report.entries);
		expect(entries.filter((entry) => entry.itemizations).length).toBeGreaterThan(50);
		expect(entries.filter((entry) => entry.personal).length).toBeGreaterThan(50);
		expect(entries.filter((entry) => (entry.allocations?.length ?? 0) > 1).length).toBeGreaterThan(200);
		expect(entries.filter((entry) => entry.taxAmount).length).toBeGreaterThan(50);
	});

	it('posts every report (nothing held)', () => {
		const held = results.flatMap((result, index) => (result.held ? [`${index}: ${result.reasons[0].message}`] : []));
		expect(held).toEqual([]);
	});

	it('balances every voucher per currency to the cent', () => {
		for (const result of results) {
			const posting = result.held ? undefined : (result.posting as JournalEntryPosting);
			const byCurrency = new Map<string, bigint>();
			for (const row of posting?.rows ?? []) byCurrency.set(row.currency, (byCurrency.get(row.currency) ?? 0n) + (row.debit ? toCents(row.debit) : -toCents(row.credit as string)));
			expect([...byCurrency.values()].every((difference) => difference === 0n)).toBe(true);
			expect(posting?.rows.every((row) => (row.debit === undefined) !== (row.credit === undefined))).toBe(true);
		}
	});

	it('puts exactly the Concur allocation amounts on every account × cost center', () => {
		cases.forEach((item, index) => {
			const result = results[index];
			expect(result.held ? 'held' : actual(result.posting as JournalEntryPosting)).toEqual(expected(item.report));
		});
	});

	it('keys FIS and v3 deliveries of the same report identically', () => {
		const [fis, v3] = mapDocuments([fisExpenseEnvelope(cases[0].report), v3AssembledReport(cases[0].report)], scenarioConfig(), scenarioReferenceData(), { now: NOW });
		expect(fis.held || v3.held).toBe(false);
		expect(!fis.held && !v3.held && fis.posting.reference === v3.posting.reference).toBe(true);
	});
});
