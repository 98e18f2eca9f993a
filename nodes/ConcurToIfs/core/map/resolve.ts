/** Lookups shared by all mappers: company, GL account, cost center, payment kind, texts. */
import type { CanonicalAllocation, CanonicalDocument, Fields } from '../../../shared/canonical';
import { abs, allocate, compare, currencyDecimals, type Decimal, formatDecimal, parseDecimal, subtract, sum } from '../../../shared/money';
import type { CodeParts } from '../../../shared/postings';
import { codeTranslator, type CodeTranslator, type Translation } from '../../../shared/code-rules';
import { costCenterCodeRule, type FieldLevel, type MappingConfig, type PaymentKind } from '../mapping-config';
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

export function resolveAccount(config: MappingConfig, expenseTypeCode: string | undefined, concurAccountCode: string | undefined): string | undefined {
	const byType = expenseTypeCode === undefined ? undefined : config.accountByExpenseType.find((row) => row.expenseTypeCode.trim() === expenseTypeCode);
	const byConcur = concurAccountCode === undefined ? undefined : config.accountByConcurAccount.find((row) => row.concurAccountCode.trim() === concurAccountCode);
	return byType?.account ?? byConcur?.account ?? (config.fallbackToConcurAccount ? concurAccountCode : undefined);
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

/** Matches the payment type's code, then its name, ignoring case. */
export function paymentKindOf(config: MappingConfig, paymentType: { paymentTypeCode?: string; paymentTypeName?: string }): PaymentKind | undefined {
	const rowFor = (value: string | undefined) => (value === undefined ? undefined : config.paymentTypeKinds.find((row) => row.paymentTypeCode.trim().toUpperCase() === value.toUpperCase()));
	return (rowFor(paymentType.paymentTypeCode) ?? rowFor(paymentType.paymentTypeName))?.kind;
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

/**
 * Splits `amount` across the line's allocations to the cent (remainder to the largest share) and
 * resolves account and cost center for each share. Problems are added to `context.reasons`.
 */
export function splitLine(line: SplittableLine, amount: Decimal, currency: string, fields: Omit<FieldsByLevel, 'allocation' | 'line'>, context: MapContext): Draft[] {
	const { config } = context;
	const percentages = line.allocations.map((allocation) => parseDecimal(allocation.percentage));
	const percentReason = percentTotalReason(line, percentages);
	if (percentReason) context.reasons.push(percentReason);
	const shares = allocate(amount, percentages, currencyDecimals(currency));
	return line.allocations.map((allocation, index) => {
		const trace: RowTrace = { role: 'expense', lineNumbers: [line.lineNumber], entryId: line.lineId, itemizationId: line.itemizationId, allocationId: allocation.allocationId, allocationNumber: index + 1 };
		const concurAccount = allocation.concurAccountCode ?? line.concurAccountCode;
		const account = resolveAccount(config, line.expenseTypeCode, concurAccount);
		if (account === undefined) {
			context.reasons.push(lineReason(trace, 'account', line.expenseTypeCode ?? '', `expense type "${line.expenseTypeCode ?? ''}" has no IFS account — add it to the GL account table (Concur gave no journal account to fall back to)`));
		}
		const costCenter = resolveCostCenter(context, { ...fields, allocation: allocation.fields, line: line.fields });
		if (costCenter?.problem !== undefined) context.reasons.push(lineReason(trace, 'costCenter', '', costCenter.problem));
		else if (costCenter === undefined && config.costCenterRequired) context.reasons.push(lineReason(trace, 'costCenter', '', costCenterProblem(config)));
		return { account: account ?? '', codeParts: costCenter?.code === undefined ? {} : { [config.costCenterCodePart]: costCenter.code }, amount: shares[index], trace };
	});
}

/** `{placeholder}` substitution (no expressions); IFS texts hold at most 200 characters. */
export function renderTemplate(template: string, values: Record<string, string | number | undefined>, maxLength = 200): string {
	const rendered = template.replace(/\{(\w+)\}/g, (_, key: string) => (Object.hasOwn(values, key) ? String(values[key] ?? '') : ''));
	return rendered.replace(/\s+/g, ' ').trim().slice(0, maxLength);
}
