import { useIfsSimulator } from '../hooks';
import type { IfsSimulator } from './index';
import { buildBatch, BatchPartSpec, parseBatchResponse, ParsedPart, TestClient } from './testClient';

const EXT = 'ExternalVoucherHandling';
const ACTION = 'IfsApp.ExternalVoucherHandling.ExtLoadInfo_CheckAndCreate';

const row = (account: string, amount: number, side: 'debit' | 'credit', extra: Record<string, unknown> = {}) => ({
	VoucherType: 'X',
	TransactionDate: '2026-11-05',
	Account: account,
	CurrencyCode: 'USD',
	ReferenceNumber: 'CONCUR-EXP-B1',
	[side === 'debit' ? 'CurrencyDebetAmount' : 'CurrencyCreditAmount']: amount,
	...extra,
});

function voucherChangeset(company: string, lines: object[]): BatchPartSpec[] {
	return [
		{ method: 'POST', url: 'ExtLoadInfoSet', contentId: '1', body: { Company: company, LoadType: 'CONCUR' } },
		...lines.map((body, i) => ({ method: 'POST', url: '$1/ExtTransactionsArray', contentId: String(i + 2), body })),
		{ method: 'POST', url: `$1/${ACTION}`, contentId: '99', headers: { 'If-Match': '$1' }, body: {} },
	];
}

describe('$batch', () => {
	let sim: IfsSimulator;
	let c: TestClient;

	useIfsSimulator((started) => ({ sim, client: c } = started));

	async function send(items: Array<BatchPartSpec | BatchPartSpec[]>, headers: Record<string, string> = {}) {
		const res = await c.batch(EXT, buildBatch('batch_1', items), 'batch_1', headers);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^multipart\/mixed; boundary=/);
		return { res, parts: parseBatchResponse(res.headers.get('content-type')!, res.text) };
	}

	it('runs a change set with Content-ID references in URLs and If-Match, mirroring the structure in the response', async () => {
		const { parts } = await send([voucherChangeset('10', [row('6140', 57.25, 'debit', { CodeB: 'CC200' }), row('2410', 57.25, 'credit')])]);
		expect(parts).toHaveLength(1);
		const changeset = parts[0] as ParsedPart[];
		expect(changeset.map((p) => p.status)).toEqual([201, 201, 201, 204]);
		expect(changeset.map((p) => p.contentId)).toEqual(['1', '2', '3', '99']);
		expect(changeset[1].json).toMatchObject({ Company: '10', LoadId: changeset[0].json.LoadId, RecordNo: 1 });
		expect(changeset[0].headers.etag).toBe(changeset[0].json['@odata.etag']);
		expect(sim.rows('ExtLoadInfoSet')[0].Objstate).toBe('Created');
		expect(sim.heldVoucherRows()).toHaveLength(2);
	});

	it('rolls back every write of a failing change set and answers it with a single error part', async () => {
		const { parts } = await send([voucherChangeset('10', [row('6140', 57.25, 'debit', { CodeB: 'CC500' }), row('2410', 57.25, 'credit')])]);
		expect(parts).toHaveLength(1);
		const failure = parts[0] as ParsedPart;
		expect(failure.status).toBe(500);
		expect(failure.contentId).toBe('99');
		expect(failure.json.error.message).toBe('ORA-20110: ExtTransactions.CODEBNOTEXIST: Cost Center CC500 does not exist in company 10.');
		expect(sim.rows('ExtLoadInfoSet')).toEqual([]);
		expect(sim.rows('ExtTransactionsSet')).toEqual([]);
		expect(sim.voucherRows()).toEqual([]);
		// LoadId is a transactional number series: the rolled-back load id is reused
		const next = await c.post(EXT, 'ExtLoadInfoSet', { Company: '10', LoadType: 'CONCUR' });
		expect(next.json.LoadId).toBe('1');
	});

	it('stops at the first failure without odata.continue-on-error', async () => {
		const good = voucherChangeset('10', [row('6110', 10, 'debit'), row('2410', 10, 'credit')]);
		const bad = voucherChangeset('10', [row('6110', 10, 'debit'), row('2410', 9, 'credit')]);
		const { parts } = await send([bad, good, { method: 'GET', url: 'ExtLoadInfoSet' }]);
		expect(parts).toHaveLength(1);
		expect((parts[0] as ParsedPart).status).toBe(500);
		expect(sim.rows('ExtLoadInfoSet')).toEqual([]);
	});

	it('continues after a failed change set with Prefer: odata.continue-on-error', async () => {
		const good = voucherChangeset('20', [row('6110', 10, 'debit', { CurrencyCode: 'EUR' }), row('2410', 10, 'credit', { CurrencyCode: 'EUR' })]);
		const bad = voucherChangeset('10', [row('6110', 10, 'debit'), row('2410', 9, 'credit')]);
		const { res, parts } = await send([bad, good, { method: 'GET', url: "ExtLoadInfoSet?$filter=Company%20eq%20'20'" }], { Prefer: 'odata.continue-on-error' });
		expect(res.headers.get('preference-applied')).toBe('odata.continue-on-error');
		expect(parts).toHaveLength(3);
		expect((parts[0] as ParsedPart).json.error.message).toContain('NOTBALANCED');
		expect((parts[1] as ParsedPart[]).map((p) => p.status)).toEqual([201, 201, 201, 204]);
		const read = parts[2] as ParsedPart;
		expect(read.status).toBe(200);
		expect(read.json.value).toHaveLength(1);
		expect(read.json.value[0].Objstate).toBe('Created');
	});

	it('processes top-level parts sequentially, each on its own', async () => {
		const { parts } = await send(
			[
				{ method: 'POST', url: 'ExtLoadInfoSet', body: { Company: '10', LoadType: 'A' } },
				{ method: 'POST', url: 'ExtLoadInfoSet', body: { Company: '90', LoadType: 'B' } },
				{ method: 'GET', url: 'ExtLoadInfoSet' },
			],
			{ Prefer: 'odata.continue-on-error' },
		);
		expect((parts as ParsedPart[]).map((p) => p.status)).toEqual([201, 500, 200]);
		expect((parts[2] as ParsedPart).json.value.map((r: Record<string, unknown>) => r.LoadType)).toEqual(['A']);
	});

	it('rejects GET inside a change set, non-multipart bodies, and references to unknown Content-IDs', async () => {
		const inChangeset = await c.batch(EXT, buildBatch('b', [[{ method: 'GET', url: 'ExtLoadInfoSet' }]]), 'b');
		expect(inChangeset.status).toBe(400);
		const json = await c.post(EXT, '$batch', { requests: [] });
		expect(json.status).toBe(400);
		const { parts } = await send([[{ method: 'POST', url: '$7/ExtTransactionsArray', body: row('6110', 1, 'debit') }]]);
		expect((parts[0] as ParsedPart).status).toBe(400);
	});

	it('accepts absolute paths and URLs in parts and counts $batch requests and parts separately', async () => {
		const base = sim.projectionUrl(EXT);
		await send([
			{ method: 'GET', url: `${base}/ExtLoadInfoSet` },
			{ method: 'GET', url: new URL(`${base}/ExtLoadInfoSet`).pathname },
		]);
		const stats = sim.stats();
		expect(stats.byRoute['POST ExternalVoucherHandling.svc/$batch']).toBe(1);
		expect(stats.byRoute['[batch] GET ExternalVoucherHandling.svc/ExtLoadInfoSet']).toBe(2);
		expect(stats.batchParts).toBe(2);
		const log = sim.requestLog();
		const batch = log.find((e) => e.kind === 'batch')!;
		expect(log.filter((e) => e.kind === 'batch-part').every((e) => e.batchId === batch.batchId)).toBe(true);
	});
});
