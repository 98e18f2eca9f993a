/** Record operations: $batch efficiency, ETag conflicts, company isolation, escaped filters, token reuse. */
import { IFS_NODE, POST, journalEntry, postingItem, startIfsTestBed, type IfsTestBed } from './setup';

jest.setTimeout(120_000);

let bed: IfsTestBed;
beforeEach(async () => {
	bed = await startIfsTestBed();
});
afterEach(async () => await bed.sim.stop());

const CODE_PARTS = { projection: { mode: 'name', value: 'AccountingCodePartValueHandling' }, entitySet: { mode: 'name', value: 'AccountingCodePartValueSet' } };
const key = (name: string, value: string) => ({ name, value, valueType: 'string' });
const costCenterKeys = (value: string) => ({ key: [key('Company', '10'), key('CodePart', 'B'), key('CodePartValue', value)] });
const dataRequests = () => bed.sim.stats().requests - bed.sim.stats().tokensIssued;
const costCenter = (value: string, company = '10') =>
	bed.sim.rows('AccountingCodePartValueSet').find((row) => row.Company === company && row.CodePart === 'B' && row.CodePartValue === value);

test('500 records are created via $batch with at most 1/20 of the requests one per record needs', async () => {
	const input = Array.from({ length: 500 }, (_, n) => ({ value: `K${String(n).padStart(4, '0')}` }));
	const fields = '={{ JSON.stringify({ CodePart: "B", CodePartValue: $json.value, Description: "Cost center " + $json.value }) }}';
	const result = await bed.run({ resource: 'record', operation: 'create', ...CODE_PARTS, fields, requestSettings: { batchSize: 100 } }, input, 'continueErrorOutput');

	expect(result.json(IFS_NODE, 1)).toEqual([]);
	expect(result.json(IFS_NODE, 0)).toHaveLength(500);
	expect(result.json(IFS_NODE, 0)[0]).toMatchObject({ Company: '10', CodePartValue: 'K0000' });
	expect(bed.sim.rows('AccountingCodePartValueSet').filter((row) => String(row.CodePartValue).startsWith('K'))).toHaveLength(500);
	expect(dataRequests()).toBeLessThanOrEqual(500 / 20);
	expect(bed.sim.stats().batchParts).toBe(500);
});

describe('a concurrent change between read and write (HTTP 412)', () => {
	const update = (onConflict: string) => ({
		resource: 'record',
		operation: 'update',
		...CODE_PARTS,
		keys: costCenterKeys('CC300'),
		fields: '{"Description": "Marketing and Brand"}',
		requestSettings: { onConflict },
	});

	test('is re-read and re-applied once when the other change left our fields alone', async () => {
		bed.sim.setFaults({ concurrentChange: { next: 1, entitySet: 'AccountingCodePartValueSet' } });
		const result = await bed.run(update('reapply'), [{}], 'continueErrorOutput');

		expect(bed.sim.stats().concurrentChanges).toBe(1);
		expect(bed.sim.stats().byStatus['412']).toBe(1);
		expect(result.json(IFS_NODE, 1)).toEqual([]);
		expect(result.json(IFS_NODE, 0)[0]).toMatchObject({ Description: 'Marketing and Brand', reappliedAfterConflict: true });
		expect(costCenter('CC300')?.Description).toBe('Marketing and Brand');
	});

	test('fails the item with both versions when the policy says fail, and writes nothing', async () => {
		const before = costCenter('CC300');
		bed.sim.setFaults({ concurrentChange: { next: 1, entitySet: 'AccountingCodePartValueSet' } });
		const result = await bed.run(update('fail'), [{}], 'continueErrorOutput');

		expect(bed.sim.stats().byStatus['412']).toBe(1);
		expect(result.json(IFS_NODE, 0)).toEqual([]);
		const [failed] = result.json(IFS_NODE, 1);
		const error = failed.error as { message: string; ourVersion: { '@odata.etag': string }; theirVersion: { '@odata.etag': string } };
		expect(error.message).toContain('changed in IFS Cloud after it was read');
		expect(error.ourVersion['@odata.etag']).not.toEqual(error.theirVersion['@odata.etag']);
		expect(error.message).toContain(error.ourVersion['@odata.etag']);
		expect(error.message).toContain(error.theirVersion['@odata.etag']);
		expect(costCenter('CC300')?.Description).toBe(before?.Description);
	});
});

describe('company isolation', () => {
	test('company 90 is refused before anything is sent', async () => {
		const result = await bed.run(
			{ resource: 'record', operation: 'create', ...CODE_PARTS, company: '90', useBatch: false, fields: '{"CodePart":"B","CodePartValue":"X90","Description":"x"}' },
			[{}],
			'continueErrorOutput',
		);
		expect((result.json(IFS_NODE, 1)[0].error as { message: string }).message).toContain('not in this IFS credential');
		expect(bed.sim.stats().requests).toBe(0);
	});

	test('a posting for company 90 fails its item only; nothing is written to company 90', async () => {
		const result = await bed.run(POST, [postingItem(journalEntry('C1')), postingItem(journalEntry('C2', { company: '90' }))], 'continueErrorOutput');
		expect(result.json(IFS_NODE, 0)).toHaveLength(1);
		expect(result.json(IFS_NODE, 1)[0].message).toContain('Company "90" is not in');
		const state = bed.sim.state();
		const inCompany90 = Object.values(state).flat().filter((row) => row.Company === '90' && String(row.Description ?? row.ReferenceNumber ?? '').includes('C2'));
		expect(inCompany90).toEqual([]);
		expect(bed.sim.requestLog().filter((entry) => decodeURIComponent(entry.path).includes("'90'"))).toEqual([]);
	});

	test('keys or bodies naming another company are refused before sending', async () => {
		const result = await bed.run(
			{ resource: 'record', operation: 'update', ...CODE_PARTS, keys: { key: [key('Company', '20'), key('CodePart', 'B'), key('CodePartValue', 'CC100')] }, fields: '{"Description":"x"}' },
			[{}],
			'continueErrorOutput',
		);
		expect((result.json(IFS_NODE, 1)[0].error as { message: string }).message).toContain('names company "20"');
		expect(bed.sim.stats().requests).toBe(0);
	});
});

test('a $filter value containing quotes cannot change the query', async () => {
	const injection = "x' or Company eq '90";
	const result = await bed.run(
		{
			resource: 'record',
			operation: 'getMany',
			...CODE_PARTS,
			conditions: { condition: [{ field: 'CodePartValue', operator: 'eq', value: injection, valueType: 'string' }] },
			combinator: 'or',
			returnAll: true,
		},
		[{}],
		'continueErrorOutput',
	);
	expect(result.json(IFS_NODE, 1)).toEqual([]);
	expect(result.json(IFS_NODE, 0)).toEqual([]);
	const [query] = bed.sim.requestLog().filter((entry) => entry.kind === 'odata');
	expect(decodeURIComponent(query.path)).toContain("$filter=Company eq '10' and (CodePartValue eq 'x'' or Company eq ''90')");
});

test('one token per token lifetime, a single re-fetch after a 401', async () => {
	const first = await bed.run(POST, Array.from({ length: 30 }, (_, n) => postingItem(journalEntry(`K${n}`))), 'continueErrorOutput');
	expect(first.json(IFS_NODE, 0)).toHaveLength(30);
	expect(bed.sim.stats().tokensIssued).toBe(1);
	const firstToken = (bed.store.get('i1').oauthTokenData as { access_token: string }).access_token;

	bed.sim.expireTokens();
	const second = await bed.run({ ...POST, requestSettings: { batchSize: 5, concurrency: 4 } }, Array.from({ length: 30 }, (_, n) => postingItem(journalEntry(`L${n}`))), 'continueErrorOutput');

	expect(second.json(IFS_NODE, 0)).toHaveLength(30);
	expect(bed.sim.stats().byStatus['401']).toBeGreaterThanOrEqual(1);
	expect(bed.sim.stats().tokensIssued).toBe(2);
	const secondToken = (bed.store.get('i1').oauthTokenData as { access_token: string }).access_token;
	expect(secondToken).not.toBe(firstToken);
	expect(JSON.stringify(second.run.data.resultData.runData)).not.toContain(secondToken);
});

describe('a single-request create whose answer is lost after IFS created the record', () => {
	const create = (value: string) => ({ resource: 'record', operation: 'create', ...CODE_PARTS, useBatch: false, fields: JSON.stringify({ CodePart: 'B', CodePartValue: value, Description: 'Events' }) });
	const posts = () => bed.sim.requestLog().filter((entry) => entry.kind === 'odata' && entry.method === 'POST');

	test.each(['drop', 'reset', 'html500', 'html200', 'truncate'] as const)('(%s) is read back by its keys and reported created, never sent twice', async (mode) => {
		bed.sim.setFaults({ afterCommit: { next: 1, mode, on: 'write' } });
		const result = await bed.run(create('CC950'), [{}], 'continueErrorOutput');

		expect(result.json(IFS_NODE, 1)).toEqual([]);
		expect(result.json(IFS_NODE, 0)).toEqual([expect.objectContaining({ Company: '10', CodePart: 'B', CodePartValue: 'CC950', confirmedByReadBack: true })]);
		expect(posts()).toHaveLength(1);
		expect(bed.sim.rows('AccountingCodePartValueSet').filter((row) => row.CodePartValue === 'CC950' && row.Company === '10')).toHaveLength(1);
	});

	test('a create whose answer is lost before IFS applied it is read back, found absent, and reported as not created (not resent)', async () => {
		bed.sim.setFaults({ connectionReset: { next: 1 } });
		const result = await bed.run({ ...create('CC951'), requestSettings: { maxAttempts: 1 } }, [{}], 'continueErrorOutput');
		expect((result.json(IFS_NODE, 1)[0].error as { message: string }).message).toMatch(/AccountingCodePartValueSet \(Company=10, CodePart=B, CodePartValue=CC951\) is not in IFS, so nothing was created; run again/);
		expect(costCenter('CC951')).toBeUndefined();
	});
});
