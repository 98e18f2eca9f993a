/**
 * Redirects are never followed automatically (n8n's HTTP helper re-attaches credentials on
 * cross-origin redirects and re-posts bodies on 307/308). The transports send with redirects off
 * and ask here what a 3xx answer allows: only a host the caller's allow-list permits, with
 * credentials only when the target is the origin the request was first sent to.
 */

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Hops followed for one request before giving up. */
export const MAX_REDIRECTS = 5;

export interface RedirectFrom {
	/** Absolute URL of the request that was answered with the redirect. */
	url: string;
	method: string;
	/** Origin of the first request of the chain (where credentials may go). */
	origin: string;
}

export interface RedirectHop {
	url: string;
	method: string;
	/** False when the redirect turns the request into a GET without body (301/302 after POST, 303). */
	keepBody: boolean;
	/** Credentials may be attached only when this is true. */
	sameOrigin: boolean;
}

export class RedirectRefusedError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'RedirectRefusedError';
	}
}

export function isRedirectStatus(status: number | undefined): boolean {
	return status !== undefined && REDIRECT_STATUSES.has(status);
}

/** The next request of a redirect chain, or RedirectRefusedError when the target is not allowed. */
export function nextRedirectHop(
	from: RedirectFrom,
	status: number,
	location: string | undefined,
	isAllowed: (url: string) => boolean,
	service: string,
): RedirectHop {
	if (!location) throw new RedirectRefusedError(`${service} answered HTTP ${status} without a Location header; the redirect was not followed.`);
	const target = parseUrl(location, from.url);
	if (!target) throw new RedirectRefusedError(`${service} answered HTTP ${status} with an unusable Location; the redirect was not followed.`);
	if (target.username || target.password || !isAllowed(target.href)) {
		throw new RedirectRefusedError(
			`${service} redirected the request (HTTP ${status}) to ${target.origin}, which is not an allowed host for this credential; the redirect was not followed and no credential was sent there.`,
		);
	}
	const downgrade = status === 303 ? !/^(GET|HEAD)$/i.test(from.method) : (status === 301 || status === 302) && /^POST$/i.test(from.method);
	return {
		url: target.href,
		method: downgrade ? 'GET' : from.method,
		keepBody: !downgrade,
		sameOrigin: target.origin === from.origin,
	};
}

function parseUrl(url: string, base: string): URL | undefined {
	try {
		return new URL(url, base);
	} catch {
		return undefined;
	}
}

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Plain http:// is only ever acceptable on the machine itself (simulators, local proxies). */
export function isLoopbackHost(hostname: string): boolean {
	return LOOPBACK_HOST.test(hostname);
}
