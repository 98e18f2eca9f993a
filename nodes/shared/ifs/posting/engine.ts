/**
 * Idempotent posting: look up which documents IFS already holds (company-scoped, many references
 * per query), create each missing one in its own `$batch` change set (several per request,
 * continue-on-error), read keys back once per batch. A batch whose outcome is unknown is read back
 * (after letting it settle) before anything is resent; a refused document that IFS holds after all
 * was created by someone else; a reference found on more than one document is reported.
 */
import { sleep } from 'n8n-workflow';

import { runPool } from '../../concurrency';
import type { IfsPosting } from '../../postings';
import { classifyFailure, nextDelay, type HttpFailure } from '../../retry';
import { IfsRequestError, OutcomeUnknownError, type BatchReply, type EntityRef, type IfsTransport } from '../transport';
import type { BatchOperation, BatchPartResult } from '../odata/batch';
import { formatIfsError, parseIfsError, type AttemptedOperation, type IfsErrorDetail } from '../odata/errors';
import { buildQuery, compileFilter, type ODataQuery } from '../odata/filter';
import { lookupScopeOf, modelFor, type DocumentLookup, type DocumentModel, type IfsDocumentKeys, type PostingSettings } from './documents';

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
	| ({ status: 'failed'; error: PostingFailure } & Traffic);

export interface EngineOptions {
	settings: PostingSettings;
	/** Documents (change sets) per `$batch` request. */
	batchSize: number;
	/** References ORed into one lookup query. */
	referencesPerQuery: number;
	/** Told once per run about an optional look-up the tenant does not offer. */
	onWarning?: (message: string) => void;
}

interface Pending {
	posting: IfsPosting;
	/** The first entity of the change set as IFS answered it (e.g. the external voucher load). */
	created?: Record<string, unknown>;
	/** Input positions carrying this document (duplicates share one IFS document). */
	indexes: number[];
	traffic: Traffic;
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
		for (const doc of group) {
			const found = existing.get(doc.posting.reference);
			if (found) settle(outcomes, doc, posted('already-posted', found, doc));
		}
		const missing = group.filter((doc) => !existing.has(doc.posting.reference));
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

/** Reference → the documents IFS holds with it (oldest first), over every lookup, `referencesPerQuery` references per query. */
async function findExisting(transport: IfsTransport, model: DocumentModel, docs: Pending[], options: EngineOptions) {
	const found = new Map<string, IfsDocumentKeys[]>();
	for (const lookup of model.lookups) {
		await runPool(
			chunk(docs, options.referencesPerQuery),
			async (part) => {
				const postings = part.map((doc) => doc.posting);
				const ref = lookup.ref(options.settings);
				const query = buildQuery({ filter: compileFilter(lookup.filter(postings), { projection: ref.projection }), select: lookup.select });
				const answer = await readLookup(transport, ref, query, lookup, options);
				part.forEach((doc) => (doc.traffic.attempts += answer.attempts / part.length));
				for (const row of answer.rows) {
					const reference = lookup.referenceOf(row, postings);
					const document = lookup.documentOf(row);
					if (reference !== undefined && document) found.set(reference, withDocument(found.get(reference) ?? [], document));
				}
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
		return await transport.getAll(ref, query);
	} catch (error) {
		failure = error;
	}
	if (!(failure instanceof IfsRequestError) || !lookup.optional || ![404, 400].includes(failure.ifs.status ?? 0)) throw failure;
	options.onWarning?.(`IFS Cloud does not offer ${ref.projection}/${ref.entitySet} (${failure.message}): ${lookup.optional}. Set the projection name under IFS Projection Names.`);
	return { rows: [], attempts: failure.attempts };
}

function withDocument(documents: IfsDocumentKeys[], document: IfsDocumentKeys): IfsDocumentKeys[] {
	const identity = (keys: IfsDocumentKeys) => Object.values(keys.keys).join('|');
	if (documents.some((known) => identity(known) === identity(document))) return documents;
	return [...documents, document].sort((a, b) => identity(a).localeCompare(identity(b), 'en', { numeric: true }));
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
		for (const doc of sent) {
			const documents = readBack.get(doc.posting.reference) ?? (await readCreated(transport, model, doc, options));
			settle(outcomes, doc, documents ? posted('created', documents, doc) : notReadBack(doc));
		}
		for (const { doc, failure } of refused) {
			const documents = readBack.get(doc.posting.reference);
			settle(outcomes, doc, documents ? posted('already-posted', documents, doc) : failed(doc, failure));
		}
		for (const doc of uncertain.docs.filter((d) => readBack.has(d.posting.reference))) {
			settle(outcomes, doc, posted('created', readBack.get(doc.posting.reference)!, doc));
		}
		unsent = uncertain.docs.filter((doc) => !readBack.has(doc.posting.reference));
	}
}

/** A document IFS confirmed but the look-ups do not show yet, read by the keys of its change set's answer. */
async function readCreated(transport: IfsTransport, model: DocumentModel, doc: Pending, options: EngineOptions): Promise<IfsDocumentKeys[] | undefined> {
	if (!model.created || !doc.created) return undefined;
	const { ref, path } = model.created.read(doc.created, options.settings);
	const { rows, attempts } = await transport.getAll(ref, {}, { path });
	doc.traffic.attempts += attempts;
	const document = rows.map((row) => model.created!.documentOf(row)).find((found) => found !== undefined);
	return document && [document];
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
			return [{ doc, operations: model.changeSet(doc.posting, options.settings) }];
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
		if (part?.ok) result.sent.push(Object.assign(doc, { created: part.responses[0]?.body as Record<string, unknown> | undefined }));
		else result.refused.push({ doc, failure: changeSetFailure(part, operations, reply.contentIds[index] ?? []) });
	});
	return result;
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

/** The first document IFS holds under the reference; any further one is a duplicate to report. */
function posted(status: 'created' | 'already-posted', documents: IfsDocumentKeys[], doc: Pending): PostingOutcome {
	const [ifs, ...duplicates] = documents;
	return { status, ifs, ...(duplicates.length ? { duplicates } : {}), ...doc.traffic };
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
