import { CompanyNotAllowedError, companyScopeOf, resolveCompany } from '../../../nodes/shared/ifs/company';

test('allowed companies come from the credential; empty means the default company only', () => {
	expect(companyScopeOf({ defaultCompany: '10', allowedCompanies: ' 10, 20 ,' })).toEqual({ defaultCompany: '10', allowed: ['10', '20'] });
	expect(companyScopeOf({ defaultCompany: '10', allowedCompanies: '' })).toEqual({ defaultCompany: '10', allowed: ['10'] });
});

test('a node company outside the allowed list is refused; empty falls back to the default', () => {
	const scope = companyScopeOf({ defaultCompany: '10', allowedCompanies: '10,20' });
	expect(resolveCompany(scope, '')).toBe('10');
	expect(resolveCompany(scope, '20')).toBe('20');
	expect(() => resolveCompany(scope, '90')).toThrow(CompanyNotAllowedError);
});
