import type { IDataObject } from 'n8n-workflow';

import type { Simulators } from '../../simulators';
import { useSimulators } from '../../simulators/hooks';
import { DEFAULT_CLIENT } from '../../simulators/ifs';
import { connectedCompanyMapping, connectedCostCenterList, connectedTree as treeOf, connectedTreeAfterTwoWaySync, connectedTwoWayChanges, describeChange } from '../../simulators/seed/connected-list';
import { concurCostCenterList } from '../../simulators/seed/scenario';
import { PACKAGE_PREFIX, linearWorkflow, processedData, runWorkflow, simulatorCredentials, type CredentialStore } from '../harness';

jest.setTimeout(120_000);

const NODE = 'Reference Sync';
const LIST_ID = concurCostCenterList.listId;
const CONNECTED = connectedCostCenterList.listId;

let sims: Simulators;
let store: CredentialStore;

// the service user may see the third company the connected list serves
useSimulators((started) => (sims = started), { simulator: { ifs: { clients: [{ ...DEFAULT_CLIENT, allowedCompanies: ['10', '20', '30'] }] } } });
beforeEach(() => {
	processedData.clear();
	store = simulatorCredentials(sims);
	store.add('ifs', 'ifsCloudOAuth2Api', { ...sims.credentialData.ifs, allowedCompanies: '10, 20, 30' });
});

const syncNode = (parameters: IDataObject) => ({
	name: NODE,
	type: `${PACKAGE_PREFIX}.concurIfsReferenceSync`,
	parameters,
	credentials: { sapConcurOAuth2Api: { id: 'concur', name: 'concur' }, ifsCloudOAuth2Api: { id: 'ifs', name: 'ifs' } },
});

/** The flat scenario list; writes at once unless a preview is asked for. */
const costCenters = (options: IDataObject = {}, parameters: IDataObject = {}) => syncNode({ data: 'costCenters', listId: LIST_ID, preview: 'off', ...parameters, options });
const vendors = (options: IDataObject = {}, parameters: IDataObject = {}) => syncNode({ data: 'vendors', preview: 'off', ...parameters, options });
/** The connected list as a user sets it up: level 1 = companies (mapped), level 2 = cost centers, "-" dropped, both ways; preview on the first run (the default). */
const connected = (options: IDataObject = {}, parameters: IDataObject = {}) =>
	syncNode({
		data: 'costCenters',
		listId: CONNECTED,
		costCenterLevel: 2,
		companyLevel: 1,
		companyMapping: { rows: connectedCompanyMapping.map((row) => ({ ...row })) },
		dashRule: 'drop',
		...parameters,
		options: { companies: '10, 20, 30', createInIfs: true, ...options },
	});

async function run(node: ReturnType<typeof syncNode>) {
	const result = await runWorkflow(linearWorkflow([node]), { credentials: store });
	expect(result.error).toBeUndefined();
	const changes = result.json(NODE, 0);
	const summaryItem = changes.at(-1)!;
	return { result, changes: changes.slice(0, -1), summary: summaryItem.summary as Record<string, number>, summaryItem, failed: result.json(NODE, 1) };
}

/** Writes (non-GET data requests) each simulator has answered so far. */
function writes() {
	const concur = Object.entries(sims.concur.statsSnapshot().byTemplate)
		.filter(([template]) => /^(POST|PUT|PATCH|DELETE) /.test(template) && !template.includes('/oauth2/'))
		.reduce((total, [, count]) => total + count, 0);
	const ifs = Object.entries(sims.ifs.stats().byRoute)
		.filter(([route]) => /^(POST|PUT|PATCH|DELETE) /.test(route) && !/token/i.test(route))
		.reduce((total, [, count]) => total + count, 0);
	return { concur, ifs };
}

type ListItem = { id: string; listId: string; shortCode: string; value: string; isDeleted: boolean; parentId: string | null; level: number };
const listItems = () => (sims.concur.inspect() as unknown as { listItems: ListItem[] }).listItems;
const concurItems = () => Object.fromEntries(listItems().filter((item) => item.listId === LIST_ID && item.parentId === null && !item.isDeleted).map((item) => [item.shortCode, item.value]));
const connectedTree = () => treeOf(listItems());
type Vendor = { VendorCode: string; AddressCode: string; VendorName: string; CountryCode: string; CurrencyCode: string };
const concurVendors = () => (sims.concur.inspect() as unknown as { vendors: Vendor[] }).vendors;
const ifsCostCenters = (code: string) =>
	sims.ifs
		.rows('AccountingCodePartValueSet')
		.filter((row) => row.CodePart === 'B' && row.CodePartValue === code)
		.map((row) => ({ company: row.Company, description: row.Description }));
const ifsCodes = (company: string) =>
	sims.ifs
		.rows('AccountingCodePartValueSet')
		.filter((row) => row.CodePart === 'B' && row.Company === company)
		.map((row) => String(row.CodePartValue))
		.sort();

describe('Concur IFS Reference Sync: a flat cost-center list', () => {
	it('pushes IFS (company 10) to the Concur list, translating CC-400 to CC_400, and a second run writes nothing', async () => {
		const initial = writes();
		const first = await run(costCenters());
		expect(writes().concur).toBe(initial.concur + 2); // one bulk POST (create), one bulk PATCH (rename)
		expect(writes().ifs).toBe(initial.ifs);
		expect(first.failed).toEqual([]);
		expect(first.changes.map(({ action, code, concurCode, name, reason }) => ({ action, code, concurCode, name, reason }))).toEqual(
			expect.arrayContaining([
				{ action: 'created-in-concur', code: 'CC800', concurCode: 'CC800', name: 'Only in IFS: Logistics', reason: 'missing-in-concur' },
				{ action: 'updated-in-concur', code: 'CC300', concurCode: 'CC300', name: 'Marketing', reason: 'differs-in-concur' },
			]),
		);
		expect(first.changes).toHaveLength(2);
		expect(first.changes.every((change) => change.preview === false && change.data === 'costCenters' && change.system === 'concur')).toBe(true);
		expect(first.summary).toMatchObject({ createdInConcur: 1, updatedInConcur: 1, deactivatedInConcur: 0, createdInIfs: 0, unchanged: 3, conflicts: 0, failed: 0, blockedInIfs: 1, onlyInConcur: 1 });
		expect(first.summaryItem.companies).toEqual(['10']);
		expect(concurItems()).toEqual({
			CC100: 'Sales',
			CC200: 'Engineering',
			CC300: 'Marketing',
			CC_400: 'Shared services',
			CC500: 'Only in Concur: Events',
			CC800: 'Only in IFS: Logistics',
		});
		expect(ifsCostCenters('CC500')).toEqual([]);

		const before = writes();
		const second = await run(costCenters());
		expect(writes()).toEqual(before);
		expect(second.changes).toEqual([]);
		expect(second.failed).toEqual([]);
		expect(second.summary).toMatchObject({ createdInConcur: 0, updatedInConcur: 0, deactivatedInConcur: 0, createdInIfs: 0, unchanged: 5 });
	});

	it('previews the first run against a list with the default setting, then writes on the next run', async () => {
		const before = writes();
		const preview = await run(costCenters({ companies: '10, 20', createInIfs: true }, { preview: 'firstRun' }));
		expect(writes()).toEqual(before);
		expect(preview.summaryItem).toMatchObject({ preview: true, previewReason: expect.stringMatching(/^First run against list/) });
		expect(preview.changes.map(describeChange).sort()).toEqual([
			'concur created-in-concur /CC800@10 missing-in-concur',
			'concur updated-in-concur /CC300@10 differs-in-concur',
			'ifs created-in-ifs /CC500@10 concur-born',
			'ifs created-in-ifs /CC500@20 concur-born',
		]);
		expect(preview.summary.byCompany).toEqual({ '10': expect.objectContaining({ createdInConcur: 1, updatedInConcur: 1, createdInIfs: 1 }), '20': expect.objectContaining({ createdInIfs: 1 }) });

		const applied = await run(costCenters({ companies: '10, 20', createInIfs: true }, { preview: 'firstRun' }));
		expect(applied.summaryItem.preview).toBe(false);
		expect(applied.changes.map(describeChange).sort()).toEqual(preview.changes.map(describeChange).sort());
		expect(ifsCostCenters('CC500')).toEqual([
			{ company: '10', description: 'Only in Concur: Events' },
			{ company: '20', description: 'Only in Concur: Events' },
		]);
		const after = writes();
		expect((await run(costCenters({ companies: '10, 20', createInIfs: true }, { preview: 'firstRun' }))).changes).toEqual([]);
		expect(writes()).toEqual(after);
	});

	it('with Preview "Always" writes nothing and lists what it would do', async () => {
		const before = writes();
		const dry = await run(costCenters({ companies: '10, 20', createInIfs: true }, { preview: 'always' }));
		expect(writes()).toEqual(before);
		expect(dry.changes).toHaveLength(4);
		expect(dry.changes.every((change) => change.preview === true)).toBe(true);
		expect(dry.summaryItem).toMatchObject({ preview: true, previewReason: 'Preview is on.' });
		expect(concurItems().CC300).toBe('Marketing (old name)');
	});

	it('deactivates a Concur-born item only when asked: Concur keeps it, marked deleted', async () => {
		const first = await run(costCenters({ deactivateInConcur: true }));
		expect(first.changes.filter((change) => change.action === 'deactivated-in-concur').map(({ concurCode, reason }) => ({ concurCode, reason }))).toEqual([
			{ concurCode: 'CC500', reason: 'absent-in-ifs' },
		]);
		expect(listItems().find((item) => item.listId === LIST_ID && item.shortCode === 'CC500')).toMatchObject({ isDeleted: true });
		const before = writes();
		expect((await run(costCenters({ deactivateInConcur: true }))).changes).toEqual([]);
		expect(writes()).toEqual(before);
	});

	it('with Concur as master updates the IFS description instead, and a second run writes nothing', async () => {
		const first = await run(costCenters({ master: 'concur' }));
		expect(first.failed).toEqual([]);
		expect(first.changes.filter((change) => change.action === 'updated-in-ifs').map(({ code, company, name, previousName }) => ({ code, company, name, previousName }))).toEqual([
			{ code: 'CC300', company: '10', name: 'Marketing (old name)', previousName: 'Marketing' },
		]);
		expect(ifsCostCenters('CC300')).toEqual([
			{ company: '10', description: 'Marketing (old name)' },
			{ company: '20', description: 'Marketing' },
		]);
		const before = writes();
		expect((await run(costCenters({ master: 'concur' }))).changes).toEqual([]);
		expect(writes()).toEqual(before);
	});

	it('reports a Concur item deactivated while IFS holds the value open as a conflict, without trying to create it again', async () => {
		listItems().find((item) => item.listId === LIST_ID && item.shortCode === 'CC100')!.isDeleted = true;
		const result = await run(costCenters());
		expect(result.failed).toEqual([expect.objectContaining({ code: 'CC100', kind: 'conflict', message: expect.stringMatching(/restore it in Concur/) })]);
		expect(result.summary).toMatchObject({ createdInConcur: 1, updatedInConcur: 1, conflicts: 1, failed: 0 });
	});

	it("puts a list item Concur refuses on the Failed output with Concur's message and still applies the rest", async () => {
		// someone creates CC800 in Concur while the sync is planning: Concur refuses that part only
		sims.concur.setFaults({ rules: [{ path: '/bulk$', method: 'POST', latencyMs: 400 }] });
		const running = run(costCenters());
		const readsDone = () => sims.concur.requestLog().filter((entry) => (entry as { template: string }).template === '/list/v4/lists/:listId/children').length === 2;
		while (!readsDone()) await new Promise((resolve) => setTimeout(resolve, 5));
		listItems().push({ id: 'someone-else', listId: LIST_ID, shortCode: 'CC800', value: 'Created by hand', isDeleted: false, parentId: null, level: 1 });
		const result = await running;
		sims.concur.clearFaults();
		expect(result.failed).toEqual([expect.objectContaining({ code: 'CC800', action: 'created-in-concur', kind: 'failed', message: expect.stringMatching(/refused list item CC800: This item code is already used/) })]);
		expect(result.summary).toMatchObject({ createdInConcur: 0, updatedInConcur: 1, failed: 1 });
		expect(concurItems().CC300).toBe('Marketing');
	});

	it('stops before writing when the plan would create more than the allowed share of new IFS values, and a preview shows why', async () => {
		const node = costCenters({ createInIfs: true }, { maxNewIfsShare: 10 });
		const before = writes();
		const stopped = await runWorkflow(linearWorkflow([node]), { credentials: store });
		expect(stopped.error?.message).toMatch(/Stopped before writing anything: the plan would create 1 new code part B values in IFS company 10 \(14\.3 % of the 7 it would then hold\); the limit is 10 %/);
		expect(writes()).toEqual(before);
		const preview = await run(costCenters({ createInIfs: true }, { maxNewIfsShare: 10, preview: 'always' }));
		expect(preview.summaryItem.excessiveNewIfsValues).toEqual([{ company: '10', created: 1, existing: 6, percent: (1 / 7) * 100 }]);
		expect(writes()).toEqual(before);
	});

	it('refuses an IFS company outside the credential before sending anything', async () => {
		const result = await runWorkflow(linearWorkflow([costCenters({ companies: '10, 90' })]), { credentials: store });
		expect(result.error?.message).toMatch(/Company "90" is not in this IFS credential's allowed companies/);
		expect(sims.ifs.stats().byRoute).toEqual({});
	});

	it('fails the execution on an IFS outage instead of reporting records as failed', async () => {
		sims.ifs.setFaults({ outage: true });
		const node = syncNode({ data: 'costCenters', listId: LIST_ID, preview: 'off', requestSettings: { maxAttempts: 2, maxTotalWaitSeconds: 1 } });
		const result = await runWorkflow(linearWorkflow([node]), { credentials: store });
		expect(result.error).toBeDefined();
		expect(result.json(NODE, 0)).toEqual([]);
		sims.ifs.clearFaults();
	});
});

describe('Concur IFS Reference Sync: a connected list (level 1 = companies, level 2 = cost centers), three companies, both ways', () => {
	const expectedChanges = connectedTwoWayChanges;

	it('previews first (nothing written, every change listed), then creates exactly the expected values in the expected companies, and a third run writes nothing', async () => {
		const ifsBefore = { '10': ifsCodes('10'), '20': ifsCodes('20'), '30': ifsCodes('30') };
		const treeBefore = connectedTree();
		const initial = writes();
		const preview = await run(connected());
		expect(writes()).toEqual(initial);
		expect(preview.summaryItem.preview).toBe(true);
		expect(preview.changes.map(describeChange).sort()).toEqual(expectedChanges);
		expect(preview.failed).toEqual([]);
		expect(preview.summary.otherCompanyItems).toEqual(['XX']);
		expect(connectedTree()).toEqual(treeBefore);

		const applied = await run(connected());
		expect(applied.failed).toEqual([]);
		expect(applied.changes.map(describeChange).sort()).toEqual(expectedChanges);
		expect(writes()).toEqual({ concur: initial.concur + 2, ifs: initial.ifs + 1 }); // one bulk POST, one bulk PATCH, one $batch
		expect(connectedTree()).toEqual(connectedTreeAfterTwoWaySync);
		expect(Object.keys(sims.concur.statsSnapshot().byTemplate).filter((route) => route.startsWith('DELETE'))).toEqual([]); // deactivated, never deleted
		// exactly one new value per company, in its own company only; nothing from level 1
		expect(ifsCodes('10')).toEqual([...ifsBefore['10'], 'CC510'].sort());
		expect(ifsCodes('20')).toEqual([...ifsBefore['20'], 'CC520'].sort());
		expect(ifsCodes('30')).toEqual([...ifsBefore['30'], 'AC200'].sort());
		for (const levelOne of ['US', 'EU', 'UK', 'XX', 'XX1']) expect(ifsCostCenters(levelOne)).toEqual([]);

		const before = writes();
		const third = await run(connected());
		expect(third.changes).toEqual([]);
		expect(third.failed).toEqual([]);
		expect(writes()).toEqual(before);
	});

	it('round-trips the drop rule both ways: IFS AC-100 is AC100 in Concur, Concur AC200 stays AC200 in IFS, and nothing changes afterwards', async () => {
		await run(connected({}, { preview: 'off' }));
		expect(connectedTree().UK.AC100).toBe('Key accounts');
		expect(ifsCodes('30')).toEqual(expect.arrayContaining(['AC-100', 'AC200']));
		expect(ifsCodes('30')).not.toContain('AC100');
		expect((await run(connected({}, { preview: 'off' }))).changes).toEqual([]);
	});

	it('creates cost centers under a missing company item only when told to create it, never at the top level', async () => {
		const data = sims.concur.inspect() as unknown as { listItems: ListItem[] };
		const uk = data.listItems.find((item) => item.listId === CONNECTED && item.shortCode === 'UK')!;
		data.listItems.splice(0, data.listItems.length, ...data.listItems.filter((item) => item.id !== uk.id && item.parentId !== uk.id));

		const without = await run(connected({}, { preview: 'off' }));
		expect(without.failed.map((conflict) => [conflict.code, conflict.kind])).toEqual([
			['AC-100', 'conflict'],
			['CC100', 'conflict'],
		]);
		expect(without.failed[0].message).toMatch(/no item for IFS company 30 at level 1 \(expected code "UK"\)/);
		expect(Object.keys(connectedTree())).toEqual(['US', 'EU', 'XX']);

		const withParents = await run(connected({ createParents: true }, { preview: 'off', companyMapping: { rows: [...connectedCompanyMapping.slice(0, 2), { concurCode: 'UK', ifsCompany: '30', concurName: 'Northwind UK Ltd' }] } }));
		expect(withParents.failed).toEqual([]);
		expect(withParents.changes.filter((change) => change.company === '30').map(describeChange).sort()).toEqual([
			'concur created-in-concur /UK@30 missing-company-item',
			'concur created-in-concur UK/AC100@30 missing-in-concur',
			'concur created-in-concur UK/CC100@30 missing-in-concur',
		]);
		expect(connectedTree().UK).toEqual({ CC100: 'Sales UK', AC100: 'Key accounts' });
		expect(listItems().find((item) => item.shortCode === 'UK' && item.listId === CONNECTED)).toMatchObject({ value: 'Northwind UK Ltd', level: 1 });
	});
});

describe('Concur IFS Reference Sync: vendors', () => {
	it('pushes IFS suppliers of companies 10 and 20 to Concur, leaves the Concur-born 2001 alone, and a second run writes nothing', async () => {
		const initial = writes();
		const first = await run(vendors({ companies: '10, 20' }));
		expect(first.failed).toEqual([]);
		expect(writes()).toEqual({ concur: initial.concur + 2, ifs: initial.ifs }); // one collection POST, one PUT
		expect(first.changes.map(({ action, code, name }) => ({ action, code, name }))).toEqual(
			expect.arrayContaining([
				{ action: 'created-in-concur', code: '1002', name: 'Only in IFS: Globex Logistics' },
				{ action: 'updated-in-concur', code: '1001', name: 'Nordic IT Services' },
			]),
		);
		expect(first.changes).toHaveLength(2);
		expect(first.summary).toMatchObject({ createdInConcur: 1, updatedInConcur: 1, createdInIfs: 0, unchanged: 1, onlyInConcur: 1, failed: 0 });

		const byCode = Object.fromEntries(concurVendors().map((vendor) => [vendor.VendorCode, vendor]));
		expect(byCode['1002']).toMatchObject({ AddressCode: 'MAIN', VendorName: 'Only in IFS: Globex Logistics', CountryCode: 'DE', CurrencyCode: 'EUR' });
		expect(byCode['1001']).toMatchObject({ AddressCode: 'MAIN', VendorName: 'Nordic IT Services', CountryCode: 'SE', CurrencyCode: 'SEK' });
		expect(byCode['2001']).toMatchObject({ VendorName: 'Only in Concur: Initech Consulting' });
		expect(sims.ifs.rows('SupplierInfoGeneralSet').map((row) => row.SupplierId)).not.toContain('2001');

		const before = writes();
		const second = await run(vendors({ companies: '10, 20' }));
		expect(writes()).toEqual(before);
		expect(second.changes).toEqual([]);
		expect(second.summary).toMatchObject({ createdInConcur: 0, updatedInConcur: 0, unchanged: 3 });
	});

	it('does not push 1002 when only company 10 is selected', async () => {
		const result = await run(vendors());
		expect(result.changes.map((change) => `${String(change.action)} ${String(change.code)}`)).toEqual(['updated-in-concur 1001']);
		expect(concurVendors().map((vendor) => vendor.VendorCode)).not.toContain('1002');
	});

	it('creates the Concur-born supplier 2001 in IFS with invoicing data in the company when enabled', async () => {
		const first = await run(vendors({ createInIfs: true }, { maxNewIfsShare: 100 }));
		expect(first.failed).toEqual([]);
		expect(first.changes.filter((change) => change.action === 'created-in-ifs').map(({ code, company, name }) => ({ code, company, name }))).toEqual([
			{ code: '2001', company: '10', name: 'Only in Concur: Initech Consulting' },
		]);
		expect(sims.ifs.rows('SupplierInfoGeneralSet').find((row) => row.SupplierId === '2001')).toMatchObject({ Name: 'Only in Concur: Initech Consulting', Country: 'US' });
		expect(sims.ifs.rows('SupplierInvoiceCompanySet').filter((row) => row.SupplierId === '2001').map((row) => ({ company: row.Company, currency: row.Currency }))).toEqual([
			{ company: '10', currency: 'USD' },
		]);

		const before = writes();
		const second = await run(vendors({ createInIfs: true }, { maxNewIfsShare: 100 }));
		expect(writes()).toEqual(before);
		expect(second.changes).toEqual([]);
	});

	it('deletes the Concur-born vendor only when deactivation is enabled', async () => {
		const result = await run(vendors({ deactivateInConcur: true }));
		expect(result.changes.filter((change) => change.action === 'deactivated-in-concur').map((change) => change.code)).toEqual(['2001']);
		expect(concurVendors().map((vendor) => vendor.VendorCode)).not.toContain('2001');
	});

	it('previews the first run and writes nothing', async () => {
		const before = writes();
		const dry = await run(vendors({ companies: '10, 20', createInIfs: true }, { preview: 'firstRun', maxNewIfsShare: 100 }));
		expect(writes()).toEqual(before);
		expect(dry.changes.map((change) => `${String(change.action)} ${String(change.code)}@${String(change.company)}`).sort()).toEqual([
			'created-in-concur 1002@20',
			'created-in-ifs 2001@10',
			'created-in-ifs 2001@20',
			'updated-in-concur 1001@10',
		]);
		expect(concurVendors().map((vendor) => vendor.VendorCode)).not.toContain('1002');
	});
});
