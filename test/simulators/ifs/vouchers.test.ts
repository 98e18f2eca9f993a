import { useIfsSimulator } from '../hooks';
import type { IfsSimulator } from './index';
import type { TestClient } from './testClient';

const EXT = 'ExternalVoucherHandling';
const ACTION = 'IfsApp.ExternalVoucherHandling.ExtLoadInfo_CheckAndCreate';

interface Line {
	Account: string;
	CodeB?: string;
	debit?: number;
	credit?: number;
	CurrencyCode?: string;
	TransactionDate?: string;
	VoucherType?: string;
	ReferenceNumber?: string;
	CurrencyRate?: number;
}

describe('external vouchers: load, check-and-create, VoucherRowSet', () => {
	let sim: IfsSimulator;
	let c: TestClient;

	useIfsSimulator((started) => ({ sim, client: c } = started));

	async function load(company: string, lines: Line[]): Promise<{ path: string; etag: string; loadId: string }> {
		const created = await c.post(EXT, 'ExtLoadInfoSet', { Company: company, LoadType: 'CONCUR' });
		expect(created.status).toBe(201);
		const path = `ExtLoadInfoSet(Company='${company}',LoadId='${created.json.LoadId}')`;
		for (const line of lines) {
			const { debit, credit, ...rest } = line;
			const body = { VoucherType: 'X', TransactionDate: '2026-11-03', CurrencyCode: 'USD', ReferenceNumber: 'CONCUR-EXP-1', Text: 'Concur', ...rest, CurrencyDebetAmount: debit, CurrencyCreditAmount: credit };
			const res = await c.post(EXT, `${path}/ExtTransactionsArray`, body);
			expect(res.status).toBe(201);
		}
		return { path, etag: created.headers.get('etag')!, loadId: created.json.LoadId };
	}

	const balanced = (extra: Partial<Line> = {}): Line[] => [
		{ Account: '6110', CodeB: 'CC100', debit: 412.5, ...extra },
		{ Account: '6120', CodeB: 'CC-400', debit: 86.4, ...extra },
		{ Account: '2410', credit: 498.9, ...extra },
	];

	async function checkAndCreate(path: string, etag: string) {
		return c.post(EXT, `${path}/${ACTION}`, {}, { 'If-Match': etag });
	}

	it('creates one voucher per ReferenceNumber into the hold table, readable in VoucherRowsAnalysis after Update GL, and marks the load Created', async () => {
		const { path, etag, loadId } = await load('10', [...balanced(), { Account: '6140', CodeB: 'CC200', debit: 38, ReferenceNumber: 'CONCUR-EXP-2' }, { Account: '2410', credit: 38, ReferenceNumber: 'CONCUR-EXP-2' }]);
		const res = await checkAndCreate(path, etag);
		expect(res.status).toBe(204);
		const loadRow = await c.get(EXT, path);
		expect(loadRow.json.Objstate).toBe('Created');
		expect(loadRow.headers.get('etag')).not.toBe(etag);
		const trans = (await c.get(EXT, `${path}/ExtTransactionsArray?$orderby=RecordNo`)).json.value;
		expect(trans.map((t: Record<string, unknown>) => t.VoucherNo)).toEqual([2026000001, 2026000001, 2026000001, 2026000002, 2026000002]);
		expect(trans.every((t: Record<string, unknown>) => t.AccountingYear === 2026 && t.LoadId === loadId)).toBe(true);
		const beforeUpdateGl = await c.get('VoucherRowsAnalysis', "VoucherRowSet?$filter=Company eq '10'");
		expect(beforeUpdateGl.json.value).toEqual([]);
		expect(sim.heldVoucherRows()).toHaveLength(5);
		expect(sim.updateGl()).toBe(2);
		expect(sim.heldVoucherRows()).toEqual([]);
		const rows = await c.get('VoucherRowsAnalysis', "VoucherRowSet?$filter=Company eq '10' and VoucherType eq 'X' and AccountingYear eq 2026 and VoucherNo eq 2026000001&$orderby=RowNo");
		expect(rows.json.value).toHaveLength(3);
		expect(rows.json.value[1]).toMatchObject({
			RowNo: 2,
			VoucherDate: '2026-11-03',
			AccountingPeriod: 11,
			Account: '6120',
			CodeB: 'CC-400',
			CurrencyCode: 'USD',
			CurrencyDebetAmount: 86.4,
			CurrencyAmount: 86.4,
			DebetAmount: 86.4,
			Amount: 86.4,
			ReferenceNumber: 'CONCUR-EXP-1',
			Text: 'Concur',
		});
		expect(rows.json.value[2]).toMatchObject({ Account: '2410', CurrencyCreditAmount: 498.9, CreditAmount: 498.9, Amount: -498.9 });
		const single = await c.get('VoucherRowsAnalysis', "VoucherRowSet(Company='10',VoucherType='X',AccountingYear=2026,VoucherNo=2026000002,RowNo=1)");
		expect(single.json.Account).toBe('6140');
		const again = await checkAndCreate(path, loadRow.headers.get('etag')!);
		expect(again.json.error.message).toContain('ExtLoadInfo.EVENTNOTALLOWED');
		const addRow = await c.post(EXT, `${path}/ExtTransactionsArray`, { TransactionDate: '2026-11-03', Account: '6110', CurrencyCode: 'USD', CurrencyDebetAmount: 1 });
		expect(addRow.json.error.message).toContain('ExtTransactions.LOADCREATED');
	});

	it('numbers vouchers per company and year', async () => {
		const a = await load('10', balanced());
		await checkAndCreate(a.path, a.etag);
		const b = await load('20', balanced({ CurrencyCode: 'EUR' }));
		await checkAndCreate(b.path, b.etag);
		const c10 = sim.voucherRows().filter((r) => r.Company === '10');
		const c20 = sim.voucherRows().filter((r) => r.Company === '20');
		expect(new Set(c10.map((r) => r.VoucherNo))).toEqual(new Set([2026000001]));
		expect(new Set(c20.map((r) => r.VoucherNo))).toEqual(new Set([2026000001]));
		expect(b.loadId).toBe('1');
	});

	it('requires If-Match on the bound action', async () => {
		const { path } = await load('10', balanced());
		const res = await c.post(EXT, `${path}/${ACTION}`, {});
		expect(res.status).toBe(428);
	});

	const failures: Array<[string, Line[], string]> = [
		['unknown account', [{ Account: '6998', debit: 10 }, { Account: '2410', credit: 10 }], 'ORA-20110: ExtTransactions.ACCOUNTNOTEXIST: Account 6998 does not exist in company 10.'],
		['blocked account', [{ Account: '6999', debit: 10 }, { Account: '2410', credit: 10 }], 'ORA-20110: ExtTransactions.ACCOUNTBLOCKED: Account 6999 is blocked for posting in company 10.'],
		['unknown cost center', [{ Account: '6120', CodeB: 'CC500', debit: 10 }, { Account: '2410', credit: 10 }], 'ORA-20110: ExtTransactions.CODEBNOTEXIST: Cost Center CC500 does not exist in company 10.'],
		['blocked cost center', [{ Account: '6120', CodeB: 'CC900', debit: 10 }, { Account: '2410', credit: 10 }], 'ORA-20110: ExtTransactions.CODEBBLOCKED: Cost Center CC900 is blocked for posting in company 10.'],
		['closed period', balanced({ TransactionDate: '2025-12-15' }), 'ORA-20110: ExtTransactions.PERIODCLOSED: Accounting period 2025/12 is closed in company 10.'],
		['missing period', balanced({ TransactionDate: '2026-12-01' }), 'ORA-20110: ExtTransactions.NOPERIOD: No accounting period exists for date 2026-12-01 in company 10.'],
		['unknown currency', balanced({ CurrencyCode: 'JPY' }), 'ORA-20110: ExtTransactions.NOCURRENCY: Currency code JPY does not exist in company 10.'],
		['unknown voucher type', balanced({ VoucherType: 'Q' }), 'ORA-20110: VoucherType.NOTEXIST: Voucher type Q does not exist in company 10.'],
		['foreign currency without rate for the date', balanced({ CurrencyCode: 'GBP', TransactionDate: '2026-01-15' }), 'ORA-20110: ExtTransactions.NOCURRRATE: No currency rate found for GBP on 2026-01-15 in company 10.'],
		['unbalanced', [{ Account: '6110', debit: 100.01 }, { Account: '2410', credit: 100 }], 'ORA-20110: ExtTransactions.NOTBALANCED: Voucher with reference CONCUR-EXP-1 is not balanced in currency USD (difference 0.01).'],
		[
			'unbalanced per reference group',
			[{ Account: '6110', debit: 50 }, { Account: '2410', credit: 50, ReferenceNumber: 'CONCUR-EXP-2' }],
			'ORA-20110: ExtTransactions.NOTBALANCED: Voucher with reference CONCUR-EXP-1 is not balanced in currency USD (difference 50.00).',
		],
	];

	it.each(failures)('rejects %s with HTTP 500 DATABASE_ERROR and changes nothing', async (_name, lines, message) => {
		const { path, etag } = await load('10', lines);
		const res = await checkAndCreate(path, etag);
		expect(res.status).toBe(500);
		expect(res.json.error).toEqual({ code: 'DATABASE_ERROR', message, details: [{ code: 'DATABASE_ERROR', message }] });
		const after = await c.get(EXT, path);
		expect(after.json.Objstate).toBe('Loaded');
		expect(after.headers.get('etag')).toBe(etag);
		expect(sim.voucherRows()).toEqual([]);
	});

	it('balances foreign-currency rows per currency and in the accounting currency using CurrencyRate', async () => {
		const { path, etag } = await load('20', [
			{ Account: '6110', CodeB: 'CC300', debit: 100, CurrencyCode: 'USD', CurrencyRate: 0.9 },
			{ Account: '2410', credit: 100, CurrencyCode: 'USD', CurrencyRate: 0.9 },
		]);
		expect((await checkAndCreate(path, etag)).status).toBe(204);
		expect(sim.voucherRows().map((r) => r.Amount)).toEqual(['90.00', '-90.00']);
	});
});
