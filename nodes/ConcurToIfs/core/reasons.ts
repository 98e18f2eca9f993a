/** Why a document is held, in words a finance user understands, tied to the Concur line. */
import type { CanonicalDocument } from '../../shared/canonical';
import type { IfsPosting } from '../../shared/postings';

export interface LineReason {
	/** 1-based Concur line number; absent for document-level reasons. */
	lineNumber?: number;
	/** Concur entry id (expense) or line item id (invoice / purchase request). */
	entryId?: string;
	itemizationId?: string;
	allocationId?: string;
	/** 1-based allocation position within the line. */
	allocationNumber?: number;
	field: string;
	value: string;
	message: string;
}

export type RowRole = 'expense' | 'tax' | 'liability' | 'receivable' | 'cashAdvance' | 'rounding' | 'invoiceLine' | 'requisitionLine';

/** Where a posting row or line came from. */
export interface RowTrace {
	role: RowRole;
	lineNumbers: number[];
	entryId?: string;
	itemizationId?: string;
	allocationId?: string;
	allocationNumber?: number;
}

/** A mapped, not yet validated document: `trace[i]` explains row/line i of the posting. */
export interface MappedDocument {
	document: CanonicalDocument;
	posting: IfsPosting;
	trace: RowTrace[];
	reasons: LineReason[];
	notes: string[];
}

function shortId(id: string): string {
	return id.length > 8 ? `${id.slice(0, 4)}…` : id;
}

function where(trace: RowTrace | undefined): string {
	if (!trace || trace.lineNumbers.length === 0) return '';
	if (trace.lineNumbers.length > 1) return `Credit row for lines ${trace.lineNumbers.join(', ')}: `;
	const details = [
		trace.entryId && `entry ${shortId(trace.entryId)}`,
		trace.itemizationId && `itemization ${shortId(trace.itemizationId)}`,
		trace.allocationNumber && `allocation ${trace.allocationNumber}`,
	].filter(Boolean);
	return `Line ${trace.lineNumbers[0]}${details.length > 0 ? ` (${details.join(', ')})` : ''}: `;
}

/** `problem` is a sentence fragment such as `cost center "CC500" does not exist …`. */
export function lineReason(trace: RowTrace | undefined, field: string, value: string, problem: string): LineReason {
	const prefix = where(trace);
	const single = trace && trace.lineNumbers.length === 1;
	return {
		lineNumber: single ? trace.lineNumbers[0] : undefined,
		entryId: single ? trace.entryId : undefined,
		itemizationId: single ? trace.itemizationId : undefined,
		allocationId: single ? trace.allocationId : undefined,
		allocationNumber: single ? trace.allocationNumber : undefined,
		field,
		value,
		message: prefix ? `${prefix}${problem}` : `${problem.charAt(0).toUpperCase()}${problem.slice(1)}`,
	};
}

export function documentReason(field: string, value: string, problem: string): LineReason {
	return lineReason(undefined, field, value, problem);
}
