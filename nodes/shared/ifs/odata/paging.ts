/**
 * Paging decisions for IFS OData collections. IFS documents no server-driven paging, so pages are
 * client-driven with `$top/$skip` until a short page; an `@odata.nextLink`, when IFS sends one, is
 * followed instead, but only on the tenant's own origin (it will carry our bearer token).
 */
import { toQueryString, type ODataQuery } from './filter';

export interface FirstPageOptions {
	/** Absolute projection root, e.g. https://acme.ifs.cloud/main/ifsapplications/projection/v1/SupplierHandling.svc */
	serviceRoot: string;
	/** Encoded path below the service root (entity set or `entityPath(...)/Navigation`). */
	path: string;
	/** `$filter`, `$select`, `$orderby`… without `$top`/`$skip`, which paging owns. */
	query?: ODataQuery;
	/** Page size for `$top/$skip` paging; without it only nextLinks page. */
	pageSize?: number;
	/** Stop after this many items. */
	limit?: number;
}

export interface PageState {
	serviceRoot: string;
	path: string;
	query: ODataQuery;
	pageSize?: number;
	limit?: number;
	/** Absolute URL to GET for this page. */
	url: string;
	/** `$top` sent with this page (undefined when unbounded or following a nextLink). */
	top?: number;
	skip: number;
	/** Items handed out before this page. */
	received: number;
	/** True once IFS drives paging with nextLinks; then a page without one is the last. */
	serverDriven: boolean;
}

export interface CollectionResponse<T> {
	value?: T[];
	'@odata.nextLink'?: string;
}

export interface PageStep<T> {
	/** This page's items, trimmed to the limit. */
	items: T[];
	/** The request for the following page, or null when done. */
	next: PageState | null;
}

export class PagingError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PagingError';
	}
}

export function firstPageRequest(options: FirstPageOptions): PageState {
	const query = options.query ?? {};
	if ('$top' in query || '$skip' in query) throw new PagingError('Paging sets $top and $skip itself; use pageSize and limit');
	assertPositiveInteger(options.pageSize, 'Page size');
	assertPositiveInteger(options.limit, 'Limit');
	const state = {
		serviceRoot: withTrailingSlash(options.serviceRoot),
		path: options.path.replace(/^\/+/, ''),
		query,
		pageSize: options.pageSize,
		limit: options.limit,
		skip: 0,
		received: 0,
		serverDriven: false,
	};
	return withSkipUrl(state);
}

/** Given the request just made and IFS's answer: the items to keep and the next request, if any. */
export function nextPageRequest<T>(state: PageState, response: CollectionResponse<T>): PageStep<T> {
	if (!Array.isArray(response.value)) throw new PagingError('IFS answered a collection request without a "value" array');
	const page = response.value;
	const items = state.limit === undefined ? page : page.slice(0, state.limit - state.received);
	const received = state.received + items.length;
	if (state.limit !== undefined && received >= state.limit) return { items, next: null };
	const nextLink = response['@odata.nextLink'];
	if (typeof nextLink === 'string' && nextLink !== '') {
		const url = resolveOnTenant(nextLink, state.serviceRoot);
		if (url === state.url) throw new PagingError('IFS returned the current page as its next page; stopping to avoid a loop');
		return { items, next: { ...state, url, top: undefined, received, serverDriven: true } };
	}
	if (state.serverDriven || state.top === undefined || page.length < state.top || page.length === 0) {
		return { items, next: null };
	}
	return { items, next: withSkipUrl({ ...state, skip: state.skip + page.length, received }) };
}

/** Resolves a (possibly relative) nextLink against the service root and refuses any other origin. */
export function resolveOnTenant(link: string, serviceRoot: string): string {
	const tenant = new URL(serviceRoot);
	const base = withTrailingSlash(serviceRoot);
	if (!URL.canParse(link, base)) throw new PagingError('IFS returned a next-page link that is not a valid URL');
	const resolved = new URL(link, base);
	if (resolved.origin !== tenant.origin) {
		throw new PagingError(
			`IFS returned a next-page link to ${resolved.origin}, outside the tenant ${tenant.origin}; refusing to send the token there`,
		);
	}
	// Return the normalised URL whose origin was checked, so no client can parse the raw link differently.
	return resolved.href;
}

function withSkipUrl(state: Omit<PageState, 'url' | 'top'>): PageState {
	const top = pageTop(state);
	const paging: ODataQuery = {};
	if (top !== undefined) paging.$top = String(top);
	if (state.skip > 0) paging.$skip = String(state.skip);
	const queryString = toQueryString({ ...state.query, ...paging });
	const url = `${state.serviceRoot}${state.path}${queryString ? `?${queryString}` : ''}`;
	return { ...state, url, top };
}

function pageTop(state: Omit<PageState, 'url' | 'top'>): number | undefined {
	const remaining = state.limit === undefined ? undefined : state.limit - state.received;
	if (state.pageSize === undefined) return remaining;
	return remaining === undefined ? state.pageSize : Math.min(state.pageSize, remaining);
}

function assertPositiveInteger(value: number | undefined, name: string): void {
	if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
		throw new PagingError(`${name} must be a whole number ≥ 1, got ${value}`);
	}
}

function withTrailingSlash(url: string): string {
	return url.endsWith('/') ? url : `${url}/`;
}
