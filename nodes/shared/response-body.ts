/**
 * What a response body that should have been JSON actually is (a proxy's login page, a gateway's
 * HTML error, an empty or cut-off answer), in words that quote none of it: such pages may echo
 * what was sent, secrets included.
 */

/** Undefined when `body` is parsed JSON; otherwise a short description of what arrived instead. */
export function unreadableBodyKind(body: unknown): string | undefined {
	if (body === undefined || body === null) return 'an empty body';
	if (typeof body !== 'string') return undefined;
	const text = body.trim();
	if (!text) return 'an empty body';
	if (text.startsWith('<')) return 'an HTML/XML page';
	if (text.startsWith('{') || text.startsWith('[')) return 'JSON that is cut off or malformed';
	return 'text that is not JSON';
}
