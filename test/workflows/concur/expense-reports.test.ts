import { useConcurSimulator, concurCredentials, requestCount, runConcur, runConcurWithInputs, type ConcurSimulator } from './concur-test-kit';

let sim: ConcurSimulator;
useConcurSimulator((started) => (sim = started));

const templates = ['GET /api/v3.0/expense/reports/:id', 'GET /api/v3.0/expense/entries', 'GET /api/v3.0/expense/itemizations', 'GET /api/v3.0/expense/allocations'];
const total = () => templates.reduce((sum, template) => sum + requestCount(sim, template), 0);

describe('Expense Report', () => {
	test('Get Many follows NextPage across pages, filtered by approval and payment status', async () => {
		sim.generateExpenseDocuments(230, 1);
		const run = await runConcur(concurCredentials(sim), {
			resource: 'expenseReport', operation: 'getMany', returnAll: true,
			filters: { approvalStatusCode: ['A_APPR'], paymentStatusCode: ['P_PROC'] },
		});
		expect(run.status).toBe('success');
		const items = run.json('Concur');
		const expected = sim.inspect().generatedReports + sim.inspect().reports.filter((r) => r.approvalStatus === 'A_APPR' && r.paymentStatus === 'P_PROC').length;
		expect(items).toHaveLength(expected);
		expect(new Set(items.map((item) => item.ID)).size).toBe(expected);
		expect(items.every((item) => item.ApprovalStatusCode === 'A_APPR' && item.PaymentStatusCode === 'P_PROC')).toBe(true);
		expect(requestCount(sim, 'GET /api/v3.0/expense/reports')).toBe(Math.ceil(expected / 100));
	});

	test('Get with Details assembles a 20-entry report from report-level list calls (a handful of requests)', async () => {
		const [reportId] = sim.generateExpenseDocuments(1, 20).map((fisId) => sim.fisDocuments.find((doc) => doc.id === fisId)!.sourceId);
		const store = concurCredentials(sim);
		const list = await runConcur(store, { resource: 'expenseReport', operation: 'getMany', returnAll: true, filters: {} });
		const header = list.json('Concur').find((item) => item.ID === reportId)!;
		const before = total();
		const run = await runConcur(store, { resource: 'expenseReport', operation: 'getWithDetails', reportId, ownerLoginId: header.OwnerLoginID });
		expect(run.status).toBe('success');
		const [report] = run.json('Concur') as Array<{ ID: string; Entries: Array<{ ID: string; Allocations: Array<{ EntryID: string }>; Itemizations: unknown[] }>; _concur: { requestCount: number } }>;
		expect(report.ID).toBe(reportId);
		expect(report.Entries).toHaveLength(20);
		for (const entry of report.Entries) {
			expect(entry.Allocations.length + entry.Itemizations.length).toBeGreaterThan(0);
			for (const allocation of entry.Allocations) expect(allocation.EntryID).toBe(entry.ID);
		}
		expect(report.Entries.some((entry) => entry.ID.includes('$'))).toBe(true);
		expect(total() - before).toBeLessThanOrEqual(6);
		expect(report._concur.requestCount).toBe(total() - before);
	});

	test('Get (v4) reads one report and keeps 0E-8 style amounts as numbers', async () => {
		const list = await runConcur(concurCredentials(sim), { resource: 'expenseReport', operation: 'getMany', returnAll: true, filters: {} });
		const report = sim.inspect().reports[0];
		expect(list.status).toBe('success');
		const ownerUuid = '32c2fcc3-b2e8-4907-9672-5b3f49b1c643';
		const run = await runConcur(concurCredentials(sim), { resource: 'expenseReport', operation: 'get', reportId: report.reportId, userId: ownerUuid, contextType: 'PROCESSOR' });
		expect(run.status).toBe('success');
		const [item] = run.json('Concur') as Array<{ reportId: string; amountCompanyPaid: { value: number } }>;
		expect(item.reportId).toBe(report.reportId);
		expect(typeof item.amountCompanyPaid.value).toBe('number');
	});

	test('a missing report becomes an error item with Concur\'s v3 message and code', async () => {
		const run = await runConcur(
			concurCredentials(sim),
			{ resource: 'expenseReport', operation: 'getWithDetails', reportId: 'NOPE000000000000000X', ownerLoginId: 'alice@northwind.example' },
			{ onError: 'continueErrorOutput' },
		);
		const [failed] = run.json('Concur', 1);
		expect(String(failed.error)).toContain('Report not found');
		expect(failed.details).toMatchObject({ httpCode: 404, correlationId: expect.any(String) });
		expect(run.outputs('Concur')[1][0].pairedItem).toEqual({ item: 0 });
	});

	test('Post Integration Status moves a posted v3 report from Processing Payment to Paid; items without a report pass on; a refusal is reported', async () => {
		const reportId = '764428DD6A664AF0BFC1';
		const inputs = [{ audit: { sourceId: reportId } }, { audit: { sourceId: '' } }];
		const parameters = { resource: 'expenseReport', operation: 'postIntegrationStatus', reportId: '={{ $json.audit.sourceId }}', skipWithoutReportId: true };
		const store = concurCredentials(sim);
		const run = await runConcurWithInputs(store, inputs, parameters);
		expect(run.status).toBe('success');
		const [marked, passed] = run.json('Concur');
		expect(marked).toMatchObject({ audit: { sourceId: reportId }, integrationStatus: { reportId, status: 'SUCCESS' } });
		expect(passed).toEqual({ audit: { sourceId: '' } });
		expect(sim.inspect().reports.find((report) => report.reportId === reportId)?.paymentStatus).toBe('P_PAID');
		expect(sim.inspect().integrationStatusCalls).toEqual([expect.objectContaining({ reportId, paymentStatusBefore: 'P_PROC' })]);

		// the same report again: Concur refuses (it is Paid now)
		const again = await runConcurWithInputs(store, [inputs[0]], parameters, { onError: 'continueErrorOutput' });
		expect(String(again.json('Concur', 1)[0].error)).toMatch(/did not mark report 764428DD6A664AF0BFC1 as integrated: .*Sent for Payment/);
		const tolerant = await runConcurWithInputs(store, [inputs[0]], { ...parameters, failOnRefusal: false });
		expect(tolerant.error).toBeUndefined();
		expect(tolerant.json('Concur')[0]).toMatchObject({ integrationStatus: { status: 'FAILURE' } });
	});
});
