/** Expense v3 (reports, entries, itemizations, allocations) and Expense Reports v4 by id. */
import * as scenario from '../seed/scenario';
import type { SimContext } from './context';
import { v3Error, v4ExpenseError } from './errors';
import { costCenterItem, journalAccountOf } from './fis-documents';
import { json, v3Page, type Route, type SimRequest, type SimResponse } from './http';
import { employeeById } from './seed-builder';
import type { AllocationModel, EntryModel, Principal, ReportModel } from './types';
import { hex32, opaqueV3Id, sumDecimals, v3Timestamp, v4Number, v4Timestamp } from './util';

const APPROVAL_NAMES: Record<string, string> = { A_APPR: 'Approved', A_PEND: 'Submitted & Pending Approval', A_NOTF: 'Not Submitted', A_RESU: 'Sent Back/Recalled' };
const PAYMENT_NAMES: Record<string, string> = { P_PROC: 'Processing Payment', P_PAID: 'Sent for Payment', P_NOTP: 'Not Paid', P_PAYC: 'Payment Confirmed', P_PFAIL: 'Financial Posting Failed' };
const V3_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,3})?)?$/;

type Json = Record<string, unknown>;

/** v3 custom/org-unit field: `{Type, Value, Code, ListItemID}`. */
function listField(code: string, extra: Json = {}): Json {
	const item = costCenterItem(code);
	return { Type: 'List', Value: item.value, Code: item.code, ListItemID: opaqueV3Id(false, 'listitem', item.code), ...extra };
}

const entryTotal = (entries: EntryModel[], pick: (e: EntryModel) => boolean): number => Number(sumDecimals(entries.filter(pick).map((e) => e.amount)));

function reportRow(req: SimRequest, r: ReportModel): Json {
	const employee = employeeById(r.employeeId);
	const total = entryTotal(r.entries, () => true);
	const personal = entryTotal(r.entries, (e) => e.personal);
	return {
		ID: r.reportId, URI: `${req.baseUrl}/api/v3.0/expense/reports/${r.reportId}`, Name: r.name, Total: total, CurrencyCode: r.currency,
		Country: r.countryCode, CountrySubdivision: r.countryCode === 'US' ? 'US-MA' : 'DE-BE',
		CreateDate: v3Timestamp(r.createDate), SubmitDate: v3Timestamp(r.submitDate), ProcessingPaymentDate: v3Timestamp(r.processingPaymentDate),
		PaidDate: v3Timestamp(r.paidDate), UserDefinedDate: `${r.entries[0]?.date ?? r.createDate.slice(0, 10)}T00:00:00`, LastModifiedDate: v3Timestamp(r.lastModified),
		OwnerLoginID: employee.loginId, OwnerName: `${employee.firstName} ${employee.lastName}`, ApproverLoginID: null, ApproverName: null,
		ApprovalStatusName: APPROVAL_NAMES[r.approvalStatus] ?? r.approvalStatus, ApprovalStatusCode: r.approvalStatus,
		PaymentStatusName: PAYMENT_NAMES[r.paymentStatus] ?? r.paymentStatus, PaymentStatusCode: r.paymentStatus,
		PersonalAmount: personal, AmountDueEmployee: entryTotal(r.entries, (e) => e.paymentType === 'CASH'),
		AmountDueCompanyCard: entryTotal(r.entries, (e) => e.paymentType === 'CBCP' && !e.personal),
		TotalClaimedAmount: total, TotalApprovedAmount: total, LedgerName: r.ledgerCode, PolicyID: opaqueV3Id(false, 'policy', r.ledgerCode),
		EverSentBack: r.approvalStatus === 'A_RESU', HasException: false, ReceiptsReceived: false, LastComment: '', WorkflowActionUrl: null,
		OrgUnit1: null, OrgUnit2: listField(employee.costCenter), Custom1: null, Custom2: null,
	};
}

function dateFilter(req: SimRequest, name: string): { after?: number; before?: number } | string {
	const out: { after?: number; before?: number } = {};
	for (const side of ['After', 'Before'] as const) {
		const value = req.query.get(`${name}${side}`);
		if (value === null) continue;
		if (!V3_DATE.test(value)) return `${name}${side}: expected yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss.SSS`;
		out[side === 'After' ? 'after' : 'before'] = Date.parse(`${value}${value.includes('T') ? '' : 'T00:00:00'}Z`);
	}
	return out;
}

const inWindow = (iso: string | null, w: { after?: number; before?: number }): boolean => {
	if (w.after === undefined && w.before === undefined) return true;
	if (!iso) return false;
	const t = Date.parse(iso);
	return (w.after === undefined || t >= w.after) && (w.before === undefined || t <= w.before);
};

/** `user=ALL` lists the company; a login id lists that owner; omitted lists the token owner's own. */
function ownerFilter(req: SimRequest): (r: ReportModel) => boolean {
	const user = req.query.get('user');
	if (user?.toUpperCase() === 'ALL') return () => true;
	const login = user ?? scenario.concurUsers.find((u) => u.userUuid === (req.principal as Principal).userUuid)?.loginId;
	return (r) => !!login && employeeById(r.employeeId).loginId.toLowerCase() === login.toLowerCase();
}

function listReports(req: SimRequest, ctx: SimContext): SimResponse {
	const windows: Record<string, (r: ReportModel) => string | null> = {
		modifiedDate: (r) => r.lastModified, processingPaymentDate: (r) => r.processingPaymentDate, submitDate: (r) => r.submitDate,
		createDate: (r) => r.createDate, paidDate: (r) => r.paidDate,
	};
	const filters: Array<(r: ReportModel) => boolean> = [ownerFilter(req)];
	for (const [name, pick] of Object.entries(windows)) {
		const window = dateFilter(req, name);
		if (typeof window === 'string') return v3Error(400, window);
		filters.push((r) => inWindow(pick(r), window));
	}
	const codes = (param: string) => req.query.get(param)?.split(',').map((c) => c.trim()).filter(Boolean);
	const approval = codes('approvalStatusCode');
	const payment = codes('paymentStatusCode');
	const currency = req.query.get('currencyCode');
	if (approval) filters.push((r) => approval.includes(r.approvalStatus));
	if (payment) filters.push((r) => payment.includes(r.paymentStatus));
	if (currency) filters.push((r) => r.currency === currency);
	const rows = ctx.data.reports.filter((r) => filters.every((f) => f(r)));
	const { items, nextPage } = v3Page(req, rows, 25, 100);
	return json(200, { Items: items.map((r) => reportRow(req, r)), NextPage: nextPage });
}

function getReport(req: SimRequest, ctx: SimContext): SimResponse {
	if (req.query.get('user')?.toUpperCase() === 'ALL') return v3Error(400, 'user=ALL is not allowed when requesting a single report');
	const report = ctx.data.reports.find((r) => r.reportId === req.params.id && ownerFilter(req)(r));
	return report ? json(200, reportRow(req, report)) : v3Error(404, 'Report not found');
}

function entryRow(req: SimRequest, r: ReportModel, e: EntryModel): Json {
	const type = scenario.expenseTypes.find((t) => t.code === e.expenseType);
	const amount = Number(e.amount);
	return {
		ID: e.v3Id, URI: `${req.baseUrl}/api/v3.0/expense/entries/${encodeURIComponent(e.v3Id)}`, ReportID: r.reportId, ReportOwnerID: employeeById(r.employeeId).loginId,
		ExpenseTypeCode: e.expenseType, ExpenseTypeName: type?.name, SpendCategoryCode: e.expenseType, PaymentTypeID: opaqueV3Id(false, 'paytype', e.paymentType),
		PaymentTypeName: e.paymentType === 'CASH' ? 'Cash' : 'Company Billed Card', TransactionDate: `${e.date}T00:00:00`,
		// TransactionAmount is the receipt in its own currency; Posted/Approved are in the report currency
		TransactionAmount: e.transaction ? Number(e.transaction.amount) : amount, TransactionCurrencyCode: e.transaction?.currency ?? r.currency,
		PostedAmount: amount, ApprovedAmount: amount, ExchangeRate: e.transaction ? Number(e.transaction.rate) : 1, VendorDescription: e.vendor ?? null,
		VendorListItemID: null, VendorListItemName: null, LocationName: r.countryCode === 'DE' ? 'Berlin' : 'Boston', LocationCountry: e.country ?? r.countryCode,
		IsPersonal: e.personal, IsBillable: false, HasItemizations: e.itemizations.length > 0, AllocationType: e.allocations.length > 1 ? 'P' : 'N',
		HasVAT: !!e.taxAmount, ReceiptReceived: false, ElectronicReceiptID: null, CompanyCardTransactionID: e.paymentType === 'CBCP' ? opaqueV3Id(false, 'card', e.v4Id) : null,
		LastModified: v3Timestamp(e.lastModified), Journey: null, OrgUnit1: null, Custom1: null,
	};
}

function itemizationRow(req: SimRequest, r: ReportModel, parent: EntryModel, index: number): Json {
	const item = parent.itemizations[index];
	const type = scenario.expenseTypes.find((t) => t.code === item.expenseType);
	const amount = Number(item.amount);
	return {
		ID: item.v3Id, URI: `${req.baseUrl}/api/v3.0/expense/itemizations/${encodeURIComponent(item.v3Id)}`, EntryID: parent.v3Id, ReportID: r.reportId,
		ReportOwnerID: employeeById(r.employeeId).loginId, ExpenseTypeCode: item.expenseType, ExpenseTypeName: type?.name, SpendCategory: item.expenseType,
		TransactionDate: `${parent.date}T00:00:00`, TransactionAmount: amount, PostedAmount: amount, ApprovedAmount: amount, IsPersonal: false, IsBillable: false,
		HasComments: false, Comment: null, LastModified: v3Timestamp(parent.lastModified), OrgUnit1: null, Custom1: null,
	};
}

function allocationRow(req: SimRequest, entryId: string, expenseType: string, a: AllocationModel): Json {
	return {
		ID: a.v3Id, URI: `${req.baseUrl}/api/v3.0/expense/allocations/${encodeURIComponent(a.v3Id)}`, EntryID: entryId,
		Percentage: Number(a.percentage).toFixed(8), // a string in v3
		IsPercentEdited: a.percentage !== '100', IsHidden: false, AccountCode1: journalAccountOf(expenseType), AccountCode2: null,
		// the allocation's cost center lives in Custom1
		Custom1: listField(a.costCenterCode, { Label: 'Cost Center', Sequence: 1 }), Custom2: null,
	};
}

function reportsFor(req: SimRequest, ctx: SimContext): ReportModel[] {
	const reportId = req.query.get('reportID');
	const byOwner = reportId ? () => true : ownerFilter(req);
	return ctx.data.reports.filter((r) => (!reportId || r.reportId === reportId) && byOwner(r));
}

function listEntries(req: SimRequest, ctx: SimContext): SimResponse {
	const rows = reportsFor(req, ctx).flatMap((r) => r.entries.map((e) => entryRow(req, r, e)));
	const { items, nextPage } = v3Page(req, rows, 25, 100);
	return json(200, { Items: items, NextPage: nextPage });
}

function listItemizations(req: SimRequest, ctx: SimContext): SimResponse {
	const entryId = req.query.get('entryID');
	const rows = reportsFor(req, ctx).flatMap((r) => r.entries.filter((e) => !entryId || e.v3Id === entryId)
		.flatMap((e) => e.itemizations.map((_i, index) => itemizationRow(req, r, e, index))));
	const { items, nextPage } = v3Page(req, rows, 25, 100);
	return json(200, { Items: items, NextPage: nextPage });
}

function listAllocations(req: SimRequest, ctx: SimContext): SimResponse {
	const entryId = req.query.get('entryID');
	const itemizationId = req.query.get('itemizationID');
	const reportId = req.query.get('reportID');
	const rows: Json[] = [];
	for (const r of ctx.data.reports.filter((x) => !reportId || x.reportId === reportId)) {
		for (const e of r.entries.filter((x) => !entryId || x.v3Id === entryId)) {
			if (!itemizationId) rows.push(...e.allocations.map((a) => allocationRow(req, e.v3Id, e.expenseType, a)));
			for (const item of e.itemizations.filter((i) => !itemizationId || i.v3Id === itemizationId)) {
				rows.push(...item.allocations.map((a) => allocationRow(req, item.v3Id, item.expenseType, a)));
			}
		}
	}
	const { items, nextPage } = v3Page(req, rows, 25, 100);
	return json(200, { Items: items, NextPage: nextPage });
}

const money = (value: string, currencyCode: string) => ({ value: v4Number(value), currencyCode });

function v4Report(req: SimRequest, r: ReportModel): Json {
	const employee = employeeById(r.employeeId);
	const total = sumDecimals(r.entries.map((e) => e.amount));
	const personal = sumDecimals(r.entries.filter((e) => e.personal).map((e) => e.amount));
	const dueEmployee = sumDecimals(r.entries.filter((e) => e.paymentType === 'CASH').map((e) => e.amount));
	const dueCard = sumDecimals(r.entries.filter((e) => e.paymentType === 'CBCP' && !e.personal).map((e) => e.amount));
	const cc = costCenterItem(employee.costCenter);
	const self = `${req.baseUrl}${req.path}`;
	return {
		reportId: r.reportId, reportNumber: r.reportNumber, name: r.name, userId: employee.userUuid,
		approvalStatus: APPROVAL_NAMES[r.approvalStatus] ?? r.approvalStatus, approvalStatusId: r.approvalStatus,
		paymentStatus: PAYMENT_NAMES[r.paymentStatus] ?? r.paymentStatus, paymentStatusId: r.paymentStatus, concurAuditStatus: 'NOTR',
		isFinancialIntegrationEnabled: true, isSubmitted: r.approvalStatus !== 'A_NOTF', isSentBack: false, isReopened: false, canRecall: false, canReopen: false,
		reportDate: r.createDate.slice(0, 10), startDate: r.entries[0]?.date ?? null, endDate: r.entries[r.entries.length - 1]?.date ?? null,
		creationDate: v4Timestamp(r.createDate), submitDate: v4Timestamp(r.submitDate), currencyCode: r.currency,
		currency: r.currency === 'EUR' ? 'Euro' : 'US, Dollar',
		reportTotal: money(total, r.currency), claimedAmount: money(total, r.currency), approvedAmount: money(total, r.currency),
		amountDueEmployee: money(dueEmployee, r.currency), amountDueCompanyCard: money(dueCard, r.currency), amountDueCompany: money(personal, r.currency),
		amountCompanyPaid: money('0', r.currency), personalAmount: money(personal, r.currency), amountNotApproved: money('0', r.currency),
		paymentConfirmedAmount: money(r.paymentStatus === 'P_PAYC' ? total : '0', r.currency),
		ledger: r.ledgerCode, ledgerId: hex32('ledger', r.ledgerCode).toUpperCase(), policy: `${r.ledgerCode} Expense Policy`, policyId: hex32('policy', r.ledgerCode).toUpperCase(),
		countryCode: r.countryCode, countrySubDivisionCode: r.countryCode === 'US' ? 'US-MA' : 'DE-BE', country: r.countryCode === 'US' ? 'UNITED STATES' : 'GERMANY',
		businessPurpose: r.name, reportType: 'Regular',
		customData: [{ id: 'orgUnit2', value: cc.id?.replace(/-/g, '').toUpperCase() ?? null, isValid: true, listItemUrl: cc.id ? `${req.baseUrl}/list/v4/items?id=${cc.id.replace(/-/g, '').toUpperCase()}` : null }],
		employee: { employeeId: employee.employeeId, employeeUuid: employee.userUuid }, reportVersion: 0,
		links: [{ rel: 'self', href: self, method: 'GET', isTemplated: false, hreflang: null, media: null, title: null, type: null, deprecation: null }],
	};
}

function getV4Report(req: SimRequest, ctx: SimContext): SimResponse {
	if (!['TRAVELER', 'MANAGER', 'PROCESSOR', 'PROXY'].includes(req.params.contextType)) {
		return v4ExpenseError(400, 'Invalid contextType', req.path, [{ id: 'contextType', source: 'path', message: 'must be TRAVELER, MANAGER, PROCESSOR or PROXY' }]);
	}
	const report = ctx.data.reportsById.get(req.params.reportId);
	const ownerMatches = report && employeeById(report.employeeId).userUuid.toLowerCase() === req.params.userId.toLowerCase();
	if (!report || (req.params.contextType === 'TRAVELER' && !ownerMatches)) return v4ExpenseError(404, 'Report not found', req.path);
	return json(200, v4Report(req, report));
}

/**
 * v2 Post Report Integration Status: the ERP posted the report, so Concur commits it and moves it
 * to the Paid step. Answers `{Status, Message}` in an HTTP 200 either way. Only an approved report
 * in Processing Payment can be integrated (the reference's failure text is cut off: ours is made up).
 */
function postIntegrationStatus(req: SimRequest, ctx: SimContext): SimResponse {
	const report = ctx.data.reportsById.get(req.params.id);
	if (!report) return v3Error(404, 'Report not found');
	ctx.integrationStatusCalls.push({ reportId: report.reportId, at: ctx.nowIso(), paymentStatusBefore: report.paymentStatus });
	if (report.approvalStatus !== 'A_APPR' || report.paymentStatus !== 'P_PROC') {
		return json(200, { Status: 'FAILURE', Message: `To post the integration status the report must be approved and in Processing Payment; it is ${APPROVAL_NAMES[report.approvalStatus] ?? report.approvalStatus} / ${PAYMENT_NAMES[report.paymentStatus] ?? report.paymentStatus}.` });
	}
	report.paymentStatus = 'P_PAID';
	report.paidDate = ctx.nowIso();
	report.lastModified = report.paidDate;
	return json(200, { Status: 'SUCCESS', Message: 'SUCCESS' });
}

export function expenseRoutes(ctx: SimContext): Route[] {
	const v3 = (template: string, handler: (req: SimRequest, ctx: SimContext) => SimResponse): Route =>
		({ method: 'GET', template, family: 'v3', principals: ['company', 'user'], handler: (req) => handler(req, ctx) });
	return [
		v3('/api/v3.0/expense/reports', listReports),
		v3('/api/v3.0/expense/reports/:id', getReport),
		v3('/api/v3.0/expense/entries', listEntries),
		v3('/api/v3.0/expense/itemizations', listItemizations),
		v3('/api/v3.0/expense/allocations', listAllocations),
		{ method: 'GET', template: '/expensereports/v4/users/:userId/context/:contextType/reports/:reportId', family: 'v4expense', principals: ['company', 'user'], handler: (req) => getV4Report(req, ctx) },
		{ method: 'POST', template: '/api/expense/expensereport/v2.0/integrationstatus/report/:id', family: 'v3', principals: ['company', 'user'], handler: (req) => postIntegrationStatus(req, ctx) },
	];
}
