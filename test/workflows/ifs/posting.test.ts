/** Posting: idempotent, atomic per document, batched, resilient to 429s, business errors verbatim and not retried. */
import { TestClient } from '../../simulators/ifs/testClient';
import { IFS_NODE, POST, journalEntry, postingItem, startIfsTestBed, supplierInvoice, type IfsTestBed } from './setup';

jest.setTimeout(120_000);

let bed: IfsTestBed;
beforeEach(async () => {
	bed = await startIfsTestBed();
});
afterEach(async () => await bed.sim.stop());

const voucherRowsOf = (reference: string) => bed.sim.voucherRows().filter((row) => row.ReferenceNumber === reference);
const batchRequests = () => Object.entries(bed.sim.stats().byRoute).filter(([route]) => route.startsWith('POST ') && route.endsWith('$batch')).reduce((n, [, c]) => n + c, 0);

test('replaying the same input creates nothing new and reports the same IFS keys', async () => {
	const input = [postingItem(journalEntry('R1')), postingItem(journalEntry('R2')), postingItem(supplierInvoice('R3'))];
	const first = await bed.run(POST, input, 'continueErrorOutput');
	expect(first.json(IFS_NODE, 1)).toEqual([]);
	expect(first.json(IFS_NODE, 0).map((item) => (item.result as { status: string }).status)).toEqual(['created', 'created', 'created']);
	expect(bed.sim.rows('VoucherRowSet')).toEqual([]); // created vouchers wait in the hold table until Update GL
	const rowsAfterFirst = bed.sim.voucherRows().length;
	const invoicesAfterFirst = bed.sim.rows('ManSuppInvoiceSet').length;
	const batchesAfterFirst = batchRequests();

	const replay = await bed.run(POST, input, 'continueErrorOutput');

	const results = replay.json(IFS_NODE, 0).map((item) => item.result as { status: string; ifsKeys: unknown });
	expect(results.map((result) => result.status)).toEqual(['already-posted', 'already-posted', 'already-posted']);
	expect(results.map((result) => result.ifsKeys)).toEqual(first.json(IFS_NODE, 0).map((item) => (item.result as { ifsKeys: unknown }).ifsKeys));
	expect(bed.sim.voucherRows()).toHaveLength(rowsAfterFirst);
	expect(bed.sim.rows('ManSuppInvoiceSet')).toHaveLength(invoicesAfterFirst);
	expect(batchRequests()).toBe(batchesAfterFirst);
	const audit = replay.json(IFS_NODE, 0)[0].audit as Record<string, unknown>;
	expect(audit).toMatchObject({ action: 'already-posted', idempotencyKey: 'CX-R1', fisDocumentId: 'FD-R1', company: '10', notes: ['mapped by test'] });
	expect((audit.ifsKeys as Record<string, string>).VoucherNo).toMatch(/^2026\d{6}$/);
	expect(replay.json(IFS_NODE, 0)[0].posting).toMatchObject({ source: { id: 'R1', fisDocumentId: 'FD-R1' } });

	bed.sim.updateGl();
	const afterUpdateGl = await bed.run(POST, input, 'continueErrorOutput');
	expect(afterUpdateGl.json(IFS_NODE, 0).map((item) => item.result)).toEqual(replay.json(IFS_NODE, 0).map((item) => item.result));
	expect(batchRequests()).toBe(batchesAfterFirst);
});

test('amounts reach IFS as JSON number literals with their exact digits, in plain application/json, and IFS holds every digit', async () => {
	const amount = '1234567890123456.78'; // 18 significant digits: a float would make it 1234567890123456.8
	const rows = [
		{ account: '6110', codeParts: { CodeB: 'CC100' }, currency: 'USD', debit: amount, currencyRate: '1.000000', accountingDebit: amount, text: 'Hotel' },
		{ account: '2410', codeParts: {}, currency: 'USD', credit: amount, currencyRate: '1.000000', accountingCredit: amount, text: 'Employee payable' },
	];
	const invoice = supplierInvoice('W2', { netAmount: '99999999999999.90', lines: [{ account: '6200', codeParts: { CodeB: 'CC100' }, amount: '99999999999999.90', text: 'Paper' }] });
	const result = await bed.run(POST, [postingItem(journalEntry('W1', { rows })), postingItem(invoice)], 'continueErrorOutput');

	expect(result.json(IFS_NODE, 1)).toEqual([]);
	const parts = bed.sim.requestLog().filter((entry) => entry.kind === 'batch-part' && entry.body !== undefined && entry.body !== '{}');
	const received = (pathEnd: string) => parts.filter((entry) => entry.path.endsWith(pathEnd)).map((entry) => entry.body);
	expect(received('ExtTransactionsArray')).toEqual([
		expect.stringContaining(`"CurrencyRate":1.000000,"CurrencyDebetAmount":${amount},"DebetAmount":${amount},`),
		expect.stringContaining(`"CurrencyRate":1.000000,"CurrencyCreditAmount":${amount},"CreditAmount":${amount},`),
	]);
	expect(received('ManSuppInvoiceSet')).toEqual([expect.stringContaining('"NetCurrAmount":99999999999999.90,"VatCurrAmount":0.00,')]);
	expect(received('ManSuppInvoicePostingsArray')).toEqual([expect.stringContaining('"CurrAmount":99999999999999.90,')]);
	expect(new Set(parts.map((entry) => entry.contentType))).toEqual(new Set(['application/json']));

	bed.sim.updateGl();
	expect(voucherRowsOf('CX-W1').map((row) => row.CurrencyDebetAmount ?? row.CurrencyCreditAmount)).toEqual([amount, amount]);
	expect(bed.sim.rows('ManSuppInvoiceSet').map((row) => row.NetCurrAmount)).toEqual(['99999999999999.9']);
});

test('a business-rule error is not retried, keeps IFS text and does not stop the other documents of its batch', async () => {
	const input = [
		postingItem(journalEntry('B1')),
		postingItem(journalEntry('B2', {}, '6999')), // blocked account
		postingItem(journalEntry('B3', { voucherDate: '2025-12-15' })), // closed period
		postingItem(journalEntry('B4')),
	];
	const result = await bed.run(POST, input);

	expect(result.status).toBe('success');
	expect(result.json(IFS_NODE, 0).map((item) => (item.result as { reference: string }).reference)).toEqual(['CX-B1', 'CX-B4']);
	const failed = result.json(IFS_NODE, 1);
	expect(failed.map((item) => (item.posting as { reference: string }).reference)).toEqual(['CX-B2', 'CX-B3']);
	for (const item of failed) {
		const result = item.result as { status: string; error: { message: string; oraCode?: string; code?: string; status?: number } };
		expect(result.status).toBe('failed');
		expect(result.error).toMatchObject({ status: 500, code: 'DATABASE_ERROR', oraCode: expect.stringMatching(/^ORA-20\d{3}$/) });
		expect(result.error.message).toContain('IFS Cloud rejected POST ExtLoadInfoSet');
		expect(item.message).toBe(result.error.message);
		const audit = item.audit as { action: string; reasons: Array<{ message: string }> };
		expect(audit.action).toBe('failed');
		expect(audit.reasons[0].message).toBe(result.error.message);
	}
	expect((failed[0].result as { error: { message: string } }).error.message).toContain('ORA-20110: ExtTransactions.ACCOUNTBLOCKED: Account 6999 is blocked for posting in company 10.');
	expect(voucherRowsOf('CX-B1')).toHaveLength(2);
	expect(voucherRowsOf('CX-B4')).toHaveLength(2);
	expect(voucherRowsOf('CX-B2')).toHaveLength(0);
	// nothing half-posted: the failed loads were rolled back with their change set
	expect(bed.sim.rows('ExtTransactionsSet').filter((row) => row.ReferenceNumber === 'CX-B2')).toHaveLength(0);
	expect(batchRequests()).toBe(1);
	// each business error was answered once: no retry of the documents IFS refused
	expect(bed.sim.stats().byStatus['500']).toBe(2);
});

test('an IFS outage that outlasts the retries fails the execution instead of routing documents anywhere', async () => {
	bed.sim.setFaults({ outage: true });
	const result = await bed.run({ ...POST, requestSettings: { maxAttempts: 2, maxTotalWaitSeconds: 2 } }, [postingItem(journalEntry('N1')), postingItem(journalEntry('N2'))]);
	bed.sim.clearFaults();
	expect(result.status).toBe('error');
	expect(result.json(IFS_NODE, 0)).toEqual([]);
	expect(result.json(IFS_NODE, 1)).toEqual([]);
	expect(voucherRowsOf('CX-N1')).toHaveLength(0);
});

test('500 documents under 30% injected 429s each land exactly once', async () => {
	bed.sim.setFaults({ serverError: { rate: 0.3, status: 429 } });
	const input = Array.from({ length: 500 }, (_, n) => postingItem(journalEntry(`T${n}`)));
	const settings = { requestSettings: { batchSize: 50, referencesPerQuery: 50, concurrency: 4, maxAttempts: 12 } };
	const result = await bed.run({ ...POST, ...settings }, input, 'continueErrorOutput');

	expect(result.json(IFS_NODE, 1)).toEqual([]);
	expect(result.json(IFS_NODE, 0)).toHaveLength(500);
	expect(bed.sim.stats().faultsInjected.serverError).toBeGreaterThan(5);
	const perReference = new Map<string, number>();
	for (const row of bed.sim.voucherRows()) perReference.set(String(row.ReferenceNumber), (perReference.get(String(row.ReferenceNumber)) ?? 0) + 1);
	expect(perReference.size).toBe(500);
	expect([...perReference.values()].every((rows) => rows === 2)).toBe(true);
	expect(new Set(bed.sim.rows('ExtLoadInfoSet').map((row) => row.Description)).size).toBe(bed.sim.rows('ExtLoadInfoSet').length);
});

test('batches whose outcome is unknown (502, connection reset) are read back before anything is resent', async () => {
	bed.sim.setFaults({ serverError: { rate: 0.2, status: 502 }, connectionReset: { rate: 0.1 } });
	const input = Array.from({ length: 100 }, (_, n) => postingItem(journalEntry(`U${n}`)));
	const result = await bed.run({ ...POST, requestSettings: { batchSize: 10, maxAttempts: 12 } }, input, 'continueErrorOutput');

	expect(result.json(IFS_NODE, 1)).toEqual([]);
	const injected = bed.sim.stats().faultsInjected;
	expect((injected.serverError ?? 0) + (injected.connectionReset ?? 0)).toBeGreaterThan(3);
	const loads = bed.sim.rows('ExtLoadInfoSet');
	expect(loads).toHaveLength(100);
	expect(new Set(loads.map((row) => row.Description)).size).toBe(100);
	for (let n = 0; n < 100; n += 1) expect(voucherRowsOf(`CX-U${n}`)).toHaveLength(2);
});

const statusOf = (item: Record<string, unknown>) => (item.result as { status: string }).status;
const writeRequests = () => bed.sim.requestLog().filter((entry) => (entry.kind === 'batch' || entry.kind === 'odata') && entry.method !== 'GET');

test.each(['drop', 'reset', 'html500', 'html200', 'truncate'] as const)(
	'a $batch IFS committed but whose answer was lost (%s) is read back: every document reported created, none failed, nothing resent',
	async (mode) => {
		bed.sim.setFaults({ afterCommit: { next: 1, mode } });
		const input = ['L1', 'L2', 'L3'].map((id) => postingItem(journalEntry(id)));
		const result = await bed.run(POST, input, 'continueErrorOutput');

		expect(result.json(IFS_NODE, 1)).toEqual([]);
		expect(result.json(IFS_NODE, 0).map(statusOf)).toEqual(['created', 'created', 'created']);
		expect(result.json(IFS_NODE, 0).map((item) => (item.result as { voucherNo: number }).voucherNo)).toEqual([2026000001, 2026000002, 2026000003]);
		expect(bed.sim.requestLog().filter((entry) => entry.fault === `afterCommit:${mode}`)).toHaveLength(1);
		expect(writeRequests()).toHaveLength(1);
		for (const id of ['L1', 'L2', 'L3']) expect(voucherRowsOf(`CX-${id}`)).toHaveLength(2);
	},
);

test('in a $batch whose answer was lost, what IFS holds is reported created and only what it refused is sent again — and fails with its own message', async () => {
	bed.sim.setFaults({ afterCommit: { next: 1, mode: 'html500' } });
	const input = [postingItem(journalEntry('M1')), postingItem(journalEntry('M2', {}, '6999')), postingItem(journalEntry('M3'))];
	const result = await bed.run(POST, input, 'continueErrorOutput');

	expect(result.json(IFS_NODE, 0).map((item) => (item.result as { reference: string }).reference)).toEqual(['CX-M1', 'CX-M3']);
	const [refused] = result.json(IFS_NODE, 1);
	expect((refused.result as { error: { message: string } }).error.message).toContain('ACCOUNTBLOCKED');
	expect(writeRequests()).toHaveLength(2);
	expect(bed.sim.requestLog().filter((entry) => entry.kind === 'batch-part' && entry.path.endsWith('ExtLoadInfoSet'))).toHaveLength(4);
	expect(voucherRowsOf('CX-M1')).toHaveLength(2);
	expect(voucherRowsOf('CX-M3')).toHaveLength(2);
});

test('a reference IFS holds on two vouchers is reported loudly: on the item, in its audit reasons and as a node warning; the first voucher is the posting', async () => {
	const direct = await bed.run(POST, [postingItem(journalEntry('D1'))]);
	expect(statusOf(direct.json(IFS_NODE, 0)[0])).toBe('created');
	await postVoucherOutsideTheNode('CX-D1'); // another tool, or an old flow without the look-up

	const result = await bed.run(POST, [postingItem(journalEntry('D1'))], 'continueErrorOutput');
	const [item] = result.json(IFS_NODE, 0);
	expect(item.result).toMatchObject({ status: 'already-posted', voucherNo: 2026000001, duplicates: [{ Company: '10', VoucherType: 'X', AccountingYear: 2026, VoucherNo: 2026000002 }] });
	expect((item.result as { warning: string }).warning).toMatch(/^DUPLICATE: IFS Cloud holds 2 documents with reference CX-D1 in company 10/);
	expect((item.audit as { reasons: Array<{ message: string }> }).reasons.map((reason) => reason.message)).toContain((item.result as { warning: string }).warning);
	const hints = result.run.data.resultData.runData[IFS_NODE][0].hints;
	expect(hints).toEqual([expect.objectContaining({ type: 'danger', message: (item.result as { warning: string }).warning })]);
});

/** Load, two rows and Check and Create, straight over HTTP: a voucher this node never looked up. */
async function postVoucherOutsideTheNode(reference: string): Promise<void> {
	const client = await TestClient.connect(bed.sim);
	const load = await client.post('ExternalVoucherHandling', 'ExtLoadInfoSet', { Company: '10', LoadType: 'MANUAL' });
	const path = `ExtLoadInfoSet(Company='10',LoadId='${String(load.json.LoadId)}')`;
	const row = { VoucherType: 'X', TransactionDate: '2026-11-12', CurrencyCode: 'USD', ReferenceNumber: reference };
	await client.post('ExternalVoucherHandling', `${path}/ExtTransactionsArray`, { ...row, Account: '6110', CodeB: 'CC100', CurrencyDebetAmount: 412.5 });
	await client.post('ExternalVoucherHandling', `${path}/ExtTransactionsArray`, { ...row, Account: '2410', CurrencyCreditAmount: 412.5 });
	const created = await client.post('ExternalVoucherHandling', `${path}/IfsApp.ExternalVoucherHandling.ExtLoadInfo_CheckAndCreate`, {}, { 'If-Match': load.headers.get('etag')! });
	expect(created.status).toBe(204);
}
