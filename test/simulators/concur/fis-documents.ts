/** Builds FIS v4 financial documents (expense, invoice) from the simulator's report/invoice models. */
import * as scenario from '../seed/scenario';
import type { SimContext } from './context';
import { receiptIdOf } from './receipts';
import { companyOf, employeeById } from './seed-builder';
import type { AllocationModel, EntryModel, FisDocument, InvoiceModel, ItemizationModel, ReportModel } from './types';
import { bigDecimal8, fisTimestamp, hex32, RawNumber, splitByPercent, toUnits8 } from './util';

type Json = Record<string, unknown>;

const ZERO = bigDecimal8(0n);
const CARD_CLEARING_ACCOUNT = scenario.paymentTypes.find((p) => p.code === 'CBCP')?.ifsAccount ?? '2420';
const CASH_ADVANCE_ACCOUNT = '1590';
const amount8 = (decimal: string): RawNumber => bigDecimal8(toUnits8(decimal));
const fisDate = (date: string): string => `${date}T00:00:00.000Z`;

export function costCenterItem(code: string) {
	const item = scenario.concurCostCenterList.items.find((i) => i.shortCode === code);
	return { code, value: item?.value ?? code, id: item?.id ?? null };
}

/** Debit account Concur puts in journalAccountCode: the expense type's account (MISCL: its own journal account). */
export function journalAccountOf(expenseType: string): string {
	const type = scenario.expenseTypes.find((t) => t.code === expenseType) as { ifsAccount?: string; concurJournalAccount?: string } | undefined;
	return type?.ifsAccount ?? type?.concurJournalAccount ?? '6190';
}

function paymentTypeOf(entry: EntryModel) {
	const code = entry.personal ? 'CBCP-PERSONAL' : entry.paymentType;
	return scenario.paymentTypes.find((p) => p.code === code) ?? scenario.paymentTypes[0];
}

function employeeBlock(employeeId: string): Json {
	const e = employeeById(employeeId);
	const cc = costCenterItem(e.costCenter);
	return {
		employeeId: e.employeeId, employeeFirstName: e.firstName, employeeLastName: e.lastName, employeeMI: '', loginId: e.loginId,
		emailAddress: e.loginId, employeeReimbursementMethodCode: 'CNQRPAY',
		employeeOrgUnit1Code: e.ledgerCode, employeeOrgUnit1Value: e.ledgerCode,
		// the employee's home cost center lives in Org Unit 2
		employeeOrgUnit2Code: cc.code, employeeOrgUnit2Value: cc.value,
	};
}

function reportBlock(report: ReportModel, doc: FisDocument): Json {
	return {
		reportId: report.reportId, reportKey: report.reportKey, reportNumber: report.reportNumber, reportName: report.name,
		ledgerCode: report.ledgerCode, policyId: hex32('policy', report.ledgerCode).toUpperCase(), employeeCurrencyAlphaCode: report.currency,
		homeCountryCode: report.countryCode, isTest: 'N', payrollPayIndicator: 'N',
		reportCreationDate: fisTimestamp(report.createDate), reportSubmitDate: report.submitDate && fisTimestamp(report.submitDate),
		reportUserDefinedDate: fisDate(report.entries[0]?.date ?? report.createDate.slice(0, 10)),
		reportPaymentProcessingDate: report.processingPaymentDate && fisTimestamp(report.processingPaymentDate),
		totalApprovedAmount: bigDecimal8(report.entries.reduce((sum, e) => sum + toUnits8(e.amount), 0n)),
		cashAdvanceReturnsAmount: ZERO, revisionNumber: doc.revision + 1, versionId: '4',
	};
}

/** Stable per Concur tax code, as Concur's tax configuration GUIDs are. */
export const taxGuidOf = (taxCode: string): string => hex32('taxcode', taxCode).toUpperCase();

interface JournalShare {
	gross: bigint;
	tax: bigint;
	reclaimable: bigint;
}

/** VAT lives in the journal (amountTax, amountNetOfTax, amountNetOfReclaim, taxGuid); the document carries no tax[] array. */
function journalRows(entry: EntryModel, expenseType: string, share: JournalShare): Json[] {
	const payment = paymentTypeOf(entry);
	const isCard = entry.paymentType === 'CBCP';
	return [{
		// CBCP personal: Concur's journal account is the card clearing account
		journalAccountCode: entry.personal ? CARD_CLEARING_ACCOUNT : journalAccountOf(expenseType),
		journalPayer: payment.payer, journalPayee: payment.payee,
		amountGross: bigDecimal8(share.gross), amountNetOfTax: bigDecimal8(share.gross - share.tax), amountNetOfReclaim: bigDecimal8(share.gross - share.reclaimable),
		amountGrossCard: isCard ? bigDecimal8(share.gross) : ZERO, amountTax: share.tax ? bigDecimal8(share.tax) : ZERO,
		taxGuid: share.tax && entry.taxCode ? [taxGuidOf(entry.taxCode)] : [],
		cardTransactionReferenceNumber: isCard ? `CT${entry.legacyKey}` : null, accountingTransactionType: null,
	}];
}

/** Concur's own allocation amounts when the seed states them, else the percentage split (last share takes the remainder). */
function grossShares(entry: EntryModel, amount: string, allocations: AllocationModel[]): bigint[] {
	return entry.journalAmounts ? entry.journalAmounts.map(toUnits8) : splitByPercent(amount, allocations.map((a) => a.percentage));
}

function allocationBlocks(entry: EntryModel, expenseType: string, amount: string, allocations: AllocationModel[]): Json[] {
	const shares = grossShares(entry, amount, allocations);
	const percentages = allocations.map((a) => a.percentage);
	const taxShares = entry.taxAmount ? splitByPercent(entry.taxAmount, percentages) : allocations.map(() => 0n);
	const reclaimShares = entry.taxAmount ? splitByPercent(entry.reclaimableTax ?? entry.taxAmount, percentages) : allocations.map(() => 0n);
	return allocations.map((a, i) => {
		const cc = costCenterItem(a.costCenterCode);
		return {
			allocationId: a.v4Id, allocationPercentage: new RawNumber(a.percentage),
			// the allocation's cost center lives in Custom 1 (list item short code + name)
			allocationCustom1Code: cc.code, allocationCustom1Value: cc.value,
			journal: journalRows(entry, expenseType, { gross: shares[i], tax: taxShares[i], reclaimable: reclaimShares[i] }),
		};
	});
}

function entryBlock(report: ReportModel, entry: EntryModel): Json {
	const payment = paymentTypeOf(entry);
	const type = scenario.expenseTypes.find((t) => t.code === entry.expenseType);
	return {
		entryId: entry.v4Id, legacyEntryId: entry.legacyKey, entryDate: fisDate(entry.date), expenseTypeCode: entry.expenseType, expenseTypeName: type?.name,
		reportEntryPaymentTypeCode: entry.paymentType, reportEntryPaymentTypeName: entry.paymentType === 'CASH' ? 'Cash' : 'Company Billed Card',
		// the receipt's amount in its own currency; approved and journal amounts are in the report currency
		reportEntryTransactionAmount: amount8(entry.transaction?.amount ?? entry.amount), entryApprovedAmount: amount8(entry.amount),
		entryCurrAlphaCode: entry.transaction?.currency ?? report.currency, entryExchangeRate: new RawNumber(entry.transaction?.rate ?? '1.00000000'),
		entryExchangeRateDirection: 'M', entryIsPersonal: entry.personal ? 'Y' : 'N', entryIsBillable: 'N',
		entryVendorDescription: entry.vendor ?? null, entryLocationName: report.countryCode === 'DE' ? 'Berlin' : 'Boston', entryCountryCode: entry.country ?? report.countryCode,
		expensePayIndicator: 'N', liabilityAccountCode: payment.ifsAccount, clearingAccountCode: entry.personal ? CARD_CLEARING_ACCOUNT : journalAccountOf(entry.expenseType),
		entryReceiptType: 'R',
		entryReceiptId: receiptIdOf(entry),
		allocation: entry.itemizations.length ? [] : allocationBlocks(entry, entry.expenseType, entry.amount, entry.allocations),
	};
}

/** An itemization is emitted as its own entry pointing at its parent (`parentEntryId` is a simulator name). */
function itemizationBlock(report: ReportModel, parent: EntryModel, item: ItemizationModel): Json {
	const asEntry: EntryModel = {
		...parent, v4Id: item.v4Id, legacyKey: item.legacyKey, expenseType: item.expenseType, amount: item.amount, allocations: item.allocations, itemizations: [],
		transaction: undefined, taxAmount: undefined, taxCode: undefined, journalAmounts: undefined,
	};
	// an itemization shares its parent's receipt image
	return { ...entryBlock(report, asEntry), entryReceiptId: receiptIdOf(parent), parentEntryId: parent.v4Id };
}

function expenseDocument(report: ReportModel, doc: FisDocument): Json {
	return {
		employee: employeeBlock(report.employeeId),
		report: reportBlock(report, doc),
		expenseEntry: report.entries.flatMap((e) => [entryBlock(report, e), ...e.itemizations.map((i) => itemizationBlock(report, e, i))]),
		// as in SAP's sample document: an application (type 2) reduces what is owed, so its amount is negative
		cashAdvanceApplication: report.cashAdvances.map((advance) => ({
			cashAdvanceClearingAccountCode: CASH_ADVANCE_ACCOUNT, cashAdvanceId: advance.cashAdvanceId,
			cashAdvanceApplicationAmount: amount8(advance.type === '2' ? `-${advance.amount}` : advance.amount), cashAdvanceTransactionType: Number(advance.type),
		})),
	};
}

function mmddyyyy(date: string): string {
	const [y, m, d] = date.split('-');
	return `${m}/${d}/${y}`;
}

function invoiceLine(invoice: InvoiceModel, index: number): Json {
	const line = invoice.lines[index];
	const type = scenario.expenseTypes.find((t) => t.code === line.expenseType);
	const shares = splitByPercent(line.amount, line.allocations.map((a) => a.percentage));
	return {
		lineItemSequenceOrder: index + 1, lineItemDescription: line.description, lineItemQuantity: new RawNumber('1.00000000'),
		lineItemUnitPrice: amount8(line.amount),
		expenseTypeCode: line.expenseType.padEnd(7, ' '), // padded like the sample's "2000   "
		expenseTypeName: type?.name, lineItemPurchaseOrderNumber: invoice.purchaseOrderNumber ?? null, poLineNumber: invoice.purchaseOrderNumber ? index + 1 : null,
		externalLineItemId: line.lineItemId, receiptNumbers: [], lineItemDeliverySlipNumber: null,
		allocation: line.allocations.map((a, i) => {
			const cc = costCenterItem(a.costCenterCode);
			return {
				allocationKey: invoice.reqKey * 100 + index * 10 + i, allocationPercentage: new RawNumber(a.percentage), allocationAccountCode: a.accountCode,
				allocationCustom1Code: cc.code, allocationCustom1Value: cc.value,
				// invoice journal is an object (expense journal is an array)
				journal: { accountCode: a.accountCode, amountGross: bigDecimal8(shares[i]), amountNet: bigDecimal8(shares[i]), amountShipping: ZERO, tax: ZERO },
			};
		}),
	};
}

function invoiceDocument(ctx: SimContext, invoice: InvoiceModel, doc: FisDocument): Json {
	const vendor = ctx.data.vendors.find((v) => v.VendorCode === invoice.vendorCode);
	const total = invoice.lines.reduce((sum, l) => sum + toUnits8(l.amount), 0n);
	const invoiceDate = ctx.options.fisInvoiceDateFormat === 'MM/dd/yyyy' ? mmddyyyy(invoice.invoiceDate) : invoice.invoiceDate;
	return {
		requestHeader: {
			requestId: invoice.requestId, reqKey: invoice.reqKey, requestTitle: `${vendor?.VendorName ?? invoice.vendorCode} ${invoice.invoiceNumber}`,
			requestDescription: invoice.lines[0]?.description ?? '', vendorInvoiceNumber: invoice.invoiceNumber, invoiceDate,
			invoiceReceivedDate: fisDate(invoice.invoiceDate), paymentDueDate: null, postingDate: null, submitDate: fisTimestamp(invoice.submitDate),
			requestCreationDate: fisTimestamp(invoice.createDate), processCompleteDate: fisTimestamp(invoice.lastModified),
			currencyAlphaCode: invoice.currency, requestTotal: bigDecimal8(total), amountNetInvoice: bigDecimal8(total), amountShippingTotal: ZERO,
			amountTax: ZERO, amountVAT1: ZERO, ledgerCode: invoice.ledgerCode, ledgerName: invoice.ledgerCode, policyName: 'Invoice Policy',
			externalPolicyId: 'INV', payMethodType: 'CHECK', netPaymentTermDays: 30, discountTermsDays: null, discountPercentage: null,
			multiplePurchaseOrder: 'N', poNumber: invoice.purchaseOrderNumber ?? null, invoicePayIndicator: 'N', isTest: 'N',
			revisionNumber: doc.revision + 1, versionId: '4', vendorTaxId: null,
		},
		ownerEmployee: employeeBlock(invoice.ownerEmployeeId),
		vendor: {
			vendorCode: invoice.vendorCode, vendorName: vendor?.VendorName ?? null, vendorRemitToAddressCode: invoice.addressCode,
			vendorShipFromAddressCode: invoice.addressCode, vendorContactFirstName: null, vendorContactLastName: null,
		},
		lineItem: invoice.lines.map((_l, i) => invoiceLine(invoice, i)),
	};
}

export function fisContentItem(ctx: SimContext, doc: FisDocument): Json {
	const company = companyOf();
	let document: Json = {};
	if (doc.docType === 'expense') document = expenseDocument(ctx.data.reportsById.get(doc.sourceId) as ReportModel, doc);
	if (doc.docType === 'invoice') document = invoiceDocument(ctx, ctx.data.invoices.find((i) => i.requestId === doc.sourceId) as InvoiceModel, doc);
	return { id: doc.id, docType: doc.docType, companyId: company.companyId, entityId: company.entityId, companyUuid: company.companyUuid, erpSystemId: null, document, docStatus: doc.status, links: [] };
}
