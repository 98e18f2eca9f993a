/**
 * The one place SAP Concur is called from: relative URLs (the credential points them at the
 * company's datacenter), one re-authentication on 401/403, retries for 429/5xx, and the response
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
import { NodeOperationError } from 'n8n-workflow';

import { originOf } from './hosts';
import { headerValue, type HeaderBag } from '../retry';
import { sendWithRetry } from '../send-with-retry';
import { describeConcurFailure } from './errors';
import { parseJsonIfString } from './normalize';

export const CONCUR_CREDENTIAL = 'sapConcurOAuth2Api';

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
	};
	const { response } = await sendWithRetry(
		this.getNode(),
		async () =>
			(await this.helpers.httpRequestWithAuthentication.call(this, CONCUR_CREDENTIAL, options, {
				// Concur answers an expired token with 401 or 403 depending on the API family.
				preAuthenticationRetryStatusCode: [401, 403],
			})) as IN8nHttpFullResponse,
		{
			classify: { forbiddenMeansAuth: true },
			describe: describeConcurFailure,
			itemIndex,
			onRetry: ({ attempt, delayMs, failure }) =>
				this.logger.debug(`SAP Concur ${options.method} ${request.path}: HTTP ${failure.status ?? failure.errorCode}, retry ${attempt} in ${delayMs} ms`),
		},
	);
	const meta = metaFrom(response.headers as HeaderBag);
	for (const warning of meta.warnings ?? []) this.logger.warn(`SAP Concur ${request.path}: ${warning}`);
	return { body: parseJsonIfString(response.body) as T, statusCode: response.statusCode, meta };
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
