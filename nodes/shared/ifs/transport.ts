/**
 * The one IFS Cloud OData transport: every request goes through `send` (OAuth2 via n8n, retry via
 * send-with-retry, adaptive concurrency feedback), collections through `getAll` (paging.ts),
 * ETag read-modify-write through `modify`, and `$batch` through `batch`. Every request is checked
 * against the credential's allowed companies before it leaves, redirects are followed only on the
 * tenant's own origin, and errors are redacted with the credential's actual secrets.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

import { AdaptiveLimiter } from '../concurrency';
import { redactErrorInPlace } from '../redact';
import { settle } from '../settle';
import { unreadableBodyKind } from '../response-body';
import { MAX_REDIRECTS, RedirectRefusedError, isRedirectStatus, nextRedirectHop } from '../redirects';
import { DEFAULT_RETRY_POLICY, classifyFailure, headerValue, type HttpFailure, type RetryPolicy } from '../retry';
import { RemoteRequestError, failureFromError, sendWithRetry } from '../send-with-retry';
import { assertCompaniesAllowed, companyScopeOf, type CompanyScope } from './company';
import { buildBatch, parseBatchResponse, type BatchPart, type BatchPartResult } from './odata/batch';
import { formatIfsError, parseIfsError, type AttemptedOperation, type IfsError } from './odata/errors';
import { describeEtagConflict, etagOf, type Entity } from './odata/etag';
import { toQueryString, type ODataQuery } from './odata/filter';
import { assertIdentifier, entityPath, type KeyValue } from './odata/literals';
import { firstPageRequest, nextPageRequest, type CollectionResponse, type PageState, type PageStep } from './odata/paging';
import { OutcomeUnknownError, mangledAnswer, outcomeUnknown, parseAnswer } from './write-outcome';

export const IFS_CREDENTIAL_TYPE = 'ifsCloudOAuth2Api';

const PROJECTION_ROOT = 'main/ifsapplications/projection/v1';
const DEFAULT_PAGE_SIZE = 500;
/** Headers IFS (or its gateway) may use to correlate a request in its logs. */
const CORRELATION_HEADERS = ['x-correlation-id', 'x-request-id', 'x-ifs-request-id', 'request-id'];

export type IfsContext = IExecuteFunctions | ILoadOptionsFunctions;

/** An entity set of a projection, e.g. SupplierHandling / SupplierInfoGeneralSet. */
export interface EntityRef {
	projection: string;
	entitySet: string;
}

export type Keys = Record<string, KeyValue>;

/** 'reapply': after a 412, re-read and re-apply once if the other writer left our fields alone. */
export type ConflictPolicy = 'reapply' | 'fail';

export interface TransportSettings {
	retryPolicy: RetryPolicy;
	limiter: AdaptiveLimiter;
	conflictPolicy: ConflictPolicy;
}

export interface IfsCall {
	method: IHttpRequestMethods;
	projection: string;
	/** Encoded path below the service root ('' = service document). */
	path: string;
	query?: ODataQuery;
	body?: unknown;
	headers?: Record<string, string>;
	attempted: AttemptedOperation;
	/** A POST that must not be resent when its outcome is unknown (creates, actions). */
	nonIdempotent?: boolean;
}

export interface IfsReply<T> {
	body: T;
	headers: IDataObject;
	/** HTTP attempts this reply took (retries included). */
	attempts: number;
	correlationId?: string;
}

export interface EntityVersion {
	entity: Entity;
	etag: string;
	attempts: number;
}

export interface BatchReply {
	/** One result per part, in request order. */
	results: BatchPartResult[];
	/** Content-IDs per part, to tell which operation of a change set failed. */
	contentIds: string[][];
	attempts: number;
	correlationId?: string;
}

export type Modification = { method: 'PATCH'; body: IDataObject } | { method: 'DELETE' };

export interface ModifyResult {
	entity?: Entity;
	etag?: string;
	attempts: number;
	/** True when a 412 was answered by re-reading and re-applying the change. */
	reapplied: boolean;
}

/** An IFS error with what was attempted, and the parsed envelope for item outputs. */
export class IfsRequestError extends NodeApiError {
	constructor(
		node: INode,
		message: string,
		readonly ifs: IfsError,
		readonly attempted: AttemptedOperation,
		readonly attempts: number,
		readonly extra: IDataObject = {},
	) {
		super(node, { message, ...(ifs.code ? { code: ifs.code } : {}) } as JsonObject, {
			message,
			httpCode: ifs.status === undefined ? undefined : String(ifs.status),
		});
		this.name = 'IfsRequestError';
	}
}

export const DEFAULT_SETTINGS = (): TransportSettings => ({
	retryPolicy: { ...DEFAULT_RETRY_POLICY },
	limiter: new AdaptiveLimiter({ initial: 4, max: 8, increaseAfter: 10 }),
	conflictPolicy: 'reapply',
});

export class IfsTransport {
	private scope?: Promise<CompanyScope>;

	/** Secret values of the credential as last read, for redacting errors raised synchronously. */
	private secrets: string[] = [];

	constructor(
		private readonly ctx: IfsContext,
		readonly tenantUrl: string,
		readonly settings: TransportSettings,
	) {}

	serviceRoot(projection: string): string {
		return `${this.tenantUrl.replace(/\/+$/, '')}/${PROJECTION_ROOT}/${assertIdentifier(projection, 'projection')}.svc/`;
	}

	async send<T>(call: IfsCall): Promise<IfsReply<T>> {
		const query = call.query && Object.keys(call.query).length ? `?${toQueryString(call.query)}` : '';
		return await this.sendTo<T>(`${this.serviceRoot(call.projection)}${call.path}${query}`, call);
	}

	/** The projection's EDMX (`$metadata`). */
	async metadata(projection: string): Promise<string> {
		const reply = await this.send<string>({
			method: 'GET',
			projection,
			path: '$metadata',
			headers: { Accept: 'application/xml' },
			attempted: { method: 'GET', entitySet: `${projection}.svc/$metadata` },
		});
		return String(reply.body);
	}

	async getEntity(ref: EntityRef, keys: Keys, query?: ODataQuery): Promise<EntityVersion> {
		const reply = await this.send<Entity>({
			method: 'GET',
			projection: ref.projection,
			path: entityPath(ref.entitySet, keys),
			query,
			attempted: { method: 'GET', entitySet: ref.entitySet, keys },
		});
		return { entity: reply.body, etag: etagOf(reply.body) ?? etagOf(reply.headers) ?? '', attempts: reply.attempts };
	}

	/** All rows (or `limit`), paging with `$top/$skip` or IFS's nextLinks on the tenant origin. */
	async getAll(ref: EntityRef, query: ODataQuery, options: { limit?: number; pageSize?: number; path?: string; headers?: Record<string, string> } = {}) {
		let page: PageState | null = firstPageRequest({
			serviceRoot: this.serviceRoot(ref.projection),
			path: options.path ?? entityPath(ref.entitySet),
			query,
			pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
			limit: options.limit,
		});
		const rows: Entity[] = [];
		let attempts = 0;
		while (page) {
			const reply: IfsReply<CollectionResponse<Entity>> = await this.sendTo(page.url, {
				method: 'GET',
				projection: ref.projection,
				path: '',
				headers: options.headers,
				attempted: { method: 'GET', entitySet: ref.entitySet },
			});
			attempts += reply.attempts;
			const step: PageStep<Entity> = nextPageRequest(page, reply.body);
			rows.push(...step.items);
			page = step.next;
		}
		return { rows, attempts };
	}

	async create(ref: EntityRef, body: IDataObject, path = entityPath(ref.entitySet)): Promise<IfsReply<Entity>> {
		return await this.send<Entity>({
			method: 'POST',
			projection: ref.projection,
			path,
			body,
			headers: { Prefer: 'return=representation' },
			attempted: { method: 'POST', entitySet: ref.entitySet },
			nonIdempotent: true,
		});
	}

	/**
	 * Read the entity for its ETag, apply the change with If-Match; on 412 follow the conflict
	 * policy. `plan` sees the current version and may refuse it (e.g. wrong company) by throwing.
	 */
	async modify(ref: EntityRef, keys: Keys, plan: (current: Entity) => Modification): Promise<ModifyResult> {
		const read = await this.getEntity(ref, keys);
		const change = plan(read.entity);
		try {
			return await this.applyWithEtag(ref, keys, read, change, read.attempts);
		} catch (error) {
			if (isStaleEtag(error)) return await this.resolveConflict(ref, keys, read, plan, read.attempts + 1);
			throw this.toIfsError(error, { method: change.method, entitySet: ref.entitySet, keys });
		}
	}

	/** The entity, or undefined when IFS answers 404. */
	async findEntity(ref: EntityRef, keys: Keys): Promise<EntityVersion | undefined> {
		try {
			return await this.getEntity(ref, keys);
		} catch (error) {
			if (error instanceof IfsRequestError && error.ifs.status === 404) return undefined;
			throw this.toIfsError(error, { method: 'GET', entitySet: ref.entitySet, keys });
		}
	}

	/** Bound action with the entity's ETag (`If-Match`), or an unbound action at the service root. */
	async callAction(
		ref: EntityRef,
		action: string,
		parameters: IDataObject,
		bound?: { keys: Keys; entityType: string },
	): Promise<IfsReply<unknown>> {
		assertIdentifier(action, 'action');
		if (!bound) {
			return await this.send({ method: 'POST', projection: ref.projection, path: action, body: parameters, attempted: { method: 'POST', entitySet: action }, nonIdempotent: true });
		}
		const read = await this.getEntity(ref, bound.keys);
		const qualified = `IfsApp.${ref.projection}.${assertIdentifier(bound.entityType, 'entity type')}_${action}`;
		const reply = await this.send({
			method: 'POST',
			projection: ref.projection,
			path: `${entityPath(ref.entitySet, bound.keys)}/${qualified}`,
			body: parameters,
			headers: { 'If-Match': read.etag },
			attempted: { method: 'POST', entitySet: `${ref.entitySet}/${qualified}`, keys: bound.keys },
			nonIdempotent: true,
		});
		return { ...reply, attempts: reply.attempts + read.attempts };
	}

	/**
	 * Replaces a media property's content. A PUT with If-Match is safe to resend (a second one after
	 * a lost answer gets 412), so 429 and gateway failures are retried; `open` gives the bytes
	 * afresh for every attempt, as a stream is read only once.
	 */
	async putMedia(ref: EntityRef, keys: Keys, property: string, open: () => Promise<unknown>, headers: Record<string, string>): Promise<IfsReply<unknown>> {
		const url = `${this.serviceRoot(ref.projection)}${entityPath(ref.entitySet, keys)}/${assertIdentifier(property, 'property')}`;
		const attempted: AttemptedOperation = { method: 'PUT', entitySet: `${ref.entitySet}/${property}`, keys };
		await this.assertCompanies(url, undefined);
		const put = async () => await this.http({ method: 'PUT', url, body: (await open()) as IDataObject, headers, json: false });
		const sent = await settle(sendWithRetry(this.ctx.getNode(), put, { policy: this.settings.retryPolicy, onRetry: ({ failure }) => this.onFailure(failure) }));
		if (!sent.ok) throw await this.redacted(this.toIfsError(sent.error, attempted));
		const { response, attempts } = sent.value;
		return { body: undefined, headers: response.headers, attempts, correlationId: correlationOf(response.headers) };
	}

	/**
	 * One multipart `$batch` with `odata.continue-on-error`. Resent as a whole only when IFS applied
	 * nothing (429, MI_MODIFIED_ERROR, connection refused); anything else that leaves the outcome
	 * open raises OutcomeUnknownError.
	 */
	async batch(projection: string, parts: BatchPart[]): Promise<BatchReply> {
		const built = buildBatch(parts);
		await this.assertCompanies(`${this.serviceRoot(projection)}$batch`, built.body);
		const { response, attempts } = await this.sendWrite(
			{
				method: 'POST',
				url: `${this.serviceRoot(projection)}$batch`,
				body: built.body,
				headers: { 'Content-Type': built.contentType, Accept: 'multipart/mixed', Prefer: 'odata.continue-on-error' },
				encoding: 'text',
				json: false,
			},
			{ method: 'POST', entitySet: '$batch' },
			'$batch',
		);
		const results = parseAnswer(() => parseBatchResponse(headerValue(response.headers, 'content-type'), String(response.body)));
		if (!results || results.length !== parts.length) throw await this.redacted(new OutcomeUnknownError(this.ctx.getNode(), mangledAnswer(response), attempts));
		return { results, contentIds: built.contentIds, attempts, correlationId: correlationOf(response.headers) };
	}

	/**
	 * Sends a write, retrying only failures after which IFS applied nothing; a failure that leaves
	 * the outcome open becomes OutcomeUnknownError, any other the IFS error.
	 */
	private async sendWrite(options: IHttpRequestOptions, attempted: AttemptedOperation, what: string) {
		let ambiguous: HttpFailure | undefined;
		let attempts = 0;
		try {
			return await sendWithRetry(
				this.ctx.getNode(),
				async () => {
					attempts += 1;
					try {
						return await this.http(options);
					} catch (error) {
						ambiguous = outcomeUnknown(error);
						// A permanent-looking error stops sendWithRetry from resending a write IFS may have applied.
						throw ambiguous ? new NodeOperationError(this.ctx.getNode(), `Outcome of the ${what} is unknown`) : rethrowable(error);
					}
				},
				{ policy: this.settings.retryPolicy, onRetry: ({ failure: retried }) => this.onFailure(retried) },
			);
		} catch (error) {
			throw await this.redacted(ambiguous ? new OutcomeUnknownError(this.ctx.getNode(), ambiguous, attempts, what) : this.toIfsError(error, attempted, attempts));
		}
	}

	private async applyWithEtag(ref: EntityRef, keys: Keys, read: EntityVersion, change: Modification, attemptsSoFar: number): Promise<ModifyResult> {
		const reply = await this.send<Entity | undefined>({
			method: change.method,
			projection: ref.projection,
			path: entityPath(ref.entitySet, keys),
			body: change.method === 'PATCH' ? change.body : undefined,
			headers: { 'If-Match': read.etag, ...(change.method === 'PATCH' ? { Prefer: 'return=representation' } : {}) },
			attempted: { method: change.method, entitySet: ref.entitySet, keys },
		});
		const entity = reply.body && typeof reply.body === 'object' ? reply.body : undefined;
		return { entity, etag: etagOf(entity) ?? etagOf(reply.headers), attempts: attemptsSoFar + reply.attempts, reapplied: false };
	}

	private async resolveConflict(
		ref: EntityRef,
		keys: Keys,
		ours: EntityVersion,
		plan: (current: Entity) => Modification,
		attemptsSoFar: number,
	): Promise<ModifyResult> {
		const theirs = await this.getEntity(ref, keys);
		const conflict = describeEtagConflict(ours.entity, theirs.entity);
		const change = plan(theirs.entity);
		const touched = change.method === 'PATCH' ? Object.keys(change.body) : conflict.changedFields;
		const overlap = conflict.changedFields.filter((field) => touched.includes(field));
		if (this.settings.conflictPolicy === 'fail' || overlap.length > 0) {
			const why = overlap.length ? ` Both versions changed ${overlap.join(', ')}; not overwriting.` : '';
			throw new IfsRequestError(
				this.ctx.getNode(),
				`${conflict.message}.${why}`,
				{ status: 412, message: conflict.message, details: [] },
				{ method: change.method, entitySet: ref.entitySet, keys },
				attemptsSoFar + theirs.attempts,
				{ ourVersion: ours.entity as IDataObject, theirVersion: theirs.entity as IDataObject, changedFields: conflict.changedFields },
			);
		}
		const result = await this.applyWithEtag(ref, keys, theirs, change, attemptsSoFar + theirs.attempts);
		return { ...result, reapplied: true };
	}

	private async sendTo<T>(url: string, call: IfsCall): Promise<IfsReply<T>> {
		await this.assertCompanies(url, call.body);
		const options: IHttpRequestOptions = {
			method: call.method,
			url,
			body: call.body as IDataObject | undefined,
			headers: { Accept: 'application/json', ...(call.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...call.headers },
			json: true,
		};
		if (call.nonIdempotent) return await this.sendNonIdempotent<T>(options, call);
		const sent = await settle(
			sendWithRetry(this.ctx.getNode(), async () => await this.http(options), {
				policy: this.settings.retryPolicy,
				onRetry: ({ failure }) => this.onFailure(failure),
			}),
		);
		if (!sent.ok) throw await this.redacted(this.toIfsError(sent.error, call.attempted));
		const { response, attempts } = sent.value;
		// A read answered with a login page or a cut-off body must not pass for data (writes: see sendNonIdempotent).
		const expectsJson = (call.headers?.Accept ?? 'application/json').includes('json');
		const unreadable = call.method === 'GET' && expectsJson ? unreadableBodyKind(response.body) : undefined;
		if (unreadable) {
			const ifs = { status: response.statusCode, message: `IFS Cloud answered with ${unreadable} instead of OData JSON; nothing was read`, details: [] };
			throw new IfsRequestError(this.ctx.getNode(), formatIfsError(ifs, call.attempted), ifs, call.attempted, attempts);
		}
		return { body: response.body as T, headers: response.headers, attempts, correlationId: correlationOf(response.headers) };
	}

	/** A create or action: never resent once IFS may have applied it. */
	private async sendNonIdempotent<T>(options: IHttpRequestOptions, call: IfsCall): Promise<IfsReply<T>> {
		const what = `${call.method} ${call.attempted.entitySet}`;
		const { response, attempts } = await this.sendWrite(options, call.attempted, what);
		// IFS answers a write with JSON (or nothing): an HTML or truncated page came from something in between.
		if (typeof response.body === 'string' && response.body.trim() !== '') {
			throw await this.redacted(new OutcomeUnknownError(this.ctx.getNode(), mangledAnswer(response), attempts, what));
		}
		return { body: response.body as T, headers: response.headers, attempts, correlationId: correlationOf(response.headers) };
	}

	/** Refuses, before anything is sent, a request naming a company outside the credential's allowed list. */
	private async assertCompanies(url: string, body: unknown): Promise<void> {
		this.scope ??= this.ctx.getCredentials(IFS_CREDENTIAL_TYPE).then((credentials) => companyScopeOf(credentials));
		assertCompaniesAllowed(await this.scope, url, body);
	}

	/** The error with every field redacted, using the credential's secret values as stored now. */
	private async redacted<E>(error: E): Promise<E> {
		try {
			const credentials = await this.ctx.getCredentials(IFS_CREDENTIAL_TYPE);
			const token = (credentials.oauthTokenData as IDataObject | undefined) ?? {};
			this.secrets = [credentials.clientSecret, token.access_token, token.refresh_token, token.id_token].map((value) => String(value ?? ''));
		} catch {
			// Keep the secrets read last time; the patterns still apply.
		}
		return redactErrorInPlace(error, this.secrets);
	}

	/**
	 * One HTTP exchange; n8n adds the bearer token and re-fetches it once after a 401. Redirects
	 * are never followed by the HTTP client: only to the tenant's own origin, checked again here.
	 */
	private async http(options: IHttpRequestOptions): Promise<{ body: unknown; headers: IDataObject; statusCode: number }> {
		const origin = new URL(this.tenantUrl).origin;
		let hop: IHttpRequestOptions = { ...options, returnFullResponse: true, disableFollowRedirect: true };
		for (let hops = 0; ; hops++) {
			const sent = await settle(this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, IFS_CREDENTIAL_TYPE, hop));
			if (sent.ok) {
				this.settings.limiter.onSuccess();
				return sent.value as { body: unknown; headers: IDataObject; statusCode: number };
			}
			const failure = failureFromError(sent.error);
			if (!isRedirectStatus(failure.status)) throw sent.error;
			if (hops >= MAX_REDIRECTS) throw new RedirectRefusedError(`IFS Cloud redirected the request more than ${MAX_REDIRECTS} times; stopped.`);
			const from = { url: new URL(hop.url).href, method: String(hop.method ?? 'GET'), origin };
			const next = nextRedirectHop(from, failure.status!, headerValue(failure.headers, 'location'), (url) => new URL(url).origin === origin, 'IFS Cloud');
			hop = { ...hop, url: next.url, method: next.method as IHttpRequestMethods, body: next.keepBody ? hop.body : undefined };
			await this.assertCompanies(hop.url, hop.body);
		}
	}

	private onFailure(failure: HttpFailure): void {
		// Every transient failure (429, 503, MI_MODIFIED_ERROR, resets) is IFS pushing back.
		if (classifyFailure(failure) === 'transient') this.settings.limiter.onBackPressure();
	}

	/** IFS's answer to one part of a `$batch`, as the error the rest of the node handles. */
	partError(status: number | undefined, body: unknown, attempted: AttemptedOperation, attempts: number): IfsRequestError {
		const ifs = parseIfsError(status, body);
		return redactErrorInPlace(new IfsRequestError(this.ctx.getNode(), formatIfsError(ifs, attempted), ifs, attempted, attempts), this.secrets);
	}

	private toIfsError(error: unknown, attempted: AttemptedOperation, attempts?: number): IfsRequestError {
		if (error instanceof IfsRequestError) return error;
		const failure = error instanceof RemoteRequestError ? error.httpFailure : failureFromError(error);
		const made = error instanceof RemoteRequestError ? error.attempts : attempts ?? 1;
		const ifs = parseIfsError(failure.status, failure.body ?? (error as Error)?.message);
		const retried = made > 1 ? ` (after ${made} attempts)` : '';
		const waitNote = error instanceof RemoteRequestError ? error.waitNote : '';
		return new IfsRequestError(this.ctx.getNode(), `${formatIfsError(ifs, attempted)}${retried}${waitNote}`, ifs, attempted, made);
	}
}

/** The error as sendWithRetry must see it to classify it (status, headers, body intact). */
function rethrowable(error: unknown): Error {
	return error instanceof Error ? error : new Error(String(error));
}

function isStaleEtag(error: unknown): boolean {
	return error instanceof IfsRequestError && error.ifs.status === 412;
}

function correlationOf(headers: IDataObject | undefined): string | undefined {
	for (const name of CORRELATION_HEADERS) {
		const value = headerValue(headers, name);
		if (value) return value;
	}
	return undefined;
}
