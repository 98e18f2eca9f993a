/**
 * v3 payment request (GET /api/v3.0/invoice/paymentrequest/{id}) → CanonicalInvoice.
 * Nearly every scalar is a string; `LineItems.LineItem` and `Allocations.Allocation` are an
 * object when there is only one.
 */
import type { CanonicalInvoice, CanonicalInvoiceLine } from '../../../shared/canonical';
import { definedOnly, employeeOf, wholeAllocation, withSource } from './build';
import { date, firstAmount, firstText, flag, InputError, isRecord, type Json, optionalAmount, requiredText, sumAmounts, text, v3Fields, wholeNumber, wrapped } from './read';

/** The fields this mapping reads; everything else on the payment request is ignored. */
export interface V3PaymentRequest {
	ID: string;
	InvoiceNumber?: string;
	InvoiceDate?: string;
	PaymentDueDate?: string;
	CurrencyCode: string;
	InvoiceAmount?: string;
	TaxAmount?: string;
	PurchaseOrderNumber?: string | null;
	LedgerCode?: string;
	PaymentTermsDays?: string;
	EmployeeName?: string;
	Name?: string;
	VendorCode?: string;
	VendorRemitAddress?: { VendorCode?: string; AddressCode?: string; Name?: string } | null;
	LineItems?: { LineItem?: Json | Json[] } | null;
	[other: string]: unknown;
}

function paymentRequestLine(item: Json, index: number): CanonicalInvoiceLine {
	const field = `LineItems.LineItem[${index}]`;
	const lineId = firstText(item.LineItemId, item.RequestLineItemNumber) ?? String(index + 1);
	const allocations = wrapped(item.Allocations, 'Allocation');
	const amount = firstAmount([
		[item.AmountWithoutVat, `${field}.AmountWithoutVat`],
		[item.TotalPrice, `${field}.TotalPrice`],
		[item.ApprovedLineItemAmount, `${field}.ApprovedLineItemAmount`],
	]);
	if (amount === undefined) throw new InputError(`${field}.TotalPrice`, 'is required but empty');
	return {
		lineNumber: index + 1,
		lineId,
		description: text(item.Description) ?? '',
		expenseTypeCode: text(item.ExpenseTypeCode),
		quantity: optionalAmount(item.Quantity, `${field}.Quantity`),
		unitPrice: optionalAmount(item.UnitPrice, `${field}.UnitPrice`),
		amount,
		taxAmount: firstAmount([
			[item.VatAmount, `${field}.VatAmount`],
			[item.Tax, `${field}.Tax`],
		]),
		taxRate: optionalAmount(item.VatRate, `${field}.VatRate`),
		purchaseOrderNumber: text(item.PurchaseOrderNumber),
		fields: v3Fields(item),
		allocations:
			allocations.length === 0
				? wholeAllocation(lineId)
				: allocations.map((allocation, position) => ({
						allocationId: text(allocation.ID) ?? `${lineId}#${position + 1}`,
						percentage: optionalAmount(allocation.Percentage, `${field}.Allocations.Allocation[${position}].Percentage`) ?? '100',
						concurAccountCode: text(allocation.AllocationAccountCode),
						fields: v3Fields(allocation),
					})),
	};
}

function headerTax(request: Json): string | undefined {
	const vat = ['One', 'Two', 'Three', 'Four'].map((n) => optionalAmount(request[`VatAmount${n}`], `VatAmount${n}`)).filter((amount): amount is string => amount !== undefined);
	return optionalAmount(request.TaxAmount, 'TaxAmount') ?? (vat.length > 0 ? sumAmounts(vat) : undefined);
}

export function normalizeV3PaymentRequest(input: V3PaymentRequest): CanonicalInvoice {
	const request = input as Json;
	const requestId = requiredText(request.ID, 'ID');
	const remit = isRecord(request.VendorRemitAddress) ? request.VendorRemitAddress : {};
	const requestFields = v3Fields(request);
	return withSource<CanonicalInvoice>(
		{
			kind: 'invoice',
			requestId,
			invoiceNumber: text(request.InvoiceNumber),
			vendor: {
				code: requiredText(firstText(remit.VendorCode, request.VendorCode), 'VendorRemitAddress.VendorCode'),
				name: firstText(remit.Name, request.VendorName),
				addressCode: text(remit.AddressCode),
			},
			purchaseOrderNumber: text(request.PurchaseOrderNumber),
			currency: requiredText(request.CurrencyCode, 'CurrencyCode'),
			dates: {
				invoiceDate: date(request.InvoiceDate, 'InvoiceDate'),
				dueDate: date(request.PaymentDueDate, 'PaymentDueDate'),
				submitDate: date(request.LastSubmitDate, 'LastSubmitDate'),
			},
			paymentTermDays: wholeNumber(request.PaymentTermsDays),
			totalAmount: optionalAmount(request.InvoiceAmount, 'InvoiceAmount'),
			taxAmount: headerTax(request),
			description: firstText(request.Name, request.Description),
			employee: employeeOf({}, text(request.EmployeeName)),
			companyHints: { ...requestFields, ...definedOnly({ ledgerCode: text(request.LedgerCode) }) },
			requestFields,
			lines: wrapped(request.LineItems, 'LineItem').map(paymentRequestLine),
			approvalStatus: firstText(request.ApprovalStatus, request.ApprovalStatusCode),
			deleted: flag(request.IsPaymentRequestDeleted),
			notes: [],
		},
		{ type: 'v3-payment-request', id: requestId },
	);
}
