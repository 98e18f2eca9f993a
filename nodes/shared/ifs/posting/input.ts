/** Reads and checks the Posting operation's input items before anything is sent. */
import type { IDataObject } from 'n8n-workflow';

import type { IfsPosting } from '../../postings';
import { isCompanyAllowed, type CompanyScope } from '../company';
import { DOCUMENT_MODELS } from './documents';

export type CheckedPosting = { posting: IfsPosting; audit: IDataObject } | { refused: string; posting?: unknown; audit: IDataObject };

/** The item's `posting` and `audit`; a malformed posting or one for a company not allowed is refused. */
export function checkPostingItem(json: IDataObject, scope: CompanyScope): CheckedPosting {
	const audit = isRecord(json.audit) ? (json.audit as IDataObject) : {};
	const posting = json.posting;
	const problem = postingProblem(posting);
	if (problem) return { refused: problem, posting, audit };
	const { company } = posting as IfsPosting;
	if (!isCompanyAllowed(scope, company)) {
		return {
			refused: `Company ${JSON.stringify(company)} is not in this IFS credential's allowed companies (${scope.allowed.join(', ')}); nothing was sent`,
			posting,
			audit,
		};
	}
	return { posting: posting as IfsPosting, audit };
}

function postingProblem(posting: unknown): string | undefined {
	if (!isRecord(posting)) return 'The item has no "posting" object (expected the output of the Concur to IFS mapping node)';
	if (typeof posting.kind !== 'string' || !(posting.kind in DOCUMENT_MODELS)) {
		return `Unknown posting kind ${JSON.stringify(posting.kind)} (expected journalEntry, supplierInvoice or purchaseRequisition)`;
	}
	for (const field of ['company', 'reference']) {
		if (typeof posting[field] !== 'string' || (posting[field] as string).trim() === '') return `The posting has no ${field}`;
	}
	const lines = posting.kind === 'journalEntry' ? posting.rows : posting.lines;
	if (!Array.isArray(lines) || lines.length === 0) return `The ${posting.kind} posting ${String(posting.reference)} has no lines`;
	return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
