/** AccountingCodePartValueHandling: accounts (code part A) and cost centers (B) etc., per company. */
import { businessError } from '../errors';
import type { ProjectionDef } from '../model';
import { bool, date, INSERT_ONLY, str } from './props';
import { requireCompanyAccess } from './rules';

const LU = 'AccountingCodePartValue';

export const accountingCodePartValueHandling: ProjectionDef = {
	name: 'AccountingCodePartValueHandling',
	enums: [],
	entities: [
		{
			set: 'AccountingCodePartValueSet',
			type: 'AccountingCodePartValue',
			lu: LU,
			keys: ['Company', 'CodePart', 'CodePartValue'],
			companyOf: (row) => String(row.Company),
			props: [
				str('Company', { ...INSERT_ONLY, mandatory: true }),
				str('CodePart', { ...INSERT_ONLY, mandatory: true, maxLength: 1 }),
				str('CodePartValue', { ...INSERT_ONLY, mandatory: true, maxLength: 20 }),
				str('Description', { mandatory: true, maxLength: 100 }),
				date('ValidFrom', { mandatory: true }),
				date('ValidUntil', { mandatory: true }),
				bool('BlockedForPosting', { mandatory: true }),
			],
			prepareInsert: (ctx, row) => {
				row.ValidFrom ??= ctx.db.clock.today();
				row.ValidUntil ??= '2049-12-31';
				row.BlockedForPosting ??= false;
			},
			validateInsert: (ctx, row) => {
				requireCompanyAccess(ctx, row.Company);
				if (!/^[A-J]$/.test(String(row.CodePart))) throw businessError(LU, 'NOCODEPART', `Code part ${row.CodePart} does not exist in company ${row.Company}.`);
				checkValidity(row);
			},
			validateUpdate: (_ctx, row) => checkValidity(row),
		},
	],
};

function checkValidity(row: Record<string, unknown>): void {
	if (String(row.ValidFrom) > String(row.ValidUntil)) {
		throw businessError(LU, 'VALIDDATES', `Valid from ${row.ValidFrom} is later than valid until ${row.ValidUntil}.`);
	}
}
