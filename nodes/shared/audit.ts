/**
 * The audit record every item carries. The builder copies only the fields listed here, as
 * strings and numbers, so tokens, secrets or whole HTTP responses can never slip into it.
 */
import { DateTime } from 'luxon';

import type { SourceReference } from './postings';

export type AuditAction = 'mapped' | 'created' | 'already-posted' | 'held' | 'failed';

export interface AuditReason {
	message: string;
	field?: string;
	value?: string;
	lineNumber?: number;
	entryId?: string;
	allocationId?: string;
}

export interface AuditRecord {
	sourceSystem: 'SAP Concur';
	sourceType: SourceReference['type'] | 'unknown';
	sourceId: string;
	fisDocumentId?: string;
	documentVersion?: string;
	idempotencyKey?: string;
	action: AuditAction;
	company?: string;
	/** e.g. { VoucherNo: '2026000123', AccountingYear: '2026' } or { InvoiceId: '…' }. */
	ifsKeys: Record<string, string>;
	ifsEtags: Record<string, string>;
	correlationIds: string[];
	attempts: number;
	startedAt?: string;
	recordedAt: string;
	executionId?: string;
	reasons: AuditReason[];
	notes: string[];
}

export interface AuditInput {
	source?: Partial<SourceReference>;
	sourceId?: string;
	idempotencyKey?: string;
	action: AuditAction;
	company?: string;
	ifsKeys?: Record<string, unknown>;
	ifsEtags?: Record<string, unknown>;
	correlationIds?: unknown[];
	attempts?: number;
	startedAt?: string;
	/** ISO timestamp; defaults to now. */
	recordedAt?: string;
	executionId?: string;
	reasons?: AuditReason[];
	notes?: string[];
}

const SECRET_NAME = /token|secret|password|authorization|cookie|credential|api[-_]?key/i;

function stringOrUndefined(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** Plain string values only, and never under a name that looks like a secret. */
function safeStrings(values: Record<string, unknown> | undefined): Record<string, string> {
	return Object.fromEntries(
		Object.entries(values ?? {})
			.filter(([key]) => !SECRET_NAME.test(key))
			.map(([key, value]) => [key, stringOrUndefined(value)] as const)
			.filter((entry): entry is [string, string] => entry[1] !== undefined),
	);
}

function isoTimestamp(value: string | undefined): string {
	const parsed = value ? DateTime.fromISO(value, { zone: 'utc' }) : DateTime.utc();
	return (parsed.isValid ? parsed : DateTime.utc()).toUTC().toISO() ?? '';
}

function copyReason(reason: AuditReason): AuditReason {
	return {
		message: reason.message,
		field: stringOrUndefined(reason.field),
		value: stringOrUndefined(reason.value),
		lineNumber: typeof reason.lineNumber === 'number' ? reason.lineNumber : undefined,
		entryId: stringOrUndefined(reason.entryId),
		allocationId: stringOrUndefined(reason.allocationId),
	};
}

export function buildAuditRecord(input: AuditInput): AuditRecord {
	return {
		sourceSystem: 'SAP Concur',
		sourceType: input.source?.type ?? 'unknown',
		sourceId: stringOrUndefined(input.source?.id) ?? stringOrUndefined(input.sourceId) ?? '',
		fisDocumentId: stringOrUndefined(input.source?.fisDocumentId),
		documentVersion: stringOrUndefined(input.source?.version),
		idempotencyKey: stringOrUndefined(input.idempotencyKey),
		action: input.action,
		company: stringOrUndefined(input.company),
		ifsKeys: safeStrings(input.ifsKeys),
		ifsEtags: safeStrings(input.ifsEtags),
		correlationIds: (input.correlationIds ?? []).map(stringOrUndefined).filter((id): id is string => id !== undefined),
		attempts: Number.isInteger(input.attempts) ? (input.attempts as number) : 0,
		startedAt: input.startedAt ? isoTimestamp(input.startedAt) : undefined,
		recordedAt: isoTimestamp(input.recordedAt),
		executionId: stringOrUndefined(input.executionId),
		reasons: (input.reasons ?? []).map(copyReason),
		notes: (input.notes ?? []).filter((note) => typeof note === 'string'),
	};
}
