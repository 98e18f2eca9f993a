/**
 * Receipts in a real n8n 2.41.1: the shipped expense posting template attaches every posted
 * report's Concur receipt images to its IFS voucher, each exactly once — also when IFS goes down
 * half-way through the attachments and the failed execution is retried through the REST API, and
 * when the template runs again.
 */
import { createHash } from 'node:crypto';

import { startSimulators, type Simulators } from '../simulators';
import { expenseReports } from '../simulators/seed/scenario';
import { WORKFLOW_IDS, executionError, importCredentials, importTemplates, outputOf, runFromTrigger, templateJson, type Execution } from '../../scripts/deploy';
import { ensureRuntime } from '../../scripts/n8n-runtime';
import { N8nInstance, projectPackageDir } from './n8n';

const HELD_REPORT = '764428DD6A664AF0BFC5';
const postableReports = expenseReports.filter((report) => report.reportId !== HELD_REPORT);

let sims: Simulators;
let n8n: N8nInstance;

beforeAll(async () => {
	sims = await startSimulators();
	n8n = await N8nInstance.create({ packages: [projectPackageDir()], runtime: await ensureRuntime() });
	await importCredentials(n8n, sims.credentialData);
	await importTemplates(n8n, [templateJson('referenceSync'), templateJson('expensePosting')]);
	await n8n.start();
});

afterAll(async () => {
	await n8n?.dispose();
	await sims?.stop();
});

function expectSuccess(execution: Execution): void {
	expect([execution.status, executionError(execution)]).toEqual(['success', undefined]);
}

/** Each receipt of each posted report attached once to the report's voucher, with Concur's exact bytes. */
function expectEveryReceiptAttachedOnce(reportIds: string[], except: string[]): void {
	const attachments = sims.ifs.attachments();
	let expected = 0;
	for (const reportId of reportIds) {
		const row = sims.ifs.voucherRows().find((voucherRow) => voucherRow.ReferenceNumber === `CX-${reportId}`)!;
		const keyRef = `ACCOUNTING_YEAR=${row.AccountingYear}^COMPANY=${row.Company}^VOUCHER_NO=${row.VoucherNo}^VOUCHER_TYPE=${row.VoucherType}^`;
		const receipts = sims.concur.receiptIdsOf(reportId).filter((id) => !except.includes(id));
		expected += receipts.length;
		const onVoucher = attachments.filter((attachment) => attachment.keyRef === keyRef);
		expect(onVoucher.map((attachment) => attachment.title).sort()).toEqual(receipts.map((id) => `Concur receipt ${id}`).sort());
		for (const attachment of onVoucher) {
			const bytes = sims.concur.receipt(attachment.title.replace('Concur receipt ', ''))!.bytes;
			expect(attachment.files.map((file) => file.sha256)).toEqual([createHash('sha256').update(bytes).digest('hex')]);
		}
	}
	expect(attachments).toHaveLength(expected);
	expect(sims.ifs.rows('DocIssueSet')).toHaveLength(expected);
}

describe('receipts through the shipped expense posting template', () => {
	it('IFS goes down half-way through the attachments: the execution fails after posting, its retry attaches the rest, every receipt exactly once; a missing receipt is reported, not attached', async () => {
		const missing = sims.concur.receiptIdsOf(postableReports[0]!.reportId)[0]!;
		sims.concur.removeReceipt(missing);
		let attachmentWrites = 0;
		sims.ifs.onApplied((request) => {
			if (!request.path.includes('DocReferenceObjectAttachmentHandling') || request.method === 'GET') return;
			attachmentWrites += 1;
			if (attachmentWrites === 1) sims.ifs.setFaults({ afterCommit: { next: 3, mode: 'drop', on: 'write' } });
			if (attachmentWrites === 10) sims.ifs.setFaults({ outage: true });
		});
		const failed = await runFromTrigger(n8n, WORKFLOW_IDS.expensePosting);
		expect(failed.status).toBe('error');
		sims.ifs.onApplied(undefined);
		sims.ifs.clearFaults();
		// the posting itself finished and Concur was told before the receipts step
		const documents = sims.concur.inspect().fisDocuments.filter((doc) => doc.docType === 'expense' && doc.sourceId !== HELD_REPORT);
		expect(documents.map((doc) => doc.status)).toEqual(documents.map(() => 'POSTING_CONFIRMED_SUCCESS'));
		const partial = sims.ifs.attachments().length;
		expect(partial).toBeGreaterThan(0);

		const retry = await n8n.retryExecution(failed.id);
		const [latest] = await n8n.listExecutions({ workflowId: WORKFLOW_IDS.expensePosting });
		const retried = (await n8n.waitForExecutionDone(String(retry?.id ?? latest?.id), 600_000)) as Execution;
		expectSuccess(retried);
		const notAttached = outputOf(retried, 'Attach Receipts in IFS', 1);
		expect(notAttached.map((item) => (item.attachment as { reason: string }).reason).join('\n')).toContain(`has no image for receipt ${missing}`);
		expectEveryReceiptAttachedOnce(postableReports.map((report) => report.reportId), [missing]);
	});

	it('the template run again, and the receipts of new reports: each receipt attached once, nothing twice', async () => {
		const generated = sims.concur.generateExpenseDocuments(3, 4);
		const execution = await runFromTrigger(n8n, WORKFLOW_IDS.expensePosting);
		expectSuccess(execution);
		const generatedReports = sims.concur.inspect().fisDocuments.filter((doc) => generated.includes(doc.id)).map((doc) => doc.sourceId);
		expect(generatedReports).toHaveLength(3);
		const missing = sims.concur.receiptIdsOf(postableReports[0]!.reportId)[0]!;
		expectEveryReceiptAttachedOnce([...postableReports.map((report) => report.reportId), ...generatedReports], [missing]);
	});
});
