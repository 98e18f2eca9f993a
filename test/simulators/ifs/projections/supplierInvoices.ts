/** ManSuppInvoiceHandling: manual supplier invoices (Preliminary) with GL × code-part postings; ManSuppInvoice_Post checks balance. */
import { cmp, dec, type Dec, fixed, sumOf } from '../decimal';
import { businessError, duplicateError } from '../errors';
import type { HookContext, ProjectionDef, Row } from '../model';
import type { StoredRow } from '../store';
import { keyString } from '../store';
import { date, decimal, enm, INSERT_ONLY, num, SERVER, str, CODE_PARTS_B_TO_J } from './props';
import {
	checkAmountDecimals,
	checkCodeString,
	checkCurrency,
	checkOpenPeriod,
	checkSupplierInCompany,
	currencyDecimals,
	lookup,
	nextChildNumber,
	requireCompanyAccess,
	requireState,
} from './rules';

const LU = 'ManSuppInvoice';
const POSTING_LU = 'ManSuppInvoicePosting';

export const manSuppInvoiceHandling: ProjectionDef = {
	name: 'ManSuppInvoiceHandling',
	enums: [
		{ name: 'PartyType', members: ['Supplier'] },
		{ name: 'ManSuppInvoiceState', members: ['Preliminary', 'PostedAuth', 'Cancelled'] },
	],
	entities: [
		{
			set: 'ManSuppInvoiceSet',
			type: 'ManSuppInvoice',
			lu: LU,
			keys: ['Company', 'InvoiceId'],
			companyOf: (row) => String(row.Company),
			navs: [{ name: 'ManSuppInvoicePostingsArray', target: 'ManSuppInvoicePostingSet' }],
			actions: [{ name: 'Post', run: postInvoice }],
			props: [
				str('Company', { ...INSERT_ONLY, mandatory: true }),
				num('InvoiceId', SERVER),
				str('Identity', { ...INSERT_ONLY, mandatory: true, maxLength: 20 }),
				enm('PartyType', 'PartyType', { ...INSERT_ONLY, mandatory: true }),
				str('SeriesId', { ...INSERT_ONLY, mandatory: true, maxLength: 20 }),
				str('InvoiceNo', { mandatory: true, maxLength: 50 }),
				date('InvoiceDate', { mandatory: true }),
				date('DueDate', { mandatory: true }),
				str('PayTermId', { mandatory: true, maxLength: 20 }),
				str('Currency', { mandatory: true, maxLength: 3 }),
				decimal('NetCurrAmount', { mandatory: true }),
				decimal('VatCurrAmount', { mandatory: true }),
				str('PoRefNumber', { maxLength: 12 }),
				str('VoucherText', { maxLength: 200 }),
				str('InvoiceType', { ...INSERT_ONLY, mandatory: true }),
				enm('Objstate', 'ManSuppInvoiceState', SERVER),
			],
			// InvoiceId comes from an Oracle sequence: numbers used by rolled-back requests leave gaps
			prepareInsert: (ctx, row) => {
				// the supplier's company data is checked before its defaults (PayTermId) are fetched
				if (row.Company != null && row.Identity != null) {
					requireCompanyAccess(ctx, row.Company);
					checkSupplierInCompany(ctx, LU, row.Company, row.Identity);
				}
				row.InvoiceId = ctx.db.nextSequence('INVOICE_ID_SEQ', 100001);
				row.PartyType ??= 'Supplier';
				row.SeriesId ??= 'SI';
				row.InvoiceType ??= 'MANSUPPINV';
				row.VatCurrAmount ??= '0';
				row.PayTermId ??= lookup(ctx.db, 'SupplierInvoiceCompanySet', row.Identity, row.Company)?.PayTermId;
				row.DueDate ??= addDays(row.InvoiceDate, 30);
				row.Objstate = 'Preliminary';
			},
			validateInsert: (ctx, row) => checkInvoice(ctx, row),
			validateUpdate: (ctx, row, old) => {
				requireState(LU, old, ['Preliminary'], 'Modify');
				checkInvoice(ctx, row);
			},
			validateDelete: (_ctx, row) => requireState(LU, row, ['Preliminary'], 'Remove'),
		},
		{
			set: 'ManSuppInvoicePostingSet',
			type: 'ManSuppInvoicePosting',
			lu: POSTING_LU,
			keys: ['Company', 'InvoiceId', 'RowNo'],
			companyOf: (row) => String(row.Company),
			props: [
				str('Company', { ...INSERT_ONLY, mandatory: true }),
				num('InvoiceId', { ...INSERT_ONLY, mandatory: true }),
				num('RowNo', SERVER),
				str('Account', { mandatory: true, maxLength: 20 }),
				...CODE_PARTS_B_TO_J.map((name) => str(name, { maxLength: 20 })),
				decimal('CurrAmount', { mandatory: true }),
				str('Text', { maxLength: 200 }),
				str('TaxCode', { maxLength: 20 }),
			],
			prepareInsert: (ctx, row) => {
				row.RowNo = nextChildNumber(ctx.db, 'ManSuppInvoicePostingSet', { Company: row.Company, InvoiceId: row.InvoiceId }, 'RowNo');
			},
			validateInsert: (ctx, row) => checkPosting(ctx, row),
			validateUpdate: (ctx, row) => checkPosting(ctx, row),
			validateDelete: (ctx, row) => requireState(LU, invoiceOf(ctx, row), ['Preliminary'], 'Modify'),
		},
	],
};

function addDays(isoDate: unknown, days: number): string | undefined {
	if (typeof isoDate !== 'string') return undefined;
	return new Date(Date.parse(isoDate) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Currency, unique InvoiceNo per (Company, supplier) — ORA-20112 — and the PO reference. */
function checkInvoice(ctx: HookContext, row: Row): void {
	checkCurrency(ctx, LU, row.Company, row.Currency);
	const decimals = currencyDecimals(ctx.db, row.Company, row.Currency);
	checkAmountDecimals(LU, 'NET_CURR_AMOUNT', row.NetCurrAmount, row.Currency, decimals);
	checkAmountDecimals(LU, 'VAT_CURR_AMOUNT', row.VatCurrAmount, row.Currency, decimals);
	const duplicate = ctx.db
		.rows('ManSuppInvoiceSet')
		.some((r) => r.data.Company === row.Company && r.data.Identity === row.Identity && r.data.InvoiceNo === row.InvoiceNo && r.data.InvoiceId !== row.InvoiceId);
	if (duplicate) {
		throw duplicateError(LU, 'INVNOEXIST', `Invoice number ${row.InvoiceNo} already exists for supplier ${row.Identity} in company ${row.Company}.`);
	}
	if (row.PoRefNumber) checkPurchaseOrder(ctx, row);
}

function checkPurchaseOrder(ctx: HookContext, row: Row): void {
	const order = lookup(ctx.db, 'PurchaseOrderSet', row.PoRefNumber);
	if (!order || order.Company !== row.Company) {
		throw businessError(LU, 'NOPURCHORDER', `Purchase order ${row.PoRefNumber} does not exist in company ${row.Company}.`);
	}
	if (order.VendorNo !== row.Identity) {
		throw businessError(LU, 'POSUPPLIER', `Purchase order ${row.PoRefNumber} belongs to supplier ${order.VendorNo}, not to supplier ${row.Identity}.`);
	}
}

function invoiceOf(ctx: HookContext, posting: Row): Row {
	return lookup(ctx.db, 'ManSuppInvoiceSet', posting.Company, posting.InvoiceId)!;
}

function checkPosting(ctx: HookContext, row: Row): void {
	const invoice = invoiceOf(ctx, row);
	requireState(LU, invoice, ['Preliminary'], 'Modify');
	checkCodeString(ctx, POSTING_LU, row.Company, row, invoice.InvoiceDate);
	checkAmountDecimals(POSTING_LU, 'CURR_AMOUNT', row.CurrAmount, invoice.Currency, currencyDecimals(ctx.db, row.Company, invoice.Currency));
}

/** Bound action: postings must exist and sum to NetCurrAmount, the invoice date's period must be open; → PostedAuth. */
function postInvoice(ctx: HookContext, invoice: StoredRow): void {
	const row = invoice.data;
	requireState(LU, row, ['Preliminary'], 'Post');
	const postings = ctx.db.childrenOf('ManSuppInvoicePostingSet', { Company: row.Company, InvoiceId: row.InvoiceId });
	if (postings.length === 0) throw businessError(LU, 'NOPOSTINGS', `Invoice ${row.InvoiceNo} (${row.InvoiceId}) has no postings.`);
	const posted = sumOf(postings.map((p) => p.data.CurrAmount));
	if (cmp(posted, dec(String(row.NetCurrAmount))) !== 0) {
		const decimals = currencyDecimals(ctx.db, row.Company, row.Currency);
		const shown = (value: Dec) => `${fixed(value, decimals)} ${String(row.Currency)}`;
		throw businessError(LU, 'NOTBALANCED', `Invoice ${row.InvoiceNo} is not balanced: postings total ${shown(posted)}, net amount ${shown(dec(String(row.NetCurrAmount)))}.`);
	}
	checkOpenPeriod(ctx, LU, row.Company, row.InvoiceDate);
	ctx.db.update('ManSuppInvoiceSet', keyString(['Company', 'InvoiceId'], row), { ...row, Objstate: 'PostedAuth' });
}
