/**
 * Idempotent posting: look up which documents IFS already holds (company-scoped, many references
 * per query), create each missing one in its own `$batch` change set (several per request,
 * continue-on-error), read keys back once per batch. A batch whose outcome is unknown is
 * verified by reading back before anything is resent, so nothing is ever posted twice. A
 * reference IFS holds with other content is a changed document (versions.ts): held, or reversed
 * and reposted in one change set.
 */
import { sleep } from 'n8n-workflow';

import { runPool } from '../../concurrency';
import type { IfsPosting } from '../../postings';
import { classifyFailure, nextDelay } from '../../retry';
import {
	BatchOutcomeUnknownError,
	IfsRequestError,
	type BatchReply,
	type IfsTransport,
} from '../transport';
import type { BatchOperation, BatchPartResult } from '../odata/batch';
import { formatIfsError, parseIfsError, type AttemptedOperation, type IfsErrorDetail } from '../odata/errors';
import { DECIMAL_READ_HEADERS } from '../odata/decimals';
import { buildQuery, compileFilter } from '../odata/filter';
import { lookupScopeOf, modelFor, type DocumentModel, type IfsDocumentKeys, type IfsRow, type PostingSettings } from './documents';
import { assessExisting, postingTotal } from './versions';

export interface PostingFailure {
	message: string;
	status?: number;
	code?: string;
	oraCode?: string;
	details: IfsErrorDetail[];
	attempted?: AttemptedOperation;
}

interface Traffic {
	attempts: number;
	correlationIds: string[];
}

export type PostingOutcome =
	| ({ status: 'created' | 'already-posted'; ifs: IfsDocumentKeys } & Traffic)
	| ({ status: 'failed' | 'held'; error: PostingFailure } & Traffic);

export interface EngineOptions {
	settings: PostingSettings;
	/** Documents (change sets) per `$batch` request. */
	batchSize: number;
	/** References ORed into one lookup query. */
	referencesPerQuery: number;
}

interface Pending {
	posting: IfsPosting;
	/** Input positions carrying this document (duplicates share one IFS document). */
	indexes: number[];
	traffic: Traffic;
	/** Rows of the earlier version this one replaces (reversed in the same change set). */
	replaces?: IfsRow[];
}

/** Outcomes per input position; positions without a posting (refused earlier) stay undefined. */
export async function postDocuments(
	transport: IfsTransport,
	postings: Array<IfsPosting | undefined>,
	options: EngineOptions,
): Promise<Array<PostingOutcome | undefined>> {
	const outcomes = new Array<PostingOutcome | undefined>(postings.length);
	for (const group of groupByScope(postings)) {
		const model = modelFor(group[0].posting.kind);
		const existing = await findExisting(transport, model, group, options);
		const missing = group.filter((doc) => !settleExisting(model, doc, existing.get(doc.posting.reference) ?? [], options, outcomes));
		await runPool(chunk(missing, options.batchSize), async (batch) => await createBatch(transport, model, batch, options, outcomes), transport.settings.limiter);
	}
	return outcomes;
}

function groupByScope(postings: Array<IfsPosting | undefined>): Pending[][] {
	const byDocument = new Map<string, Pending>();
	postings.forEach((posting, index) => {
		if (!posting) return;
		const key = `${lookupScopeOf(posting)}|${posting.reference}`;
		const known = byDocument.get(key);
		if (known) known.indexes.push(index);
		else byDocument.set(key, { posting, indexes: [index], traffic: { attempts: 0, correlationIds: [] } });
	});
	const groups = new Map<string, Pending[]>();
	for (const doc of byDocument.values()) {
		const scope = lookupScopeOf(doc.posting);
		groups.set(scope, [...(groups.get(scope) ?? []), doc]);
	}
	return [...groups.values()];
}

/** Already posted or held (true), or still to be created — after the earlier version it replaces, when reversing (false). */
function settleExisting(model: DocumentModel, doc: Pending, rows: IfsRow[], options: EngineOptions, outcomes: Array<PostingOutcome | undefined>): boolean {
	const existing = assessExisting(model, doc.posting, rows);
	if (existing.status === 'missing') return false;
	if (existing.status === 'posted') {
		settle(outcomes, doc, { status: 'already-posted', ifs: model.keysOf(existing.rows), ...doc.traffic });
		return true;
	}
	if (options.settings.changedDocuments === 'reverse' && model.reversible && existing.live === 1) {
		doc.replaces = existing.rows;
		return false;
	}
	settle(outcomes, doc, { status: 'held', error: { message: changedMessage(model, doc, existing.rows, options), details: [] }, ...doc.traffic });
	return true;
}

function changedMessage(model: DocumentModel, doc: Pending, rows: IfsRow[], options: EngineOptions): string {
	const keys = Object.values(model.keysOf(rows).keys).join('/');
	const remedy =
		model.reversible && options.settings.changedDocuments !== 'reverse'
			? `reverse it in IFS, or set "Changed Documents" to reverse and repost`
			: `correct or cancel it in IFS, then post the document again`;
	return `${doc.posting.reference} changed in Concur after it was posted: IFS ${model.kind} ${keys} holds ${model.totalOf(rows)}, Concur now says ${postingTotal(doc.posting)} — ${remedy}`;
}

/** Rows of the document this posting created (its own content marker), for its keys. */
function createdKeys(model: DocumentModel, doc: Pending, rows: IfsRow[] | undefined): IfsDocumentKeys | undefined {
	const existing = rows ? assessExisting(model, doc.posting, rows) : undefined;
	return existing?.status === 'posted' ? model.keysOf(existing.rows) : undefined;
}

/** Reference → rows of documents IFS already holds, one query per `referencesPerQuery` references. */
async function findExisting(transport: IfsTransport, model: DocumentModel, docs: Pending[], options: EngineOptions) {
	const found = new Map<string, IfsRow[]>();
	const ref = model.lookup(options.settings);
	await runPool(
		chunk(docs, options.referencesPerQuery),
		async (part) => {
			const postings = part.map((doc) => doc.posting);
			const query = buildQuery({ filter: compileFilter(model.lookupFilter(postings), { projection: ref.projection }), select: model.select });
			const { rows, attempts } = await transport.getAll(ref, query, { headers: { ...DECIMAL_READ_HEADERS } });
			part.forEach((doc) => (doc.traffic.attempts += attempts / part.length));
			const rowsByReference = new Map<string, Array<Record<string, unknown>>>();
			for (const row of rows) {
				const reference = model.referenceOf(row, postings);
				if (reference !== undefined) rowsByReference.set(reference, [...(rowsByReference.get(reference) ?? []), row]);
			}
			rowsByReference.forEach((matching, reference) => found.set(reference, matching));
		},
		transport.settings.limiter,
	);
	return found;
}

/** Sends one batch; when IFS's answer is lost, reads back and resends only what is missing. */
async function createBatch(
	transport: IfsTransport,
	model: DocumentModel,
	batch: Pending[],
	options: EngineOptions,
	outcomes: Array<PostingOutcome | undefined>,
): Promise<void> {
	let unsent = batch;
	let waitedMs = 0;
	for (let round = 1; unsent.length > 0; round++) {
		const { sent, uncertain } = await sendOnce(transport, model, unsent, options, outcomes);
		const readBack = await findExisting(transport, model, [...sent, ...uncertain.docs], options);
		const keysOf = (doc: Pending) => createdKeys(model, doc, readBack.get(doc.posting.reference));
		for (const doc of sent) {
			const keys = keysOf(doc);
			settle(outcomes, doc, keys ? { status: 'created', ifs: keys, ...doc.traffic } : notReadBack(doc));
		}
		for (const doc of uncertain.docs.filter((d) => keysOf(d))) {
			settle(outcomes, doc, { status: 'created', ifs: keysOf(doc)!, ...doc.traffic });
		}
		unsent = uncertain.docs.filter((doc) => !keysOf(doc));
		if (unsent.length === 0 || !uncertain.error) return;
		const delay = nextDelay({ attempt: round, waitedMs }, uncertain.error.httpFailure, transport.settings.retryPolicy, { random: Math.random, now: new Date() });
		// IFS stayed unreachable: fail the run (nothing is lost; a retried execution finds what was created).
		if (delay === null) throw uncertain.error;
		waitedMs += delay;
		await sleep(delay);
	}
}

/** One `$batch` request: per document sent (IFS confirmed its change set) or failed; or all uncertain. */
async function sendOnce(
	transport: IfsTransport,
	model: DocumentModel,
	docs: Pending[],
	options: EngineOptions,
	outcomes: Array<PostingOutcome | undefined>,
): Promise<{ sent: Pending[]; uncertain: { docs: Pending[]; error?: BatchOutcomeUnknownError } }> {
	const planned = docs.flatMap((doc) => {
		try {
			return [{ doc, operations: model.changeSet(doc.posting, options.settings, doc.replaces) }];
		} catch (error) {
			settle(outcomes, doc, failed(doc, { message: (error as Error).message, details: [] }));
			return [];
		}
	});
	if (planned.length === 0) return { sent: [], uncertain: { docs: [] } };
	let reply: BatchReply | undefined;
	let failure: unknown;
	try {
		reply = await transport.batch(model.projection(options.settings), planned.map(({ operations }) => ({ changeSet: operations })));
	} catch (error) {
		failure = error;
	}
	if (failure instanceof BatchOutcomeUnknownError) {
		planned.forEach(({ doc }) => (doc.traffic.attempts += failure.attempts));
		return { sent: [], uncertain: { docs: planned.map(({ doc }) => doc), error: failure } };
	}
	if (failure instanceof IfsRequestError && isOutage(failure)) throw failure;
	if (!reply) {
		for (const { doc } of planned) settle(outcomes, doc, failed(doc, requestFailure(failure, doc)));
		return { sent: [], uncertain: { docs: [] } };
	}
	const sent: Pending[] = [];
	planned.forEach(({ doc, operations }, index) => {
		doc.traffic.attempts += reply.attempts;
		if (reply.correlationId) doc.traffic.correlationIds.push(reply.correlationId);
		const result = reply.results[index];
		if (result?.ok) sent.push(doc);
		else settle(outcomes, doc, failed(doc, changeSetFailure(result, operations, reply.contentIds[index] ?? [])));
	});
	return { sent, uncertain: { docs: [] } };
}

/** IFS's own message for the failed operation of a change set, with the operation named. */
function changeSetFailure(result: BatchPartResult | undefined, operations: BatchOperation[], contentIds: string[]): PostingFailure {
	if (!result || result.ok) {
		return { message: 'IFS Cloud did not answer this document’s change set in the $batch response', details: [] };
	}
	const position = Math.max(0, contentIds.indexOf(result.error.contentId ?? ''));
	const operation = operations[position] ?? operations[0];
	const headerSet = operations[0].url;
	const attempted = { method: operation.method, entitySet: decodeURIComponent(operation.url.replace(/^\$1/, headerSet)) };
	const ifs = parseIfsError(result.error.status, result.error.body);
	return {
		message: formatIfsError(ifs, attempted),
		status: ifs.status,
		code: ifs.code,
		...(ifs.oraCode ? { oraCode: ifs.oraCode } : {}),
		details: ifs.details,
		attempted,
	};
}

/** Rate limiting, unavailability or authentication that outlasted the retries: not the documents' fault. */
function isOutage(error: IfsRequestError): boolean {
	const kind = classifyFailure({ status: error.ifs.status, body: { error: { code: error.ifs.code, message: error.ifs.message } } });
	return kind === 'transient' || kind === 'auth';
}

/** The whole `$batch` request was refused (IFS's message), or something else broke before sending. */
function requestFailure(error: unknown, doc: Pending): PostingFailure {
	if (!(error instanceof IfsRequestError)) return { message: (error as Error)?.message ?? String(error), details: [] };
	doc.traffic.attempts += error.attempts;
	return { message: error.message, status: error.ifs.status, code: error.ifs.code, details: error.ifs.details, attempted: error.attempted };
}

function notReadBack(doc: Pending): PostingOutcome {
	return failed(doc, {
		message: `IFS Cloud accepted ${doc.posting.kind} ${doc.posting.reference} but it was not found when reading its keys back; check IFS before retrying`,
		details: [],
	});
}

function failed(doc: Pending, error: PostingFailure): PostingOutcome {
	return { status: 'failed', error, ...doc.traffic };
}

function settle(outcomes: Array<PostingOutcome | undefined>, doc: Pending, outcome: PostingOutcome): void {
	const rounded = { ...outcome, attempts: Math.ceil(outcome.attempts), correlationIds: [...new Set(outcome.correlationIds)] };
	doc.indexes.forEach((index, position) => {
		// A repeated document in the same input is the same IFS document: created once, already posted for the rest.
		outcomes[index] = position > 0 && rounded.status === 'created' ? { ...rounded, status: 'already-posted' } : rounded;
	});
}

function chunk<T>(items: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
	return chunks;
}
