/**
 * The one place SAP Concur is called from: relative URLs (the credential points them at the
 * company's datacenter), re-authentication on 401 and on the 403s that mean an expired token,
 * retries for 429/5xx, redirects only within the allow-list, redacted errors, and the response
 * headers worth keeping (correlation id, deprecation warnings).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { isAllowedConcurUrl, originOf, parseHostList } from './hosts';
import { headerValue, type HeaderBag } from '../retry';
import { failureFromError, sendWithRetry } from '../send-with-retry';
import { MAX_REDIRECTS, RedirectRefusedError, isRedirectStatus, nextRedirectHop, type RedirectFrom } from '../redirects';
import { redactErrorInPlace, redactSecrets } from '../redact';
import { settle } from '../settle';
import { unreadableBodyKind } from '../response-body';
import { describeConcurFailure, forbiddenMeansExpiredToken, isRefreshRace } from './errors';
import { parseJsonIfString } from './normalize';

export const CONCUR_CREDENTIAL = 'sapConcurOAuth2Api';

/** Time for the execution that won a refresh race (maybe in another worker) to store its tokens. */
const REFRESH_RACE_PAUSE_MS = 1500;

export type ConcurContext = IExecuteFunctions | IPollFunctions | IHookFunctions | ILoadOptionsFunctions;

export interface ConcurRequest {
	method?: IHttpRequestMethods;
	/** Relative path (`/api/v3.0/...`), or path + query taken from a verified NextPage link. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	headers?: IDataObject;
}

/** Kept on every output item as `_concur`. */
export interface ConcurMeta {
	correlationId: string | null;
	warnings?: string[];
}

export interface ConcurResponse<T = unknown> {
	body: T;
	statusCode: number;
	meta: ConcurMeta;
}

export async function concurRequest<T = unknown>(this: ConcurContext, request: ConcurRequest, itemIndex?: number): Promise<ConcurResponse<T>> {
	const options: IHttpRequestOptions = {
		method: request.method ?? 'GET',
		url: request.path,
		qs: request.qs,
		body: request.body,
		headers: { Accept: 'application/json', ...request.headers },
		json: true,
		returnFullResponse: true,
		disableFollowRedirect: true,
	};
	const sent = await settle(
		sendWithRetry(this.getNode(), async () => await sendFollowingRedirects.call(this, options), {
			classify: { forbiddenMeansAuth: true },
			describe: describeConcurFailure,
			itemIndex,
			onRetry: ({ attempt, delayMs, failure }) =>
				this.logger.debug(`SAP Concur ${options.method} ${request.path}: HTTP ${failure.status ?? failure.errorCode}, retry ${attempt} in ${delayMs} ms`),
		}),
	);
	if (!sent.ok) throw redactErrorInPlace(sent.error, await credentialSecrets(this));
	const { response } = sent.value;
	const body = parseJsonIfString(response.body);
	const unreadable = options.method === 'GET' ? unreadableBodyKind(body) : undefined;
	if (unreadable) {
		throw new NodeOperationError(this.getNode(), `SAP Concur answered GET ${request.path} with HTTP ${response.statusCode} and ${unreadable} instead of JSON; nothing was read.`, {
			itemIndex,
			description: 'A proxy, login or maintenance page may be answering for Concur. Try again later; if it persists, check the network path to the Concur datacenter.',
		});
	}
	const meta = metaFrom(response.headers as HeaderBag);
	for (const warning of meta.warnings ?? []) this.logger.warn(redactSecrets(`SAP Concur ${request.path}: ${warning}`));
	return { body: body as T, statusCode: response.statusCode, meta };
}

/** Redirects are answered here, never by the HTTP client: only to allowed hosts, credentials only to the same origin. */
async function sendFollowingRedirects(this: ConcurContext, options: IHttpRequestOptions): Promise<IN8nHttpFullResponse> {
	let hop = options;
	let from: RedirectFrom | undefined;
	let anonymous = false;
	for (let hops = 0; ; hops++) {
		const sent = await settle(anonymous ? sendAnonymously(this, hop) : sendAuthenticated.call(this, hop));
		if (sent.ok) return sent.value;
		const failure = failureFromError(sent.error);
		if (!isRedirectStatus(failure.status)) throw sent.error;
		if (hops >= MAX_REDIRECTS) throw new RedirectRefusedError(`SAP Concur redirected the request more than ${MAX_REDIRECTS} times; stopped.`);
		const allowed = await allowList(this);
		from ??= firstRequest(options, allowed.datacenter);
		const next = nextRedirectHop(from, failure.status!, headerValue(failure.headers, 'location'), (url) => isAllowedConcurUrl(url, allowed.hosts), 'SAP Concur');
		hop = { ...hop, url: next.url, method: next.method as IHttpRequestMethods, qs: undefined, body: next.keepBody ? hop.body : undefined };
		anonymous = !next.sameOrigin;
		from = { ...from, url: next.url, method: next.method };
	}
}

/**
 * n8n refreshes the token on 401 itself; a 403 is resent with refresh only when it does not read
 * as a scope refusal, and a refresh-token race (code 108 after another execution rotated it) is
 * answered by sending again once the winner has stored the new tokens.
 */
async function sendAuthenticated(this: ConcurContext, options: IHttpRequestOptions): Promise<IN8nHttpFullResponse> {
	const sent = await settle(sendRefreshingOn403IfExpired.call(this, options));
	if (sent.ok) return sent.value;
	if (!isRefreshRace(sent.error)) throw sent.error;
	await sleep(REFRESH_RACE_PAUSE_MS);
	return await sendRefreshingOn403IfExpired.call(this, options);
}

async function sendRefreshingOn403IfExpired(this: ConcurContext, options: IHttpRequestOptions): Promise<IN8nHttpFullResponse> {
	const sent = await settle(withCredential.call(this, options, [401]));
	if (sent.ok) return sent.value;
	const failure = failureFromError(sent.error);
	if (failure.status !== 403 || !forbiddenMeansExpiredToken(failure.body)) throw sent.error;
	return await withCredential.call(this, options, [401, 403]);
}

async function withCredential(this: ConcurContext, options: IHttpRequestOptions, refreshOn: number[]): Promise<IN8nHttpFullResponse> {
	return (await this.helpers.httpRequestWithAuthentication.call(this, CONCUR_CREDENTIAL, options, {
		preAuthenticationRetryStatusCode: refreshOn,
	})) as IN8nHttpFullResponse;
}

/** A redirect to another allowed Concur host: followed, but without the token. */
async function sendAnonymously(context: ConcurContext, options: IHttpRequestOptions): Promise<IN8nHttpFullResponse> {
	return (await context.helpers.httpRequest(options)) as IN8nHttpFullResponse;
}

function firstRequest(options: IHttpRequestOptions, datacenter: string): RedirectFrom {
	const url = new URL(options.url, datacenter || undefined);
	return { url: url.href, method: String(options.method), origin: url.origin };
}

async function allowList(context: ConcurContext): Promise<{ datacenter: string; hosts: string[] }> {
	const credentials = await context.getCredentials(CONCUR_CREDENTIAL);
	return { datacenter: String(credentials.geolocation ?? ''), hosts: parseHostList(credentials.extraAllowedHosts as string) };
}

/** The credential's actual secret values, so errors are redacted even where no pattern would spot them. */
async function credentialSecrets(context: ConcurContext): Promise<string[]> {
	try {
		const credentials = await context.getCredentials(CONCUR_CREDENTIAL);
		return ['clientSecret', 'requestToken', 'password', 'accessToken', 'refreshToken'].map((name) => String(credentials[name] ?? ''));
	} catch {
		return [];
	}
}

/**
 * A v3 `NextPage` / FIS `next` link is absolute: follow it only when it is on the datacenter the
 * credential talks to, and send it relative so the token can only go there.
 */
export async function relativeNextPage(this: ConcurContext, nextPage: string): Promise<string> {
	const credentials = await this.getCredentials(CONCUR_CREDENTIAL);
	const datacenter = String(credentials.geolocation ?? '');
	const next = new URL(nextPage, datacenter || undefined);
	if (!datacenter || originOf(datacenter) !== next.origin) {
		throw new NodeOperationError(this.getNode(), `Refusing to follow the next-page link to ${next.origin}: it is not the Concur datacenter that returned the page (${datacenter ? originOf(datacenter) : 'unknown'}).`);
	}
	return next.pathname + next.search;
}

function metaFrom(headers: HeaderBag): ConcurMeta {
	const warnings = [
		headerValue(headers, 'x-api-warn'),
		headerValue(headers, 'sunset') ? `This Concur endpoint is deprecated; sunset ${headerValue(headers, 'sunset')}` : undefined,
	].filter((warning): warning is string => Boolean(warning));
	return { correlationId: headerValue(headers, 'concur-correlationid') ?? null, ...(warnings.length ? { warnings } : {}) };
}
