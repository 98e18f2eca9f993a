/** Invoice v3 (payment-request digests, payment requests, localized data), PO v3 and Purchase Request v4. */
import * as scenario from '../seed/scenario';
import type { SimContext } from './context';
import { purchaseRequestError, v3Error } from './errors';
import { costCenterItem } from './fis-documents';
import { json, v3Page, type Route, type SimRequest, type SimResponse } from './http';
import { employeeById } from './seed-builder';
import type { InvoiceModel } from './types';
import { hex32, opaqueV3Id, sumDecimals, units8ToPlain, toUnits8, v3Timestamp } from './util';

type Json = Record<string, unknown>;

/** Invoice status codes are tenant data (only discoverable via localizeddata); these are the simulator's. */
const INVOICE_APPROVAL: Record<string, string> = { A_APPR: 'Approved', A_PEND: 'Pending Approval' };
const INVOICE_PAYMENT: Record<string, string> = { P_NOTP: 'Not Paid', P_EXTR: 'Extracted', P_PAID: 'Paid', P_PFAIL: 'Financial Posting Failed' };
const PR_PURCHASE_ORDER = 'P3001';
const DIGEST_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** XML-to-JSON artefact: one element comes back as an object, several as an array. */
const xmlList = <T>(items: T[]): T | T[] => (items.length === 1 ? items[0] : items);

const invoiceTotal = (i: InvoiceModel): string => sumDecimals(i.lines.map((l) => l.amount));
const vendorName = (ctx: SimContext, code: string): string | null => (ctx.data.vendors.find((v) => v.VendorCode === code)?.VendorName as string | undefined) ?? null;

function digestRow(req: SimRequest, ctx: SimContext, i: InvoiceModel): Json {
	const owner = employeeById(i.ownerEmployeeId);
	return {
		ID: opaqueV3Id(false, 'digest', i.requestId), URI: `${req.baseUrl}/api/v3.0/invoice/paymentrequestdigests/${i.requestId}`,
		PaymentRequestId: i.requestId, PaymentRequestUri: `${req.baseUrl}/api/v3.0/invoice/paymentrequest/${i.requestId}`,
		InvoiceNumber: i.invoiceNumber, VendorName: vendorName(ctx, i.vendorCode), ApprovalStatusCode: i.approvalStatus, PaymentStatusCode: i.paymentStatus,
		CurrencyCode: i.currency, Total: invoiceTotal(i), CreateDate: v3Timestamp(i.createDate), UserDefinedDate: `${i.invoiceDate}T00:00:00`,
		PaidDate: v3Timestamp(i.paidDate), LastModifiedDate: v3Timestamp(i.lastModified), ExtractedDate: null, PaymentMethod: 'CLIENT',
		OwnerLoginID: owner.loginId, OwnerName: `${owner.firstName} ${owner.lastName}`, PurchaseOrderNumber: i.purchaseOrderNumber ?? null, IsDeleted: 'false',
	};
}

function listDigests(req: SimRequest, ctx: SimContext): SimResponse {
	const filters: Array<(i: InvoiceModel) => boolean> = [];
	const windows: Record<string, (i: InvoiceModel) => string | null> = {
		createDate: (i) => i.createDate, submitDate: (i) => i.submitDate, paidDate: (i) => i.paidDate, lastModifiedDate: (i) => i.lastModified,
	};
	for (const [name, pick] of Object.entries(windows)) {
		for (const side of ['After', 'Before']) {
			const value = req.query.get(`${name}${side}`);
			if (value === null) continue;
			if (!DIGEST_DATE.test(value)) return v3Error(400, `${name}${side} must be YYYY-MM-DD`);
			filters.push((i) => { const d = pick(i)?.slice(0, 10); return !!d && (side === 'After' ? d >= value : d <= value); });
		}
	}
	for (const [param, pick] of [['approvalStatus', (i: InvoiceModel) => i.approvalStatus], ['paymentStatus', (i: InvoiceModel) => i.paymentStatus], ['vendorInvoiceNumber', (i: InvoiceModel) => i.invoiceNumber]] as const) {
		const value = req.query.get(param);
		if (value) filters.push((i) => pick(i) === value);
	}
	const rows = ctx.data.invoices.filter((i) => filters.every((f) => f(i)));
	const { items, nextPage } = v3Page(req, rows, 1000, 1000);
	// real responses put the rows under PaymentRequestDigest and leave Items null
	return json(200, { PaymentRequestDigest: items.map((i) => digestRow(req, ctx, i)), Items: null, NextPage: nextPage, TotalCount: rows.length });
}

function paymentRequestLine(invoice: InvoiceModel, index: number): Json {
	const line = invoice.lines[index];
	return {
		LineItemId: line.lineItemId, RequestLineItemNumber: String(index + 1), Description: line.description, ExpenseTypeCode: line.expenseType,
		Quantity: '1', UnitPrice: line.amount, TotalPrice: line.amount, Tax: '0', AmountWithoutVat: line.amount, VatAmount: '0', VatRate: '0',
		PurchaseOrderNumber: invoice.purchaseOrderNumber ?? null, MatchedPurchaseOrderLineItemId: invoice.purchaseOrderNumber ? hex32('poline', invoice.purchaseOrderNumber, index) : null,
		IsMatched: invoice.purchaseOrderNumber ? 'true' : 'false', SupplierPartId: null, UnitOfMeasure: 'EA', ApprovedLineItemAmount: line.amount,
		RequestedLineItemAmount: line.amount, AllocationStatus: 'FULL', Custom1: null,
		Allocations: { Allocation: xmlList(line.allocations.map((a) => ({ Percentage: a.percentage, AllocationAccountCode: a.accountCode, Custom1: a.costCenterCode, IsTestUser: 'false' }))) },
	};
}

function getPaymentRequest(req: SimRequest, ctx: SimContext): SimResponse {
	const i = ctx.data.invoices.find((x) => x.requestId === req.params.id);
	if (!i) return v3Error(404, 'Payment request not found');
	const vendor = ctx.data.vendors.find((v) => v.VendorCode === i.vendorCode && v.AddressCode === i.addressCode);
	const owner = employeeById(i.ownerEmployeeId);
	const total = invoiceTotal(i);
	return json(200, {
		ID: i.requestId, URI: `${req.baseUrl}/api/v3.0/invoice/paymentrequest/${i.requestId}`, Name: `${vendorName(ctx, i.vendorCode)} ${i.invoiceNumber}`,
		Description: i.lines[0]?.description ?? '', InvoiceNumber: i.invoiceNumber, InvoiceDate: `${i.invoiceDate}T00:00:00`, InvoiceReceivedDate: `${i.invoiceDate}T00:00:00`,
		PaymentDueDate: null, InvoiceAmount: total, CalculatedAmount: total, TotalApprovedAmount: total, LineItemTotalAmount: total, ShippingAmount: '0.00',
		TaxAmount: '0.00', AmountWithoutVat: total, CurrencyCode: i.currency, CountryCode: i.ledgerCode === 'EU' ? 'DE' : 'US',
		ApprovalStatus: INVOICE_APPROVAL[i.approvalStatus], PaymentStatus: INVOICE_PAYMENT[i.paymentStatus], PaymentMethod: 'CHECK', PaymentTermsDays: '30',
		PurchaseOrderNumber: i.purchaseOrderNumber ?? null, LedgerCode: i.ledgerCode, BuyerCostCenter: i.lines[0]?.allocations[0]?.costCenterCode ?? null,
		EmployeeName: `${owner.firstName} ${owner.lastName}`, DataSource: 'API', IsInvoiceConfirmed: 'false', IsPaymentRequestDeleted: 'false',
		IsPaymentRequestDuplicate: 'false', IsTestTransaction: 'false', FirstSubmitDate: v3Timestamp(i.submitDate), LastSubmitDate: v3Timestamp(i.submitDate),
		FirstApprovalDate: v3Timestamp(i.lastModified), WorkflowCompleteDate: v3Timestamp(i.lastModified), ExtractDate: null, PaidDate: v3Timestamp(i.paidDate),
		PaidAmount: null, CheckNumber: null, VendorTaxId: null, OrgUnit1: null, Custom1: null,
		VendorRemitAddress: {
			VendorCode: i.vendorCode, AddressCode: i.addressCode, ExternalId: null, Name: vendor?.VendorName ?? null, Address1: vendor?.Address1 ?? null,
			Address2: null, Address3: null, City: vendor?.City ?? null, State: vendor?.State ?? null, PostalCode: vendor?.PostalCode ?? null,
			CountryCode: vendor?.CountryCode ?? null, DiscountTerms: null,
		},
		LineItems: { LineItem: xmlList(i.lines.map((_l, n) => paymentRequestLine(i, n))) },
	});
}

function localizedData(req: SimRequest): SimResponse {
	const tables: Record<string, Record<string, string>> = { approvalStatus: INVOICE_APPROVAL, paymentStatus: INVOICE_PAYMENT };
	const table = tables[req.query.get('type') ?? ''];
	if (!table) return v3Error(400, 'Unsupported localized data type');
	const rows = Object.entries(table).map(([Code, LocalizedValue]) => ({ Code, LangCode: req.query.get('langCode') ?? 'en', LocalizedValue }));
	return json(200, { LocalizationData: rows, TotalCount: rows.length });
}

interface PoLine { description: string; quantity: string; unitPrice: string; expenseType: string; allocations: Array<{ percentage: string; costCenter: string }> }

function purchaseOrderLines(orderNo: string): PoLine[] {
	if (orderNo === PR_PURCHASE_ORDER) {
		return scenario.purchaseRequests[0].lines.map((l) => ({ description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, expenseType: l.expenseType, allocations: [{ percentage: '100', costCenter: l.costCenter }] }));
	}
	const invoice = scenario.paymentRequests.find((p) => p.purchaseOrderNumber === orderNo);
	return (invoice?.lines ?? []).map((l) => ({ description: l.description, quantity: '1', unitPrice: l.amount, expenseType: l.expenseType, allocations: l.allocations }));
}

function getPurchaseOrder(req: SimRequest): SimResponse {
	const pr = scenario.purchaseRequests[0];
	const po = req.params.id === PR_PURCHASE_ORDER
		? { orderNo: PR_PURCHASE_ORDER, vendorNo: pr.lines[0].vendorCode, currency: pr.currency, company: '10' }
		: scenario.ifsPurchaseOrders.find((p) => p.orderNo === req.params.id);
	if (!po) return v3Error(404, 'Purchase order not found');
	const ledger = po.company === '20' ? 'EU' : 'US';
	return json(200, {
		PurchaseOrderNumber: po.orderNo, ID: opaqueV3Id(false, 'po', po.orderNo), Name: `Purchase order ${po.orderNo}`, Description: null, CurrencyCode: po.currency,
		OrderDate: '2026-10-20T00:00:00', NeededByDate: '2026-11-30', RequestedDeliveryDate: null, PolicyExternalID: 'PO', VendorCode: po.vendorNo,
		VendorAddressCode: 'MAIN', VendorAccountNumber: null, LedgerCode: ledger, Status: 'Transmitted', IsTest: 'N', IsChangeOrder: 'N', PaymentTerms: '30',
		Shipping: '0', Tax: '0', AmountWithoutVat: null,
		LineItem: purchaseOrderLines(po.orderNo).map((l, n) => ({
			ExternalID: `${po.orderNo}-${n + 1}`, LineNumber: String(n + 1), Description: l.description, ExpenseType: l.expenseType, Quantity: l.quantity,
			UnitPrice: l.unitPrice, UnitOfMeasureCode: 'EA', Tax: '0', PurchaseOrderReceiptType: 'NONE', IsReceiptRequired: 'false',
			Allocation: l.allocations.map((a) => ({ Percentage: a.percentage, Amount: units8ToPlain(toUnits8(l.unitPrice) * toUnits8(l.quantity) * toUnits8(a.percentage) / 10000000000n / 100000000n, 2), Custom1: a.costCenter })),
		})),
	});
}

function getPurchaseRequest(req: SimRequest): SimResponse {
	const pr = scenario.purchaseRequests.find((p) => p.purchaseRequestId === req.params.id);
	if (!pr) return purchaseRequestError(404, 'notFound', `Purchase request ${req.params.id} not found`);
	const mode = (req.query.get('mode') ?? 'FULL').toUpperCase();
	if (mode !== 'COMPACT' && mode !== 'FULL') return purchaseRequestError(400, 'invalidMode', 'mode must be COMPACT or FULL');
	const compact = {
		purchaseRequestId: pr.purchaseRequestId, purchaseRequestNumber: pr.purchaseRequestNumber, purchaseRequestQueueStatus: 'CREATED',
		purchaseRequestWorkflowStatus: pr.workflowStatus, purchaseOrders: [{ purchaseOrderNumber: PR_PURCHASE_ORDER }], purchaseRequestExceptions: [],
	};
	if (mode === 'COMPACT') return json(200, compact);
	const requester = employeeById(pr.requester);
	const money = (value: string) => ({ value: Number(value), currencyCode: pr.currency });
	// FULL mode is the simulator's own shape (Concur documents only COMPACT); see README
	return json(200, {
		...compact, ledgerCode: pr.ledgerCode, currencyCode: pr.currency, neededByDate: pr.neededBy,
		requester: { employeeId: requester.employeeId, loginId: requester.loginId, userId: requester.userUuid },
		lineItems: pr.lines.map((l, n) => {
			const cc = costCenterItem(l.costCenter);
			return {
				lineNumber: n + 1, description: l.description, quantity: Number(l.quantity), unitPrice: money(l.unitPrice),
				totalAmount: money(units8ToPlain(toUnits8(l.unitPrice) * toUnits8(l.quantity) / 100000000n, 2)),
				expenseType: { code: l.expenseType, name: scenario.expenseTypes.find((t) => t.code === l.expenseType)?.name },
				vendor: { vendorCode: l.vendorCode, addressCode: 'MAIN' },
				allocations: [{ percentage: 100, costCenter: { code: cc.code, value: cc.value, listItemId: cc.id } }],
			};
		}),
	});
}

export function invoiceRoutes(ctx: SimContext): Route[] {
	const v3 = (template: string, handler: (req: SimRequest, ctx: SimContext) => SimResponse): Route =>
		({ method: 'GET', template, family: 'v3', principals: ['company', 'user'], handler: (req) => handler(req, ctx) });
	return [
		v3('/api/v3.0/invoice/paymentrequestdigests', listDigests),
		v3('/api/v3.0/invoice/paymentrequest/:id', getPaymentRequest),
		v3('/api/v3.0/invoice/localizeddata', localizedData),
		v3('/api/v3.0/invoice/purchaseorders/:id', getPurchaseOrder),
		{ method: 'GET', template: '/purchaserequest/v4/purchaserequests/:id', family: 'purchaserequest', principals: ['company', 'user'], handler: getPurchaseRequest },
	];
}
