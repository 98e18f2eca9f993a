/**
 * The last n8n 1.x line (1.123, on Node 22): the package installed as a community package, the
 * reference sync and the 1.x expense and invoice templates (workflows/n8n-1.x/) against both
 * simulators, set up as the README tells a 1.x user (data tables created first, their ids put into
 * the templates), and a preview. The full suite runs on the current line; this is the subset that
 * says whether a 1.x instance runs the package.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { startSimulators, type Simulators } from '../simulators';
import { expenseReports, paymentRequests } from '../simulators/seed/scenario';
import { WORKFLOW_IDS, executionError, importCredentials, importTemplates, outputOf, templateJson, type Execution, type TemplateName } from '../../scripts/deploy';
import { PREVIEW_NODE } from '../../scripts/templates/preview';
import { N8N_1X_DIR, withTableIds } from '../../scripts/templates/n8n-1x';
import { RUNTIMES, ensureRuntime } from '../../scripts/n8n-runtime';
import { N8nInstance, nodeOutputJson, projectPackageDir } from './n8n';

const HELD_REPORT = '764428DD6A664AF0BFC5';
const postable = expenseReports.filter((report) => report.reportId !== HELD_REPORT);
const ids: Record<string, string> = {};
const TEMPLATE_FILES = { expensePosting: '02-expense-posting.json', invoicePosting: '03-invoice-posting.json' } as const;

let sims: Simulators;
let n8n: N8nInstance;

/** A 1.x template with the user's table ids put in (and, for the preview copy, preview = true), imported through the REST API. */
async function importFor1x(name: keyof typeof TEMPLATE_FILES, tableIds: Record<string, string>, preview = false): Promise<string> {
	const workflow = JSON.parse(withTableIds(readFileSync(path.join(N8N_1X_DIR, TEMPLATE_FILES[name]), 'utf8'), tableIds)) as ReturnType<typeof templateJson> & Record<string, unknown>;
	const settings = workflow.nodes.find((node) => node.name === 'Settings')!;
	(settings.parameters.assignments as { assignments: Array<{ name: string; value: string }> }).assignments.find((assignment) => assignment.name === 'preview')!.value = String(preview);
	const { id: _id, tags: _tags, pinData: _pinData, ...body } = workflow;
	const created = await n8n.rest.post('/workflows', { ...body, name: `${String(workflow.name)}${preview ? ' (preview)' : ''}` });
	return String(created.data.data.id);
}

/** The data tables a 1.x user creates by hand (Data tables → Create), with the columns the 2.x template's "Ensure" nodes create. */
async function createTables(): Promise<Record<string, string>> {
	const project = (await n8n.rest.get('/projects/personal')).data.data as { id: string };
	const result: Record<string, string> = {};
	for (const node of templateJson('expensePosting').nodes.filter((candidate) => candidate.parameters.resource === 'table')) {
		const name = String(node.parameters.tableName);
		const columns = (node.parameters.columns as { column: Array<{ name: string; type: string }> }).column;
		const created = await n8n.rest.post(`/projects/${project.id}/data-tables`, { name, columns });
		result[name] = String(created.data.data.id);
	}
	return result;
}

/** The editor's "Execute workflow" on n8n 1.x: the workflow goes in the request (2.x reads it from the database). */
async function runManually(id: string): Promise<Execution> {
	const workflowData = await n8n.getWorkflow(id);
	const answer = await n8n.rest.post(`/workflows/${id}/run`, { workflowData, triggerToStartFrom: { name: 'Run Now' } });
	const executionId = String(answer.data?.data?.executionId ?? '');
	if (!executionId) throw new Error(`n8n did not start workflow ${id}: ${JSON.stringify(answer.data).slice(0, 500)}`);
	return (await n8n.waitForExecutionDone(executionId, 600_000)) as Execution;
}

beforeAll(async () => {
	sims = await startSimulators();
	n8n = await N8nInstance.create({ packages: [projectPackageDir()], runtime: await ensureRuntime({ spec: RUNTIMES['1.x'] }) });
	await importCredentials(n8n, sims.credentialData);
	await importTemplates(n8n, [templateJson('referenceSync' as TemplateName)]);
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
			const tableIds = await createTables();
			ids.preview = await importFor1x('expensePosting', tableIds, true);
			ids.expensePosting = await importFor1x('expensePosting', tableIds);
			ids.invoicePosting = await importFor1x('invoicePosting', tableIds);
		});

		it('a 1.x template imported without the table ids fails at its first Data table node, naming the placeholder, before any document is read', async () => {
			const id = await importFor1x('expensePosting', {});
			const execution = await runManually(id);
			expect(execution.status).toBe('error');
			expect(JSON.stringify(execution.data?.resultData?.runData?.['Ensure Audit Table'] ?? executionError(execution))).toMatch(/REPLACE_WITH_concur_ifs_audit_ID/);
			expect(execution.data?.resultData?.runData?.['Ready Expense Documents']).toBeUndefined();
			expect(sims.concur.inspect().acknowledgements).toHaveLength(0);
		});

		it('expense posting preview: every report listed, nothing acknowledged or written', async () => {
			const execution = await runManually(ids.preview);
			expectSuccess(execution);
			expect(outputOf(execution, PREVIEW_NODE).map((preview) => `${String(preview.sourceId)} ${String(preview.action)}`).sort()).toEqual(
				expenseReports.map((report) => `${report.reportId} ${report.reportId === HELD_REPORT ? 'held' : 'would-post'}`).sort(),
			);
			expect(sims.concur.inspect().acknowledgements).toHaveLength(0);
			expect(sims.ifs.voucherRows()).toHaveLength(0);
		});

		it('expense posting as shipped: one voucher per postable report, the held one confirmed as failed, an audit row each', async () => {
			const execution = await runManually(ids.expensePosting);
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
			expectSuccess(await runManually(ids.expensePosting));
			expect(sims.ifs.voucherRows()).toHaveLength(vouchers);
			expect(sims.concur.inspect().postingConfirmations).toHaveLength(confirmations);
		});

		it('invoice posting as shipped: one supplier invoice per payment request', async () => {
			expectSuccess(await runManually(ids.invoicePosting));
			expect(sims.ifs.rows('ManSuppInvoiceSet').map((invoice) => [invoice.Identity, invoice.InvoiceNo]).sort()).toEqual(
				paymentRequests.map((request) => [request.vendorCode, request.invoiceNumber]).sort(),
			);
		});
	});
});
