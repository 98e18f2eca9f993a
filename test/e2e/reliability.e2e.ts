/**
 * The fault matrix of docs/reliability.md, in a real n8n 2.41.1 running the shipped templates
 * against both simulators: concurrent executions, overlapping templates, n8n SIGKILLed at three
 * points and restarted, every `$batch` answer mangled after IFS committed it, and a single-request
 * create whose answer is lost. Every scenario ends with each document posted once, confirmed once,
 * none lost; the figures are printed at the end for the document.
 */
import { startSimulators, type Simulators } from '../simulators';
import { SCENARIO_DATE } from '../simulators/seed/scenario';
import type { AfterCommitMode } from '../simulators/ifs';
import {
	WORKFLOW_IDS,
	executionError,
	importCredentials,
	importTemplates,
	outputOf,
	runFromTrigger,
	templateJson,
	withEssPublicKey,
	type Execution,
	type TemplateName,
} from '../../scripts/deploy';
import { ensureRuntime } from '../../scripts/n8n-runtime';
import { CREDENTIAL_IDS } from '../../scripts/templates/nodes';
import { killN8n, restartAfterKill } from './crash';
import { dataTableRows } from './data-tables';
import { N8nInstance, projectPackageDir } from './n8n';

/** Claims of a killed run are stale after this; longer than any run here, so live claims are never taken over. */
const GRACE_MINUTES = 0.5;

let sims: Simulators;
let n8n: N8nInstance;
const figures: Array<Record<string, string | number>> = [];

beforeAll(async () => {
	sims = await startSimulators();
	n8n = await N8nInstance.create({ packages: [projectPackageDir()], runtime: await ensureRuntime() });
	await importCredentials(n8n, sims.credentialData);
	const names: TemplateName[] = ['referenceSync', 'expensePosting', 'invoicePosting', 'eventPosting'];
	await importTemplates(n8n, [...names.map((name) => withShortGrace(withEssPublicKey(templateJson(name), sims.concur.publicKeyPem))), v3ExpensePosting(), singleCreates()]);
	await n8n.start();
	// Reference data aligned once: later concurrent runs find nothing to change there.
	expectSuccess(await runFromTrigger(n8n, WORKFLOW_IDS.referenceSync));
});

afterAll(async () => {
	sims?.concur.onRequest(undefined);
	sims?.ifs.onApplied(undefined);
	if (figures.length) process.stdout.write(`\nReliability figures (real n8n 2.41.1)\n${markdownTable(figures)}\n`);
	await n8n?.dispose();
	await sims?.stop();
});

/** Template 02 as a tenant without FIS runs it (Settings → source = v3), under its own id. */
const V3_EXPENSE_POSTING = 'cifExpPostV3e2e1';
function v3ExpensePosting() {
	const workflow = withShortGrace(templateJson('expensePosting'));
	const settings = workflow.nodes.find((node) => node.name === 'Settings')!;
	(settings.parameters.assignments as { assignments: Array<{ name: string; value: string }> }).assignments.find((assignment) => assignment.name === 'source')!.value = 'v3';
	// the simulated reports were processed on the scenario date, not within the last 14 days of this machine's clock
	const reports = workflow.nodes.find((node) => node.name === 'Approved Reports')!;
	(reports.parameters.filters as Record<string, string>).processingPaymentDateAfter = `${SCENARIO_DATE.slice(0, 7)}-01`;
	return { ...workflow, id: V3_EXPENSE_POSTING, name: 'Expense posting (v3)' };
}

/** Record create with "Send in $Batch" off (a cost center, keys given) and a typed purchase order create (IFS assigns the number). */
const SINGLE_CREATES = 'e2eSingleCreate1';
function singleCreates() {
	const ifs = { ifsCloudOAuth2Api: { id: CREDENTIAL_IDS.ifs, name: 'IFS Cloud' } };
	const node = (name: string, x: number, parameters: Record<string, unknown>) => ({ id: name, name, type: 'n8n-nodes-concur-ifs.ifsCloud', typeVersion: 1, position: [x, 0], parameters, credentials: ifs, onError: 'continueErrorOutput' });
	return {
		id: SINGLE_CREATES,
		name: 'single-request creates',
		nodes: [
			{ id: 'run', name: 'Run Now', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			node('Create Cost Center', 240, {
				resource: 'record',
				operation: 'create',
				projection: { __rl: true, mode: 'name', value: 'AccountingCodePartValueHandling' },
				entitySet: { __rl: true, mode: 'name', value: 'AccountingCodePartValueSet' },
				useBatch: false,
				fields: '{"CodePart":"B","CodePartValue":"CC960","Description":"Trade fairs"}',
			}),
			node('Create Purchase Order', 480, { resource: 'purchaseOrder', operation: 'create', site: 'US01', vendorNo: '1000', orderDate: '2026-11-12', currency: 'USD' }),
		],
		connections: { 'Run Now': { main: [[{ node: 'Create Cost Center', type: 'main', index: 0 }]] }, 'Create Cost Center': { main: [[{ node: 'Create Purchase Order', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

function withShortGrace(workflow: ReturnType<typeof templateJson>) {
	for (const node of workflow.nodes.filter((candidate) => candidate.name === 'Settings')) {
		const assignments = (node.parameters.assignments as { assignments: Array<{ name: string; value: string }> }).assignments;
		assignments.find((assignment) => assignment.name === 'claimGraceMinutes')!.value = String(GRACE_MINUTES);
	}
	return workflow;
}

function expectSuccess(execution: Execution): void {
	expect([execution.status, executionError(execution)]).toEqual(['success', undefined]);
}

const confirmationsOf = (docId: string) =>
	sims.concur
		.inspect()
		.postingConfirmations.flatMap((call) => (call.body as { postingConfirmations?: Array<{ docId: string }> }).postingConfirmations ?? [])
		.filter((confirmation) => confirmation.docId === docId).length;

/** Distinct IFS documents carrying the Concur reference of the financial document. */
function ifsDocumentsOf(doc: { docType: string; sourceId: string }): number {
	if (doc.docType === 'expense') return new Set(sims.ifs.voucherRows().filter((row) => row.ReferenceNumber === `CX-${doc.sourceId}`).map((row) => row.VoucherNo)).size;
	return sims.ifs.rows('ManSuppInvoiceSet').filter((invoice) => String(invoice.VoucherText ?? '').startsWith(`CI-${doc.sourceId}`)).length;
}

/** Lost, duplicated and confirmation counts of the given financial documents, recorded as a figure. */
function verdict(scenario: string, docIds: string[], executions: number, extra: Record<string, string | number> = {}) {
	const docs = sims.concur.inspect().fisDocuments.filter((doc) => docIds.includes(doc.id));
	const result = {
		scenario,
		documents: docs.length,
		executions,
		lost: docs.filter((doc) => doc.status !== 'POSTING_CONFIRMED_SUCCESS').length,
		duplicated: docs.filter((doc) => ifsDocumentsOf(doc) > 1).length,
		'not in IFS': docs.filter((doc) => ifsDocumentsOf(doc) === 0).length,
		'confirmations ≠ 1': docs.filter((doc) => confirmationsOf(doc.id) !== 1).length,
		...extra,
	};
	figures.push(result);
	return result;
}

const clean = { lost: 0, duplicated: 0, 'not in IFS': 0, 'confirmations ≠ 1': 0 };

function markdownTable(rows: Array<Record<string, string | number>>): string {
	const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
	const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
	return [line(columns), line(columns.map(() => '---')), ...rows.map((row) => line(columns.map((column) => row[column] ?? '')))].join('\n');
}

/** Whether the two executions ran at the same time (their start–stop intervals overlap). */
function overlapping(a: Execution, b: Execution): boolean {
	const span = (execution: Execution & { startedAt?: string; stoppedAt?: string }) => [Date.parse(String(execution.startedAt)), Date.parse(String(execution.stoppedAt))];
	const [[aStart, aStop], [bStart, bStop]] = [span(a), span(b)];
	return aStart < bStop && bStart < aStop;
}

const expenseIds = () => sims.concur.inspect().fisDocuments.filter((doc) => doc.docType === 'expense').map((doc) => doc.id);

describe('concurrent executions', () => {
	it('two executions of the expense posting template started together on the same 50 documents: each document posted and confirmed once', async () => {
		const generated = sims.concur.generateExpenseDocuments(50, 3);
		const ids = [...expenseIds()];
		const [first, second] = await Promise.all([runFromTrigger(n8n, WORKFLOW_IDS.expensePosting), runFromTrigger(n8n, WORKFLOW_IDS.expensePosting)]);
		expectSuccess(first);
		expectSuccess(second);
		const held = ids.filter((id) => !generated.includes(id) && sims.concur.inspect().fisDocuments.find((doc) => doc.id === id)?.status === 'POSTING_CONFIRMED_FAILURE');
		const posted = [first, second].map((execution) => outputOf(execution, 'Post to IFS').length);
		expect(verdict('2 × template 02 started together', generated, 2, { 'posted by each run': posted.join(' / ') })).toMatchObject(clean);
		expect(overlapping(first, second)).toBe(true);
		for (const id of held) expect(confirmationsOf(id)).toBe(1);
		// every document's claim closed by the run that posted it; the other run's claims on documents Concur answered
		// "already acknowledged" for stay claimed (set aside, or never closed by a run that finished nothing) for the sweep
		const claims = (await dataTableRows(n8n, 'concur_ifs_ledger'))!.filter((row) => generated.includes(String(row.fisDocumentId)));
		expect(new Set(claims.filter((row) => row.state === 'done').map((row) => row.fisDocumentId)).size).toBe(generated.length);
		expect(claims.filter((row) => row.state !== 'done' && row.state !== 'claimed')).toEqual([]);
	});

	it('template 02 and template 05 overlapping on the same documents', async () => {
		const generated = sims.concur.generateExpenseDocuments(30, 3);
		const [expense, events] = await Promise.all([runFromTrigger(n8n, WORKFLOW_IDS.expensePosting), runFromTrigger(n8n, WORKFLOW_IDS.eventPosting)]);
		expectSuccess(expense);
		expectSuccess(events);
		const invoices = sims.concur.inspect().fisDocuments.filter((doc) => doc.docType === 'invoice').map((doc) => doc.id);
		const posted = [expense, events].map((execution) => outputOf(execution, 'Post to IFS').length);
		expect(verdict('templates 02 and 05 overlapping', generated, 2, { 'posted by each run': posted.join(' / ') })).toMatchObject(clean);
		expect(overlapping(expense, events)).toBe(true);
		expect(verdict('… invoices swept by 05 alone', invoices, 1)).toMatchObject(clean);
	});
});

describe('a tenant without FIS (v3 reads): the claim ledger is the claim', () => {
	it('two executions started together on the same 20 reports: never two vouchers; reports both left to the other are posted by the next run', async () => {
		const generated = sims.concur.generateExpenseDocuments(20, 2);
		const reports = sims.concur.inspect().fisDocuments.filter((doc) => generated.includes(doc.id)).map((doc) => doc.sourceId);
		const vouchersOf = (report: string) => new Set(sims.ifs.voucherRows().filter((row) => row.ReferenceNumber === `CX-${report}`).map((row) => row.VoucherNo)).size;
		const [first, second] = await Promise.all([runFromTrigger(n8n, V3_EXPENSE_POSTING), runFromTrigger(n8n, V3_EXPENSE_POSTING)]);
		expectSuccess(first);
		expectSuccess(second);
		const postedTogether = reports.filter((report) => vouchersOf(report) === 1).length;
		await sleep(GRACE_MINUTES * 60_000 + 2000);
		const third = await runFromTrigger(n8n, V3_EXPENSE_POSTING);
		expectSuccess(third);
		const result = {
			scenario: '2 × template 02 (v3 source) started together, then the next run',
			documents: reports.length,
			executions: 3,
			lost: reports.filter((report) => vouchersOf(report) === 0).length,
			duplicated: reports.filter((report) => vouchersOf(report) > 1).length,
			'posted by the two runs': postedTogether,
		};
		figures.push(result);
		expect(result).toMatchObject({ lost: 0, duplicated: 0 });
		expect(overlapping(first, second)).toBe(true);
	});
});

describe('n8n killed (SIGKILL) and restarted: the next run completes every document without a retry', () => {
	async function crashAndRecover(scenario: string, documents: number, arm: () => void) {
		const generated = sims.concur.generateExpenseDocuments(documents, 2);
		arm();
		const started = runFromTrigger(n8n, WORKFLOW_IDS.expensePosting).catch((error: Error) => error);
		const killedAt = await waitForKill();
		await started;
		await restartAfterKill(n8n);
		const crashed = (await n8n.listExecutions({ workflowId: WORKFLOW_IDS.expensePosting }))[0];
		// the killed run's claims go stale after the grace period; then the next scheduled run recovers them
		await sleep(Math.max(0, killedAt + GRACE_MINUTES * 60_000 + 2000 - Date.now()));
		const recovery = await runFromTrigger(n8n, WORKFLOW_IDS.expensePosting);
		expectSuccess(recovery);
		return { generated, crashed, result: verdict(scenario, generated, 2, { 'killed run': crashed.status }) };
	}

	let killed: number | undefined;
	const kill = () => {
		killed = Date.now();
		killN8n(n8n);
	};
	async function waitForKill(): Promise<number> {
		while (killed === undefined) await sleep(50);
		const at = killed;
		killed = undefined;
		return at;
	}

	it('after the acknowledgement', async () => {
		const { result } = await crashAndRecover('SIGKILL after acknowledgement', 20, () =>
			sims.concur.onRequest((event) => {
				if (event.phase !== 'answered' || !event.path.endsWith('/acknowledgements')) return;
				sims.concur.onRequest(undefined);
				kill();
			}),
		);
		expect(result).toMatchObject(clean);
	});

	it('in the middle of the $batch requests', async () => {
		let batches = 0;
		const { result, generated } = await crashAndRecover('SIGKILL in the middle of the $batch requests', 120, () =>
			sims.ifs.onApplied((request) => {
				if (request.kind !== 'batch' || ++batches < 2) return;
				sims.ifs.onApplied(undefined);
				kill();
			}),
		);
		expect(result).toMatchObject(clean);
		expect(generated).toHaveLength(120);
	});

	it('after posting, before the confirmation', async () => {
		const { result } = await crashAndRecover('SIGKILL after posting, before confirmation', 20, () =>
			sims.concur.onRequest((event) => {
				if (event.phase !== 'received' || !event.path.endsWith('/postingconfirmations')) return;
				sims.concur.onRequest(undefined);
				kill();
				return 'drop';
			}),
		);
		expect(result).toMatchObject(clean);
	});
});

describe('IFS committed, its answer lost or mangled', () => {
	it.each(['html500', 'html200', 'truncate', 'reset', 'drop'] as AfterCommitMode[])('every $batch answer mangled after commit (%s): documents posted once, confirmed once', async (mode) => {
		const generated = sims.concur.generateExpenseDocuments(10, 2);
		const batchesBefore = sims.ifs.requestLog().filter((entry) => entry.kind === 'batch').length;
		sims.ifs.setFaults({ afterCommit: { next: 1000, mode } });
		const execution = await runFromTrigger(n8n, WORKFLOW_IDS.expensePosting);
		const mangled = 1000 - sims.ifs.faults().afterCommit.next;
		sims.ifs.clearFaults();
		expectSuccess(execution);
		const batches = sims.ifs.requestLog().filter((entry) => entry.kind === 'batch').length - batchesBefore;
		expect(verdict(`every $batch answer after commit: ${mode}`, generated, 1, { '$batch requests': batches, 'answers mangled': mangled })).toMatchObject(clean);
		expect(mangled).toBe(batches);
	});
});

describe('a single-request create whose answer is lost after IFS created the record', () => {
	it('is read back (keys given) or reported as unknown (IFS assigns the key), never sent twice', async () => {
		const orders = sims.ifs.rows('PurchaseOrderSet').length;
		const since = sims.ifs.requestLog().at(-1)?.seq ?? 0;
		sims.ifs.setFaults({ afterCommit: { next: 2, mode: 'html500', on: 'write' } });
		const execution = await runFromTrigger(n8n, SINGLE_CREATES);
		sims.ifs.clearFaults();
		const [costCenter] = outputOf(execution, 'Create Cost Center');
		const [order] = outputOf(execution, 'Create Purchase Order', 1);
		expect(costCenter).toMatchObject({ CodePartValue: 'CC960', confirmedByReadBack: true });
		expect(String((order.error as { message?: string } | undefined)?.message ?? order.message)).toContain('check PurchaseOrderSet in IFS before creating this record again');
		const costCenters = sims.ifs.rows('AccountingCodePartValueSet').filter((row) => row.CodePartValue === 'CC960' && row.Company === costCenter.Company).length;
		const newOrders = sims.ifs.rows('PurchaseOrderSet').length - orders;
		// a POST IFS refused with 401 (its 3-minute token expired on the way) was not applied; n8n fetches a token and sends it again
		const posts = sims.ifs.requestLog(since).filter((entry) => entry.kind === 'odata' && entry.method === 'POST' && entry.status !== 401).map((entry) => entry.template);
		figures.push({ scenario: 'single-request creates, answer lost (HTML 500) after commit', documents: 2, executions: 1, lost: 0, duplicated: costCenters - 1 + (newOrders - 1), 'POSTs sent': posts.join(', ') });
		expect([costCenters, newOrders]).toEqual([1, 1]);
		expect(posts.filter((template) => /AccountingCodePartValueSet$|PurchaseOrderSet$/.test(template)).sort()).toEqual(['AccountingCodePartValueHandling.svc/AccountingCodePartValueSet', 'PurchaseOrderHandling.svc/PurchaseOrderSet']);
	});
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
