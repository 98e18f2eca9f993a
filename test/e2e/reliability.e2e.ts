/**
 * The fault matrix of docs/reliability.md, in a real n8n 2.41.1 running the shipped templates
 * against both simulators: concurrent executions, overlapping templates, n8n SIGKILLed at three
 * points and restarted, every `$batch` answer mangled after IFS committed it, and a single-request
 * create whose answer is lost. Every scenario ends with each document posted once, confirmed once,
 * none lost; the figures are printed at the end for the document.
 */
import { startSimulators, type Simulators } from '../simulators';
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
import { killN8n, restartAfterKill } from './crash';
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
	await importTemplates(n8n, names.map((name) => withShortGrace(withEssPublicKey(templateJson(name), sims.concur.publicKeyPem))));
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
