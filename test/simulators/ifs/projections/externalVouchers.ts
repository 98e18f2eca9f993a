/** ExternalVoucherHandling: load external voucher transactions under a LoadId, then check-and-create vouchers. */
import { businessError } from '../errors';
import type { HookContext, ProjectionDef, Row } from '../model';
import type { StoredRow } from '../store';
import { keyString } from '../store';
import { date, enm, INSERT_ONLY, num, SERVER, str, CODE_PARTS_B_TO_J } from './props';
import {
	cents,
	checkCodeString,
	checkCurrency,
	checkOpenPeriod,
	companyCurrency,
	formatCents,
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
				num('CurrencyRate'),
				num('CurrencyDebetAmount'),
				num('CurrencyCreditAmount'),
				num('DebetAmount'),
				num('CreditAmount'),
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
	debit: number;
	credit: number;
}

/** Checks every row (raises on the first failure, rolling back the request/change set), then creates one voucher per ReferenceNumber. */
function checkAndCreate(ctx: HookContext, load: StoredRow): void {
	requireState(LOAD_LU, load.data, ['Loaded', 'Checked', 'Error'], 'Check and create');
	const { Company: company, LoadId: loadId } = load.data;
	const transactions = ctx.db
		.rows('ExtTransactionsSet')
		.filter((r) => r.data.Company === company && r.data.LoadId === loadId)
		.sort((a, b) => Number(a.data.RecordNo) - Number(b.data.RecordNo));
	if (transactions.length === 0) throw businessError(LOAD_LU, 'NOTRANS', `Load ${loadId} in company ${company} has no transactions.`);
	const checked = transactions.map((stored) => checkTransaction(ctx, stored));
	const groups = groupByReference(checked);
	groups.forEach((rows, reference) => checkBalanced(rows, reference));
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
	const rate = currencyRate(ctx, row);
	return {
		stored,
		row,
		period,
		debit: row.DebetAmount != null ? cents(row.DebetAmount) : Math.round(cents(row.CurrencyDebetAmount) * rate),
		credit: row.CreditAmount != null ? cents(row.CreditAmount) : Math.round(cents(row.CurrencyCreditAmount) * rate),
	};
}

/** Accounting-currency rows have rate 1; foreign-currency rows need a CurrencyRate (the simulator has no rate table). */
function currencyRate(ctx: HookContext, row: Row): number {
	if (row.CurrencyCode === companyCurrency(ctx.db, row.Company)) return 1;
	if (row.CurrencyRate == null && (row.DebetAmount == null || row.CreditAmount == null)) {
		throw businessError(TRANS_LU, 'NOCURRRATE', `No currency rate found for ${row.CurrencyCode} on ${row.TransactionDate} in company ${row.Company}.`);
	}
	return Number(row.CurrencyRate ?? 1);
}

function groupByReference(rows: CheckedRow[]): Map<string, CheckedRow[]> {
	const groups = new Map<string, CheckedRow[]>();
	for (const r of rows) {
		const reference = String(r.row.ReferenceNumber ?? '');
		groups.set(reference, [...(groups.get(reference) ?? []), r]);
	}
	return groups;
}

/** A voucher must balance in every transaction currency and in the accounting currency. */
function checkBalanced(rows: CheckedRow[], reference: string): void {
	const voucherType = rows[0].row.VoucherType;
	const mixed = rows.find((r) => r.row.VoucherType !== voucherType);
	if (mixed) throw businessError(TRANS_LU, 'VOUTYPEMIXED', `Voucher ${reference} mixes voucher types ${voucherType} and ${mixed.row.VoucherType}.`);
	const byCurrency = new Map<string, number>();
	for (const r of rows) {
		const currency = String(r.row.CurrencyCode);
		byCurrency.set(currency, (byCurrency.get(currency) ?? 0) + cents(r.row.CurrencyDebetAmount) - cents(r.row.CurrencyCreditAmount));
	}
	byCurrency.forEach((difference, currency) => {
		if (difference !== 0) {
			throw businessError(TRANS_LU, 'NOTBALANCED', `Voucher with reference ${reference} is not balanced in currency ${currency} (difference ${formatCents(difference)}).`);
		}
	});
	const domestic = rows.reduce((sum, r) => sum + r.debit - r.credit, 0);
	if (domestic !== 0) {
		throw businessError(TRANS_LU, 'NOTBALANCED', `Voucher with reference ${reference} is not balanced in accounting currency (difference ${formatCents(domestic)}).`);
	}
}

/** VoucherNo = year * 1,000,000 + a per company/year series (e.g. 2026000017), rows numbered from 1. */
function createVoucher(ctx: HookContext, rows: CheckedRow[]): void {
	const first = rows[0];
	const company = first.row.Company;
	const year = first.period.year;
	const voucherNo = year * 1_000_000 + ctx.db.nextNumber(`VoucherNo:${company}:${year}`, 1);
	rows.forEach((r, index) => {
		const voucherRow = toVoucherRow(r, { VoucherNo: voucherNo, AccountingYear: year, RowNo: index + 1, VoucherDate: first.row.TransactionDate });
		holdVoucherRow(ctx, voucherRow);
		const key = keyString(['Company', 'LoadId', 'RecordNo'], r.row);
		ctx.db.update('ExtTransactionsSet', key, { ...r.row, VoucherNo: voucherNo, AccountingYear: year, LoadError: null });
	});
}

function toVoucherRow(r: CheckedRow, header: Row): Row {
	const row = r.row;
	const codeParts = Object.fromEntries(CODE_PARTS_B_TO_J.map((name) => [name, row[name] ?? null]));
	const currencyDebit = cents(row.CurrencyDebetAmount);
	const currencyCredit = cents(row.CurrencyCreditAmount);
	return {
		Company: row.Company,
		VoucherType: row.VoucherType,
		...header,
		AccountingPeriod: r.period.period,
		Account: row.Account,
		...codeParts,
		CurrencyCode: row.CurrencyCode,
		CurrencyRate: row.CurrencyRate ?? 1,
		CurrencyDebetAmount: row.CurrencyDebetAmount ?? null,
		CurrencyCreditAmount: row.CurrencyCreditAmount ?? null,
		CurrencyAmount: (currencyDebit - currencyCredit) / 100,
		DebetAmount: row.CurrencyDebetAmount == null && row.DebetAmount == null ? null : r.debit / 100,
		CreditAmount: row.CurrencyCreditAmount == null && row.CreditAmount == null ? null : r.credit / 100,
		Amount: (r.debit - r.credit) / 100,
		Text: row.Text ?? null,
		OptionalCode: row.OptionalCode ?? null,
		ReferenceNumber: row.ReferenceNumber ?? null,
		ReferenceSerie: row.ReferenceSerie ?? null,
	};
}
