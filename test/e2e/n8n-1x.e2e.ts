/**
 * The last n8n 1.x line (1.123, on Node 22): the package installed as a community package, the
 * shipped reference sync, expense and invoice templates against both simulators, and a preview.
 * The full suite runs on the current line (templates.e2e.ts and the others); this is the subset
 * that says whether a 1.x instance can run the package.
 */
import { startSimulators, type Simulators } from '../simulators';
import { expenseReports, paymentRequests } from '../simulators/seed/scenario';
import { WORKFLOW_IDS, executionError, importCredentials, importTemplates, outputOf, runFromTrigger, templateJson, type Execution, type TemplateName } from '../../scripts/deploy';
import { PREVIEW_NODE } from '../../scripts/templates/preview';
import { RUNTIMES, ensureRuntime } from '../../scripts/n8n-runtime';
import { N8nInstance, nodeOutputJson, projectPackageDir } from './n8n';

const HELD_REPORT = '764428DD6A664AF0BFC5';
const postable = expenseReports.filter((report) => report.reportId !== HELD_REPORT);
const PREVIEW_EXPENSES = 'cifExpPost1xPrev';

let sims: Simulators;
let n8n: N8nInstance;

function withPreview(name: TemplateName, id: string) {
	const workflow = templateJson(name);
	const settings = workflow.nodes.find((node) => node.name === 'Settings')!;
	(settings.parameters.assignments as { assignments: Array<{ name: string; value: string }> }).assignments.find((assignment) => assignment.name === 'preview')!.value = 'true';
	return { ...workflow, id, name: `${workflow.id} (preview)` };
}

beforeAll(async () => {
	sims = await startSimulators();
	n8n = await N8nInstance.create({ packages: [projectPackageDir()], runtime: await ensureRuntime({ spec: RUNTIMES['1.x'] }) });
	await importCredentials(n8n, sims.credentialData);
	await importTemplates(n8n, [...(['referenceSync', 'expensePosting', 'invoicePosting'] as TemplateName[]).map(templateJson), withPreview('expensePosting', PREVIEW_EXPENSES)]);
});

afterAll(async () => {
	await n8n?.dispose();
	await sims?.stop();
});

function expectSuccess(execution: Execution): void {
	expect([execution.status, executionError(execution)]).toEqual(['success', undefined]);
}

const voucherReferences = () => [...new Set(sims.ifs.voucherRows().map((row) => String(row.ReferenceNumber)))].sort();

describe(`n8n ${RUNTIMES['1.x'].n8nVersion} on Node ${RUNTIMES['1.x'].nodeVersion}`, () => {
	it('reference data sync through the CLI: previews its first run, then aligns cost centers and vendors', async () => {
		const preview = await n8n.executeWorkflow(WORKFLOW_IDS.referenceSync);
		expect([preview.status, preview.errorMessage]).toEqual(['success', undefined]);
		expect(nodeOutputJson(preview.run, 'Sync Cost Centers').at(-1)).toMatchObject({ preview: true });
		const first = await n8n.executeWorkflow(WORKFLOW_IDS.referenceSync);
		expect([first.status, first.errorMessage]).toEqual(['success', undefined]);
		const costCenters = sims.concur.inspect().listItems.filter((item) => !item.isDeleted).map((item) => item.shortCode);
		expect(costCenters).toEqual(expect.arrayContaining(['CC800', 'CC_400']));
	});

	describe('through the running server', () => {
		beforeAll(async () => {
			await n8n.start();
		});

		it('expense posting preview: every report listed, nothing acknowledged or written', async () => {
			const execution = await runFromTrigger(n8n, PREVIEW_EXPENSES);
			expectSuccess(execution);
			expect(outputOf(execution, PREVIEW_NODE).map((preview) => `${String(preview.sourceId)} ${String(preview.action)}`).sort()).toEqual(
				expenseReports.map((report) => `${report.reportId} ${report.reportId === HELD_REPORT ? 'held' : 'would-post'}`).sort(),
			);
			expect(sims.concur.inspect().acknowledgements).toHaveLength(0);
			expect(sims.ifs.voucherRows()).toHaveLength(0);
		});

		it('expense posting as shipped: one voucher per postable report, the held one confirmed as failed, an audit row each', async () => {
			const execution = await runFromTrigger(n8n, WORKFLOW_IDS.expensePosting);
			expectSuccess(execution);
			expect(voucherReferences()).toEqual(postable.map((report) => `CX-${report.reportId}`).sort());
			const documents = sims.concur.inspect().fisDocuments.filter((doc) => doc.docType === 'expense');
			expect(documents.find((doc) => doc.sourceId === HELD_REPORT)?.status).toBe('POSTING_CONFIRMED_FAILURE');
			const audit = outputOf(execution, 'Write Audit Rows');
			expect(audit.map((row) => [row.sourceId, row.action]).sort()).toEqual([...postable.map((report) => [report.reportId, 'created']), [HELD_REPORT, 'held']].sort());
		});

		it('expense posting run again posts and confirms nothing twice', async () => {
			const vouchers = sims.ifs.voucherRows().length;
			const confirmations = sims.concur.inspect().postingConfirmations.length;
			expectSuccess(await runFromTrigger(n8n, WORKFLOW_IDS.expensePosting));
			expect(sims.ifs.voucherRows()).toHaveLength(vouchers);
			expect(sims.concur.inspect().postingConfirmations).toHaveLength(confirmations);
		});

		it('invoice posting as shipped: one supplier invoice per payment request', async () => {
			expectSuccess(await runFromTrigger(n8n, WORKFLOW_IDS.invoicePosting));
			expect(sims.ifs.rows('ManSuppInvoiceSet').map((invoice) => [invoice.Identity, invoice.InvoiceNo]).sort()).toEqual(
				paymentRequests.map((request) => [request.vendorCode, request.invoiceNumber]).sort(),
			);
		});
	});
});
