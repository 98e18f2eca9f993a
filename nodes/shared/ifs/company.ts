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
