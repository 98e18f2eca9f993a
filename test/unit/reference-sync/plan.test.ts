import { listScopes, listShapeProblem, type ListShape } from '../../../nodes/ReferenceSync/core/list-shape';
import {
	codePartValueState,
	concurListName,
	excessiveNewValues,
	planCostCenters,
	planVendors,
	writeCount,
	type ConcurRecord,
	type IfsRow,
	type PlanOptions,
	type SyncPlan,
	type VendorInput,
} from '../../../nodes/ReferenceSync/core/plan';
import { DEFAULT_CODE_RULE, type CodeRule } from '../../../nodes/shared/code-rules';
import type { ListItem } from '../../../nodes/shared/concur/lists';

const defaults: PlanOptions = { master: 'ifs', createInIfs: false, deactivateInConcur: false, deactivateBlocked: false };
const flatShape: ListShape = { costCenterLevel: 1, companyLevel: 0, companyMapping: [], createParents: false };
const connectedShape: ListShape = {
	costCenterLevel: 2,
	companyLevel: 1,
	companyMapping: [
		{ concurCode: 'US', ifsCompany: '10' },
		{ concurCode: 'EU', ifsCompany: '20' },
		{ concurCode: 'UK', ifsCompany: '30', concurName: 'Northwind UK' },
	],
	createParents: false,
};
const cc = (code: string, name: string, company = '10', inactiveReason?: IfsRow['inactiveReason']): IfsRow => ({ code, name, company, active: !inactiveReason, ...(inactiveReason ? { inactiveReason } : {}) });

/** A Concur list in memory, and the IFS code part values, to which plans are applied as the node's writers would. */
let nextId = 0;

class World {
	items: ListItem[] = [];

	constructor(
		public ifs: IfsRow[],
		readonly shape: ListShape,
		readonly companies: string[],
		readonly rule: CodeRule = DEFAULT_CODE_RULE,
	) {}

	add(shortCode: string, value: string, parentCode = '', isDeleted = false): this {
		const parent = this.items.find((item) => item.code === parentCode);
		this.items.push({ id: `id-${nextId++}`, code: parent ? `${parent.code}-${shortCode}` : shortCode, shortCode, value, parentId: parent?.id ?? null, level: (parent?.level ?? 0) + 1, isDeleted, hasChildren: false });
		return this;
	}

	plan(options: PlanOptions): SyncPlan {
		const { scopes, otherCompanyItems } = listScopes(this.items, this.shape, this.companies);
		void otherCompanyItems;
		return planCostCenters({ companies: this.companies, ifs: this.ifs, scopes, rule: this.rule, notInSelectedCompanies: 0 }, options);
	}

	apply(plan: SyncPlan): void {
		for (const parent of plan.createParentsInConcur) this.add(parent.shortCode, parent.value, parent.parentCode);
		for (const create of plan.createInConcur) this.add(create.concurCode, create.name, create.parentCode ?? '');
		const byCode = (code: string | undefined) => this.items.find((item) => item.code === code)!;
		for (const update of plan.updateInConcur) byCode(update.longCode).value = update.name;
		for (const deactivate of plan.deactivateInConcur) byCode(deactivate.longCode).isDeleted = true;
		for (const create of plan.createInIfs) this.ifs.push(cc(create.code, create.name, create.company));
		for (const update of plan.updateInIfs) for (const row of this.ifs) if (row.code === update.code && row.company === update.company) row.name = update.name;
	}

	/** Plans, applies, and plans again: the second plan must be empty. */
	expectConverges(options: PlanOptions): SyncPlan {
		const first = this.plan(options);
		this.apply(first);
		expect(writeCount(this.plan(options))).toBe(0);
		return first;
	}
}

const flatScenario = () =>
	new World([cc('CC100', 'Sales'), cc('CC300', 'Marketing'), cc('CC-400', 'Shared services'), cc('CC800', 'Logistics'), cc('CC900', 'Closed', '10', 'blocked-in-ifs')], flatShape, ['10'])
		.add('CC100', 'Sales')
		.add('CC300', 'Marketing (old name)')
		.add('CC_400', 'Shared services')
		.add('CC500', 'Events');

/** Level 1 = companies (US, EU, UK, XX), level 2 = their cost centers. */
const connectedScenario = (rule: CodeRule = { dashRule: 'drop', substitute: '', table: [] }) =>
	new World(
		[
			...['10', '20'].flatMap((company) => [cc('CC100', 'Sales', company), cc('CC200', 'Engineering', company), cc('CC-400', 'Shared services', company)]),
			cc('CC900', 'Closed', '10', 'blocked-in-ifs'),
			cc('K-100', 'Key accounts', '30'),
			cc('CC950', 'Closed UK office', '30', 'outside-validity'),
		],
		connectedShape,
		['10', '20', '30'],
		rule,
	)
		.add('US', 'Northwind US')
		.add('CC100', 'Sales', 'US')
		.add('CC510', 'US events', 'US')
		.add('CC900', 'Closed', 'US')
		.add('EU', 'Northwind Europe')
		.add('CC100', 'Sales', 'EU')
		.add('CC400', 'Shared', 'EU')
		.add('UK', 'Northwind UK')
		.add('K200', 'UK partners', 'UK')
		.add('CC950', 'Closed UK office', 'UK')
		.add('XX', 'Dormant')
		.add('XX1', 'No company', 'XX');

describe('reference sync plan: a flat cost-center list shared by the selected companies', () => {
	it('lets the IFS master win on names and creates what Concur lacks', () => {
		const plan = flatScenario().plan(defaults);
		expect(plan.updateInConcur).toEqual([expect.objectContaining({ code: 'CC300', concurCode: 'CC300', name: 'Marketing', previousName: 'Marketing (old name)', changed: ['name'] })]);
		expect(plan.createInConcur).toEqual([expect.objectContaining({ code: 'CC800', concurCode: 'CC800' })]);
		expect(plan.createInConcur[0].parentCode).toBeUndefined();
		expect(plan.unchanged).toBe(2); // CC100, CC-400 ↔ CC_400
		expect(plan.createInIfs).toEqual([]);
		expect(plan.onlyInConcur).toBe(1); // CC500
		expect(plan.blockedInIfs).toBe(1); // CC900
		expect(plan.conflicts).toEqual([]);
	});

	it('with Concur as master updates the IFS description in every company that differs', () => {
		const world = new World([cc('CC300', 'Marketing', '10'), cc('CC300', 'Marketing (old name)', '20')], flatShape, ['10', '20']).add('CC300', 'Marketing (old name)');
		const plan = world.expectConverges({ ...defaults, master: 'concur' });
		expect(plan.updateInIfs).toEqual([expect.objectContaining({ code: 'CC300', company: '10', name: 'Marketing (old name)', previousName: 'Marketing' })]);
	});

	it('creates Concur-born codes in every selected company of a shared list, translating the dash rule back', () => {
		const world = new World([cc('CC100', 'Sales', '10'), cc('CC100', 'Sales', '20')], flatShape, ['10', '20']).add('CC100', 'Sales').add('CC_500', 'Events');
		expect(world.plan(defaults).onlyInConcur).toBe(1);
		const plan = world.expectConverges({ ...defaults, createInIfs: true });
		expect(plan.createInIfs.map(({ code, company, name }) => ({ code, company, name }))).toEqual([
			{ code: 'CC-500', company: '10', name: 'Events' },
			{ code: 'CC-500', company: '20', name: 'Events' },
		]);
	});

	it('deactivates a Concur item whose IFS value is blocked or expired, and Concur-born items only when asked', () => {
		const world = new World([cc('CC100', 'Sales'), cc('CC900', 'Closed', '10', 'blocked-in-ifs'), cc('CC910', 'Expired', '10', 'outside-validity')], flatShape, ['10'])
			.add('CC100', 'Sales')
			.add('CC900', 'Closed')
			.add('CC910', 'Expired')
			.add('CC500', 'Events');
		expect(world.plan(defaults).deactivateInConcur).toEqual([]);
		const plan = world.plan({ ...defaults, deactivateBlocked: true, deactivateInConcur: true });
		expect(plan.deactivateInConcur.map(({ concurCode, reason, longCode }) => ({ concurCode, reason, longCode }))).toEqual([
			{ concurCode: 'CC900', reason: 'blocked-in-ifs', longCode: 'CC900' },
			{ concurCode: 'CC910', reason: 'outside-validity', longCode: 'CC910' },
			{ concurCode: 'CC500', reason: 'absent-in-ifs', longCode: 'CC500' },
		]);
		// Concur-born creation wins over deactivation for codes IFS does not have.
		expect(world.plan({ ...defaults, deactivateBlocked: true, deactivateInConcur: true, createInIfs: true }).createInIfs.map((create) => create.code)).toEqual(['CC500']);
		world.expectConverges({ ...defaults, deactivateBlocked: true, deactivateInConcur: true });
		expect(world.items.filter((item) => item.isDeleted).map((item) => item.code)).toEqual(['CC900', 'CC910', 'CC500']);
	});

	it('never pushes blocked or expired values, but keeps a code that is open in another company of the scope', () => {
		const world = new World([cc('CC900', 'Closed', '10', 'blocked-in-ifs'), cc('CC910', 'Open in 20', '10', 'outside-validity'), cc('CC910', 'Open in 20', '20')], flatShape, ['10', '20']);
		const plan = world.plan({ ...defaults, deactivateBlocked: true });
		expect(plan.createInConcur.map((create) => [create.concurCode, create.company])).toEqual([['CC910', '20']]);
		expect(plan.blockedInIfs).toBe(1);
	});

	it('reports a deactivated Concur item whose IFS value is open as a conflict instead of creating it again, and leaves it alone when blocked', () => {
		const world = new World([cc('CC100', 'Sales'), cc('CC900', 'Closed', '10', 'blocked-in-ifs')], flatShape, ['10']).add('CC100', 'Sales', '', true).add('CC900', 'Closed', '', true);
		const plan = world.plan({ ...defaults, deactivateBlocked: true });
		expect(writeCount(plan)).toBe(0);
		expect(plan.conflicts).toEqual([expect.objectContaining({ code: 'CC100', message: expect.stringMatching(/deactivated.*restore it in Concur/) })]);
		expect(plan.unchanged).toBe(1);
	});

	it('reports codes the rule cannot place and codes that would collide as conflicts, touching neither side', () => {
		const world = new World([cc('CC-1', 'Dash'), cc('CC_1', 'Underscore'), cc('CC100', 'Sales')], flatShape, ['10']).add('CC_1', 'In Concur').add('CC100', 'Sales');
		const plan = world.plan({ ...defaults, createInIfs: true, deactivateInConcur: true });
		expect(plan.conflicts.map((conflict) => conflict.code).sort()).toEqual(['CC-1', 'CC_1']);
		expect(plan.conflicts[0].message).toMatch(/all become Concur code "CC_1"/);
		expect(writeCount(plan)).toBe(0);
		const noSubstitute = new World([cc('CC-400', 'Shared services')], flatShape, ['10'], { ...DEFAULT_CODE_RULE, substitute: '' }).plan(defaults);
		expect(noSubstitute.conflicts).toEqual([expect.objectContaining({ code: 'CC-400', message: expect.stringMatching(/no dash substitute/) })]);
	});

	it('keeps "-" out of Concur names and does not ping-pong over it', () => {
		expect(concurListName('Sales - North')).toBe('Sales \u2013 North');
		for (const master of ['ifs', 'concur'] as const) {
			const world = new World([cc('CC100', 'Sales-North')], flatShape, ['10']).add('CC100', 'Sales');
			const plan = world.expectConverges({ ...defaults, master });
			if (master === 'ifs') expect(plan.updateInConcur[0].name).not.toContain('-');
		}
	});

	it('matches codes without regard to case, as Concur does', () => {
		const plan = new World([cc('CC100', 'Sales')], flatShape, ['10']).add('cc100', 'Sales').plan({ ...defaults, createInIfs: true, deactivateInConcur: true });
		expect(writeCount(plan)).toBe(0);
		expect(plan.unchanged).toBe(1);
	});

	it('plans nothing the second time under every option combination', () => {
		for (const master of ['ifs', 'concur'] as const) {
			for (const createInIfs of [false, true]) {
				for (const deactivateInConcur of [false, true]) {
					for (const deactivateBlocked of [false, true]) flatScenario().expectConverges({ master, createInIfs, deactivateInConcur, deactivateBlocked });
				}
			}
		}
	});
});

describe('reference sync plan: a connected list, level 1 = companies, level 2 = cost centers', () => {
	const both: PlanOptions = { ...defaults, createInIfs: true, deactivateBlocked: true };

	it('syncs each company with the cost centers under its own item, in both directions, and nothing at level 1 becomes a cost center', () => {
		const world = connectedScenario();
		const plan = world.expectConverges(both);
		expect(plan.createInConcur.map(({ concurCode, parentCode, company }) => `${parentCode}-${concurCode}@${company}`).sort()).toEqual([
			'EU-CC200@20',
			'UK-K100@30',
			'US-CC200@10',
			'US-CC400@10',
		]);
		expect(plan.createInIfs.map(({ code, company }) => `${code}@${company}`).sort()).toEqual(['CC510@10', 'K200@30']);
		expect(plan.updateInConcur.map(({ longCode, name }) => `${longCode}=${name}`)).toEqual(['EU-CC400=Shared services']);
		expect(plan.deactivateInConcur.map(({ longCode, reason, company }) => `${longCode} ${reason}@${company}`).sort()).toEqual(['UK-CC950 outside-validity@30', 'US-CC900 blocked-in-ifs@10']);
		expect(plan.conflicts).toEqual([]);
		expect(world.ifs.filter((row) => ['US', 'EU', 'UK', 'XX', 'XX1'].includes(row.code))).toEqual([]);
		expect(world.items.filter((item) => item.code.startsWith('XX')).map((item) => item.code)).toEqual(['XX', 'XX-XX1']);
	});

	it('leaves the items of company items it cannot map alone', () => {
		const world = connectedScenario();
		expect(listScopes(world.items, world.shape, world.companies).otherCompanyItems).toEqual(['XX']);
		expect(listScopes(world.items, world.shape, ['10']).scopes.map((scope) => scope.label)).toEqual(['US']);
		expect(listScopes(world.items, { ...world.shape, companyMapping: [] }, ['10']).scopes[0].concur).toEqual([]);
	});

	it('matches company items by equal codes when the mapping has no row for them', () => {
		const world = new World([cc('CC100', 'Sales', '10')], { ...connectedShape, companyMapping: [] }, ['10']).add('10', 'Northwind US');
		expect(world.expectConverges(defaults).createInConcur).toEqual([expect.objectContaining({ concurCode: 'CC100', parentCode: '10', company: '10' })]);
	});

	it('creates a missing company item only when told to, before the cost centers under it', () => {
		const world = connectedScenario();
		world.items = world.items.filter((item) => !item.code.startsWith('UK'));
		const off = world.plan(both);
		expect(off.createParentsInConcur).toEqual([]);
		expect(off.conflicts.map((conflict) => conflict.code)).toEqual(['K-100']);
		expect(off.conflicts[0].message).toMatch(/no item for IFS company 30 at level 1 \(expected code "UK"\)/);
		const shape = { ...connectedShape, createParents: true };
		const on = new World(world.ifs, shape, world.companies, world.rule);
		on.items = world.items;
		const plan = on.expectConverges(both);
		expect(plan.createParentsInConcur).toEqual([{ shortCode: 'UK', value: 'Northwind UK', parentCode: '', company: '30' }]);
		expect(plan.createInConcur.filter((create) => create.company === '30').map((create) => create.parentCode)).toEqual(['UK']);
	});

	it('puts cost centers under the only item of an intermediate level, and refuses to guess among several', () => {
		const shape: ListShape = { ...connectedShape, costCenterLevel: 3, companyMapping: [{ concurCode: 'US', ifsCompany: '10' }] };
		const world = new World([cc('CC100', 'Sales')], shape, ['10']).add('US', 'Northwind US').add('R1', 'Region 1', 'US');
		expect(world.plan(defaults).createInConcur).toEqual([expect.objectContaining({ parentCode: 'US-R1' })]);
		world.add('R2', 'Region 2', 'US');
		expect(world.plan(defaults).conflicts).toEqual([expect.objectContaining({ code: 'CC100', message: expect.stringMatching(/2 items \(US-R1, US-R2\) at level 2 under US/) })]);
	});

	it('round-trips the dash rules: drop (K-100 ↔ K100) and substitute (CC-400 ↔ CC_400)', () => {
		const dropped = connectedScenario();
		dropped.expectConverges(both);
		expect(dropped.items.find((item) => item.code === 'UK-K100')?.value).toBe('Key accounts');
		expect(dropped.ifs.filter((row) => row.code.startsWith('K')).map((row) => row.code).sort()).toEqual(['K-100', 'K200']);
		const substituted = connectedScenario(DEFAULT_CODE_RULE);
		const plan = substituted.expectConverges(both);
		expect(plan.createInConcur.map((create) => `${create.parentCode}-${create.concurCode}`)).toEqual(expect.arrayContaining(['US-CC_400', 'EU-CC_400', 'UK-K_100']));
		expect(plan.createInIfs.map((create) => create.code)).toEqual(expect.arrayContaining(['CC400'])); // Concur-born EU CC400 has no "-" to restore
	});

	it('refuses impossible shapes', () => {
		expect(listShapeProblem({ ...connectedShape, companyLevel: 2 })).toMatch(/company level/);
		expect(listShapeProblem({ ...connectedShape, costCenterLevel: 11 })).toMatch(/1 to 10/);
		expect(listShapeProblem({ ...connectedShape, companyMapping: [{ concurCode: 'US', ifsCompany: '10' }, { concurCode: 'us', ifsCompany: '20' }] })).toMatch(/twice/);
		expect(listShapeProblem(connectedShape)).toBeUndefined();
	});
});

describe('reference sync plan: the share of new IFS values', () => {
	it('names the companies in which a plan would create more than the limit', () => {
		const world = connectedScenario();
		const plan = world.plan({ ...defaults, createInIfs: true });
		expect(excessiveNewValues(plan, world.ifs, 20)).toEqual([{ company: '30', created: 1, existing: 2, percent: (1 / 3) * 100 }]);
		expect(excessiveNewValues(plan, world.ifs, 34)).toEqual([]);
		expect(excessiveNewValues(plan, world.ifs, 0).map((share) => share.company)).toEqual(['10', '30']);
		expect(excessiveNewValues(plan, [], 99.9).map((share) => share.percent)).toEqual([100, 100]);
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
	const input: VendorInput = {
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

	/** Applies a vendor plan to copies of both sides. */
	function apply(plan: SyncPlan): VendorInput {
		const ifs = input.ifs.map((row) => ({ ...row }));
		let concur = input.concur.map((record) => ({ ...record }));
		for (const create of plan.createInIfs) ifs.push({ code: create.code, company: create.company, name: create.name, active: true, country: create.countryCode, currency: create.currencyCode });
		for (const update of plan.updateInIfs) for (const row of ifs) if (row.code === update.code) row.name = update.name;
		for (const create of plan.createInConcur) concur.push({ code: create.concurCode, name: create.name, countryCode: create.countryCode, currencyCode: create.currencyCode });
		for (const update of plan.updateInConcur) Object.assign(concur.find((record) => record.code === update.concurCode)!, { name: update.name, countryCode: update.countryCode, currencyCode: update.currencyCode });
		const removed = new Set(plan.deactivateInConcur.map((deactivate) => deactivate.concurCode));
		concur = concur.filter((record) => !removed.has(record.code));
		return { ...input, ifs, concur, ifsKnownCodes: [...input.ifsKnownCodes, ...plan.createInIfs.map((create) => create.code)] };
	}

	const expectConverges = (options: PlanOptions) => expect(writeCount(planVendors(apply(planVendors(input, options)), options))).toBe(0);

	it('creates IFS-only suppliers with country and the first company currency, renames, and leaves Concur-born vendors alone', () => {
		const plan = planVendors(input, defaults);
		expect(plan.createInConcur).toEqual([{ code: '1002', concurCode: '1002', name: 'Globex', company: '20', countryCode: 'DE', currencyCode: 'EUR' }]);
		expect(plan.updateInConcur).toEqual([expect.objectContaining({ code: '1001', name: 'Nordic IT Services', countryCode: 'SE', currencyCode: 'SEK', changed: ['name'] })]);
		expect(plan.unchanged).toBe(1);
		expect(plan.onlyInConcur).toBe(1);
		expect(plan.notInSelectedCompanies).toBe(1);
		expectConverges(defaults);
	});

	it('compares country and currency only when asked', () => {
		const plan = planVendors(input, { ...defaults, compareCountryCurrency: true });
		expect(plan.updateInConcur.find((update) => update.code === '1001')).toEqual(expect.objectContaining({ currencyCode: 'USD', changed: ['name', 'currencyCode'] }));
		expectConverges({ ...defaults, compareCountryCurrency: true });
	});

	it('creates a Concur-born vendor in IFS in every selected company when enabled, otherwise deactivates it when enabled', () => {
		const create = planVendors(input, { ...defaults, createInIfs: true });
		expect(create.createInIfs.map(({ code, company, name, currencyCode }) => ({ code, company, name, currencyCode }))).toEqual([
			{ code: '2001', company: '10', name: 'Initech', currencyCode: 'USD' },
			{ code: '2001', company: '20', name: 'Initech', currencyCode: 'USD' },
		]);
		expect(planVendors(input, { ...defaults, deactivateInConcur: true }).deactivateInConcur.map((entry) => entry.concurCode)).toEqual(['2001']);
		for (const createInIfs of [false, true]) {
			for (const deactivateInConcur of [false, true]) expectConverges({ ...defaults, createInIfs, deactivateInConcur });
		}
	});

	it('reports a supplier without a country as a conflict instead of sending Concur an invalid vendor', () => {
		const plan = planVendors({ ...input, ifs: [{ ...supplier('1002', 'Globex', '20'), country: undefined }], concur: [] }, defaults);
		expect(plan.createInConcur).toEqual([]);
		expect(plan.conflicts).toEqual([expect.objectContaining({ code: '1002', message: expect.stringMatching(/no Country/) })]);
	});

	it('with Concur as master updates the supplier name once, not per company', () => {
		const plan = planVendors(input, { ...defaults, master: 'concur' });
		expect(plan.updateInIfs).toEqual([expect.objectContaining({ code: '1001', name: 'Nordic (old name)', previousName: 'Nordic IT Services' })]);
		expect(plan.updateInIfs[0].company).toBeUndefined();
		expectConverges({ ...defaults, master: 'concur' });
	});
});

describe('code part value validity', () => {
	it('is blocked, outside its validity window, or usable', () => {
		expect(codePartValueState({ ValidFrom: '2020-01-01', ValidUntil: '2049-12-31', BlockedForPosting: false }, '2026-11-16')).toBeUndefined();
		expect(codePartValueState({ ValidFrom: '2020-01-01', ValidUntil: '2049-12-31', BlockedForPosting: true }, '2026-11-16')).toBe('blocked-in-ifs');
		expect(codePartValueState({ ValidFrom: '2027-01-01' }, '2026-11-16')).toBe('outside-validity');
		expect(codePartValueState({ ValidUntil: '2026-11-15' }, '2026-11-16')).toBe('outside-validity');
		expect(codePartValueState({ ValidUntil: '2026-11-16' }, '2026-11-16')).toBeUndefined();
	});
});
