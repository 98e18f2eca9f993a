/**
 * Company scoping: the credential names a default company and the companies this connection may
 * touch; a node or posting naming any other company is refused before anything is sent.
 */
export interface CompanyScope {
	defaultCompany: string;
	allowed: string[];
}

export class CompanyNotAllowedError extends Error {
	constructor(company: string, scope: CompanyScope) {
		super(`Company ${JSON.stringify(company)} is not in this IFS credential's allowed companies (${scope.allowed.join(', ')}); nothing was sent`);
		this.name = 'CompanyNotAllowedError';
	}
}

/** Allowed companies from the credential; an empty list means the default company only. */
export function companyScopeOf(credentials: { defaultCompany?: unknown; allowedCompanies?: unknown }): CompanyScope {
	const defaultCompany = String(credentials.defaultCompany ?? '').trim();
	const listed = String(credentials.allowedCompanies ?? '')
		.split(',')
		.map((company) => company.trim())
		.filter((company) => company !== '');
	return { defaultCompany, allowed: listed.length ? listed : [defaultCompany].filter(Boolean) };
}

export function isCompanyAllowed(scope: CompanyScope, company: string): boolean {
	return scope.allowed.includes(company);
}

/** The node's company (or the credential default when empty), refused unless allowed. */
export function resolveCompany(scope: CompanyScope, requested: string | undefined): string {
	const company = (requested ?? '').trim() || scope.defaultCompany;
	if (!isCompanyAllowed(scope, company)) throw new CompanyNotAllowedError(company, scope);
	return company;
}

const COMPANY_IN_JSON = /"Company"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
const REQUEST_LINE = /^(?:GET|POST|PUT|PATCH|DELETE|MERGE)\s+\S+/i;
const COMPARISON = /^(?:eq|ne|gt|ge|lt|le)$/i;
const STRING_FUNCTION = /^(?:contains|startswith|endswith)$/i;

/**
 * Every company a request names: in its URL (keys, $filter) and body (JSON fields, or the request
 * lines and JSON of a multipart $batch). The transport refuses the request when one of them is not
 * allowed, whatever the node, resource or "Company Scoped" switch that built it.
 */
export function companiesNamedIn(url: string, body: unknown): string[] {
	const bodyText = typeof body === 'string' ? body : '';
	const requestLines = bodyText.split(/\r?\n/).filter((line) => REQUEST_LINE.test(line));
	const inUrls = [url, ...requestLines].flatMap((line) => companiesInOData(decodeSafely(line)));
	const inJsonText = [...bodyText.matchAll(COMPANY_IN_JSON)].map((match) => jsonString(match[1]));
	return [...new Set([...inUrls, ...inJsonText, ...companyFields(body)])];
}

export function assertCompaniesAllowed(scope: CompanyScope, url: string, body: unknown): void {
	const outside = companiesNamedIn(url, body).find((company) => !isCompanyAllowed(scope, company));
	if (outside !== undefined) throw new CompanyNotAllowedError(outside, scope);
}

type Token = { literal: string } | { word: string };

/** `Company='10'` keys, `Company eq '10'` (or '10' eq Company) comparisons and `contains(Company,'10')` calls. */
function companiesInOData(text: string): string[] {
	const tokens = tokenize(text);
	const word = (index: number) => (tokens[index] && 'word' in tokens[index] ? (tokens[index] as { word: string }).word : undefined);
	const literal = (index: number) => (tokens[index] && 'literal' in tokens[index] ? (tokens[index] as { literal: string }).literal : undefined);
	const found: Array<string | undefined> = [];
	tokens.forEach((_token, i) => {
		if (word(i) !== 'Company') return;
		if (word(i + 1) === '=' || COMPARISON.test(word(i + 1) ?? '')) found.push(literal(i + 2));
		if (COMPARISON.test(word(i - 1) ?? '')) found.push(literal(i - 2));
		if (word(i - 1) === '(' && STRING_FUNCTION.test(word(i - 2) ?? '') && word(i + 1) === ',') found.push(literal(i + 2));
	});
	return found.filter((company): company is string => company !== undefined);
}

/** OData text as words, punctuation and string literals ('' inside a literal is one quote). */
function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	const pattern = /'((?:[^']|'')*)'|([A-Za-z_][A-Za-z0-9_]*)|([(),=])/g;
	for (const match of text.matchAll(pattern)) {
		if (match[1] !== undefined) tokens.push({ literal: match[1].replace(/''/g, "'") });
		else tokens.push({ word: match[2] ?? match[3] });
	}
	return tokens;
}

function companyFields(value: unknown, depth = 0): string[] {
	if (typeof value !== 'object' || value === null || depth > 20) return [];
	if (Array.isArray(value)) return value.flatMap((entry) => companyFields(entry, depth + 1));
	return Object.entries(value).flatMap(([key, entry]) => [
		...(key === 'Company' && (typeof entry === 'string' || typeof entry === 'number') ? [String(entry)] : []),
		...companyFields(entry, depth + 1),
	]);
}

function jsonString(escaped: string): string {
	try {
		return JSON.parse(`"${escaped}"`) as string;
	} catch {
		return escaped;
	}
}

function decodeSafely(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}
