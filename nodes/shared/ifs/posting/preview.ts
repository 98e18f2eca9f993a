/**
 * Dry run of the posting engine: the same company-scoped look-ups as a real run (GET requests
 * only), and per document what a real run would do — create it, report it as already posted, hold
 * it as changed, or reverse the old version and post the new one. Nothing is sent to IFS but reads.
 */
import type { IfsPosting } from '../../postings';
import type { IfsTransport } from '../transport';
import { modelFor, type IfsDocumentKeys } from './documents';
import { findExisting, groupByScope, type EngineOptions } from './engine';
import { assessExisting, postingTotal } from './versions';

export type PreviewStatus = 'would-create' | 'already-posted' | 'changed' | 'would-reverse-and-repost';

export interface PreviewOutcome {
	status: PreviewStatus;
	/** The document IFS holds under the Concur reference (already posted, or the changed version). */
	ifs?: IfsDocumentKeys;
	duplicates?: IfsDocumentKeys[];
	/** Why a changed document would be held, with both totals. */
	message?: string;
}

/** Outcomes per input position; positions without a posting stay undefined. */
export async function previewDocuments(transport: IfsTransport, postings: Array<IfsPosting | undefined>, options: EngineOptions): Promise<Array<PreviewOutcome | undefined>> {
	const outcomes = new Array<PreviewOutcome | undefined>(postings.length);
	for (const group of groupByScope(postings)) {
		const model = modelFor(group[0].posting.kind);
		const existing = await findExisting(transport, model, group, options);
		for (const doc of group) {
			const found = assessExisting(model, doc.posting, existing.get(doc.posting.reference) ?? []);
			const outcome: PreviewOutcome =
				found.status === 'missing'
					? { status: 'would-create' }
					: found.status === 'posted'
						? { status: 'already-posted', ifs: found.document.ifs, ...(found.duplicates.length ? { duplicates: found.duplicates.map((document) => document.ifs) } : {}) }
						: changed(doc.posting, found.document.ifs, model.totalOf(found.document.rows), model.reversible && found.live === 1 && options.settings.changedDocuments === 'reverse');
			for (const index of doc.indexes) outcomes[index] = outcome;
		}
	}
	return outcomes;
}

function changed(posting: IfsPosting, ifs: IfsDocumentKeys, ifsTotal: string, reverse: boolean): PreviewOutcome {
	const held = `${posting.reference} changed in Concur after it was posted: IFS holds ${ifsTotal}, Concur now says ${postingTotal(posting)}`;
	return reverse ? { status: 'would-reverse-and-repost', ifs } : { status: 'changed', ifs, message: `${held} — a real run holds it` };
}
