/**
 * Concur's journal amounts are the truth: each allocation is booked with the amount Concur's
 * journal states (net of reclaimable VAT), the reclaimable VAT goes to the tax account found by
 * tax code, tax GUID or country, and only the sub-cent remainder Concur itself leaves goes to the
 * largest share. A journal that contradicts itself or its entry holds the document.
 */
import type { CanonicalExpenseLine, CanonicalExpenseReport, CanonicalJournalAmounts } from '../../../shared/canonical';
import { abs, add, compare, type Decimal, formatFixed, isZero, multiplyByPercent, parseDecimal, roundHalfUp, roundShares, subtract, sum } from '../../../shared/money';
import { lineReason, type RowRole, type RowTrace } from '../reasons';
import { allocationDraft, allocationTrace, decimalsOf, type Draft, type MapContext, taxAccountFor } from './resolve';

export interface TaxDraft extends Draft {
	taxCode?: string;
}

export function lineTrace(line: CanonicalExpenseLine, role: RowRole): RowTrace {
	return { role, lineNumbers: [line.lineNumber], entryId: line.entryId, itemizationId: line.itemizationId };
}

/** Reclaimable VAT on the tax account found by the first key that has one. */
export function taxDraft(line: CanonicalExpenseLine, keys: ReadonlyArray<string | undefined>, amount: Decimal, context: MapContext): TaxDraft {
	const row = taxAccountFor(context.config, context.company, keys);
	const trace = lineTrace(line, 'tax');
	const known = keys.filter((key): key is string => Boolean(key));
	if (!row) {
		const what = known.length ? `tax code "${known.join('" / "')}"` : 'VAT without tax code, tax GUID or country';
		context.reasons.push(lineReason(trace, 'taxCode', known[0] ?? '', `${what} has no IFS tax account — add it to the tax account table`));
	}
	return { account: row?.account ?? '', codeParts: {}, amount, trace, taxCode: row?.ifsTaxCode || undefined };
}

function reclaimable(journal: CanonicalJournalAmounts): Decimal {
	if (journal.netOfReclaim !== undefined) return subtract(parseDecimal(journal.gross), parseDecimal(journal.netOfReclaim));
	return sum(journal.taxes.map((tax) => parseDecimal(tax.amount)));
}

function taxKeys(journal: CanonicalJournalAmounts, line: CanonicalExpenseLine): string[] {
	return [journal.taxes[0]?.code, journal.taxGuids[0], line.countryCode].filter((key): key is string => Boolean(key));
}

/** Expense drafts (one per allocation) and reclaimable VAT drafts (one per tax key) of a line whose allocations all carry journal amounts. */
export function journalDrafts(report: CanonicalExpenseReport, line: CanonicalExpenseLine, context: MapContext): { expense: Draft[]; tax: TaxDraft[] } {
	const decimals = decimalsOf(context, report.currency);
	const parts = line.allocations.map((allocation) => {
		const journal = allocation.journal as CanonicalJournalAmounts;
		return { gross: parseDecimal(journal.gross), reclaim: reclaimable(journal), keys: taxKeys(journal, line) };
	});
	const taxByKey = new Map<string, { keys: string[]; amount: Decimal }>();
	for (const part of parts.filter((candidate) => !isZero(candidate.reclaim))) {
		const key = part.keys.join('|');
		taxByKey.set(key, { keys: part.keys, amount: add(taxByKey.get(key)?.amount ?? parseDecimal('0'), part.reclaim) });
	}
	const taxes = [...taxByKey.values()];
	// Concur's amounts may carry more decimals than the currency: the sub-cent remainder goes to the largest share
	const rounded = roundShares([...parts.map((part) => subtract(part.gross, part.reclaim)), ...taxes.map((tax) => tax.amount)], decimals);
	const expense = rounded.slice(0, parts.length);
	const fields = { report: report.reportFields, employee: report.employee.fields };
	const splittable = { ...line, lineId: line.entryId };
	return {
		expense: expense.map((amount, index) => allocationDraft(splittable, index, amount, fields, context)),
		tax: taxes.map((tax, index) => taxDraft(line, tax.keys, rounded[parts.length + index], context)),
	};
}

/** ceil of how many report-currency units one transaction-currency unit is worth (at least 1). */
function unitsPerTransactionUnit(line: CanonicalExpenseLine): bigint {
	const rate = line.exchangeRate === undefined ? undefined : parseDecimal(line.exchangeRate);
	if (!rate || rate.units <= 0n) return 1n;
	const scale = 10n ** BigInt(rate.scale);
	const ceiling = line.exchangeRateOperation === 'DIVIDE' ? (scale + rate.units - 1n) / rate.units : (rate.units + scale - 1n) / scale;
	return ceiling > 1n ? ceiling : 1n;
}

function exceeds(difference: Decimal, units: bigint, decimals: number): boolean {
	return compare(abs(difference), { units, scale: decimals }) > 0;
}

/**
 * Holds (with the numbers) a line whose journal contradicts itself (net + tax ≠ gross), the entry's
 * approved amount, or its allocation percentages by more than the cents Concur's own conversion and
 * rounding can leave.
 */
export function checkJournalAmounts(line: CanonicalExpenseLine, decimals: number, context: MapContext): void {
	const show = (value: Decimal) => `${formatFixed(value, decimals)} ${line.currency}`;
	const count = BigInt(line.allocations.length);
	const grosses = line.allocations.map((allocation) => parseDecimal((allocation.journal as CanonicalJournalAmounts).gross));
	line.allocations.forEach((allocation, index) => {
		const journal = allocation.journal as CanonicalJournalAmounts;
		if (journal.netOfTax === undefined || journal.tax === undefined) return;
		const [net, tax] = [parseDecimal(journal.netOfTax), parseDecimal(journal.tax)];
		if (exceeds(subtract(add(net, tax), grosses[index]), 1n, decimals)) {
			const problem = `Concur's journal states gross ${show(grosses[index])} but net ${show(net)} + tax ${show(tax)} — correct the report in Concur`;
			context.reasons.push(lineReason(allocationTrace({ ...line, lineId: line.entryId }, allocation, index), 'amountGross', formatFixed(grosses[index], decimals), problem));
		}
	});
	const total = sum(grosses);
	const approved = line.approvedAmount === undefined ? undefined : parseDecimal(line.approvedAmount);
	if (approved && exceeds(subtract(total, approved), count, decimals)) {
		const problem = `Concur's journal amounts add up to ${show(total)} but the entry's approved amount is ${show(approved)} — correct the report in Concur`;
		context.reasons.push(lineReason(lineTrace(line, 'expense'), 'amountGross', formatFixed(total, decimals), problem));
	}
	const base = approved ?? total;
	const tolerance = count + unitsPerTransactionUnit(line);
	line.allocations.forEach((allocation, index) => {
		const expected = multiplyByPercent(base, parseDecimal(allocation.percentage));
		if (!exceeds(subtract(grosses[index], expected), tolerance, decimals)) return;
		const problem = `Concur's journal puts ${show(grosses[index])} on this allocation, but ${allocation.percentage} % of ${show(base)} is ${show(roundHalfUp(expected, decimals))} — correct the allocation in Concur`;
		context.reasons.push(lineReason(allocationTrace({ ...line, lineId: line.entryId }, allocation, index), 'allocationPercentage', allocation.percentage, problem));
	});
}
