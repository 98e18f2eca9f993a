/**
 * Money as IFS keeps it: exact decimals in and out (JSON numbers with every digit, or strings with
 * IEEE754Compatible=true), accounting amounts from the rate and the currency's conversion factor,
 * refusal of a voucher unbalanced in either currency, column lengths in characters.
 */
import { startIfsSimulator, IfsSimulator } from './index';
import { http, TestClient } from './testClient';

const EXT = 'ExternalVoucherHandling';
const ACTION = 'IfsApp.ExternalVoucherHandling.ExtLoadInfo_CheckAndCreate';
const DECIMALS = 'application/json;IEEE754Compatible=true';

let sim: IfsSimulator;
let c: TestClient;

beforeAll(async () => {
	sim = await startIfsSimulator();
	c = await TestClient.connect(sim);
});
beforeEach(() => sim.reset());
afterAll(() => sim.stop());

type Row = Record<string, unknown>;

/** One load with the given transactions (raw JSON text allowed), then CheckAndCreate and Update GL. */
async function post(company: string, rows: Array<Row | string>): Promise<{ status: number; message?: string }> {
	const created = await c.post(EXT, 'ExtLoadInfoSet', { Company: company, LoadType: 'CONCUR' });
	const path = `ExtLoadInfoSet(Company='${company}',LoadId='${created.json.LoadId}')`;
	for (const row of rows) {
		const body = typeof row === 'string' ? row : JSON.stringify({ VoucherType: 'X', TransactionDate: '2026-11-12', ReferenceNumber: 'CX-1', Text: 'Concur', ...row });
		const res = await http(c.url(EXT, `${path}/ExtTransactionsArray`), { method: 'POST', token: c.token, body, headers: { 'Content-Type': DECIMALS } });
		if (res.status !== 201) return { status: res.status, message: res.json?.error?.message };
	}
	const res = await c.post(EXT, `${path}/${ACTION}`, {}, { 'If-Match': created.headers.get('etag')! });
	// IFS's Update GL, so VoucherRowsAnalysis shows the voucher (it waits in the hold table until then)
	if (res.status === 204) sim.updateGl();
	return { status: res.status, message: res.json?.error?.message };
}

describe('exact decimals', () => {
	it('keeps every digit of a 18-digit JSON number and returns it as a JSON number or, with IEEE754Compatible, a string', async () => {
		const row = (side: string) => `{"VoucherType":"X","TransactionDate":"2026-11-12","ReferenceNumber":"CX-1","Account":"${side === 'D' ? '6110' : '2410'}","CurrencyCode":"USD","${side === 'D' ? 'CurrencyDebetAmount' : 'CurrencyCreditAmount'}":1234567890123456.78}`;
		expect(await post('10', [row('D'), row('C')])).toEqual({ status: 204 });
		const stored = sim.rows('VoucherRowSet');
		expect(stored.map((r) => r.CurrencyDebetAmount ?? r.CurrencyCreditAmount)).toEqual(['1234567890123456.78', '1234567890123456.78']);
		const query = "VoucherRowSet?$filter=Account eq '6110'&$select=CurrencyDebetAmount,DebetAmount";
		const asNumber = await c.get('VoucherRowsAnalysis', query);
		expect(asNumber.text).toContain('"CurrencyDebetAmount":1234567890123456.78');
		const asString = await c.get('VoucherRowsAnalysis', query, { Accept: DECIMALS });
		expect(asString.json.value[0]).toMatchObject({ CurrencyDebetAmount: '1234567890123456.78', DebetAmount: '1234567890123456.78' });
	});

	it('refuses an amount with more decimals than its currency has', async () => {
		const result = await post('10', [
			{ Account: '6110', CurrencyCode: 'USD', CurrencyDebetAmount: '10.005' },
			{ Account: '2410', CurrencyCode: 'USD', CurrencyCreditAmount: '10.005' },
		]);
		expect(result).toEqual({ status: 500, message: 'ORA-20110: ExtTransactions.AMOUNTDECIMALS: CURRENCY_DEBET_AMOUNT 10.005 has more decimals than currency USD allows (2).' });
	});

	it('compares decimal columns exactly in $filter and sorts them numerically', async () => {
		await post('10', [
			{ Account: '6110', CurrencyCode: 'USD', CurrencyDebetAmount: '9.99' },
			{ Account: '6120', CurrencyCode: 'USD', CurrencyDebetAmount: '10.01' },
			{ Account: '2410', CurrencyCode: 'USD', CurrencyCreditAmount: '20.00' },
		]);
		const res = await c.get('VoucherRowsAnalysis', 'VoucherRowSet?$filter=CurrencyDebetAmount gt 9.995&$orderby=Amount desc&$select=Account');
		expect(res.json.value.map((r: Row) => r.Account)).toEqual(['6120']);
		const sorted = await c.get('VoucherRowsAnalysis', 'VoucherRowSet?$orderby=Amount&$select=Account');
		expect(sorted.json.value.map((r: Row) => r.Account)).toEqual(['2410', '6110', '6120']);
	});
});

describe('two currencies', () => {
	it("computes accounting amounts from the company's rate for the date and the currency's conversion factor (SEK per 100)", async () => {
		expect(await post('20', [
			{ Account: '6110', CodeB: 'CC200', CurrencyCode: 'SEK', CurrencyDebetAmount: '1000.00' },
			{ Account: '2410', CurrencyCode: 'SEK', CurrencyCreditAmount: '1000.00' },
		])).toEqual({ status: 204 });
		expect(await post('20', [
			{ Account: '6110', CodeB: 'CC200', CurrencyCode: 'SEK', CurrencyDebetAmount: '1000.00', TransactionDate: '2026-11-05', ReferenceNumber: 'CX-2' },
			{ Account: '2410', CurrencyCode: 'SEK', CurrencyCreditAmount: '1000.00', TransactionDate: '2026-11-05', ReferenceNumber: 'CX-2' },
		])).toEqual({ status: 204 });
		const rows = sim.rows('VoucherRowSet').filter((r) => r.Account === '6110');
		// 1000 × 8.7105 / 100 = 87.105 → 87.11 (from 2026-11-10); 1000 × 8.6520 / 100 = 86.52 (before)
		expect(rows.map((r) => [r.ReferenceNumber, r.CurrencyRate, r.DebetAmount])).toEqual([
			['CX-1', '8.7105', '87.11'],
			['CX-2', '8.652', '86.52'],
		]);
	});

	it('uses the CurrencyRate a row states, also on an accounting-currency row, and refuses the voucher when that leaves it unbalanced in the accounting currency', async () => {
		const result = await post('20', [
			{ Account: '6110', CodeB: 'CC200', CurrencyCode: 'EUR', CurrencyDebetAmount: '100.00', CurrencyRate: '13.1' },
			{ Account: '2410', CurrencyCode: 'EUR', CurrencyCreditAmount: '100.00' },
		]);
		expect(result).toEqual({ status: 500, message: 'ORA-20110: ExtTransactions.NOTBALANCED: Voucher with reference CX-1 is not balanced in accounting currency EUR (difference 1210.00).' });
		expect(sim.voucherRows()).toEqual([]);
	});

	it('refuses rows whose own rounding leaves the accounting currency a cent off, and takes a row that only corrects the accounting amount', async () => {
		const rows = [
			{ Account: '6110', CodeB: 'CC200', CurrencyCode: 'SEK', CurrencyDebetAmount: '0.50', CurrencyRate: '8.7105' },
			{ Account: '6120', CodeB: 'CC200', CurrencyCode: 'SEK', CurrencyDebetAmount: '0.50', CurrencyRate: '8.7105' },
			{ Account: '2410', CurrencyCode: 'SEK', CurrencyCreditAmount: '1.00', CurrencyRate: '8.7105' },
		];
		// 0.04355 → 0.04 twice, against 0.08711 → 0.09
		expect(await post('20', rows)).toEqual({ status: 500, message: 'ORA-20110: ExtTransactions.NOTBALANCED: Voucher with reference CX-1 is not balanced in accounting currency EUR (difference -0.01).' });
		expect(await post('20', [...rows, { Account: '8990', CurrencyCode: 'SEK', CurrencyDebetAmount: '0.00', DebetAmount: '0.01', CurrencyRate: '8.7105' }])).toEqual({ status: 204 });
	});
});

describe('column lengths count characters', () => {
	it('takes 200 emoji in a 200-character text and refuses 201', async () => {
		const balanced = (text: string) => [
			{ Account: '6110', CurrencyCode: 'USD', CurrencyDebetAmount: '1.00', Text: text },
			{ Account: '2410', CurrencyCode: 'USD', CurrencyCreditAmount: '1.00' },
		];
		expect(await post('10', balanced('😀'.repeat(200)))).toEqual({ status: 204 });
		const refused = await post('10', balanced('😀'.repeat(201)));
		expect(refused.message).toContain('ORA-12899: value too large for column "IFSAPP"."EXT_TRANSACTIONS_TAB"."TEXT" (actual: 201, maximum: 200)');
	});
});

describe('requisition lines', () => {
	it('validate the account and cost center they carry, and keep the buyer', async () => {
		const header = await c.post('PurchaseRequisitionHandling', 'PurchaseRequisitionSet', { Contract: 'US01', RequisitionerCode: 'E200', RequisitionDate: '2026-11-09' });
		const lines = `PurchaseRequisitionSet(RequisitionNo='${header.json.RequisitionNo}')/PurchaseReqLineNopartArray`;
		const line = { Description: 'Desks', OriginalQty: 4, UnitPrice: 410, CurrencyCode: 'USD', WantedReceiptDate: '2026-12-15', Account: '6200', CodeB: 'CC200', BuyerCode: 'BUYER1' };
		expect((await c.post('PurchaseRequisitionHandling', lines, line)).status).toBe(201);
		const unknown = await c.post('PurchaseRequisitionHandling', lines, { ...line, CodeB: 'CC500' });
		expect(unknown.json.error.message).toBe('ORA-20110: PurchaseReqLineNopart.CODEBNOTEXIST: Cost Center CC500 does not exist in company 10.');
		expect(sim.rows('PurchaseReqLineNopartSet')).toEqual([expect.objectContaining({ Account: '6200', CodeB: 'CC200', BuyerCode: 'BUYER1', OriginalQty: '4', UnitPrice: '410' })]);
	});
});
