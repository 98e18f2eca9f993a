/** FIS `invoice` financial document → CanonicalInvoice. */
import type { CanonicalAllocation, CanonicalInvoice, CanonicalInvoiceLine } from '../../../shared/canonical';
import { formatDecimal, multiply, parseDecimal } from '../../../shared/money';
import { definedOnly, employeeOf, wholeAllocation, withSource } from './build';
import type { FisEnvelope } from './fis-expense';
import { date, firstAmount, firstText, fisFields, isRecord, type Json, list, optionalAmount, record, requiredText, sumAmounts, text, wholeNumber } from './read';

function invoiceAllocation(allocation: Json, field: string, fallbackId: string): { allocation: CanonicalAllocation; net?: string; tax?: string } {
	// journal is a single object in invoice documents (an array in expense documents)
	const journal = list(allocation.journal)[0] ?? {};
	const net = firstAmount([
		[journal.amountNet, `${field}.journal.amountNet`],
		[journal.amountGross, `${field}.journal.amountGross`],
	]);
	return {
		allocation: {
			allocationId: text(allocation.allocationKey) ?? fallbackId,
			percentage: optionalAmount(allocation.allocationPercentage, `${field}.allocationPercentage`) ?? '100',
			concurAccountCode: firstText(allocation.allocationAccountCode, journal.accountCode),
			fields: fisFields(allocation, 'allocation'),
			// the line's net on this allocation, as Concur's journal states it
			...(net === undefined ? {} : { journal: { gross: net, taxGuids: [], taxes: [] } }),
		},
		net,
		tax: optionalAmount(journal.tax, `${field}.journal.tax`),
	};
}

function quantityTimesPrice(item: Json, field: string): string {
	const quantity = optionalAmount(item.lineItemQuantity, `${field}.lineItemQuantity`) ?? '1';
	const price = optionalAmount(item.lineItemUnitPrice, `${field}.lineItemUnitPrice`) ?? '0';
	return formatDecimal(multiply(parseDecimal(quantity), parseDecimal(price)));
}

function invoiceLine(item: Json, index: number): CanonicalInvoiceLine {
	const field = `document.lineItem[${index}]`;
	const lineId = firstText(item.externalLineItemId, item.lineItemSequenceOrder) ?? String(index + 1);
	const facts = list(item.allocation).map((allocation, position) => invoiceAllocation(allocation, `${field}.allocation[${position}]`, `${lineId}#${position + 1}`));
	const nets = facts.map((fact) => fact.net).filter((net): net is string => net !== undefined);
	const taxes = facts.map((fact) => fact.tax).filter((tax): tax is string => tax !== undefined);
	return {
		lineNumber: index + 1,
		lineId,
		description: text(item.lineItemDescription) ?? '',
		expenseTypeCode: text(item.expenseTypeCode),
		expenseTypeName: text(item.expenseTypeName),
		quantity: optionalAmount(item.lineItemQuantity, `${field}.lineItemQuantity`),
		unitPrice: optionalAmount(item.lineItemUnitPrice, `${field}.lineItemUnitPrice`),
		amount: nets.length > 0 ? sumAmounts(nets) : quantityTimesPrice(item, field),
		taxAmount: taxes.length > 0 ? sumAmounts(taxes) : undefined,
		purchaseOrderNumber: text(item.lineItemPurchaseOrderNumber),
		fields: fisFields(item, 'lineItem'),
		allocations: facts.length > 0 ? facts.map((fact) => fact.allocation) : wholeAllocation(lineId),
	};
}

function headerTax(header: Json): string | undefined {
	const vat = [1, 2, 3, 4].map((n) => optionalAmount(header[`amountVAT${n}`], `document.requestHeader.amountVAT${n}`)).filter((amount): amount is string => amount !== undefined);
	return optionalAmount(header.amountTax, 'document.requestHeader.amountTax') ?? (vat.length > 0 ? sumAmounts(vat) : undefined);
}

export function normalizeFisInvoice(envelope: FisEnvelope, document: Json): CanonicalInvoice {
	const header = record(document.requestHeader, 'document.requestHeader');
	const vendor = record(document.vendor, 'document.vendor');
	const owner = isRecord(document.ownerEmployee) ? document.ownerEmployee : {};
	const requestId = requiredText(header.requestId, 'document.requestHeader.requestId');
	const requestFields = fisFields(header, 'request');
	const ownerName = [text(owner.employeeFirstName), text(owner.employeeLastName)].filter(Boolean).join(' ') || undefined;
	return withSource<CanonicalInvoice>(
		{
			kind: 'invoice',
			requestId,
			invoiceNumber: text(header.vendorInvoiceNumber),
			vendor: {
				code: requiredText(vendor.vendorCode, 'document.vendor.vendorCode'),
				name: text(vendor.vendorName),
				addressCode: text(vendor.vendorRemitToAddressCode),
			},
			purchaseOrderNumber: text(header.poNumber),
			currency: requiredText(header.currencyAlphaCode, 'document.requestHeader.currencyAlphaCode'),
			dates: {
				invoiceDate: date(header.invoiceDate, 'document.requestHeader.invoiceDate'),
				dueDate: date(header.paymentDueDate, 'document.requestHeader.paymentDueDate'),
				postingDate: date(header.postingDate, 'document.requestHeader.postingDate'),
				submitDate: date(header.submitDate, 'document.requestHeader.submitDate'),
			},
			paymentTermDays: wholeNumber(header.netPaymentTermDays),
			totalAmount: optionalAmount(header.requestTotal, 'document.requestHeader.requestTotal'),
			taxAmount: headerTax(header),
			description: firstText(header.requestTitle, header.requestDescription),
			employee: employeeOf({ ...fisFields(owner, 'employee'), ...definedOnly({ employeeId: text(owner.employeeId), loginId: text(owner.loginId) }) }, ownerName),
			companyHints: { ...requestFields, ...definedOnly({ ledgerCode: text(header.ledgerCode), entityId: text(envelope.entityId), companyId: text(envelope.companyId) }) },
			requestFields,
			lines: list(document.lineItem).map(invoiceLine),
			notes: [],
		},
		{ type: 'fis-invoice', id: requestId, fisDocumentId: text(envelope.id), fisDocType: 'invoice' },
	);
}
