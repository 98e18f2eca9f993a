/**
 * ExternalVoucherHandling: load external voucher transactions under a LoadId, then check-and-create
 * vouchers. Accounting amounts are what the row states, else currency amount × rate / factor,
 * rounded to the accounting currency's decimals (the rate is the row's, else the company's rate for
 * the date); a voucher must balance in every transaction currency and in the accounting currency.
 */
import { convert, type Dec, dec, fixed, minus, plus, sumOf, text } from '../decimal';
import { businessError } from '../errors';
import type { HookContext, ProjectionDef, Row } from '../model';
import type { StoredRow } from '../store';
import { keyString } from '../store';
import { date, decimal, enm, INSERT_ONLY, num, SERVER, str, CODE_PARTS_B_TO_J } from './props';
import {
	checkAmountDecimals,
	checkCodeString,
	checkCurrency,
	checkOpenPeriod,
	companyCurrency,
	currencyDecimals,
	currencyRateOn,
	lookup,
	nextChildNumber,
	OpenPeriod,
	requireCompanyAccess,
	requireState,
	requireValue,
} from './rules';
import { holdVoucherRow } from '../holdTable';

const LOAD_LU = 'ExtLoadInfo';
const TRANS_LU = 'ExtTransactions';

export const externalVoucherHandling: ProjectionDef = {
	name: 'ExternalVoucherHandling',
	enums: [{ name: 'ExtLoadState', members: ['Loaded', 'Checked', 'Created', 'Error'] }],
	entities: [
		{
			set: 'ExtLoadInfoSet',
			type: 'ExtLoadInfo',
			lu: LOAD_LU,
			keys: ['Company', 'LoadId'],
			companyOf: (row) => String(row.Company),
			navs: [{ name: 'ExtTransactionsArray', target: 'ExtTransactionsSet' }],
			actions: [{ name: 'CheckAndCreate', run: checkAndCreate }],
			props: [
				str('Company', { ...INSERT_ONLY, mandatory: true }),
				str('LoadId', SERVER),
				str('LoadType', { ...INSERT_ONLY, mandatory: true, maxLength: 20 }),
				date('LoadDate', { mandatory: true }),
				enm('Objstate', 'ExtLoadState', SERVER),
				str('UserId', SERVER),
				str('Description', { maxLength: 200 }),
			],
			// Ext_Load_ID_Storage_API.Get_Next_Load_Id(company): a per-company counter, returned as a string key
			prepareInsert: (ctx, row) => {
				row.LoadId = String(ctx.db.nextNumber(`LoadId:${row.Company}`, 1));
				row.LoadDate ??= ctx.db.clock.today();
				row.Objstate = 'Loaded';
				row.UserId = ctx.client.userId;
			},
			validateInsert: (ctx, row) => requireCompanyAccess(ctx, row.Company),
		},
		{
			set: 'ExtTransactionsSet',
			type: 'ExtTransactions',
			lu: TRANS_LU,
			keys: ['Company', 'LoadId', 'RecordNo'],
			companyOf: (row) => String(row.Company),
			props: [
				str('Company', { ...INSERT_ONLY, mandatory: true }),
				str('LoadId', { ...INSERT_ONLY, mandatory: true }),
				num('RecordNo', SERVER),
				str('VoucherType', { maxLength: 3 }),
				date('TransactionDate', { mandatory: true }),
				str('Account', { mandatory: true, maxLength: 20 }),
				...CODE_PARTS_B_TO_J.map((name) => str(name, { maxLength: 20 })),
				str('CurrencyCode', { mandatory: true, maxLength: 3 }),
				decimal('CurrencyRate'),
				decimal('CurrencyDebetAmount'),
				decimal('CurrencyCreditAmount'),
				decimal('DebetAmount'),
				decimal('CreditAmount'),
				str('Text', { maxLength: 200 }),
				str('ReferenceNumber', { maxLength: 50 }),
				str('ReferenceSerie', { maxLength: 50 }),
				str('OptionalCode', { maxLength: 20 }),
				str('LoadError', SERVER),
				num('VoucherNo', SERVER),
				num('AccountingYear', SERVER),
			],
			prepareInsert: (ctx, row) => {
				row.RecordNo = nextChildNumber(ctx.db, 'ExtTransactionsSet', { Company: row.Company, LoadId: row.LoadId }, 'RecordNo');
			},
			validateInsert: (ctx, row) => requireLoaded(ctx, row),
			validateUpdate: (ctx, row) => requireLoaded(ctx, row),
			validateDelete: (ctx, row) => requireLoaded(ctx, row),
		},
	],
};

function requireLoaded(ctx: HookContext, row: Row): void {
	const load = lookup(ctx.db, 'ExtLoadInfoSet', row.Company, row.LoadId);
	if (load && load.Objstate === 'Created') {
		throw businessError(TRANS_LU, 'LOADCREATED', `Transactions of load ${row.LoadId} in company ${row.Company} cannot be changed in state Created.`);
	}
}

interface CheckedRow {
	stored: StoredRow;
	row: Row;
	period: OpenPeriod;
	rate: Dec;
	/** Accounting-currency amounts (null when the side is empty). */
	debit: Dec | null;
	credit: Dec | null;
}

/** Checks every row (raises on the first failure, rolling back the request/change set), then creates one voucher per ReferenceNumber. */
function checkAndCreate(ctx: HookContext, load: StoredRow): void {
	requireState(LOAD_LU, load.data, ['Loaded', 'Checked', 'Error'], 'Check and create');
	const { Company: company, LoadId: loadId } = load.data;
	const transactions = ctx.db
		.childrenOf('ExtTransactionsSet', { Company: company, LoadId: loadId })
		.sort((a, b) => Number(a.data.RecordNo) - Number(b.data.RecordNo));
	if (transactions.length === 0) throw businessError(LOAD_LU, 'NOTRANS', `Load ${loadId} in company ${company} has no transactions.`);
	const checked = transactions.map((stored) => checkTransaction(ctx, stored));
	const groups = groupByReference(checked);
	groups.forEach((rows, reference) => checkBalanced(ctx, rows, reference, company));
	groups.forEach((rows) => createVoucher(ctx, rows));
	ctx.db.update('ExtLoadInfoSet', keyString(['Company', 'LoadId'], load.data), { ...load.data, Objstate: 'Created' });
}

function checkTransaction(ctx: HookContext, stored: StoredRow): CheckedRow {
	const row = stored.data;
	const company = row.Company;
	requireValue(TRANS_LU, row, 'VoucherType', 'VOUCHER_TYPE');
	if (!ctx.options.voucherTypes.includes(String(row.VoucherType))) {
		throw businessError('VoucherType', 'NOTEXIST', `Voucher type ${row.VoucherType} does not exist in company ${company}.`);
	}
	checkCodeString(ctx, TRANS_LU, company, row, row.TransactionDate);
	checkCurrency(ctx, TRANS_LU, company, row.CurrencyCode);
	const period = checkOpenPeriod(ctx, TRANS_LU, company, row.TransactionDate);
	if (row.CurrencyDebetAmount == null && row.CurrencyCreditAmount == null) {
		throw businessError(TRANS_LU, 'NOAMOUNT', `Record ${row.RecordNo} of load ${row.LoadId} has neither a debit nor a credit amount.`);
	}
	const decimals = currencyDecimals(ctx.db, company, row.CurrencyCode);
	const accountingDecimals = currencyDecimals(ctx.db, company, companyCurrency(ctx.db, company));
	checkAmountDecimals(TRANS_LU, 'CURRENCY_DEBET_AMOUNT', row.CurrencyDebetAmount, row.CurrencyCode, decimals);
	checkAmountDecimals(TRANS_LU, 'CURRENCY_CREDIT_AMOUNT', row.CurrencyCreditAmount, row.CurrencyCode, decimals);
	checkAmountDecimals(TRANS_LU, 'DEBET_AMOUNT', row.DebetAmount, companyCurrency(ctx.db, company), accountingDecimals);
	checkAmountDecimals(TRANS_LU, 'CREDIT_AMOUNT', row.CreditAmount, companyCurrency(ctx.db, company), accountingDecimals);
	const { rate, factor } = currencyRate(ctx, row);
	const accounting = (given: unknown, currencyAmount: unknown): Dec | null =>
		given != null ? dec(String(given)) : currencyAmount != null ? convert(dec(String(currencyAmount)), rate, factor, accountingDecimals) : null;
	return { stored, row, period, rate, debit: accounting(row.DebetAmount, row.CurrencyDebetAmount), credit: accounting(row.CreditAmount, row.CurrencyCreditAmount) };
}

/** The row's CurrencyRate (per the currency's conversion factor), else the company's rate for the transaction date. */
function currencyRate(ctx: HookContext, row: Row): { rate: Dec; factor: Dec } {
	const table = currencyRateOn(ctx.db, row.Company, row.CurrencyCode, row.TransactionDate);
	if (row.CurrencyRate != null) return { rate: dec(String(row.CurrencyRate)), factor: table?.factor ?? { n: 1n, s: 0 } };
	if (!table) throw businessError(TRANS_LU, 'NOCURRRATE', `No currency rate found for ${row.CurrencyCode} on ${row.TransactionDate} in company ${row.Company}.`);
	return table;
}

function groupByReference(rows: CheckedRow[]): Map<string, CheckedRow[]> {
	const groups = new Map<string, CheckedRow[]>();
	for (const r of rows) {
		const reference = String(r.row.ReferenceNumber ?? '');
		groups.set(reference, [...(groups.get(reference) ?? []), r]);
	}
	return groups;
}

const ZERO: Dec = { n: 0n, s: 0 };

/** A voucher must balance in every transaction currency and in the accounting currency. */
function checkBalanced(ctx: HookContext, rows: CheckedRow[], reference: string, company: unknown): void {
	const voucherType = rows[0].row.VoucherType;
	const mixed = rows.find((r) => r.row.VoucherType !== voucherType);
	if (mixed) throw businessError(TRANS_LU, 'VOUTYPEMIXED', `Voucher ${reference} mixes voucher types ${voucherType} and ${mixed.row.VoucherType}.`);
	const byCurrency = new Map<string, Dec>();
	for (const r of rows) {
		const currency = String(r.row.CurrencyCode);
		byCurrency.set(currency, plus(byCurrency.get(currency) ?? ZERO, minus(sumOf([r.row.CurrencyDebetAmount]), sumOf([r.row.CurrencyCreditAmount]))));
	}
	byCurrency.forEach((difference, currency) => {
		if (difference.n !== 0n) {
			throw businessError(TRANS_LU, 'NOTBALANCED', `Voucher with reference ${reference} is not balanced in currency ${currency} (difference ${fixed(difference, currencyDecimals(ctx.db, company, currency))}).`);
		}
	});
	const accounting = rows.reduce((total, r) => plus(total, minus(r.debit ?? ZERO, r.credit ?? ZERO)), ZERO);
	if (accounting.n !== 0n) {
		const accountingCurrency = companyCurrency(ctx.db, company);
		throw businessError(TRANS_LU, 'NOTBALANCED', `Voucher with reference ${reference} is not balanced in accounting currency ${accountingCurrency} (difference ${fixed(accounting, currencyDecimals(ctx.db, company, accountingCurrency))}).`);
	}
}

/** VoucherNo = year * 1,000,000 + a per company/year series (e.g. 2026000017), rows numbered from 1. */
function createVoucher(ctx: HookContext, rows: CheckedRow[]): void {
	const first = rows[0];
	const company = first.row.Company;
	const year = first.period.year;
	const voucherNo = year * 1_000_000 + ctx.db.nextNumber(`VoucherNo:${company}:${year}`, 1);
	rows.forEach((r, index) => {
		const voucherRow = toVoucherRow(ctx, r, { VoucherNo: voucherNo, AccountingYear: year, RowNo: index + 1, VoucherDate: first.row.TransactionDate });
		holdVoucherRow(ctx, voucherRow);
		const key = keyString(['Company', 'LoadId', 'RecordNo'], r.row);
		ctx.db.update('ExtTransactionsSet', key, { ...r.row, VoucherNo: voucherNo, AccountingYear: year, LoadError: null });
	});
}

function toVoucherRow(ctx: HookContext, r: CheckedRow, header: Row): Row {
	const row = r.row;
	const codeParts = Object.fromEntries(CODE_PARTS_B_TO_J.map((name) => [name, row[name] ?? null]));
	const decimals = currencyDecimals(ctx.db, row.Company, row.CurrencyCode);
	const accountingDecimals = currencyDecimals(ctx.db, row.Company, companyCurrency(ctx.db, row.Company));
	const amount = (value: Dec | null, places: number) => (value === null ? null : fixed(value, places));
	const currencyDebit = row.CurrencyDebetAmount == null ? null : dec(String(row.CurrencyDebetAmount));
	const currencyCredit = row.CurrencyCreditAmount == null ? null : dec(String(row.CurrencyCreditAmount));
	return {
		Company: row.Company,
		VoucherType: row.VoucherType,
		...header,
		AccountingPeriod: r.period.period,
		Account: row.Account,
		...codeParts,
		CurrencyCode: row.CurrencyCode,
		CurrencyRate: text(r.rate),
		CurrencyDebetAmount: amount(currencyDebit, decimals),
		CurrencyCreditAmount: amount(currencyCredit, decimals),
		CurrencyAmount: fixed(minus(currencyDebit ?? ZERO, currencyCredit ?? ZERO), decimals),
		DebetAmount: amount(r.debit, accountingDecimals),
		CreditAmount: amount(r.credit, accountingDecimals),
		Amount: fixed(minus(r.debit ?? ZERO, r.credit ?? ZERO), accountingDecimals),
		Text: row.Text ?? null,
		OptionalCode: row.OptionalCode ?? null,
		ReferenceNumber: row.ReferenceNumber ?? null,
		ReferenceSerie: row.ReferenceSerie ?? null,
	};
}
