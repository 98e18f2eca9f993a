/** PurchaseRequisitionHandling (requisitions + no-part lines) and PurchaseOrderHandling (orders + Release). */
import { businessError } from '../errors';
import type { ActionDef, HookContext, ProjectionDef, Row } from '../model';
import type { StoredRow } from '../store';
import { cmp, dec } from '../decimal';
import { CODE_PARTS_B_TO_J, date, decimal, enm, INSERT_ONLY, SERVER, str } from './props';
import {
	checkCodeString,
	checkCurrency,
	checkSupplierExists,
	checkSupplierInCompany,
	companyCurrency,
	lookup,
	nextChildNumber,
	requireSiteAccess,
	requireState,
	siteCompany,
} from './rules';

const REQ_LU = 'PurchaseRequisition';
const REQ_LINE_LU = 'PurchaseReqLineNopart';
const PO_LU = 'PurchaseOrder';

/** Planned → Released, If-Match checked by the dispatcher like every bound action. */
function releaseAction(set: string, lu: string, keys: string[]): ActionDef {
	return {
		name: 'Release',
		run: (ctx: HookContext, stored: StoredRow) => {
			requireState(lu, stored.data, ['Planned'], 'Release');
			ctx.db.update(set, JSON.stringify(keys.map((k) => stored.data[k])), { ...stored.data, Objstate: 'Released' });
		},
	};
}

export const purchaseRequisitionHandling: ProjectionDef = {
	name: 'PurchaseRequisitionHandling',
	enums: [{ name: 'PurchaseRequisitionState', members: ['Planned', 'Released', 'Closed'] }],
	entities: [
		{
			set: 'PurchaseRequisitionSet',
			type: 'PurchaseRequisition',
			lu: REQ_LU,
			keys: ['RequisitionNo'],
			companyOf: (row, db) => siteCompany(db, row.Contract),
			navs: [{ name: 'PurchaseReqLineNopartArray', target: 'PurchaseReqLineNopartSet' }],
			actions: [releaseAction('PurchaseRequisitionSet', REQ_LU, ['RequisitionNo'])],
			props: [
				str('RequisitionNo', SERVER),
				str('Contract', { ...INSERT_ONLY, mandatory: true, maxLength: 5 }),
				str('RequisitionerCode', { mandatory: true, maxLength: 20 }),
				date('RequisitionDate', { mandatory: true }),
				str('NoteText', { maxLength: 2000 }),
				enm('Objstate', 'PurchaseRequisitionState', SERVER),
			],
			// requisition numbers come from a number series; digits only, but a string key
			prepareInsert: (ctx, row) => {
				row.RequisitionNo = String(ctx.db.nextNumber('RequisitionNo', 1000001));
				row.RequisitionDate ??= ctx.db.clock.today();
				row.Objstate = 'Planned';
			},
			validateInsert: (ctx, row) => {
				requireSiteAccess(ctx, REQ_LU, row.Contract);
			},
		},
		{
			set: 'PurchaseReqLineNopartSet',
			type: 'PurchaseReqLineNopart',
			lu: REQ_LINE_LU,
			keys: ['RequisitionNo', 'LineNo', 'ReleaseNo'],
			companyOf: (row, db) => siteCompany(db, lookup(db, 'PurchaseRequisitionSet', row.RequisitionNo)?.Contract),
			props: [
				str('RequisitionNo', { ...INSERT_ONLY, mandatory: true }),
				str('LineNo', SERVER),
				str('ReleaseNo', SERVER),
				str('Description', { mandatory: true, maxLength: 200 }),
				decimal('OriginalQty', { mandatory: true }),
				str('UnitMeas', { mandatory: true, maxLength: 10 }),
				decimal('UnitPrice'),
				str('CurrencyCode', { mandatory: true, maxLength: 3 }),
				date('WantedReceiptDate', { mandatory: true }),
				str('VendorNo', { maxLength: 20 }),
				// [I] pre-posting of the line: account and code parts, validated when given
				str('Account', { maxLength: 20 }),
				...CODE_PARTS_B_TO_J.map((name) => str(name, { maxLength: 20 })),
				str('BuyerCode', { maxLength: 20 }),
				str('NoteText', { maxLength: 2000 }),
				enm('Objstate', 'PurchaseRequisitionState', SERVER),
			],
			prepareInsert: (ctx, row) => {
				row.LineNo = String(nextChildNumber(ctx.db, 'PurchaseReqLineNopartSet', { RequisitionNo: row.RequisitionNo }, 'LineNo'));
				row.ReleaseNo = '1';
				row.UnitMeas ??= 'pcs';
				row.Objstate = 'Planned';
			},
			validateInsert: (ctx, row) => checkRequisitionLine(ctx, row),
			validateUpdate: (ctx, row) => checkRequisitionLine(ctx, row),
		},
	],
};

function checkRequisitionLine(ctx: HookContext, row: Row): void {
	const header = lookup(ctx.db, 'PurchaseRequisitionSet', row.RequisitionNo)!;
	requireState(REQ_LU, header, ['Planned'], 'Modify');
	if (cmp(dec(String(row.OriginalQty)), { n: 0n, s: 0 }) <= 0) throw businessError(REQ_LINE_LU, 'QTYNEGATIVE', 'The quantity must be greater than zero.');
	const company = siteCompany(ctx.db, header.Contract);
	checkCurrency(ctx, REQ_LINE_LU, company, row.CurrencyCode);
	if (row.VendorNo) checkSupplierExists(ctx, REQ_LINE_LU, row.VendorNo);
	if (row.Account) checkCodeString(ctx, REQ_LINE_LU, company, row, header.RequisitionDate);
	else if (CODE_PARTS_B_TO_J.some((name) => row[name])) throw businessError(REQ_LINE_LU, 'NOACCOUNT', 'Code parts need an account on the requisition line.');
}

export const purchaseOrderHandling: ProjectionDef = {
	name: 'PurchaseOrderHandling',
	enums: [{ name: 'PurchaseOrderState', members: ['Planned', 'Released', 'Confirmed', 'Closed', 'Cancelled'] }],
	entities: [
		{
			set: 'PurchaseOrderSet',
			type: 'PurchaseOrder',
			lu: PO_LU,
			keys: ['OrderNo'],
			companyOf: (row) => String(row.Company),
			actions: [releaseAction('PurchaseOrderSet', PO_LU, ['OrderNo'])],
			props: [
				str('OrderNo', SERVER),
				str('Company', { ...INSERT_ONLY, mandatory: true }),
				str('Contract', { ...INSERT_ONLY, mandatory: true, maxLength: 5 }),
				str('VendorNo', { ...INSERT_ONLY, mandatory: true, maxLength: 20 }),
				date('OrderDate', { mandatory: true }),
				str('CurrencyCode', { mandatory: true, maxLength: 3 }),
				str('BuyerCode', { maxLength: 20 }),
				str('AuthorizeCode', { maxLength: 20 }),
				enm('Objstate', 'PurchaseOrderState', SERVER),
			],
			// the company is derived from the site; a different Company in the body is an error
			prepareInsert: (ctx, row) => {
				row.OrderNo = `P${ctx.db.nextNumber('OrderNo', 5001)}`;
				if (row.Contract != null) {
					const company = requireSiteAccess(ctx, PO_LU, row.Contract);
					if (row.Company != null && row.Company !== company) {
						throw businessError(PO_LU, 'SITECOMPANY', `Site ${row.Contract} belongs to company ${company}, not ${row.Company}.`);
					}
					row.Company = company;
				}
				row.OrderDate ??= ctx.db.clock.today();
				row.CurrencyCode ??= companyCurrency(ctx.db, row.Company);
				row.Objstate = 'Planned';
			},
			validateInsert: (ctx, row) => {
				checkSupplierInCompany(ctx, PO_LU, row.Company, row.VendorNo);
				checkCurrency(ctx, PO_LU, row.Company, row.CurrencyCode);
			},
			validateUpdate: (ctx, row, old) => {
				requireState(PO_LU, old, ['Planned'], 'Modify');
				checkCurrency(ctx, PO_LU, row.Company, row.CurrencyCode);
			},
		},
	],
};
