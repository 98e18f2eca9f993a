import {
	codeRoundTripProblem,
	concurListName,
	isCodePartValueActive,
	planSync,
	writeCount,
	type ConcurRecord,
	type IfsRow,
	type PlanInput,
	type PlanOptions,
	type SyncPlan,
} from '../../../nodes/ReferenceSync/core/plan';
import { toConcurCode, toIfsCode } from '../../../nodes/shared/code-rules';

const defaults: PlanOptions = { master: 'ifs', createInIfs: false, deactivateInConcur: false, dashSubstitute: '_' };
const cc = (code: string, name: string, company = '10', active = true): IfsRow => ({ code, name, company, active });
const item = (code: string, name: string): ConcurRecord => ({ code, name, id: `id-${code}`, longCode: code });
const costCenters = (ifs: IfsRow[], concur: ConcurRecord[], companies = ['10']): PlanInput => ({ data: 'costCenters', companies, ifs, concur });

/** Applies a plan to in-memory copies of both sides, as the node's writers would. */
function apply(input: PlanInput, plan: SyncPlan, options: PlanOptions): PlanInput {
	const ifs = input.ifs.map((row) => ({ ...row }));
	let concur = input.concur.map((record) => ({ ...record }));
	for (const create of plan.createInIfs) {
		ifs.push({ code: create.code, company: create.company, name: create.name, active: true, country: create.countryCode, currency: create.currencyCode });
	}
	for (const update of plan.updateInIfs) {
		for (const row of ifs) if (row.code === update.code && (!update.company || row.company === update.company)) row.name = update.name;
	}
	for (const create of plan.createInConcur) concur.push({ code: create.concurCode, name: create.name, countryCode: create.countryCode, currencyCode: create.currencyCode });
	for (const update of plan.updateInConcur) {
		const record = concur.find((candidate) => candidate.code === update.concurCode)!;
		Object.assign(record, { name: update.name, countryCode: update.countryCode, currencyCode: update.currencyCode });
	}
	const removed = new Set(plan.deactivateInConcur.map((deactivate) => deactivate.concurCode));
	concur = concur.filter((record) => !removed.has(record.code));
	void options;
	return { ...input, ifs, concur, ifsKnownCodes: input.ifsKnownCodes && [...input.ifsKnownCodes, ...plan.createInIfs.map((create) => create.code)] };
}

function expectSecondPlanEmpty(input: PlanInput, options: PlanOptions): void {
	const first = planSync(input, options);
	const second = planSync(apply(input, first, options), options);
	expect(writeCount(second)).toBe(0);
}

describe('reference sync plan: cost centers', () => {
	const scenario = costCenters(
		[cc('CC100', 'Sales'), cc('CC300', 'Marketing'), cc('CC-400', 'Shared services'), cc('CC800', 'Logistics'), cc('CC900', 'Closed', '10', false)],
		[item('CC100', 'Sales'), item('CC300', 'Marketing (old name)'), item('CC_400', 'Shared services'), item('CC500', 'Events')],
	);

	it('lets the IFS master win on names and creates what Concur lacks', () => {
		const plan = planSync(scenario, defaults);
		expect(plan.updateInConcur).toEqual([expect.objectContaining({ code: 'CC300', concurCode: 'CC300', name: 'Marketing', previousName: 'Marketing (old name)', changed: ['name'] })]);
		expect(plan.createInConcur.map((create) => create.concurCode)).toEqual(['CC800']);
		expect(plan.unchanged).toBe(2); // CC100, CC-400 ↔ CC_400
		expect(plan.createInIfs).toEqual([]);
		expect(plan.deactivateInConcur).toEqual([]);
		expect(plan.onlyInConcur).toBe(1); // CC500
		expect(plan.blockedInIfs).toBe(1); // CC900
		expect(plan.conflicts).toEqual([]);
	});

	it('with Concur as master updates the IFS description in every company that differs', () => {
		const input = costCenters([cc('CC300', 'Marketing', '10'), cc('CC300', 'Marketing (old name)', '20')], [item('CC300', 'Marketing (old name)')], ['10', '20']);
		const plan = planSync(input, { ...defaults, master: 'concur' });
		expect(plan.updateInConcur).toEqual([]);
		expect(plan.updateInIfs).toEqual([expect.objectContaining({ code: 'CC300', company: '10', name: 'Marketing (old name)', previousName: 'Marketing' })]);
		expectSecondPlanEmpty(input, { ...defaults, master: 'concur' });
	});

	it('creates Concur-born codes in every selected IFS company only when enabled, translating the dash rule back', () => {
		const input = costCenters([cc('CC100', 'Sales', '10'), cc('CC100', 'Sales', '20')], [item('CC100', 'Sales'), item('CC_500', 'Events')], ['10', '20']);
		const off = planSync(input, defaults);
		expect(off.createInIfs).toEqual([]);
		expect(off.onlyInConcur).toBe(1);
		const on = planSync(input, { ...defaults, createInIfs: true });
		expect(on.createInIfs.map(({ code, company, name }) => ({ code, company, name }))).toEqual([
			{ code: 'CC-500', company: '10', name: 'Events' },
			{ code: 'CC-500', company: '20', name: 'Events' },
		]);
		expect(on.deactivateInConcur).toEqual([]);
		expectSecondPlanEmpty(input, { ...defaults, createInIfs: true });
	});

	it('deactivates in Concur only when enabled: codes IFS does not have, and blocked ones', () => {
		const input = costCenters([cc('CC100', 'Sales'), cc('CC900', 'Closed', '10', false)], [item('CC100', 'Sales'), item('CC900', 'Closed'), item('CC500', 'Events')]);
		const off = planSync(input, defaults);
		expect(off.deactivateInConcur).toEqual([]);
		const on = planSync(input, { ...defaults, deactivateInConcur: true });
		expect(on.deactivateInConcur.map(({ concurCode, reason }) => ({ concurCode, reason }))).toEqual([
			{ concurCode: 'CC900', reason: 'blocked-in-ifs' },
			{ concurCode: 'CC500', reason: 'absent-in-ifs' },
		]);
		// Concur-born creation wins over deactivation for codes IFS does not have.
		const both = planSync(input, { ...defaults, deactivateInConcur: true, createInIfs: true });
		expect(both.deactivateInConcur.map((deactivate) => deactivate.concurCode)).toEqual(['CC900']);
		expect(both.createInIfs.map((create) => create.code)).toEqual(['CC500']);
		expectSecondPlanEmpty(input, { ...defaults, deactivateInConcur: true });
	});

	it('never pushes blocked or expired values, but keeps a code that is open in another selected company', () => {
		const input = costCenters([cc('CC900', 'Closed', '10', false), cc('CC910', 'Open in 20', '10', false), cc('CC910', 'Open in 20', '20', true)], [], ['10', '20']);
		const plan = planSync(input, defaults);
		expect(plan.createInConcur.map((create) => create.concurCode)).toEqual(['CC910']);
		expect(plan.createInConcur[0].company).toBe('20');
		expect(plan.blockedInIfs).toBe(1);
	});

	it('round-trips codes with "-" through the dash rule', () => {
		for (const code of ['CC-400', 'A-B-C', 'PLAIN']) {
			expect(codeRoundTripProblem(code, '_')).toBeUndefined();
			expect(toIfsCode(toConcurCode(code, '_'), '_')).toBe(code);
			expect(toConcurCode(code, '_')).not.toContain('-');
		}
		const plan = planSync(costCenters([cc('CC-400', 'Shared services')], []), defaults);
		expect(plan.createInConcur).toEqual([expect.objectContaining({ code: 'CC-400', concurCode: 'CC_400' })]);
		expectSecondPlanEmpty(costCenters([cc('CC-400', 'Shared services')], []), defaults);
	});

	it('reports an IFS code containing the substitute as a conflict and does not touch it on either side', () => {
		const input = costCenters([cc('CC_401', 'Underscore'), cc('CC100', 'Sales')], [item('CC_401', 'Underscore in Concur'), item('CC100', 'Sales')]);
		const plan = planSync(input, { ...defaults, createInIfs: true, deactivateInConcur: true });
		expect(plan.conflicts).toEqual([expect.objectContaining({ code: 'CC_401', message: expect.stringMatching(/substitute "_"/) })]);
		expect(writeCount(plan)).toBe(0);
		expect(plan.unchanged).toBe(1);
	});

	it('reports codes with "-" as conflicts when the dash rule is disabled', () => {
		const plan = planSync(costCenters([cc('CC-400', 'Shared services')], []), { ...defaults, dashSubstitute: '' });
		expect(plan.conflicts).toEqual([expect.objectContaining({ code: 'CC-400', message: expect.stringMatching(/no dash substitute/) })]);
		expect(plan.createInConcur).toEqual([]);
	});

	it('keeps "-" out of Concur names and does not ping-pong over it', () => {
		expect(concurListName('Sales - North')).toBe('Sales \u2013 North');
		const input = costCenters([cc('CC100', 'Sales-North')], [item('CC100', 'Sales')]);
		const plan = planSync(input, defaults);
		expect(plan.updateInConcur[0].name).not.toContain('-');
		expectSecondPlanEmpty(input, defaults);
		expectSecondPlanEmpty(input, { ...defaults, master: 'concur' });
	});

	it('matches codes without regard to case, as Concur does', () => {
		const plan = planSync(costCenters([cc('CC100', 'Sales')], [item('cc100', 'Sales')]), { ...defaults, createInIfs: true, deactivateInConcur: true });
		expect(writeCount(plan)).toBe(0);
		expect(plan.unchanged).toBe(1);
	});

	it('plans nothing the second time for the whole scenario under every option combination', () => {
		for (const master of ['ifs', 'concur'] as const) {
			for (const createInIfs of [false, true]) {
				for (const deactivateInConcur of [false, true]) {
					expectSecondPlanEmpty(scenario, { ...defaults, master, createInIfs, deactivateInConcur });
				}
			}
		}
	});
});

describe('reference sync plan: vendors', () => {
	const supplier = (code: string, name: string, company: string, country = 'US', currency = 'USD'): IfsRow => ({ code, name, company, active: true, country, currency });
	const vendor = (code: string, name: string, countryCode = 'US', currencyCode = 'USD'): ConcurRecord => ({
		code,
		name,
		id: `V${code}`,
		countryCode,
		currencyCode,
		raw: { VendorCode: code, AddressCode: 'MAIN', VendorName: name, CountryCode: countryCode, CurrencyCode: currencyCode },
	});
	const input: PlanInput = {
		data: 'vendors',
		companies: ['10', '20'],
		ifs: [
			supplier('1000', 'Acme', '10'),
			supplier('1000', 'Acme', '20', 'US', 'EUR'),
			supplier('1001', 'Nordic IT Services', '10', 'SE', 'USD'),
			supplier('1002', 'Globex', '20', 'DE', 'EUR'),
		],
		ifsKnownCodes: ['1000', '1001', '1002', '3000'],
		concur: [vendor('1000', 'Acme'), vendor('1001', 'Nordic (old name)', 'SE', 'SEK'), vendor('2001', 'Initech'), vendor('3000', 'Known in IFS, other company')],
	};

	it('creates IFS-only suppliers with country and the first company currency, renames, and leaves Concur-born vendors alone', () => {
		const plan = planSync(input, defaults);
		expect(plan.createInConcur).toEqual([{ code: '1002', concurCode: '1002', name: 'Globex', company: '20', countryCode: 'DE', currencyCode: 'EUR' }]);
		expect(plan.updateInConcur).toEqual([expect.objectContaining({ code: '1001', name: 'Nordic IT Services', countryCode: 'SE', currencyCode: 'SEK', changed: ['name'] })]);
		expect(plan.unchanged).toBe(1);
		expect(plan.onlyInConcur).toBe(1);
		expect(plan.notInSelectedCompanies).toBe(1);
		expectSecondPlanEmpty(input, defaults);
	});

	it('compares country and currency only when asked', () => {
		const plan = planSync(input, { ...defaults, compareCountryCurrency: true });
		expect(plan.updateInConcur.find((update) => update.code === '1001')).toEqual(expect.objectContaining({ currencyCode: 'USD', changed: ['name', 'currencyCode'] }));
		expectSecondPlanEmpty(input, { ...defaults, compareCountryCurrency: true });
	});

	it('creates a Concur-born vendor in IFS in every selected company when enabled, otherwise deactivates it when enabled', () => {
		const create = planSync(input, { ...defaults, createInIfs: true });
		expect(create.createInIfs.map(({ code, company, name, currencyCode }) => ({ code, company, name, currencyCode }))).toEqual([
			{ code: '2001', company: '10', name: 'Initech', currencyCode: 'USD' },
			{ code: '2001', company: '20', name: 'Initech', currencyCode: 'USD' },
		]);
		const deactivate = planSync(input, { ...defaults, deactivateInConcur: true });
		expect(deactivate.deactivateInConcur.map((entry) => entry.concurCode)).toEqual(['2001']);
		for (const createInIfs of [false, true]) {
			for (const deactivateInConcur of [false, true]) expectSecondPlanEmpty(input, { ...defaults, createInIfs, deactivateInConcur });
		}
	});

	it('reports a supplier without a country as a conflict instead of sending Concur an invalid vendor', () => {
		const plan = planSync({ ...input, ifs: [{ ...supplier('1002', 'Globex', '20'), country: undefined }], concur: [] }, defaults);
		expect(plan.createInConcur).toEqual([]);
		expect(plan.conflicts).toEqual([expect.objectContaining({ code: '1002', message: expect.stringMatching(/no Country/) })]);
	});

	it('with Concur as master updates the supplier name once, not per company', () => {
		const plan = planSync(input, { ...defaults, master: 'concur' });
		expect(plan.updateInIfs).toEqual([expect.objectContaining({ code: '1001', name: 'Nordic (old name)', previousName: 'Nordic IT Services' })]);
		expect(plan.updateInIfs[0].company).toBeUndefined();
		expectSecondPlanEmpty(input, { ...defaults, master: 'concur' });
	});
});

describe('code part value validity', () => {
	it('is inactive when blocked, not yet valid, or expired', () => {
		expect(isCodePartValueActive({ ValidFrom: '2020-01-01', ValidUntil: '2049-12-31', BlockedForPosting: false }, '2026-11-16')).toBe(true);
		expect(isCodePartValueActive({ ValidFrom: '2020-01-01', ValidUntil: '2049-12-31', BlockedForPosting: true }, '2026-11-16')).toBe(false);
		expect(isCodePartValueActive({ ValidFrom: '2027-01-01' }, '2026-11-16')).toBe(false);
		expect(isCodePartValueActive({ ValidUntil: '2026-11-15' }, '2026-11-16')).toBe(false);
		expect(isCodePartValueActive({ ValidUntil: '2026-11-16' }, '2026-11-16')).toBe(true);
	});
});
