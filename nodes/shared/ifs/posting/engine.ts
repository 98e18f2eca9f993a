/**
 * Idempotent posting: look up which documents IFS already holds (company-scoped, many references
 * per query), create each missing one in its own `$batch` change set (several per request,
 * continue-on-error), read keys back once per batch. A batch whose outcome is unknown is read back
 * (after letting it settle) before anything is resent; a refused document that IFS holds after all
 * was created by someone else; a reference found on more than one document is reported. A
 * reference IFS holds with other content is a changed document (versions.ts): held, or reversed
 * and reposted in one change set.
 */
import { sleep } from 'n8n-workflow';

import { runPool } from '../../concurrency';
import { groupBy } from '../../group-by';
import type { IfsPosting } from '../../postings';
import { classifyFailure, nextDelay, type HttpFailure } from '../../retry';
import { IfsRequestError, type BatchReply, type EntityRef, type IfsTransport } from '../transport';
import { OutcomeUnknownError } from '../write-outcome';
import type { BatchOperation, BatchPartResult } from '../odata/batch';
import { formatIfsError, parseIfsError, type AttemptedOperation, type IfsErrorDetail } from '../odata/errors';
import { DECIMAL_READ_HEADERS } from '../odata/decimals';
import { buildQuery, compileFilter, type ODataQuery } from '../odata/filter';
import { lookupScopeOf, modelFor, type DocumentLookup, type DocumentModel, type IfsDocumentKeys, type IfsRow, type PostingSettings } from './documents';
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
	| ({ status: 'created' | 'already-posted'; ifs: IfsDocumentKeys; duplicates?: IfsDocumentKeys[] } & Traffic)
	| ({ status: 'failed' | 'held'; error: PostingFailure } & Traffic);

export interface EngineOptions {
	settings: PostingSettings;
	/** Documents (change sets) per `$batch` request. */
	batchSize: number;
	/** References ORed into one lookup query. */
	referencesPerQuery: number;
	/** Told once per run about an optional look-up the tenant does not offer. */
	onWarning?: (message: string) => void;
}

export interface Pending {
	posting: IfsPosting;
	/** The document's top-level entity as IFS answered its change set (e.g. the external voucher load). */
	created?: IfsRow;
	/** Input positions carrying this document (duplicates share one IFS document). */
	indexes: number[];
	traffic: Traffic;
	/** Rows of the earlier version this one replaces (reversed in the same change set). */
	replaces?: IfsRow[];
}

/** A document IFS holds under a Concur reference: its keys, and its rows as the first look-up showing it read them. */
export interface ExistingDocument {
	ifs: IfsDocumentKeys;
	rows: IfsRow[];
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

export function groupByScope(postings: Array<IfsPosting | undefined>): Pending[][] {
	const byDocument = new Map<string, Pending>();
	postings.forEach((posting, index) => {
		if (!posting) return;
		const key = `${lookupScopeOf(posting)}|${posting.reference}`;
		const known = byDocument.get(key);
		if (known) known.indexes.push(index);
		else byDocument.set(key, { posting, indexes: [index], traffic: { attempts: 0, correlationIds: [] } });
	});
	return [...groupBy(byDocument.values(), (doc) => lookupScopeOf(doc.posting)).values()];
}

/** Already posted or held (true), or still to be created — after the earlier version it replaces, when reversing (false). */
function settleExisting(model: DocumentModel, doc: Pending, documents: ExistingDocument[], options: EngineOptions, outcomes: Array<PostingOutcome | undefined>): boolean {
	const existing = assessExisting(model, doc.posting, documents);
	if (existing.status === 'missing') return false;
	if (existing.status === 'posted') {
		settle(outcomes, doc, posted('already-posted', existing, doc));
		return true;
	}
	if (options.settings.changedDocuments === 'reverse' && model.reversible && existing.live === 1) {
		doc.replaces = existing.document.rows;
		return false;
	}
	settle(outcomes, doc, { status: 'held', error: { message: changedMessage(model, doc, existing.document, options), details: [] }, ...doc.traffic });
	return true;
}

function changedMessage(model: DocumentModel, doc: Pending, document: ExistingDocument, options: EngineOptions): string {
	const keys = Object.values(document.ifs.keys).join('/');
	const remedy =
		model.reversible && options.settings.changedDocuments !== 'reverse'
			? `reverse it in IFS, or set "Changed Documents" to reverse and repost`
			: `correct or cancel it in IFS, then post the document again`;
	return `${doc.posting.reference} changed in Concur after it was posted: IFS ${model.kind} ${keys} holds ${model.totalOf(document.rows)}, Concur now says ${postingTotal(doc.posting)} — ${remedy}`;
}

/** The document this posting created (its own content marker) and any duplicate of it; undefined when IFS does not show it. */
function ownDocument(model: DocumentModel, doc: Pending, documents: ExistingDocument[] | undefined) {
	const existing = documents ? assessExisting(model, doc.posting, documents) : undefined;
	return existing?.status === 'posted' ? existing : undefined;
}

/** Reference → the documents IFS holds with it (oldest first), over every lookup, `referencesPerQuery` references per query. */
export async function findExisting(transport: IfsTransport, model: DocumentModel, docs: Pending[], options: EngineOptions) {
	const found = new Map<string, ExistingDocument[]>();
	for (const lookup of model.lookups) {
		await runPool(
			chunk(docs, options.referencesPerQuery),
			async (part) => {
				const postings = part.map((doc) => doc.posting);
				const ref = lookup.ref(options.settings);
				const query = buildQuery({ filter: compileFilter(lookup.filter(postings), { projection: ref.projection }), select: lookup.select });
				const answer = await readLookup(transport, ref, query, lookup, options);
				part.forEach((doc) => (doc.traffic.attempts += answer.attempts / part.length));
				const shown = new Map<string, ExistingDocument[]>();
				for (const row of answer.rows) {
					const reference = lookup.referenceOf(row, postings);
					const ifs = lookup.documentOf(row);
					if (reference !== undefined && ifs) shown.set(reference, withRow(shown.get(reference) ?? [], ifs, row));
				}
				shown.forEach((documents, reference) => found.set(reference, withDocuments(found.get(reference) ?? [], documents)));
			},
			transport.settings.limiter,
		);
	}
	return found;
}

/** The look-up's rows; an optional look-up the tenant does not offer (404, 400) yields none and a warning. */
async function readLookup(transport: IfsTransport, ref: EntityRef, query: ODataQuery, lookup: DocumentLookup, options: EngineOptions) {
	let failure: unknown;
	try {
		return await transport.getAll(ref, query, { headers: { ...DECIMAL_READ_HEADERS } });
	} catch (error) {
		failure = error;
	}
	if (!(failure instanceof IfsRequestError) || !lookup.optional || ![404, 400].includes(failure.ifs.status ?? 0)) throw failure;
	options.onWarning?.(`IFS Cloud does not offer ${ref.projection}/${ref.entitySet} (${failure.message}): ${lookup.optional}. Set the projection name under IFS Projection Names.`);
	return { rows: [], attempts: failure.attempts };
}

const identity = (ifs: IfsDocumentKeys) => Object.values(ifs.keys).join('|');

function withRow(documents: ExistingDocument[], ifs: IfsDocumentKeys, row: IfsRow): ExistingDocument[] {
	const known = documents.find((document) => identity(document.ifs) === identity(ifs));
	if (known) known.rows.push(row);
	return known ? documents : [...documents, { ifs, rows: [row] }];
}

/** A document an earlier look-up showed keeps its rows (a voucher is both in the GL and on its load's transactions); oldest first. */
function withDocuments(documents: ExistingDocument[], shown: ExistingDocument[]): ExistingDocument[] {
	const added = shown.filter((document) => !documents.some((known) => identity(known.ifs) === identity(document.ifs)));
	return [...documents, ...added].sort((a, b) => identity(a.ifs).localeCompare(identity(b.ifs), 'en', { numeric: true }));
}

/**
 * Sends one batch. When IFS's answer is lost it waits (so a request still being processed
 * settles), reads back, and resends only what IFS does not hold; documents IFS refused are looked
 * up again, since another execution may have created them meanwhile.
 */
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
		const { sent, refused, uncertain } = await sendOnce(transport, model, unsent, options, outcomes);
		if (uncertain.error) {
			const delay = nextDelay({ attempt: round, waitedMs }, UNSETTLED, transport.settings.retryPolicy, { random: Math.random, now: new Date() });
			// IFS stayed unreachable: fail the run (nothing is lost; a retry or the recovery sweep finds what was created).
			if (delay === null) throw uncertain.error;
			waitedMs += delay;
			await sleep(delay);
		}
		const readBack = await findExisting(transport, model, [...sent, ...refused.map(({ doc }) => doc), ...uncertain.docs], options);
		const own = (doc: Pending) => ownDocument(model, doc, readBack.get(doc.posting.reference));
		for (const doc of sent) {
			const created = own(doc) ?? (await readCreated(transport, model, doc, options));
			settle(outcomes, doc, created ? posted('created', created, doc) : notReadBack(doc));
		}
		for (const { doc, failure } of refused) {
			const found = own(doc);
			settle(outcomes, doc, found ? posted('already-posted', found, doc) : failed(doc, failure));
		}
		for (const doc of uncertain.docs) {
			const created = own(doc);
			if (created) settle(outcomes, doc, posted('created', created, doc));
		}
		unsent = uncertain.docs.filter((doc) => !own(doc));
	}
}

/** A document IFS confirmed but the look-ups do not show yet, read by the keys of its change set's answer. */
async function readCreated(transport: IfsTransport, model: DocumentModel, doc: Pending, options: EngineOptions) {
	if (!model.created || !doc.created) return undefined;
	const { ref, path } = model.created.read(doc.created, options.settings);
	const { rows, attempts } = await transport.getAll(ref, {}, { path, headers: { ...DECIMAL_READ_HEADERS } });
	doc.traffic.attempts += attempts;
	const ifs = rows.map((row) => model.created!.documentOf(row)).find((found) => found !== undefined);
	return ifs && { document: { ifs, rows }, duplicates: [] };
}

/** An unknown outcome is waited out like a dropped connection, whatever status the gateway answered with. */
const UNSETTLED: HttpFailure = { errorCode: 'ECONNRESET' };

interface SendResult {
	/** IFS confirmed the change set. */
	sent: Pending[];
	/** IFS refused the change set (or the whole request), with its message. */
	refused: Array<{ doc: Pending; failure: PostingFailure }>;
	/** IFS's answer was lost: any of these may have been applied. */
	uncertain: { docs: Pending[]; error?: OutcomeUnknownError };
}

/** One `$batch` request: per document sent or refused; or all uncertain. */
async function sendOnce(
	transport: IfsTransport,
	model: DocumentModel,
	docs: Pending[],
	options: EngineOptions,
	outcomes: Array<PostingOutcome | undefined>,
): Promise<SendResult> {
	const planned = docs.flatMap((doc) => {
		try {
			return [{ doc, operations: model.changeSet(doc.posting, options.settings, doc.replaces) }];
		} catch (error) {
			settle(outcomes, doc, failed(doc, { message: (error as Error).message, details: [] }));
			return [];
		}
	});
	const nothing: SendResult = { sent: [], refused: [], uncertain: { docs: [] } };
	if (planned.length === 0) return nothing;
	let reply: BatchReply | undefined;
	let failure: unknown;
	try {
		reply = await transport.batch(model.projection(options.settings), planned.map(({ operations }) => ({ changeSet: operations })));
	} catch (error) {
		failure = error;
	}
	if (failure instanceof OutcomeUnknownError) {
		planned.forEach(({ doc }) => (doc.traffic.attempts += failure.attempts));
		return { ...nothing, uncertain: { docs: planned.map(({ doc }) => doc), error: failure } };
	}
	if (failure instanceof IfsRequestError && isOutage(failure)) throw failure;
	if (!reply) return { ...nothing, refused: planned.map(({ doc }) => ({ doc, failure: requestFailure(failure, doc) })) };
	const result: SendResult = { ...nothing, sent: [], refused: [] };
	planned.forEach(({ doc, operations }, index) => {
		doc.traffic.attempts += reply.attempts;
		if (reply.correlationId) doc.traffic.correlationIds.push(reply.correlationId);
		const part = reply.results[index];
		if (part?.ok) result.sent.push(Object.assign(doc, { created: part.responses[topLevelCreate(operations)]?.body as IfsRow | undefined }));
		else result.refused.push({ doc, failure: changeSetFailure(part, operations, reply.contentIds[index] ?? []) });
	});
	return result;
}

/** The change set's last create in the document's top-level set: a reversal's load comes before the new version's. */
function topLevelCreate(operations: BatchOperation[]): number {
	return operations.map((operation) => operation.url).lastIndexOf(operations[0].url);
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

/** The document IFS holds under the reference; any further copy of it is a duplicate to report. */
function posted(status: 'created' | 'already-posted', found: { document: ExistingDocument; duplicates: ExistingDocument[] }, doc: Pending): PostingOutcome {
	const duplicates = found.duplicates.map((duplicate) => duplicate.ifs);
	return { status, ifs: found.document.ifs, ...(duplicates.length ? { duplicates } : {}), ...doc.traffic };
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
