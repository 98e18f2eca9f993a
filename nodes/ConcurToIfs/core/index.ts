/**
 * The pure mapping core of the ConcurToIfs node: Concur payloads in, validated IFS postings (or
 * held documents with line-level reasons) out, each with its audit record. No n8n imports.
 */
import { DateTime } from 'luxon';

import { type AuditRecord, buildAuditRecord } from '../../shared/audit';
import type { CanonicalDocument, DocumentKind } from '../../shared/canonical';
import { buildIdempotencyKey } from '../../shared/idempotency';
import type { IfsPosting, SourceReference } from '../../shared/postings';
import { mapExpenseReportToJournal, mapExpenseReportToSupplierInvoice } from './map/expense-report';
import { mapInvoice } from './map/invoice';
import { mapPurchaseRequest } from './map/purchase-request';
import { type MapContext, resolveCompany } from './map/resolve';
import { type ConfigIssue, type MappingConfig, validateMappingConfig } from './mapping-config';
import { InputError, normalizeConcurDocument } from './normalize';
import { documentReason, type LineReason, type MappedDocument } from './reasons';
import { type IfsReferenceData, validateMapped } from './validate';

export interface MappingRunContext {
	/** n8n execution id, copied into every audit record. */
	executionId?: string;
	/** ISO timestamp of the run (defaults to now): audit time and "posting date" rules. */
	now?: string;
	correlationIds?: string[];
}

export type MapItemResult =
	| { held: false; posting: IfsPosting; notes: string[]; audit: AuditRecord }
	| { held: true; reasons: LineReason[]; notes: string[]; audit: AuditRecord };

export class MappingConfigError extends Error {
	constructor(readonly issues: ConfigIssue[]) {
		super(`The mapping is incomplete: ${issues.map((issue) => `${issue.setting}: ${issue.message}`).join('; ')}`);
		this.name = 'MappingConfigError';
	}
}

function idempotencyKey(document: CanonicalDocument, config: MappingConfig): string {
	const prefix = { expenseReport: config.expenseReportPrefix, invoice: config.invoicePrefix, purchaseRequest: config.purchaseRequestPrefix }[document.kind];
	return buildIdempotencyKey(prefix, document.source.id, config.maxReferenceLength);
}

function mapCanonical(document: CanonicalDocument, context: MapContext): MappedDocument {
	if (document.kind === 'invoice') return mapInvoice(document, context);
	if (document.kind === 'purchaseRequest') return mapPurchaseRequest(document, context);
	return context.config.expenseReportTarget === 'supplierInvoice' ? mapExpenseReportToSupplierInvoice(document, context) : mapExpenseReportToJournal(document, context);
}

function mapOne(document: CanonicalDocument, config: MappingConfig, referenceData: IfsReferenceData, run: Required<Pick<MappingRunContext, 'now'>> & MappingRunContext): MapItemResult {
	const { company, reasons } = resolveCompany(document, config);
	const reference = idempotencyKey(document, config);
	const today = DateTime.fromISO(run.now, { setZone: true }).toISODate() ?? '';
	const mapped = mapCanonical(document, { config, company, ifs: referenceData.companies[company], reference, today, reasons, notes: [] });
	const result = validateMapped(mapped, referenceData, config);
	const audit = (action: 'mapped' | 'held', heldReasons: LineReason[] = []) =>
		buildAuditRecord({ source: document.source, idempotencyKey: reference, action, company, executionId: run.executionId, correlationIds: run.correlationIds, recordedAt: run.now, reasons: heldReasons, notes: mapped.notes });
	if (result.ok) return { held: false, posting: result.posting, notes: mapped.notes, audit: audit('mapped') };
	return { held: true, reasons: result.reasons, notes: mapped.notes, audit: audit('held', result.reasons) };
}

/** Best-effort id of an unusable payload, for its audit record. */
function rawId(input: unknown): string | undefined {
	if (input === null || typeof input !== 'object') return undefined;
	const item = input as Record<string, unknown>;
	const candidate = item.id ?? item.ID ?? item.purchaseRequestId;
	return typeof candidate === 'string' ? candidate : undefined;
}

/** An unreadable FIS envelope still names its financial document, so Concur can be told the posting failed. */
function rawFisSource(input: unknown): Partial<SourceReference> | undefined {
	if (input === null || typeof input !== 'object') return undefined;
	const { id, docType, document } = input as Record<string, unknown>;
	if (typeof id !== 'string' || (docType !== 'expense' && docType !== 'invoice')) return undefined;
	const body = document !== null && typeof document === 'object' ? (document as Record<string, Record<string, unknown> | undefined>) : {};
	const sourceId = docType === 'expense' ? body.report?.reportId : body.requestHeader?.requestId;
	return { type: `fis-${docType}`, id: typeof sourceId === 'string' ? sourceId : '', fisDocumentId: id, fisDocType: docType };
}

function failed(input: unknown, error: InputError, run: Required<Pick<MappingRunContext, 'now'>> & MappingRunContext): MapItemResult {
	const reasons = [documentReason(error.field, '', `the Concur document cannot be read: ${error.message}`)];
	const source = rawFisSource(input);
	const audit = buildAuditRecord({ source, sourceId: source ? undefined : rawId(input), action: 'failed', executionId: run.executionId, correlationIds: run.correlationIds, recordedAt: run.now, reasons });
	return { held: true, reasons, notes: [], audit };
}

const KIND_NAMES: Record<DocumentKind, [one: string, many: string]> = {
	expenseReport: ['an expense report', 'expense reports'],
	invoice: ['an invoice', 'invoices'],
	purchaseRequest: ['a purchase request', 'purchase requests'],
};

/** A document of a kind the node is not set up for is held, never mapped with settings nobody filled in. */
function otherKind(document: CanonicalDocument, config: MappingConfig, run: Required<Pick<MappingRunContext, 'now'>> & MappingRunContext): MapItemResult {
	const chosen = config.documentKinds.map((kind) => KIND_NAMES[kind][1]).join(' and ') || 'no document kind';
	const [one, many] = KIND_NAMES[document.kind];
	const reasons = [documentReason('documentKinds', document.kind, `this node maps ${chosen} only; this is ${one} — add ${many} under Document Kinds (and fill in their settings) or send it to another mapping node`)];
	const audit = buildAuditRecord({ source: document.source, action: 'held', executionId: run.executionId, correlationIds: run.correlationIds, recordedAt: run.now, reasons });
	return { held: true, reasons, notes: [], audit };
}

/** Unreadable input becomes a failed item; anything else is a bug and propagates. */
function normalizeOrError(input: unknown): CanonicalDocument | InputError {
	let failure: unknown;
	try {
		return normalizeConcurDocument(input);
	} catch (error) {
		failure = error;
	}
	if (failure instanceof InputError) return failure;
	throw failure;
}

/**
 * Maps each Concur item (FIS expense/invoice envelope, assembled v3 report, v3 payment request,
 * purchase request) to a validated IFS posting, or holds it whole with line-level reasons.
 * Throws MappingConfigError when the mapping lacks settings the items need.
 */
export function mapDocuments(inputs: readonly unknown[], config: MappingConfig, referenceData: IfsReferenceData, context: MappingRunContext = {}): MapItemResult[] {
	const run = { ...context, now: context.now ?? DateTime.utc().toISO() ?? '' };
	const documents = inputs.map(normalizeOrError);
	const kinds = [...new Set(documents.flatMap((document) => (document instanceof InputError || !config.documentKinds.includes(document.kind) ? [] : [document.kind])))];
	const issues = validateMappingConfig(config, kinds);
	if (issues.length > 0) throw new MappingConfigError(issues);
	return documents.map((document, index) => {
		if (document instanceof InputError) return failed(inputs[index], document, run);
		if (!config.documentKinds.includes(document.kind)) return otherKind(document, config, run);
		return mapOne(document, config, referenceData, run);
	});
}

export { buildAuditRecord } from '../../shared/audit';
export type { AuditRecord } from '../../shared/audit';
export type { CanonicalDocument } from '../../shared/canonical';
export { defaultMappingConfig, validateMappingConfig } from './mapping-config';
export { codeTranslator } from '../../shared/code-rules';
export { costCenterCodeRule } from './mapping-config';
export type { ConfigIssue, MappingConfig, PaymentKind } from './mapping-config';
export * from './normalize';
export type { LineReason } from './reasons';
export type { IfsCodeValue, IfsCompanyReference, IfsReferenceData, ValidationResult } from './validate';
