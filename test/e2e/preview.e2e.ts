/**
 * The posting templates' *Preview* (Settings → preview = true) in a real n8n against both
 * simulators: every non-GET request either simulator receives is counted (only token requests may
 * appear), the data tables are read over n8n's REST API before and after, and the preview output is
 * what a real run then does.
 */
import { startSimulators, type Simulators } from '../simulators';
import { expenseReports, paymentRequests, purchaseRequests } from '../simulators/seed/scenario';
import { WORKFLOW_IDS, executionError, importCredentials, importTemplates, outputOf, runFromTrigger, templateJson, withEssPublicKey, type Execution, type TemplateName } from '../../scripts/deploy';
import { PREVIEW_NODE } from '../../scripts/templates/preview';
import { ensureRuntime } from '../../scripts/n8n-runtime';
import { N8nInstance, projectPackageDir } from './n8n';
import { dataTableRows } from './data-tables';

const HELD_REPORT = '764428DD6A664AF0BFC5';
const SEK_REPORT = '764428DD6A664AF0BFC6';
const PREVIEWED: TemplateName[] = ['expensePosting', 'invoicePosting', 'purchaseRequests', 'eventPosting'];
const previewId = (name: TemplateName) => `${WORKFLOW_IDS[name].slice(0, 10)}Prev01`;

let sims: Simulators;
let n8n: N8nInstance;

/** The shipped template under its own id with *preview* set to true in Settings, as a user flips it. */
function previewCopy(name: TemplateName) {
	const workflow = withEssPublicKey(templateJson(name), sims.concur.publicKeyPem);
	const settings = workflow.nodes.find((node) => node.name === 'Settings')!;
	const assignments = (settings.parameters.assignments as { assignments: Array<{ name: string; value: string }> }).assignments;
	assignments.find((assignment) => assignment.name === 'preview')!.value = 'true';
	return { ...workflow, id: previewId(name), name: `${name} (preview)` };
}

beforeAll(async () => {
	sims = await startSimulators();
	n8n = await N8nInstance.create({ packages: [projectPackageDir()], runtime: await ensureRuntime() });
	await importCredentials(n8n, sims.credentialData);
	const shipped = (['referenceSync', ...PREVIEWED] as TemplateName[]).map((name) => withEssPublicKey(templateJson(name), sims.concur.publicKeyPem));
	await importTemplates(n8n, [...shipped, ...PREVIEWED.map(previewCopy)]);
	await n8n.start();
});

afterAll(async () => {
	await n8n?.dispose();
	await sims?.stop();
});

/** Every request that is not a GET, except token requests (authentication changes nothing in either system). */
function writes(): string[] {
	const concur = sims.concur.requestLog().filter((entry) => entry.method !== 'GET' && !entry.path.includes('/oauth2/'));
	const ifs = sims.ifs.requestLog(0).filter((entry) => entry.method !== 'GET' && entry.kind !== 'token');
	return [...concur.map((entry) => `concur ${entry.method} ${entry.path}`), ...ifs.map((entry) => `ifs ${entry.method} ${entry.path}`)];
}

async function tables() {
	return { ledger: await dataTableRows(n8n, 'concur_ifs_ledger'), audit: await dataTableRows(n8n, 'concur_ifs_audit') };
}

function expectSuccess(execution: Execution): void {
	expect([execution.status, executionError(execution)]).toEqual(['success', undefined]);
}

type Preview = { action: string; sourceId: string; company?: string; rows: Array<Record<string, string>>; reasons: string[]; inIfs?: { keys: Record<string, unknown> } };
const previewOf = (execution: Execution) => outputOf(execution, PREVIEW_NODE) as unknown as Preview[];
const bySource = (previews: Preview[]) => Object.fromEntries(previews.map((preview) => [preview.sourceId, preview]));

describe('Preview on (Settings → preview = true)', () => {
	let before: { writes: string[]; tables: Awaited<ReturnType<typeof tables>> };
	const runs: Partial<Record<TemplateName, Execution>> = {};

	beforeAll(async () => {
		before = { writes: writes(), tables: await tables() };
		for (const name of PREVIEWED) runs[name] = await runFromTrigger(n8n, previewId(name));
	});

	it('writes nothing: no non-GET request to Concur or IFS but tokens, no data table row, no data table', async () => {
		for (const name of PREVIEWED) expectSuccess(runs[name]!);
		expect(writes()).toEqual(before.writes);
		expect(await tables()).toEqual(before.tables);
		expect(before.tables).toEqual({ ledger: undefined, audit: undefined });
		expect(sims.concur.inspect().acknowledgements).toHaveLength(0);
		expect(sims.concur.inspect().postingConfirmations).toHaveLength(0);
		expect(sims.ifs.voucherRows()).toHaveLength(0);
	});

	it('expense posting: every ready report with its IFS rows in both currencies, the CC500 report held with the reason', () => {
		const previews = bySource(previewOf(runs.expensePosting!));
		expect(Object.keys(previews).sort()).toEqual(expenseReports.map((report) => report.reportId).sort());
		for (const report of expenseReports.filter((candidate) => candidate.reportId !== HELD_REPORT)) {
			expect(previews[report.reportId]).toMatchObject({ action: 'would-post', reasons: [] });
			expect(previews[report.reportId].rows.length).toBeGreaterThan(1);
		}
		expect(previews[HELD_REPORT]).toMatchObject({ action: 'held', rows: [], reasons: [expect.stringContaining('CC500')] });
		const sek = previews[SEK_REPORT];
		expect(sek.company).toBe('20');
		expect(sek.rows.filter((row) => row.account === '6110')).toEqual([
			expect.objectContaining({ costCenter: 'CC200', currency: 'SEK', debit: '3144.00', accountingCurrency: 'EUR', currencyRate: '8.7105', accountingDebit: '273.86' }),
		]);
		expect(sek.rows.filter((row) => row.account === '2410')).toEqual([expect.objectContaining({ currency: 'SEK', credit: '3545.87', accountingCredit: '308.86' })]);
	});

	it('invoice posting, purchase requests and the nightly sweep of the event template: what each would post', () => {
		const invoices = previewOf(runs.invoicePosting!);
		expect(invoices.map((preview) => [preview.action, preview.rows[0]?.supplier, preview.rows[0]?.invoiceNo]).sort()).toEqual(
			paymentRequests.map((request) => ['would-post', request.vendorCode, request.invoiceNumber]).sort(),
		);
		const requisitions = previewOf(runs.purchaseRequests!);
		expect(requisitions.map((preview) => [preview.action, preview.sourceId, preview.rows.length])).toEqual([['would-post', purchaseRequests[0].purchaseRequestId, purchaseRequests[0].lines.length]]);
		const swept = previewOf(runs.eventPosting!);
		expect(swept.length).toBe(expenseReports.length + paymentRequests.length);
	});
});

describe('after a real run', () => {
	it('a purchase request IFS already holds is previewed with its IFS requisition; the ledger and audit rows stay as the real run left them', async () => {
		expectSuccess(await runFromTrigger(n8n, WORKFLOW_IDS.purchaseRequests));
		const [requisition] = sims.ifs.rows('PurchaseRequisitionSet');
		const before = { writes: writes(), tables: await tables() };
		expect(before.tables.ledger?.length).toBeGreaterThan(0);
		expect(before.tables.audit?.length).toBeGreaterThan(0);

		const preview = await runFromTrigger(n8n, previewId('purchaseRequests'));
		expectSuccess(preview);
		expect(writes()).toEqual(before.writes);
		expect(await tables()).toEqual(before.tables);
		expect(previewOf(preview)).toEqual([
			expect.objectContaining({ action: 'already-in-ifs', sourceId: purchaseRequests[0].purchaseRequestId, inIfs: expect.objectContaining({ requisitionNo: requisition.RequisitionNo }), reasons: [] }),
		]);
	});
});
