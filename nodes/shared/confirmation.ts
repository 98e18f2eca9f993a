/**
 * What a posting flow tells Concur and writes to its audit table, computed once by the node that
 * knows the outcome (Concur to IFS for held documents, IFS Cloud → Posting for the rest), so the
 * confirmation and audit nodes after it need no expression per item (each costs ~0.5 ms in n8n's
 * expression sandbox).
 */
import type { AuditRecord } from './audit';

/** The FIS posting confirmation of one document (`documentId` empty for documents read from v3). */
export interface PostingConfirmation {
	docType: 'expense' | 'invoice';
	documentId: string;
	outcome: 'success' | 'error';
	companyId: string;
	documentNumber: string;
	fiscalYear: string;
	postingDate: string;
	errorMessages: string;
	/** The v3 report to mark as integrated (documents read from v3 instead of FIS), else ''. */
	v3ReportId: string;
}

/** One row of the audit data table, every column a string. */
export interface AuditRow {
	recordedAt: string;
	executionId: string;
	sourceType: string;
	sourceId: string;
	fisDocumentId: string;
	idempotencyKey: string;
	action: string;
	company: string;
	ifsKeys: string;
	reasons: string;
	concurConfirmation: string;
	attempts: string;
}

export const AUDIT_ROW_COLUMNS: ReadonlyArray<keyof AuditRow> = [
	'recordedAt',
	'executionId',
	'sourceType',
	'sourceId',
	'fisDocumentId',
	'idempotencyKey',
	'action',
	'company',
	'ifsKeys',
	'reasons',
	'concurConfirmation',
	'attempts',
];

/** The IFS document a posted outcome names. */
export interface PostedDocument {
	company?: unknown;
	voucherNo?: unknown;
	invoiceId?: unknown;
	requisitionNo?: unknown;
	accountingYear?: unknown;
	postingDate?: unknown;
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** Success with the IFS document when `posted` is given, else failure with `errorMessage`. */
export function confirmationOf(audit: AuditRecord, posted: PostedDocument | undefined, errorMessage = ''): PostingConfirmation {
	const postingDate = text(posted?.postingDate);
	return {
		docType: audit.sourceType === 'fis-invoice' ? 'invoice' : 'expense',
		documentId: audit.fisDocumentId ?? '',
		outcome: posted ? 'success' : 'error',
		companyId: text(posted?.company),
		documentNumber: text(posted?.voucherNo ?? posted?.invoiceId ?? posted?.requisitionNo),
		fiscalYear: text(posted?.accountingYear) || postingDate.slice(0, 4),
		postingDate,
		errorMessages: posted ? '' : errorMessage,
		v3ReportId: audit.sourceType === 'v3-report' ? audit.sourceId : '',
	};
}

/** The audit table row; `concurConfirmation` is filled in by the node that tells Concur. */
export function auditRowOf(audit: AuditRecord, executionId: string): AuditRow {
	return {
		recordedAt: audit.recordedAt,
		executionId,
		sourceType: audit.sourceType,
		sourceId: audit.sourceId,
		fisDocumentId: audit.fisDocumentId ?? '',
		idempotencyKey: audit.idempotencyKey ?? '',
		action: audit.action,
		company: audit.company ?? '',
		ifsKeys: JSON.stringify(audit.ifsKeys ?? {}),
		reasons: audit.reasons.map((reason) => reason.message).join(' | '),
		concurConfirmation: '',
		attempts: String(audit.attempts),
	};
}

/** The item with what Concur answered written into its audit row (items without one unchanged). */
export function withConcurConfirmation<T extends object>(json: T, answer: string): T {
	const row = (json as { auditRow?: unknown }).auditRow;
	if (typeof row !== 'object' || row === null) return json;
	return { ...json, auditRow: { ...row, concurConfirmation: answer } };
}
