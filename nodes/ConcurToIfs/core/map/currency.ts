/**
 * The rate from a document's (transaction) currency to the IFS company's accounting currency:
 * IFS's own rate for the voucher date by default, or Concur's rate from a report field. Never an
 * entry's exchange rate: entries in a third currency reach the voucher already converted.
 */
import type { Fields } from '../../../shared/canonical';
import { type Decimal, formatDecimal, multiply, parseDecimal, tryParseDecimal } from '../../../shared/money';
import { documentReason } from '../reasons';
import type { IfsCurrencyRate } from '../validate';
import { decimalsOf, type MapContext } from './resolve';

export interface Conversion {
	accountingCurrency: string;
	/** Accounting amount = amount × rate / factor, rounded to `decimals`. */
	rate: Decimal;
	factor: Decimal;
	decimals: number;
}

const ONE = parseDecimal('1');

function latest(rows: IfsCurrencyRate[]): IfsCurrencyRate | undefined {
	return rows.reduce<IfsCurrencyRate | undefined>((best, row) => (!best || row.validFrom > best.validFrom ? row : best), undefined);
}

function ifsRate(currency: string, date: string, context: MapContext): { rate: Decimal; factor: Decimal } | undefined {
	const rows = (context.ifs?.currencyRates ?? []).filter((row) => row.currency === currency && row.rateType === context.config.currencyRateType && row.validFrom <= date);
	const row = latest(rows);
	return row && { rate: parseDecimal(row.rate), factor: parseDecimal(row.factor) };
}

/** IFS quotes some currencies per 100 or 1,000 units; Concur's rates are per unit. */
function factorOf(currency: string, context: MapContext): Decimal {
	const row = latest((context.ifs?.currencyRates ?? []).filter((candidate) => candidate.currency === currency));
	return row ? parseDecimal(row.factor) : ONE;
}

function concurRate(currency: string, fields: Fields, context: MapContext): { rate: Decimal; factor: Decimal } | undefined {
	const field = context.config.currencyRateField;
	const rate = tryParseDecimal(fields[field]);
	if (rate === undefined || rate.units <= 0n) {
		context.reasons.push(documentReason(field, fields[field] ?? '', `the report has no rate to the company currency in "${field}" — fill it in Concur or use IFS's rates`));
		return undefined;
	}
	const factor = factorOf(currency, context);
	return { rate: multiply(rate, factor), factor };
}

/** The conversion for a document in `currency` dated `date`; undefined (with a reason) when no rate exists. */
export function conversionFor(currency: string, date: string, reportFields: Fields, context: MapContext): Conversion | undefined {
	const accountingCurrency = context.ifs?.accountingCurrency;
	// an unknown currency is reported by validation; no rate can exist for it
	if (!accountingCurrency || !context.ifs?.currencies.includes(currency)) return undefined;
	const decimals = decimalsOf(context, accountingCurrency);
	if (currency === accountingCurrency) return { accountingCurrency, rate: ONE, factor: ONE, decimals };
	const found = context.config.currencyRateSource === 'concurReportField' ? concurRate(currency, reportFields, context) : ifsRate(currency, date, context);
	if (!found && context.config.currencyRateSource === 'ifs' && date) {
		context.reasons.push(
			documentReason(
				'currencyRate',
				currency,
				`IFS company ${context.company} has no currency rate (type ${context.config.currencyRateType}) for ${currency} on ${date} — enter it in IFS or take Concur's rate from a report field`,
			),
		);
	}
	return found && { accountingCurrency, ...found, decimals };
}

export function rateText(conversion: Conversion): string {
	return formatDecimal(conversion.rate);
}
