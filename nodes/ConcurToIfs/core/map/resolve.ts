/** Lookups shared by all mappers: company, GL account, cost center, payment kind, texts. */
import type { CanonicalAllocation, CanonicalDocument, Fields } from '../../../shared/canonical';
import { abs, allocate, compare, currencyDecimals, type Decimal, formatDecimal, parseDecimal, subtract, sum } from '../../../shared/money';
import type { CodeParts } from '../../../shared/postings';
import { toIfsCode } from '../../../shared/code-rules';
import { type FieldLevel, type MappingConfig, type PaymentKind } from '../mapping-config';
import { documentReason, type LineReason, lineReason, type RowTrace } from '../reasons';

export interface MapContext {
	config: MappingConfig;
	company: string;
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

const LIST_ITEM_ID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Concur writes list-item ids as 32 upper-case hex; List v4 uses dashed lower-case UUIDs. */
function sameConcurValue(a: string, b: string): boolean {
	if (a === b) return true;
	const id = (value: string) => value.replace(/-/g, '').toUpperCase();
	return LIST_ITEM_ID.test(a) && LIST_ITEM_ID.test(b) && id(a) === id(b);
}

function translateCostCenter(config: MappingConfig, concurValue: string): string {
	const row = config.costCenterTable.find((candidate) => sameConcurValue(candidate.concurValue.trim(), concurValue));
	return row ? row.ifsCode : toIfsCode(concurValue, config.dashSubstitute);
}

export type FieldsByLevel = Record<FieldLevel, Fields>;

export function resolveCostCenter(config: MappingConfig, fields: FieldsByLevel): string | undefined {
	for (const source of config.costCenterSources) {
		const value = fields[source.level][source.field];
		if (value !== undefined) return translateCostCenter(config, value);
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
		const costCenter = resolveCostCenter(config, { ...fields, allocation: allocation.fields, line: line.fields });
		if (costCenter === undefined && config.costCenterRequired) context.reasons.push(lineReason(trace, 'costCenter', '', costCenterProblem(config)));
		return { account: account ?? '', codeParts: costCenter === undefined ? {} : { [config.costCenterCodePart]: costCenter }, amount: shares[index], trace };
	});
}

/** `{placeholder}` substitution (no expressions); IFS texts hold at most 200 characters. */
export function renderTemplate(template: string, values: Record<string, string | number | undefined>, maxLength = 200): string {
	const rendered = template.replace(/\{(\w+)\}/g, (_, key: string) => (Object.hasOwn(values, key) ? String(values[key] ?? '') : ''));
	return rendered.replace(/\s+/g, ' ').trim().slice(0, maxLength);
}
