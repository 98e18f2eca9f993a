import { useConcurSimulator, concurCredentials, requestCount, runConcur, runConcurWithInputs, type ConcurSimulator } from './concur-test-kit';

const LIST_ID = '80edb3fa-c15e-a34a-b97f-f2ec291ab44f';

let sim: ConcurSimulator;
useConcurSimulator((started) => (sim = started));

const vendor = (n: number) => ({ vendorCode: `V${String(n).padStart(5, '0')}`, addressCode: 'MAIN', vendorName: `Vendor ${n}`, countryCode: 'US', currencyCode: 'USD' });
const vendorParams = { vendorCode: '={{ $json.vendorCode }}', addressCode: '={{ $json.addressCode }}', vendorName: '={{ $json.vendorName }}', countryCode: '={{ $json.countryCode }}', currencyCode: '={{ $json.currencyCode }}' };

describe('Vendor', () => {
	test('Create sends 1,100 input items in two collection calls; Get Many pages over all of them', async () => {
		const store = concurCredentials(sim);
		const inputs = Array.from({ length: 1100 }, (_, n) => vendor(n));
		const created = await runConcurWithInputs(store, inputs, { resource: 'vendor', operation: 'create', ...vendorParams });
		expect(created.status).toBe('success');
		expect(created.json('Concur')).toHaveLength(1100);
		expect(requestCount(sim, 'POST /api/v3.1/invoice/vendors')).toBe(2);

		const list = await runConcur(store, { resource: 'vendor', operation: 'getMany', returnAll: true, filters: { vendorCode: 'V', searchType: 'begins' } });
		const codes = list.json('Concur').map((item) => item.VendorCode);
		expect(codes).toHaveLength(1100);
		expect(new Set(codes).size).toBe(1100);
		expect(requestCount(sim, 'GET /api/v3.1/invoice/vendors')).toBe(2);
	});

	test('a record refused in StatusList becomes that item\'s error; the others succeed', async () => {
		const inputs = [vendor(1), { ...vendor(2), currencyCode: '' }, { vendorCode: '1000', addressCode: 'MAIN', vendorName: 'Acme', countryCode: 'US', currencyCode: 'USD' }];
		const run = await runConcurWithInputs(concurCredentials(sim), inputs, { resource: 'vendor', operation: 'create', ...vendorParams }, { onError: 'continueErrorOutput' });
		expect(run.json('Concur', 0).map((item) => item.VendorCode)).toEqual(['V00001']);
		const errors = run.json('Concur', 1);
		expect(errors.map((item) => item.error)).toEqual([expect.stringContaining('CurrencyCode is required'), expect.stringContaining('already exists')]);
		expect(run.outputs('Concur')[1].map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
	});

	test('Update and Delete', async () => {
		const store = concurCredentials(sim);
		const updated = await runConcur(store, { resource: 'vendor', operation: 'update', vendorCode: '1001', addressCode: 'MAIN', vendorName: 'Nordic IT Services AB', countryCode: 'SE', currencyCode: 'SEK' });
		expect(updated.json('Concur')[0].VendorName).toBe('Nordic IT Services AB');
		const deleted = await runConcur(store, { resource: 'vendor', operation: 'delete', vendorCode: '2001', addressCode: 'MAIN' });
		expect(deleted.json('Concur')[0]).toMatchObject({ vendorCode: '2001', deleted: true });
		expect(sim.inspect().vendors.some((v) => v.VendorCode === '2001')).toBe(false);
	});
});

describe('Cost Center', () => {
	test('Bulk Upsert creates, renames and skips in calls of ≤250; a dashed code fails with the dash rule; Get Many reads every 1-based page', async () => {
		const store = concurCredentials(sim);
		const inputs = [
			{ code: 'CC100', name: 'Sales' },
			{ code: 'CC300', name: 'Marketing' },
			{ code: 'CC-400', name: 'Shared services' },
			...Array.from({ length: 1100 }, (_, n) => ({ code: `GEN${n}`, name: `Generated ${n}` })),
		];
		const run = await runConcurWithInputs(store, inputs, { resource: 'costCenter', operation: 'bulkUpsert', listId: LIST_ID, shortCode: '={{ $json.code }}', value: '={{ $json.name }}' }, { onError: 'continueErrorOutput' });
		const ok = run.json('Concur', 0);
		expect(ok[0]).toMatchObject({ shortCode: 'CC100', action: 'unchanged' });
		expect(ok[1]).toMatchObject({ shortCode: 'CC300', action: 'updated' });
		expect(ok.filter((item) => item.action === 'created')).toHaveLength(1100);
		const [dash] = run.json('Concur', 1);
		expect(dash.error).toContain('"CC-400" contains "-"');
		expect((dash.details as { description: string }).description).toContain('dash rule');
		expect(requestCount(sim, 'POST /list/v4/lists/:listId/bulk')).toBe(5);
		expect(requestCount(sim, 'PATCH /list/v4/lists/:listId/bulk')).toBe(1);

		const list = await runConcur(store, { resource: 'costCenter', operation: 'getMany', listId: LIST_ID, returnAll: true });
		const codes = list.json('Concur').map((item) => item.shortCode);
		expect(codes).toHaveLength(1105);
		expect(new Set(codes).size).toBe(1105);
	});

	test('Create, Update, Delete one item; Create rejects a dash before calling Concur', async () => {
		const store = concurCredentials(sim);
		const created = await runConcur(store, { resource: 'costCenter', operation: 'create', listId: LIST_ID, shortCode: 'CC700', value: 'Legal' });
		const id = created.json('Concur')[0].id as string;
		expect(id).toEqual(expect.any(String));
		const updated = await runConcur(store, { resource: 'costCenter', operation: 'update', itemId: id, shortCode: 'CC700', value: 'Legal and Compliance' });
		expect(updated.json('Concur')[0].value).toBe('Legal and Compliance');
		const deleted = await runConcur(store, { resource: 'costCenter', operation: 'delete', listId: LIST_ID, itemId: id });
		expect(deleted.json('Concur')[0]).toMatchObject({ itemId: id, deleted: true });
		const before = requestCount(sim, 'POST /list/v4/items');
		const dashed = await runConcur(store, { resource: 'costCenter', operation: 'create', listId: LIST_ID, shortCode: 'CC-400', value: 'Shared' });
		expect(dashed.status).toBe('error');
		expect(dashed.error?.message).toContain('contains "-"');
		expect(requestCount(sim, 'POST /list/v4/items')).toBe(before);
	});
});
