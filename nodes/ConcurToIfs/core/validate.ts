/**
 * Checks a mapped document against IFS reference data (fetched once per execution) and against
 * itself (company allowed, debit = credit, not empty). Any problem holds the whole document.
 */
import { add, compare, type Decimal, formatAmount, parseDecimal, subtract, sum, ZERO } from '../../shared/money';
import type { CodeParts, IfsPosting, JournalEntryPosting, PurchaseRequisitionPosting, SupplierInvoicePosting } from '../../shared/postings';
import type { MappingConfig } from './mapping-config';
import { codePartLetter, companyAccount } from './map/resolve';
import { documentReason, type LineReason, lineReason, type MappedDocument, type RowTrace } from './reasons';

export interface IfsCodeValue {
	code: string;
	blocked?: boolean;
}

/** One row of the company's currency rate table: `rate` is per `factor` units of `currency`. */
export interface IfsCurrencyRate {
	currency: string;
	rateType: string;
	validFrom: string;
	rate: string;
	factor: string;
}

export interface IfsCompanyReference {
	/** Code part A values. */
	accounts: IfsCodeValue[];
	/** Values of the cost-center code part (B by default). */
	costCenters: IfsCodeValue[];
	/** Supplier ids connected to this company (supplier invoicing data). */
	suppliers: string[];
	currencies: string[];
	/** Open accounting periods, inclusive `yyyy-MM-dd` bounds. */
	openPeriods: Array<{ from: string; to: string }>;
	/** The company's accounting (base) currency. */
	accountingCurrency?: string;
	/** Decimals per currency code as the company defines them. */
	currencyDecimals?: Record<string, number>;
	currencyRates?: IfsCurrencyRate[];
}

/** Only the companies the integration user may post to. */
export interface IfsReferenceData {
	companies: Record<string, IfsCompanyReference>;
}

export type ValidationResult = { ok: true; posting: IfsPosting } | { ok: false; held: true; reasons: LineReason[] };

interface CompanyIndex {
	company: string;
	reference: IfsCompanyReference;
	accounts: Map<string, IfsCodeValue>;
	costCenters: Map<string, IfsCodeValue>;
	suppliers: Set<string>;
	currencies: Set<string>;
}

const indexes = new WeakMap<IfsCompanyReference, CompanyIndex>();

function indexCompany(company: string, reference: IfsCompanyReference): CompanyIndex {
	const cached = indexes.get(reference);
	if (cached) return cached;
	const index: CompanyIndex = {
		company,
		reference,
		accounts: new Map((reference.accounts ?? []).map((value) => [value.code, value])),
		costCenters: new Map((reference.costCenters ?? []).map((value) => [value.code, value])),
		suppliers: new Set(reference.suppliers ?? []),
		currencies: new Set(reference.currencies ?? []),
	};
	indexes.set(reference, index);
	return index;
}

class Checker {
	readonly reasons: LineReason[] = [];

	constructor(
		private readonly index: CompanyIndex,
		private readonly config: MappingConfig,
	) {}

	private get company(): string {
		return this.index.company;
	}

	account(account: string | undefined, trace: RowTrace | undefined): void {
		// an empty account was already reported by the mapping
		if (!account) return;
		const known = this.index.accounts.get(account);
		if (!known) this.reasons.push(lineReason(trace, 'account', account, `account "${account}" does not exist in IFS company ${this.company} — create it in IFS or correct the GL account table`));
		else if (known.blocked) this.reasons.push(lineReason(trace, 'account', account, `account "${account}" is blocked in IFS company ${this.company} — unblock it in IFS or map the expense type to another account`));
	}

	costCenter(codeParts: CodeParts | undefined, trace: RowTrace | undefined): void {
		const code = codeParts?.[this.config.costCenterCodePart];
		if (!code) return;
		const known = this.index.costCenters.get(code);
		const part = codePartLetter(this.config);
		if (!known) this.reasons.push(lineReason(trace, 'costCenter', code, `cost center "${code}" does not exist in IFS company ${this.company} — create it in IFS (code part ${part}) or map it in the cost-center table`));
		else if (known.blocked) this.reasons.push(lineReason(trace, 'costCenter', code, `cost center "${code}" is blocked in IFS company ${this.company} — reopen it in IFS (code part ${part}) or map it in the cost-center table to an open one`));
	}

	currency(currency: string): void {
		if (!this.index.currencies.has(currency)) this.reasons.push(documentReason('currency', currency, `currency "${currency}" is not defined in IFS company ${this.company} — add it in IFS`));
	}

	openPeriod(field: string, date: string): void {
		if (!date) return;
		const open = (this.index.reference.openPeriods ?? []).some((period) => period.from <= date && date <= period.to);
		if (!open) this.reasons.push(documentReason(field, date, `${field === 'voucherDate' ? 'voucher' : 'invoice'} date ${date} is not in an open period of IFS company ${this.company} — open the period in IFS or change the date rule`));
	}

	supplier(supplierId: string | undefined, trace: RowTrace | undefined): void {
		if (!supplierId || this.index.suppliers.has(supplierId)) return;
		this.reasons.push(lineReason(trace, 'supplier', supplierId, `supplier "${supplierId}" is not connected to IFS company ${this.company} — create or connect it in IFS (or run the vendor sync), or map the vendor in the supplier table`));
	}

	notEmpty(count: number): void {
		if (count === 0) this.reasons.push(documentReason('lines', '0', 'nothing to post: the document has no postable lines'));
	}
}

function debitMinusCredit(posting: JournalEntryPosting): Map<string, Decimal> {
	const totals = new Map<string, Decimal>();
	for (const row of posting.rows) {
		const amount = subtract(parseDecimal(row.debit ?? '0'), parseDecimal(row.credit ?? '0'));
		totals.set(row.currency, add(totals.get(row.currency) ?? ZERO, amount));
	}
	return totals;
}

function accountingDifference(posting: JournalEntryPosting): Decimal {
	return sum(posting.rows.map((row) => subtract(parseDecimal(row.accountingDebit ?? '0'), parseDecimal(row.accountingCredit ?? '0'))));
}

function checkJournal(posting: JournalEntryPosting, trace: RowTrace[], check: Checker, config: MappingConfig): void {
	check.notEmpty(posting.rows.length);
	posting.rows.forEach((row, index) => {
		check.account(row.account, trace[index]);
		check.costCenter(row.codeParts, trace[index]);
	});
	for (const currency of new Set(posting.rows.map((row) => row.currency))) check.currency(currency);
	const hint = companyAccount(config, posting.company, 'roundingAccount') ? `more than the rounding tolerance ${config.roundingTolerance}` : 'and no rounding account is set';
	for (const [currency, difference] of debitMinusCredit(posting)) {
		const shown = formatAmount(difference, currency);
		if (compare(difference, ZERO) !== 0) check.reasons.push(documentReason('balance', shown, `debits and credits differ by ${shown} ${currency}, ${hint} — correct the report in Concur or adjust the rounding settings`));
	}
	const accounting = accountingDifference(posting);
	const balancedInTransaction = [...debitMinusCredit(posting).values()].every((difference) => compare(difference, ZERO) === 0);
	if (posting.accountingCurrency && balancedInTransaction && compare(accounting, ZERO) !== 0) {
		const shown = formatAmount(accounting, posting.accountingCurrency);
		check.reasons.push(documentReason('balance', shown, `in the accounting currency debits and credits differ by ${shown} ${posting.accountingCurrency}, ${hint} — adjust the rounding settings`));
	}
	check.openPeriod('voucherDate', posting.voucherDate);
}

function checkInvoice(posting: SupplierInvoicePosting, mapped: MappedDocument, check: Checker): void {
	check.notEmpty(posting.lines.length);
	check.supplier(posting.supplierId, undefined);
	posting.lines.forEach((line, index) => {
		check.account(line.account, mapped.trace[index]);
		check.costCenter(line.codeParts, mapped.trace[index]);
	});
	check.currency(posting.currency);
	check.openPeriod('invoiceDate', posting.invoiceDate);
	const total = mapped.document.kind === 'invoice' ? mapped.document.totalAmount : undefined;
	const booked = sum([parseDecimal(posting.netAmount), parseDecimal(posting.vatAmount)]);
	if (total !== undefined && compare(parseDecimal(total), booked) !== 0) {
		const shown = formatAmount(parseDecimal(total), posting.currency);
		check.reasons.push(documentReason('totalAmount', shown, `the invoice total ${shown} ${posting.currency} is not lines ${posting.netAmount} + VAT ${posting.vatAmount} — allocate shipping or other charges to invoice lines in Concur`));
	}
}

function checkRequisition(posting: PurchaseRequisitionPosting, trace: RowTrace[], check: Checker): void {
	check.notEmpty(posting.lines.length);
	posting.lines.forEach((line, index) => {
		check.account(line.account, trace[index]);
		check.costCenter(line.codeParts, trace[index]);
		check.supplier(line.supplierId, trace[index]);
	});
	for (const currency of new Set(posting.lines.map((line) => line.currency))) check.currency(currency);
}

function companyReasons(company: string, reference: IfsReferenceData, config: MappingConfig): LineReason[] {
	// an unresolved company was already reported by the mapping
	if (!company) return [];
	const allowed = config.allowedCompanies.length === 0 || config.allowedCompanies.includes(company);
	if (allowed && reference.companies[company]) return [];
	return [documentReason('company', company, `IFS company ${company} is not open to this integration — add it to the allowed companies and give the IFS user access to it`)];
}

export function validateMapped(mapped: MappedDocument, reference: IfsReferenceData, config: MappingConfig): ValidationResult {
	const { posting } = mapped;
	const reasons = [...mapped.reasons, ...companyReasons(posting.company, reference, config)];
	const companyReference = reference.companies[posting.company];
	if (companyReference) {
		const check = new Checker(indexCompany(posting.company, companyReference), config);
		if (posting.kind === 'journalEntry') checkJournal(posting, mapped.trace, check, config);
		else if (posting.kind === 'supplierInvoice') checkInvoice(posting, mapped, check);
		else checkRequisition(posting, mapped.trace, check);
		reasons.push(...check.reasons);
	}
	return reasons.length === 0 ? { ok: true, posting } : { ok: false, held: true, reasons };
}
