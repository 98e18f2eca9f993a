import { createHash } from 'node:crypto';

import type { IConnections, IDataObject } from 'n8n-workflow';

import type { Simulators } from '../../simulators';
import { useSimulators } from '../../simulators/hooks';
import { expenseReports } from '../../simulators/seed/scenario';
import { PACKAGE_PREFIX, retryWorkflow, runWorkflow, simulatorCredentials, type CredentialStore, type WorkflowJson } from '../harness';
import { postingChain } from './posting-chain';

let sims: Simulators;
let store: CredentialStore;

useSimulators((started) => (sims = started));
beforeEach(() => (store = simulatorCredentials(sims)));

const HELD_REPORT = '764428DD6A664AF0BFC5';
const postable = expenseReports.filter((report) => report.reportId !== HELD_REPORT);

/** The posting chain with the template's receipts step after the success confirmation. */
function chainWithReceipts(attachmentSettings: Record<string, unknown> = {}): WorkflowJson {
	const chain = postingChain('expense');
	chain.nodes.push(
		{ name: 'Receipts', type: `${PACKAGE_PREFIX}.sapConcur`, parameters: { resource: 'receipt', operation: 'getForPostings', receiptOptions: {} }, credentials: { sapConcurOAuth2Api: { id: 'concur', name: 'concur' } } },
		{ name: 'Attach', type: `${PACKAGE_PREFIX}.ifsCloud`, parameters: { resource: 'attachment', operation: 'attachToVoucher', attachmentSettings }, credentials: { ifsCloudOAuth2Api: { id: 'ifs', name: 'ifs' } } },
	);
	const connections: IConnections = { ...chain.connections, 'Confirm Posted': { main: [[{ node: 'Receipts', type: 'main', index: 0 }]] }, Receipts: { main: [[{ node: 'Attach', type: 'main', index: 0 }]] } };
	return { ...chain, connections };
}

/** Only the receipts step, fed with posted items (what a rerun of that step sees). */
function receiptsStepOn(posted: IDataObject[]): WorkflowJson {
	const chain = chainWithReceipts();
	const nodes = chain.nodes.filter((node) => ['Run Now', 'Receipts', 'Attach'].includes(node.name));
	const connections: IConnections = { 'Run Now': { main: [[{ node: 'Receipts', type: 'main', index: 0 }]] }, Receipts: chain.connections.Receipts! };
	return { nodes, connections, pinData: { 'Run Now': posted.map((json) => ({ json })) } };
}

/** Per voucher key reference: the receipts IFS holds attached to it (title → SHA-256 of the file). */
function attachedByVoucher(): Map<string, string[]> {
	const byVoucher = new Map<string, string[]>();
	for (const attachment of sims.ifs.attachments()) byVoucher.set(attachment.keyRef, [...(byVoucher.get(attachment.keyRef) ?? []), attachment.title].sort());
	return byVoucher;
}

function voucherKeyRefOf(reportId: string): string {
	const row = sims.ifs.voucherRows().find((voucherRow) => voucherRow.ReferenceNumber === `CX-${reportId}`)!;
	return `ACCOUNTING_YEAR=${row.AccountingYear}^COMPANY=${row.Company}^VOUCHER_NO=${row.VoucherNo}^VOUCHER_TYPE=${row.VoucherType}^`;
}

function expectEveryReceiptAttachedOnce(except: string[] = []): void {
	const byVoucher = attachedByVoucher();
	let expected = 0;
	for (const report of postable) {
		const receipts = sims.concur.receiptIdsOf(report.reportId).filter((id) => !except.includes(id));
		expected += receipts.length;
		expect(byVoucher.get(voucherKeyRefOf(report.reportId)) ?? []).toEqual(receipts.map((id) => `Concur receipt ${id}`).sort());
	}
	const attachments = sims.ifs.attachments();
	expect(attachments).toHaveLength(expected);
	for (const attachment of attachments) {
		const receiptId = attachment.title.replace('Concur receipt ', '');
		expect(attachment.files).toHaveLength(1);
		expect(attachment.files[0]!.sha256).toBe(createHash('sha256').update(sims.concur.receipt(receiptId)!.bytes).digest('hex'));
	}
}

describe('receipts: posted expense documents get their Concur receipt images attached to the IFS voucher', () => {
	it('attaches every receipt of every posted report to its voucher, byte for byte, once; a rerun attaches nothing again', async () => {
		const run = await runWorkflow(chainWithReceipts(), { credentials: store });
		expect(run.error).toBeUndefined();
		expect(sims.concur.receiptIdsOf(postable[0]!.reportId).length).toBeGreaterThan(0);
		expectEveryReceiptAttachedOnce();
		expect(run.json('Attach', 1)).toEqual([]);

		// the same posted items through the receipts step again (a rerun): everything is found, nothing written
		const rerun = await runWorkflow(receiptsStepOn(run.json('Confirm Posted')), { credentials: store });
		expect(rerun.error).toBeUndefined();
		expectEveryReceiptAttachedOnce();
		const outcomes = rerun.json('Attach').map((item) => (item.attachment as { status: string }).status);
		expect(outcomes.length).toBeGreaterThan(0);
		expect(new Set(outcomes)).toEqual(new Set(['alreadyAttached']));
	});

	it('attaches nothing to a document IFS holds no voucher for: each receipt leaves on Not Attached, and document management is not written', async () => {
		const withoutVoucher = [{ posting: { reference: 'CX-X', company: '10', receipts: [{ receiptId: sims.concur.receiptIdsOf(postable[0]!.reportId)[0], entryId: 'E1' }] }, result: { status: 'failed' } }];
		const run = await runWorkflow(receiptsStepOn(withoutVoucher), { credentials: store });
		expect(run.error).toBeUndefined();
		expect(run.json('Attach', 1).map((item) => (item.attachment as { reason: string }).reason)).toEqual([expect.stringMatching(/^No IFS voucher number/)]);
		expect(sims.ifs.requestLog(0).filter((entry) => entry.path.includes('DocReferenceObjectAttachmentHandling'))).toEqual([]);
	});

	it('a receipt Concur no longer has and one above the size limit leave on Not Attached with a reason; the posting and its confirmation are untouched', async () => {
		const [first, second] = postable.map((report) => sims.concur.receiptIdsOf(report.reportId)).flat();
		sims.concur.removeReceipt(first!);
		sims.concur.setReceiptSize(second!, 11 * 1048576);
		const run = await runWorkflow(chainWithReceipts(), { credentials: store });
		expect(run.error).toBeUndefined();
		expectEveryReceiptAttachedOnce([first!, second!]);
		const reasons = Object.fromEntries(run.json('Attach', 1).map((item) => [(item.receipt as { receiptId: string }).receiptId, (item.attachment as { reason: string }).reason]));
		expect(reasons[first!]).toMatch(/has no image for receipt .* \(HTTP 404\)/);
		expect(reasons[second!]).toMatch(/larger than the 10\.0 MB limit/);
		const confirmed = sims.concur.inspect().fisDocuments.filter((doc) => doc.docType === 'expense' && doc.status === 'POSTING_CONFIRMED_SUCCESS');
		expect(confirmed).toHaveLength(postable.length);
	});

	it('IFS loses the answers to attachment writes after committing them: each is read back, the run succeeds and holds every receipt once', async () => {
		sims.ifs.onApplied((request) => {
			if (request.path.includes('DocReferenceObjectAttachmentHandling') && request.method !== 'GET') sims.ifs.setFaults({ afterCommit: { next: 1, mode: 'reset', on: 'write' } });
		});
		const run = await runWorkflow(chainWithReceipts(), { credentials: store });
		sims.ifs.onApplied(undefined);
		expect(run.error).toBeUndefined();
		expectEveryReceiptAttachedOnce();
		expect(sims.ifs.rows('DocIssueSet')).toHaveLength(sims.ifs.attachments().length);
	});

	it("IFS's rate limit answers the upload of a receipt's bytes with 429: the upload waits and is sent again, the run succeeds, each receipt once", async () => {
		let throttled = 0;
		sims.ifs.onApplied((request) => {
			// the read of the file row comes right before the PUT of its bytes: the next request (that PUT) is refused
			if (request.method === 'GET' && /EdmFileSet\(/.test(request.path) && !request.path.endsWith('FileData') && throttled < 2) {
				throttled += 1;
				sims.ifs.setFaults({ serverError: { next: 1, status: 429 } });
			}
		});
		const run = await runWorkflow(chainWithReceipts(), { credentials: store });
		sims.ifs.onApplied(undefined);
		expect(throttled).toBeGreaterThan(0);
		expect(run.error).toBeUndefined();
		expectEveryReceiptAttachedOnce();
	});

	it('IFS loses its answers after committing and then goes down mid-way: the run fails at the attach step, and its retry attaches the rest, each receipt once', async () => {
		let attachmentWrites = 0;
		sims.ifs.onApplied((request) => {
			if (!request.path.includes('DocReferenceObjectAttachmentHandling') || request.method === 'GET') return;
			attachmentWrites += 1;
			if (attachmentWrites === 1) sims.ifs.setFaults({ afterCommit: { next: 4, mode: 'drop', on: 'write' } });
			if (attachmentWrites === 12) sims.ifs.setFaults({ outage: true });
		});
		const chain = chainWithReceipts();
		chain.nodes.find((node) => node.name === 'Attach')!.parameters!.requestSettings = { maxAttempts: 2, maxTotalWaitSeconds: 1 };
		const failed = await runWorkflow(chain, { credentials: store });
		expect(failed.status).toBe('error');
		expect(failed.run.data.resultData.lastNodeExecuted).toBe('Attach');
		expect(sims.ifs.attachments().length).toBeGreaterThan(0);

		sims.ifs.onApplied(undefined);
		sims.ifs.clearFaults();
		const retried = await retryWorkflow(chain, failed, { credentials: store });
		expect(retried.error).toBeUndefined();
		expectEveryReceiptAttachedOnce();
		expect(sims.ifs.rows('DocIssueSet')).toHaveLength(sims.ifs.attachments().length);
		expect(sims.ifs.rows('EdmFileSet')).toHaveLength(sims.ifs.attachments().length);
	});
});
