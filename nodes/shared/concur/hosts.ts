/**
 * Where a Concur bearer token may be sent. Concur's token response names the company's
 * datacenter ("geolocation"); a tampered or unexpected value must never receive a token.
 */

import { isLoopbackHost } from '../redirects';

const CONCUR_DOMAIN_SUFFIXES = ['.api.concursolutions.com', '.api.concurcdc.cn'];

export function parseHostList(list: string | undefined): string[] {
	return (list ?? '')
		.split(/[\s,]+/)
		.map((host) => host.trim().toLowerCase())
		.filter(Boolean);
}

/** Scheme + host (+ port) of a URL; Concur sometimes returns the geolocation with a path appended. */
export function originOf(url: string): string {
	return new URL(url).origin;
}

/**
 * Concur's own datacenters over https, or a host the user listed (https, or http on loopback only).
 * URLs with user info are refused outright: `https://us2.api.concursolutions.com@evil.example` is evil.example.
 */
export function isAllowedConcurUrl(url: string, extraAllowedHosts: string[]): boolean {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return false;
	}
	if (parsed.username || parsed.password) return false;
	const host = parsed.hostname.toLowerCase();
	if (extraAllowedHosts.includes(host) || extraAllowedHosts.includes(parsed.host.toLowerCase())) {
		return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(host));
	}
	return parsed.protocol === 'https:' && CONCUR_DOMAIN_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

/** A URL (token host, geolocation, request or redirect target) that may not receive a Concur credential. */
export class ConcurHostRefusedError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ConcurHostRefusedError';
	}
}

export function assertAllowedConcurUrl(url: string, extraAllowedHosts: string[], what: string): string {
	if (!isAllowedConcurUrl(url, extraAllowedHosts)) {
		throw new ConcurHostRefusedError(
			`Refusing to use ${what} "${safeOrigin(url)}": it is not a SAP Concur host (*.api.concursolutions.com, *.api.concurcdc.cn) and not listed in the credential's "Extra Allowed Hosts" (plain http:// is accepted only for loopback hosts). No token was sent there.`,
		);
	}
	return originOf(url);
}

function safeOrigin(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return String(url).slice(0, 100);
	}
}
