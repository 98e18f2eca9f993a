import type { Simulators } from '../../simulators';
import { useSimulators } from '../../simulators/hooks';
import { expenseReports, paymentRequests } from '../../simulators/seed/scenario';
import { retryWorkflow, runWorkflow, simulatorCredentials, type CredentialStore } from '../harness';
import { postingChain, v3ExpenseChain } from './posting-chain';

let sims: Simulators;
let store: CredentialStore;

useSimulators((started) => (sims = started));
beforeEach(() => (store = simulatorCredentials(sims)));

const HELD_REPORT = '764428DD6A664AF0BFC5';
const postable = expenseReports.filter((report) => report.reportId !== HELD_REPORT);

function fisDocumentsOf(docType: string) {
	return sims.concur.inspect().fisDocuments.filter((doc) => doc.docType === docType);
}

/** Every posting confirmation Concur received for one financial document. */
function confirmationsFor(docId: string): Array<Record<string, unknown>> {
	return sims.concur
		.inspect()
		.postingConfirmations.flatMap((call) => ((call.body as { postingConfirmations?: Array<Record<string, unknown>> }).postingConfirmations ?? []))
		.filter((confirmation) => confirmation.docId === docId);
}

describe('expense posting path: Concur FIS → mapping → IFS → FIS confirmation', () => {
	it('leaves IFS holding exactly one balanced voucher per postable report and Concur holding the matching confirmations', async () => {
		const run = await runWorkflow(postingChain('expense'), { credentials: store });
		expect(run.error).toBeUndefined();

		const rows = sims.ifs.voucherRows();
		const references = [...new Set(rows.map((row) => row.ReferenceNumber))].sort();
		expect(references).toEqual(postable.map((report) => `CX-${report.reportId}`).sort());
		for (const reference of references) {
			const voucherRows = rows.filter((row) => row.ReferenceNumber === reference);
			const cents = (field: string) => voucherRows.reduce((total, row) => total + Math.round(Number(row[field] ?? 0) * 100), 0);
			expect(cents('CurrencyDebetAmount')).toBe(cents('CurrencyCreditAmount'));
			expect(new Set(voucherRows.map((row) => row.VoucherNo)).size).toBe(1);
		}

		const documents = fisDocumentsOf('expense');
		for (const report of postable) {
			const document = documents.find((doc) => doc.sourceId === report.reportId)!;
			expect(document.status).toBe('POSTING_CONFIRMED_SUCCESS');
			const voucherNo = rows.find((row) => row.ReferenceNumber === `CX-${report.reportId}`)!.VoucherNo;
			const confirmations = confirmationsFor(document.id);
			expect(confirmations).toHaveLength(1);
			expect(confirmations[0]).toMatchObject({ overallPostingStatusCode: 'success', postingDocs: [expect.objectContaining({ documentNumber: String(voucherNo), fiscalYear: '2026' })] });
		}
		const held = documents.find((doc) => doc.sourceId === HELD_REPORT)!;
		expect(held.status).toBe('POSTING_CONFIRMED_FAILURE');
		expect(JSON.stringify(confirmationsFor(held.id))).toContain('CC500');
	});

	it('hands every document on with its audit row ready-made: IFS keys, action, reasons and what Concur answered', async () => {
		const run = await runWorkflow(postingChain('expense'), { credentials: store, executionId: 'audit-run' });
		expect(run.error).toBeUndefined();
		const rows = [...run.json('Confirm Posted', 0), ...run.json('Confirm Held', 0)].map((item) => item.auditRow as Record<string, string>);
		expect(rows.map((row) => [row.sourceId, row.action]).sort()).toEqual([...postable.map((report) => [report.reportId, 'created']), [HELD_REPORT, 'held']].sort());
		const voucherOf = (reportId: string) => String(sims.ifs.voucherRows().find((row) => row.ReferenceNumber === `CX-${reportId}`)!.VoucherNo);
		for (const row of rows.filter((entry) => entry.action === 'created')) {
			expect(JSON.parse(row.ifsKeys)).toMatchObject({ VoucherNo: voucherOf(row.sourceId) });
			expect(row.concurConfirmation).not.toBe('');
			expect(row.executionId).toBe('audit-run');
		}
		const held = rows.find((row) => row.action === 'held')!;
		expect(held.reasons).toContain('CC500');
		expect(held.concurConfirmation).not.toBe('');
		expect(Object.values(held).every((value) => typeof value === 'string')).toBe(true);
	});

	it('survives an IFS outage that starts mid-run: the run fails at the posting step, and retrying it posts and confirms every document exactly once', async () => {
		const chain = postingChain('expense', { requestSettings: { maxAttempts: 2, maxTotalWaitSeconds: 2 } });
		sims.ifs.setFaults({ outageAtNextBatch: true });
		const failed = await runWorkflow(chain, { credentials: store });
		expect(failed.status).toBe('error');
		expect(failed.run.data.resultData.lastNodeExecuted).toBe('Post to IFS');
		expect(failed.json('Post to IFS', 1)).toEqual([]);
		expect(sims.ifs.voucherRows()).toHaveLength(0);
		expect(sims.concur.inspect().postingConfirmations).toHaveLength(0);

		sims.ifs.clearFaults();
		const retried = await retryWorkflow(chain, failed, { credentials: store });
		expect(retried.error).toBeUndefined();
		const references = sims.ifs.voucherRows().map((row) => row.ReferenceNumber);
		expect([...new Set(references)].sort()).toEqual(postable.map((report) => `CX-${report.reportId}`).sort());
		for (const document of fisDocumentsOf('expense')) expect(confirmationsFor(document.id)).toHaveLength(1);
		expect(sims.concur.inspect().acknowledgements).toHaveLength(1);

		// a second retry of the same failed run (a user clicking twice) creates nothing new
		const again = await retryWorkflow(chain, failed, { credentials: store });
		expect(sims.ifs.voucherRows().map((row) => row.ReferenceNumber)).toEqual(references);
		expect(again.json('Post to IFS', 0).every((item) => (item.result as { status: string }).status === 'already-posted')).toBe(true);
	});
});

describe('expense posting path from the v3 APIs (tenants without FIS)', () => {
	it('posts each approved report and moves exactly the posted ones from Processing Payment to Paid', async () => {
		const run = await runWorkflow(v3ExpenseChain(), { credentials: store });
		expect(run.error).toBeUndefined();
		const references = [...new Set(sims.ifs.voucherRows().map((row) => row.ReferenceNumber))].sort();
		expect(references).toEqual(postable.map((report) => `CX-${report.reportId}`).sort());
		const status = Object.fromEntries(sims.concur.inspect().reports.map((report) => [report.reportId, report.paymentStatus]));
		for (const report of postable) expect([report.reportId, status[report.reportId]]).toEqual([report.reportId, 'P_PAID']);
		expect(status[HELD_REPORT]).toBe('P_PROC');
		expect(sims.concur.inspect().integrationStatusCalls.map((call) => call.reportId).sort()).toEqual(postable.map((report) => report.reportId).sort());
	});
});

describe('invoice posting path', () => {
	it('creates one supplier invoice per payment request with its PO reference and confirms it in Concur', async () => {
		const run = await runWorkflow(postingChain('invoice'), { credentials: store });
		expect(run.error).toBeUndefined();
		const invoices = sims.ifs.rows('ManSuppInvoiceSet');
		expect(invoices.map((invoice) => [invoice.Identity, invoice.InvoiceNo, invoice.PoRefNumber]).sort()).toEqual(
			paymentRequests.map((request) => [request.vendorCode, request.invoiceNumber, request.purchaseOrderNumber]).sort(),
		);
		for (const request of paymentRequests) {
			expect(fisDocumentsOf('invoice').find((doc) => doc.sourceId === request.requestId)?.status).toBe('POSTING_CONFIRMED_SUCCESS');
		}
	});
});
