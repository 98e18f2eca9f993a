/**
 * Concur Purchasing purchase request → CanonicalPurchaseRequest. Purchase Request v4 only
 * documents its COMPACT read, so this is the minimal shape the Concur node hands over.
 */
import type { CanonicalAllocation, CanonicalPurchaseRequest, CanonicalPurchaseRequestLine } from '../../../shared/canonical';
import { definedOnly, employeeOf, wholeAllocation, withSource } from './build';
import { date, firstText, isRecord, type Json, list, requiredAmount, requiredText, text, v3Fields } from './read';

type V4Amount = { value: number | string; currencyCode?: string };

export interface PurchaseRequestLineInput {
	lineItemId?: string;
	lineNumber?: number | string;
	description: string;
	quantity: number | string;
	unitPrice: number | string | V4Amount;
	expenseTypeCode?: string;
	accountCode?: string;
	vendorCode?: string;
	neededByDate?: string;
	/** v4 custom fields, e.g. `[{ id: 'custom1', value: 'CC200' }]`. */
	customData?: Array<{ id: string; value: string | null }>;
	/** Split of the line; each allocation's cost center in `customData` (v4 style) or as `costCenter.code`. */
	allocations?: Array<{ percentage: number | string; accountCode?: string; customData?: Array<{ id: string; value: string | null }>; costCenter?: { code?: string } }>;
}

export interface PurchaseRequestInput {
	purchaseRequestId: string;
	purchaseRequestNumber?: string;
	purchaseRequestWorkflowStatus?: string;
	description?: string;
	ledgerCode?: string;
	currencyCode: string;
	submitDate?: string;
	creationDate?: string;
	neededByDate?: string;
	requester?: { employeeId?: string; loginId?: string; name?: string };
	customData?: Array<{ id: string; value: string | null }>;
	lineItems: PurchaseRequestLineInput[];
}

/** A line's allocations; without any, the whole line is one 100 % allocation. */
function lineAllocations(item: Json, lineId: string): CanonicalAllocation[] {
	const allocations = list(item.allocations);
	if (allocations.length === 0) return wholeAllocation(lineId, text(item.accountCode));
	return allocations.map((allocation, index) => {
		const costCenter = isRecord(allocation.costCenter) ? text(allocation.costCenter.code) : undefined;
		return {
			allocationId: firstText(allocation.allocationId) ?? `${lineId}#${index + 1}`,
			percentage: requiredAmount(allocation.percentage, `lineItems[${lineId}].allocations[${index}].percentage`),
			concurAccountCode: text(allocation.accountCode) ?? text(item.accountCode),
			// the cost-center object is read as custom1, the field Concur forms usually bind the cost-center list to
			fields: { ...v3Fields(allocation), ...definedOnly({ custom1: costCenter }) },
		};
	});
}

function nested(item: Json, key: string, field: string): unknown {
	return isRecord(item[key]) ? (item[key] as Json)[field] : undefined;
}

function requestLine(item: Json, index: number): CanonicalPurchaseRequestLine {
	const field = `lineItems[${index}]`;
	const lineId = firstText(item.lineItemId, item.lineNumber) ?? String(index + 1);
	return {
		lineNumber: index + 1,
		lineId,
		description: requiredText(item.description, `${field}.description`),
		quantity: requiredAmount(item.quantity, `${field}.quantity`),
		unitPrice: requiredAmount(item.unitPrice, `${field}.unitPrice`),
		expenseTypeCode: firstText(item.expenseTypeCode, nested(item, 'expenseType', 'code')),
		concurAccountCode: text(item.accountCode),
		vendorCode: firstText(item.vendorCode, nested(item, 'vendor', 'vendorCode')),
		neededByDate: date(item.neededByDate, `${field}.neededByDate`),
		fields: v3Fields(item),
		allocations: lineAllocations(item, lineId),
	};
}

export function normalizePurchaseRequest(input: PurchaseRequestInput): CanonicalPurchaseRequest {
	const request = input as unknown as Json;
	const id = requiredText(request.purchaseRequestId, 'purchaseRequestId');
	const requester = isRecord(request.requester) ? request.requester : {};
	const fields = v3Fields(request);
	return withSource<CanonicalPurchaseRequest>(
		{
			kind: 'purchaseRequest',
			purchaseRequestId: id,
			purchaseRequestNumber: text(request.purchaseRequestNumber) ?? id,
			workflowStatus: text(request.purchaseRequestWorkflowStatus),
			description: text(request.description),
			employee: employeeOf(definedOnly({ employeeId: text(requester.employeeId), loginId: text(requester.loginId) }), text(requester.name)),
			companyHints: { ...fields, ...definedOnly({ ledgerCode: text(request.ledgerCode) }) },
			currency: requiredText(request.currencyCode, 'currencyCode'),
			dates: {
				requestDate: date(request.submitDate ?? request.creationDate, 'submitDate'),
				neededByDate: date(request.neededByDate, 'neededByDate'),
			},
			lines: list(request.lineItems).map(requestLine),
			notes: [],
		},
		{ type: 'purchase-request', id },
	);
}
