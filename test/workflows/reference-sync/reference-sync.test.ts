import type { IDataObject } from 'n8n-workflow';

import type { Simulators } from '../../simulators';
import { useSimulators } from '../../simulators/hooks';
import { concurCostCenterList } from '../../simulators/seed/scenario';
import { PACKAGE_PREFIX, linearWorkflow, runWorkflow, simulatorCredentials, type CredentialStore } from '../harness';

jest.setTimeout(120_000);

const NODE = 'Reference Sync';
const LIST_ID = concurCostCenterList.listId;

let sims: Simulators;
let store: CredentialStore;

useSimulators((started) => (sims = started));
beforeEach(() => (store = simulatorCredentials(sims)));

const syncNode = (parameters: IDataObject) => ({
	name: NODE,
	type: `${PACKAGE_PREFIX}.concurIfsReferenceSync`,
	parameters,
	credentials: { sapConcurOAuth2Api: { id: 'concur', name: 'concur' }, ifsCloudOAuth2Api: { id: 'ifs', name: 'ifs' } },
});

const costCenters = (options: IDataObject = {}) => syncNode({ data: 'costCenters', listId: LIST_ID, options });
const vendors = (options: IDataObject = {}) => syncNode({ data: 'vendors', options });

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

type ListItem = { listId: string; shortCode: string; value: string; isDeleted: boolean; parentId: string | null };
const concurItems = () =>
	Object.fromEntries(
		((sims.concur.inspect() as unknown as { listItems: ListItem[] }).listItems ?? [])
			.filter((item) => item.listId === LIST_ID && item.parentId === null && !item.isDeleted)
			.map((item) => [item.shortCode, item.value]),
	);
type Vendor = { VendorCode: string; AddressCode: string; VendorName: string; CountryCode: string; CurrencyCode: string };
const concurVendors = () => (sims.concur.inspect() as unknown as { vendors: Vendor[] }).vendors;
const ifsCostCenters = (code: string) =>
	sims.ifs
		.rows('AccountingCodePartValueSet')
		.filter((row) => row.CodePart === 'B' && row.CodePartValue === code)
		.map((row) => ({ company: row.Company, description: row.Description }));

describe('Concur IFS Reference Sync: cost centers', () => {
	it('pushes IFS (company 10) to the Concur list with default settings, and a second run writes nothing', async () => {
		const initial = writes();
		const first = await run(costCenters());
		expect(writes().concur).toBe(initial.concur + 2); // one bulk POST (create), one bulk PATCH (rename)
		expect(writes().ifs).toBe(initial.ifs);
		expect(first.failed).toEqual([]);
		expect(first.changes.map(({ action, code, concurCode, name }) => ({ action, code, concurCode, name }))).toEqual(
			expect.arrayContaining([
				{ action: 'created-in-concur', code: 'CC800', concurCode: 'CC800', name: 'Only in IFS: Logistics' },
				{ action: 'updated-in-concur', code: 'CC300', concurCode: 'CC300', name: 'Marketing' },
			]),
		);
		expect(first.changes).toHaveLength(2);
		expect(first.changes.every((change) => change.dryRun === false && change.data === 'costCenters')).toBe(true);
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

	it('creates the Concur-born CC500 in every selected IFS company when enabled', async () => {
		const first = await run(costCenters({ companies: '10, 20', createInIfs: true }));
		expect(first.failed).toEqual([]);
		const createdInIfs = first.changes.filter((change) => change.action === 'created-in-ifs');
		expect(createdInIfs.map(({ code, company }) => ({ code, company }))).toEqual([
			{ code: 'CC500', company: '10' },
			{ code: 'CC500', company: '20' },
		]);
		expect(ifsCostCenters('CC500')).toEqual([
			{ company: '10', description: 'Only in Concur: Events' },
			{ company: '20', description: 'Only in Concur: Events' },
		]);
		expect(concurItems().CC800).toBe('Only in IFS: Logistics');
		expect(concurItems().CC900).toBeUndefined();

		const before = writes();
		const second = await run(costCenters({ companies: '10, 20', createInIfs: true }));
		expect(writes()).toEqual(before);
		expect(second.changes).toEqual([]);
	});

	it('removes from Concur what IFS does not have only when deactivation is enabled', async () => {
		const first = await run(costCenters({ deactivateInConcur: true }));
		expect(first.changes.filter((change) => change.action === 'deactivated-in-concur').map(({ concurCode, reason }) => ({ concurCode, reason }))).toEqual([
			{ concurCode: 'CC500', reason: 'absent-in-ifs' },
		]);
		expect(concurItems().CC500).toBeUndefined();
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
		expect(concurItems().CC300).toBe('Marketing (old name)');
		const before = writes();
		expect((await run(costCenters({ master: 'concur' }))).changes).toEqual([]);
		expect(writes()).toEqual(before);
	});

	it('writes nothing in a dry run and lists what it would do', async () => {
		const before = writes();
		const dry = await run(costCenters({ companies: '10, 20', createInIfs: true, dryRun: true }));
		expect(writes()).toEqual(before);
		expect(dry.changes.map((change) => `${String(change.action)} ${String(change.code)}${change.company ? `@${String(change.company)}` : ''}`).sort()).toEqual([
			'created-in-concur CC800@10',
			'created-in-ifs CC500@10',
			'created-in-ifs CC500@20',
			'updated-in-concur CC300@10',
		]);
		expect(dry.changes.every((change) => change.dryRun === true)).toBe(true);
		expect(dry.summaryItem.dryRun).toBe(true);
		expect(concurItems().CC300).toBe('Marketing (old name)');
		expect(ifsCostCenters('CC500')).toEqual([]);
	});

	it('puts a list item Concur refuses on the Failed output with Concur\'s message and still applies the rest', async () => {
		// CC100 exists in Concur only as a deleted item: the list no longer shows it, but its code is taken.
		const items = (sims.concur.inspect() as unknown as { listItems: ListItem[] }).listItems;
		items.find((item) => item.listId === LIST_ID && item.shortCode === 'CC100')!.isDeleted = true;
		const result = await run(costCenters());
		expect(result.failed).toEqual([
			expect.objectContaining({ code: 'CC100', action: 'created-in-concur', kind: 'failed', message: expect.stringMatching(/already used/) }),
		]);
		expect(result.summary).toMatchObject({ createdInConcur: 1, updatedInConcur: 1, failed: 1 });
		expect(concurItems().CC800).toBe('Only in IFS: Logistics');
	});

	it('refuses an IFS company outside the credential before sending anything', async () => {
		const result = await runWorkflow(linearWorkflow([costCenters({ companies: '10, 90' })]), { credentials: store });
		expect(result.error?.message).toMatch(/Company "90" is not in this IFS credential's allowed companies/);
		expect(sims.ifs.stats().byRoute).toEqual({});
	});

	it('fails the execution on an IFS outage instead of reporting records as failed', async () => {
		sims.ifs.setFaults({ outage: true });
		const node = syncNode({ data: 'costCenters', listId: LIST_ID, requestSettings: { maxAttempts: 2, maxTotalWaitSeconds: 1 } });
		const result = await runWorkflow(linearWorkflow([node]), { credentials: store });
		expect(result.error).toBeDefined();
		expect(result.json(NODE, 0)).toEqual([]);
		sims.ifs.clearFaults();
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
		const first = await run(vendors({ createInIfs: true }));
		expect(first.failed).toEqual([]);
		expect(first.changes.filter((change) => change.action === 'created-in-ifs').map(({ code, company, name }) => ({ code, company, name }))).toEqual([
			{ code: '2001', company: '10', name: 'Only in Concur: Initech Consulting' },
		]);
		expect(sims.ifs.rows('SupplierInfoGeneralSet').find((row) => row.SupplierId === '2001')).toMatchObject({ Name: 'Only in Concur: Initech Consulting', Country: 'US' });
		expect(sims.ifs.rows('SupplierInvoiceCompanySet').filter((row) => row.SupplierId === '2001').map((row) => ({ company: row.Company, currency: row.Currency }))).toEqual([
			{ company: '10', currency: 'USD' },
		]);

		const before = writes();
		const second = await run(vendors({ createInIfs: true }));
		expect(writes()).toEqual(before);
		expect(second.changes).toEqual([]);
	});

	it('deletes the Concur-born vendor only when deactivation is enabled', async () => {
		const result = await run(vendors({ deactivateInConcur: true }));
		expect(result.changes.filter((change) => change.action === 'deactivated-in-concur').map((change) => change.code)).toEqual(['2001']);
		expect(concurVendors().map((vendor) => vendor.VendorCode)).not.toContain('2001');
	});

	it('writes nothing in a dry run', async () => {
		const before = writes();
		const dry = await run(vendors({ companies: '10, 20', createInIfs: true, dryRun: true }));
		expect(writes()).toEqual(before);
		expect(dry.changes.map((change) => `${String(change.action)} ${String(change.code)}`).sort()).toEqual([
			'created-in-concur 1002',
			'created-in-ifs 2001',
			'created-in-ifs 2001',
			'updated-in-concur 1001',
		]);
		expect(concurVendors().map((vendor) => vendor.VendorCode)).not.toContain('1002');
	});
});
