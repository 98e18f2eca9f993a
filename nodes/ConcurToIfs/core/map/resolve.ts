/** Lookups shared by all mappers: company, GL account, cost center, payment kind, texts. */
import type { CanonicalAllocation, CanonicalDocument, Fields } from '../../../shared/canonical';
import { abs, allocate, compare, currencyDecimals, type Decimal, formatDecimal, parseDecimal, subtract, sum } from '../../../shared/money';
import type { CodeParts } from '../../../shared/postings';
import { cleanText } from '../../../shared/text';
import { codeTranslator, type CodeTranslator, type Translation } from '../../../shared/code-rules';
import { costCenterCodeRule, type CompanyAccountSetting, type FieldLevel, type MappingConfig, type PaymentKind, type PerCompany } from '../mapping-config';
import { documentReason, type LineReason, lineReason, type RowTrace } from '../reasons';
import type { IfsCompanyReference } from '../validate';

export interface MapContext {
	config: MappingConfig;
	company: string;
	/** IFS reference data of the company (undefined when the company is unknown; validation reports that). */
	ifs?: IfsCompanyReference;
	reference: string;
	/** The day the mapping runs (`yyyy-MM-dd`), for "posting date" rules. */
	today: string;
	reasons: LineReason[];
	notes: string[];
}

/** Decimals of a currency as IFS defines them for the company, else ISO 4217's. */
export function decimalsOf(context: MapContext, currency: string): number {
	return context.ifs?.currencyDecimals?.[currency] ?? currencyDecimals(currency);
}

/** The row for this company, else the row that applies to every company (blank company). */
export function rowFor<T extends PerCompany>(rows: readonly T[], company: string, matches: (row: T) => boolean): T | undefined {
	const candidates = rows.filter(matches);
	return candidates.find((row) => (row.company ?? '').trim() === company) ?? candidates.find((row) => (row.company ?? '').trim() === '');
}

/** A flat account setting, overridden per company by the company accounts table. */
export function companyAccount(config: MappingConfig, company: string, setting: CompanyAccountSetting): string {
	const override = config.companyAccounts.find((row) => row.company.trim() === company)?.[setting];
	return override?.trim() || config[setting];
}

/** The parts of a canonical line every mapper splits across allocations. */
export interface SplittableLine {
	lineNumber: number;
	lineId: string;
	itemizationId?: string;
	expenseTypeCode?: string;
	concurAccountCode?: string;
	fields: Fields;
	allocations: CanonicalAllocation[];
}

/** A debit-side amount on account × code parts, before it becomes a voucher row or invoice line. */
export interface Draft {
	account: string;
	codeParts: CodeParts;
	amount: Decimal;
	trace: RowTrace;
}

export function resolveCompany(document: CanonicalDocument, config: MappingConfig): { company: string; reasons: LineReason[] } {
	if (config.companyMode === 'fixed') return { company: config.fixedCompany, reasons: [] };
	const value = document.companyHints[config.companySourceField];
	const row = value === undefined ? undefined : config.companyTable.find((candidate) => candidate.concurValue.trim() === value);
	if (row) return { company: row.ifsCompany, reasons: [] };
	return {
		company: '',
		reasons: [
			documentReason(
				config.companySourceField,
				value ?? '',
				value === undefined
					? `the document has no "${config.companySourceField}" to choose the IFS company from — fill it in Concur or use a fixed company`
					: `Concur ${config.companySourceField} "${value}" is not in the company table — add a row that maps it to an IFS company`,
			),
		],
	};
}

export function resolveAccount(config: MappingConfig, company: string, expenseTypeCode: string | undefined, concurAccountCode: string | undefined): string | undefined {
	const byType = expenseTypeCode === undefined ? undefined : rowFor(config.accountByExpenseType, company, (row) => row.expenseTypeCode.trim() === expenseTypeCode);
	const byConcur = concurAccountCode === undefined ? undefined : rowFor(config.accountByConcurAccount, company, (row) => row.concurAccountCode.trim() === concurAccountCode);
	return byType?.account ?? byConcur?.account ?? (config.fallbackToConcurAccount ? concurAccountCode : undefined);
}

/** The tax account row for the first key that has one (keys in order of preference). */
export function taxAccountFor(config: MappingConfig, company: string, keys: readonly (string | undefined)[]) {
	for (const key of keys) {
		const row = key === undefined ? undefined : rowFor(config.taxAccounts, company, (candidate) => candidate.taxCode.trim().toUpperCase() === key.toUpperCase());
		if (row) return row;
	}
	return undefined;
}

export type FieldsByLevel = Record<FieldLevel, Fields>;

const translators = new WeakMap<MappingConfig, WeakMap<object, CodeTranslator>>();
const NO_COMPANY = {};

/** Per mapping and company, the translator the Reference Sync builds for that company's cost centers. */
function costCenterTranslator(config: MappingConfig, ifs: IfsCompanyReference | undefined): CodeTranslator {
	const perCompany = translators.get(config) ?? new WeakMap<object, CodeTranslator>();
	translators.set(config, perCompany);
	const key = ifs?.costCenters ?? NO_COMPANY;
	let translator = perCompany.get(key);
	if (!translator) {
		translator = codeTranslator(costCenterCodeRule(config), (ifs?.costCenters ?? []).map((value) => value.code));
		perCompany.set(key, translator);
	}
	return translator;
}

/** The IFS cost center of the first source with a value (undefined: none has one), or why the code rule cannot translate it. */
export function resolveCostCenter(context: Pick<MapContext, 'config' | 'ifs'>, fields: FieldsByLevel): Translation | undefined {
	for (const source of context.config.costCenterSources) {
		const value = fields[source.level][source.field];
		if (value !== undefined) return costCenterTranslator(context.config, context.ifs).toIfs(value);
	}
	return undefined;
}

/** Matches the payment type's code, then its name, ignoring case; the company's row wins. */
export function paymentKindOf(config: MappingConfig, company: string, paymentType: { paymentTypeCode?: string; paymentTypeName?: string }): { kind: PaymentKind; account?: string } | undefined {
	const byValue = (value: string | undefined) =>
		value === undefined ? undefined : rowFor(config.paymentTypeKinds, company, (row) => row.paymentTypeCode.trim().toUpperCase() === value.toUpperCase());
	const row = byValue(paymentType.paymentTypeCode) ?? byValue(paymentType.paymentTypeName);
	return row && { kind: row.kind, account: row.account?.trim() || undefined };
}

export function codePartLetter(config: MappingConfig): string {
	return config.costCenterCodePart.slice(-1);
}

function costCenterProblem(config: MappingConfig): string {
	const sources = config.costCenterSources.map((source) => `${source.level} ${source.field}`).join(', ');
	return `no cost center found (looked in ${sources || 'nothing: no cost-center source is configured'}) — fill it in Concur or change the cost-center source`;
}

const HUNDRED = parseDecimal('100');
// Concur stores percentages such as 33.33333333; three of them miss 100 by a hair
const PERCENT_TOLERANCE = parseDecimal('0.01');

function percentTotalReason(line: SplittableLine, percentages: Decimal[]): LineReason | undefined {
	const total = sum(percentages);
	if (compare(abs(subtract(total, HUNDRED)), PERCENT_TOLERANCE) <= 0) return undefined;
	const trace: RowTrace = { role: 'expense', lineNumbers: [line.lineNumber], entryId: line.lineId, itemizationId: line.itemizationId };
	return lineReason(trace, 'allocationPercentage', formatDecimal(total), `the allocations add up to ${formatDecimal(total)} %, not 100 % — correct the allocation in Concur`);
}

export function allocationTrace(line: SplittableLine, allocation: CanonicalAllocation, index: number): RowTrace {
	return { role: 'expense', lineNumbers: [line.lineNumber], entryId: line.lineId, itemizationId: line.itemizationId, allocationId: allocation.allocationId, allocationNumber: index + 1 };
}

/** Account × cost center of one allocation's share; problems are added to `context.reasons`. */
export function allocationDraft(line: SplittableLine, index: number, amount: Decimal, fields: Omit<FieldsByLevel, 'allocation' | 'line'>, context: MapContext): Draft {
	const { config } = context;
	const allocation = line.allocations[index];
	const trace = allocationTrace(line, allocation, index);
	const account = resolveAccount(config, context.company, line.expenseTypeCode, allocation.concurAccountCode ?? line.concurAccountCode);
	if (account === undefined) {
		context.reasons.push(lineReason(trace, 'account', line.expenseTypeCode ?? '', `expense type "${line.expenseTypeCode ?? ''}" has no IFS account — add it to the GL account table (Concur gave no journal account to fall back to)`));
	}
	const costCenter = resolveCostCenter(context, { ...fields, allocation: allocation.fields, line: line.fields });
	if (costCenter?.problem !== undefined) context.reasons.push(lineReason(trace, 'costCenter', '', costCenter.problem));
	else if (costCenter === undefined && config.costCenterRequired) context.reasons.push(lineReason(trace, 'costCenter', '', costCenterProblem(config)));
	return { account: account ?? '', codeParts: costCenter?.code === undefined ? {} : { [config.costCenterCodePart]: costCenter.code }, amount, trace };
}

/**
 * Splits `amount` across the line's allocations by percentage, to the currency's decimals
 * (remainder to the largest share) — only for allocations Concur states no amount for.
 */
export function splitLine(line: SplittableLine, amount: Decimal, currency: string, fields: Omit<FieldsByLevel, 'allocation' | 'line'>, context: MapContext): Draft[] {
	const percentages = line.allocations.map((allocation) => parseDecimal(allocation.percentage));
	const percentReason = percentTotalReason(line, percentages);
	if (percentReason) context.reasons.push(percentReason);
	const shares = allocate(amount, percentages, decimalsOf(context, currency));
	return line.allocations.map((_allocation, index) => allocationDraft(line, index, shares[index], fields, context));
}

/** `{placeholder}` substitution (no expressions); IFS texts hold at most 200 characters. */
export function renderTemplate(template: string, values: Record<string, string | number | undefined>, maxLength = 200): string {
	return cleanText(template.replace(/\{(\w+)\}/g, (_, key: string) => (Object.hasOwn(values, key) ? String(values[key] ?? '') : '')), maxLength);
}
