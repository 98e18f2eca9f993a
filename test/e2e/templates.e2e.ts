/**
 * The shipped templates in a real n8n 2.41.1 with the package installed as a community package,
 * against both simulators: reference sync through the CLI, the scheduled and webhook templates
 * through the running server (as the editor's "Execute workflow" and Concur's webhook calls do).
 */
import axios from 'axios';

import { startSimulators, type Simulators } from '../simulators';
import { SCENARIO_DATE, expenseReports, paymentRequests, purchaseRequests } from '../simulators/seed/scenario';
import { CREDENTIAL_IDS } from '../../scripts/templates/nodes';
import {
	WORKFLOW_IDS,
	executionError,
	importCredentials,
	importTemplates,
	outputOf,
	runFromTrigger,
	templateJson,
	withEssPublicKey,
	withSetting,
	type Execution,
	type TemplateName,
} from '../../scripts/deploy';
import { ensureRuntime } from '../../scripts/n8n-runtime';
import { subscribeToFinancialIntegrationEvents } from './ess';
import { N8nInstance, nodeOutputJson, projectTarball } from './n8n';

const HELD_REPORT = '764428DD6A664AF0BFC5';
const SEK_REPORT = '764428DD6A664AF0BFC6';
const postableReports = expenseReports.filter((report) => report.reportId !== HELD_REPORT);
const ALL_TEMPLATES: TemplateName[] = ['referenceSync', 'expensePosting', 'invoicePosting', 'purchaseRequests', 'eventPosting', 'reconciliation'];
/** The reconciliation template once more, for a month in which IFS holds nothing (Concur has October's paid report). */
const EMPTY_MONTH_RECONCILIATION = 'cifRecon00000002';
/** The expense template once more, as a user sets it for large runs: pages of 3 documents. */
const PAGED_EXPENSE_POSTING = 'cifExpPost000002';
const PAGE_SIZE = 3;

let sims: Simulators;
let n8n: N8nInstance;

beforeAll(async () => {
	sims = await startSimulators();
	n8n = await N8nInstance.create({ packages: [await projectTarball()], runtime: await ensureRuntime() });
	await importCredentials(n8n, sims.credentialData);
	const emptyMonth = { ...forThisRun(templateJson('reconciliation'), '2026-10'), id: EMPTY_MONTH_RECONCILIATION };
	const paged = { ...withSetting(templateJson('expensePosting'), 'pageSize', String(PAGE_SIZE)), id: PAGED_EXPENSE_POSTING };
	await importTemplates(n8n, [...ALL_TEMPLATES.map((name) => forThisRun(templateJson(name))), emptyMonth, paged]);
});

/** What a user fills in after importing: the ESS public key, and the period to reconcile (the seeded month). */
function forThisRun(workflow: ReturnType<typeof templateJson>, month = SCENARIO_DATE.slice(0, 7)) {
	const reconciliationSettings = workflow.nodes.find((node) => node.name === 'Period and Companies');
	const assignments = (reconciliationSettings?.parameters.assignments as { assignments: Array<{ name: string; value: string }> } | undefined)?.assignments;
	const period = assignments?.find((assignment) => assignment.name === 'period');
	if (period) period.value = month;
	return withEssPublicKey(workflow, sims.concur.publicKeyPem);
}

type Row = Record<string, unknown>;
function cents(value: unknown): bigint {
	if (value === null || value === undefined) return 0n;
	const [whole, fraction = ''] = String(value).split('.');
	const units = BigInt(whole.replace('-', '') || '0') * 100n + BigInt(`${fraction}00`.slice(0, 2));
	return whole.startsWith('-') ? -units : units;
}
const money = (value: bigint) => `${value < 0n ? '-' : ''}${(value < 0n ? -value : value) / 100n}.${String((value < 0n ? -value : value) % 100n).padStart(2, '0')}`;

/** What IFS holds per company × currency for a month: debits of the Concur vouchers, net + VAT of the Concur invoices. */
function ifsTotals(month: string): Map<string, { expenses: bigint; invoices: bigint }> {
	const totals = new Map<string, { expenses: bigint; invoices: bigint }>();
	const entry = (company: unknown, currency: unknown) => {
		const key = `${String(company)}|${String(currency)}`;
		const found = totals.get(key) ?? { expenses: 0n, invoices: 0n };
		totals.set(key, found);
		return found;
	};
	for (const row of sims.ifs.rows('VoucherRowSet').filter((candidate) => String(candidate.ReferenceNumber).startsWith('CX-') && String(candidate.VoucherDate).startsWith(month))) {
		entry(row.Company, row.CurrencyCode).expenses += cents(row.CurrencyDebetAmount);
	}
	for (const invoice of sims.ifs.rows('ManSuppInvoiceSet').filter((candidate) => String(candidate.VoucherText).startsWith('CI-') && String(candidate.InvoiceDate).startsWith(month))) {
		entry(invoice.Company, invoice.Currency).invoices += cents(invoice.NetCurrAmount) + cents(invoice.VatCurrAmount);
	}
	return totals;
}

afterAll(async () => {
	await n8n?.dispose();
	await sims?.stop();
});

const writes = (method: string) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);

function concurWrites(): number {
	return sims.concur.requestLog().filter((entry) => writes(String((entry as { method: string }).method)) && !String((entry as { path: string }).path).includes('/oauth2/')).length;
}

function ifsWrites(): number {
	return sims.ifs.requestLog(0).filter((entry) => (entry.kind === 'odata' || entry.kind === 'batch') && writes(entry.method)).length;
}

function voucherReferences(): string[] {
	return [...new Set(sims.ifs.voucherRows().map((row) => String(row.ReferenceNumber)))].sort();
}

function confirmationsFor(docId: string): Array<Record<string, unknown>> {
	return sims.concur
		.inspect()
		.postingConfirmations.flatMap((call) => ((call.body as { postingConfirmations?: Array<Record<string, unknown>> }).postingConfirmations ?? []))
		.filter((confirmation) => confirmation.docId === docId);
}

function expectSuccess(execution: Execution): void {
	expect([execution.status, executionError(execution)]).toEqual(['success', undefined]);
}

async function refreshWith(refreshToken: string): Promise<number> {
	const response = await axios.post(
		`${sims.concur.datacenterUrls.us2}/oauth2/v0/token`,
		new URLSearchParams({ client_id: sims.credentialData.concur.clientId, client_secret: sims.credentialData.concur.clientSecret, grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
		{ headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, validateStatus: () => true },
	);
	return response.status;
}

describe('through the CLI (n8n execute)', () => {
	it('reference data sync as shipped previews its first run, then aligns cost centers (CC-400 as CC_400) and vendors; a run an hour later changes nothing and leaves the rotated refresh token stored', async () => {
		const untouched = { concur: concurWrites(), ifs: ifsWrites() };
		const preview = await n8n.executeWorkflow(WORKFLOW_IDS.referenceSync);
		expect([preview.status, preview.errorMessage]).toEqual(['success', undefined]);
		expect({ concur: concurWrites(), ifs: ifsWrites() }).toEqual(untouched);
		const planned = nodeOutputJson(preview.run, 'Sync Cost Centers');
		expect(planned.at(-1)).toMatchObject({ preview: true, previewReason: expect.stringMatching(/^First run against list/) });
		expect(planned.slice(0, -1).map((change) => `${change.action} ${change.concurCode}`).sort()).toEqual(['created-in-concur CC800', 'updated-in-concur CC300']);
		expect(nodeOutputJson(preview.run, 'Sync Vendors').at(-1)).toMatchObject({ preview: true });

		const first = await n8n.executeWorkflow(WORKFLOW_IDS.referenceSync);
		expect([first.status, first.errorMessage]).toEqual(['success', undefined]);
		expect(nodeOutputJson(first.run, 'Sync Cost Centers').at(-1)).toMatchObject({ preview: false });
		const costCenters = sims.concur.inspect().listItems.filter((item) => item.listId === '80edb3fa-c15e-a34a-b97f-f2ec291ab44f' && !item.isDeleted);
		expect(Object.fromEntries(costCenters.map((item) => [item.shortCode, item.value]))).toMatchObject({ CC300: 'Marketing', CC800: 'Only in IFS: Logistics', CC_400: 'Shared services', CC500: 'Only in Concur: Events' });
		expect(costCenters.map((item) => item.shortCode)).not.toContain('CC900');
		const vendors = Object.fromEntries(sims.concur.inspect().vendors.map((vendor) => [vendor.VendorCode, vendor.VendorName]));
		expect(vendors).toMatchObject({ '1001': 'Nordic IT Services', '1002': 'Only in IFS: Globex Logistics', '2001': 'Only in Concur: Initech Consulting' });

		const storedAfterFirst = (await n8n.exportCredentials()).find((credential) => credential.id === CREDENTIAL_IDS.concur).data;
		const writesBefore = { concur: concurWrites(), ifs: ifsWrites() };
		const refreshesBefore = sims.concur.statsSnapshot().refreshTokensRotated;
		sims.concur.advanceTime(3700); // the access token has expired: Concur answers 401/403

		const second = await n8n.executeWorkflow(WORKFLOW_IDS.referenceSync);
		expect([second.status, second.errorMessage]).toEqual(['success', undefined]);
		expect({ concur: concurWrites(), ifs: ifsWrites() }).toEqual(writesBefore);
		expect(sims.concur.statsSnapshot().refreshTokensRotated).toBe(refreshesBefore + 1);

		const stored = (await n8n.exportCredentials()).find((credential) => credential.id === CREDENTIAL_IDS.concur).data;
		expect(stored.refreshToken).not.toBe(storedAfterFirst.refreshToken);
		expect(stored.geolocation).toBe(sims.concur.datacenterUrls.us2);
		expect(await refreshWith(storedAfterFirst.refreshToken)).toBe(400); // rotated away
		const output = `${first.stdout}${first.stderr}${second.stdout}${second.stderr}`;
		for (const secret of [stored.clientSecret, stored.requestToken, stored.accessToken, storedAfterFirst.accessToken, storedAfterFirst.refreshToken, sims.credentialData.ifs.clientSecret]) {
			expect(output).not.toContain(secret);
		}
		expect(await refreshWith(stored.refreshToken)).toBe(200); // the stored one is the live one
	});
});

describe('through the running server', () => {
	beforeAll(async () => {
		sims.concur.advanceTime(3700);
		await n8n.start();
	});

	it('tests both credentials from the editor', async () => {
		for (const [id, type, data] of [
			[CREDENTIAL_IDS.concur, 'sapConcurOAuth2Api', sims.credentialData.concur],
			[CREDENTIAL_IDS.ifs, 'ifsCloudOAuth2Api', sims.credentialData.ifs],
		] as const) {
			const answer = await n8n.rest.post('/credentials/test', { credentials: { id, name: type, type, data } });
			expect(answer.data.data).toMatchObject({ status: 'OK' });
		}
	});

	it('expense posting as shipped: one balanced voucher per postable report, the CC500 report held, Concur told, an audit row each', async () => {
		const execution = await runFromTrigger(n8n, WORKFLOW_IDS.expensePosting);
		expectSuccess(execution);
		expect(voucherReferences()).toEqual(postableReports.map((report) => `CX-${report.reportId}`).sort());
		for (const reference of voucherReferences()) {
			const rows = sims.ifs.voucherRows().filter((row) => row.ReferenceNumber === reference);
			const cents = (field: string) => rows.reduce((total, row) => total + Math.round(Number(row[field] ?? 0) * 100), 0);
			expect(cents('CurrencyDebetAmount')).toBe(cents('CurrencyCreditAmount'));
		}
		const documents = sims.concur.inspect().fisDocuments.filter((doc) => doc.docType === 'expense');
		for (const document of documents) expect(confirmationsFor(document.id)).toHaveLength(1);
		expect(documents.find((doc) => doc.sourceId === HELD_REPORT)?.status).toBe('POSTING_CONFIRMED_FAILURE');
		const audit = outputOf(execution, 'Write Audit Rows').concat(outputOf(execution, 'Write Audit Rows', 1));
		expect(audit.map((row) => [row.sourceId, row.action]).sort()).toEqual(
			[...postableReports.map((report) => [report.reportId, 'created']), [HELD_REPORT, 'held']].sort(),
		);
	});

	it("expense posting as shipped books the SEK report in the EUR company: Concur's journal amounts, IFS's SEK rate, balanced in both currencies", () => {
		const rows = sims.ifs.voucherRows().filter((row) => row.ReferenceNumber === `CX-${SEK_REPORT}`);
		expect(new Set(rows.map((row) => `${String(row.Company)} ${String(row.CurrencyCode)} ${String(row.CurrencyRate)}`))).toEqual(new Set(['20 SEK 8.7105']));
		const sum = (field: string) => rows.reduce((total, row) => total + cents(row[field]), 0n);
		expect(sum('CurrencyDebetAmount')).toBe(sum('CurrencyCreditAmount'));
		expect(sum('DebetAmount')).toBe(sum('CreditAmount'));
		const byAccount = (account: string) => rows.filter((row) => row.Account === account).map((row) => [row.CodeB ?? '', row.CurrencyDebetAmount ?? `-${String(row.CurrencyCreditAmount)}`, row.DebetAmount ?? `-${String(row.CreditAmount)}`]);
		expect(byAccount('6100')).toEqual([
			['CC200', '1393.28', '121.36'],
			['CC300', '1393.28', '121.36'],
			['CC100', '1393.69', '121.40'],
		]);
		expect(byAccount('6110')).toEqual([['CC200', '3144.00', '273.86']]);
		expect(byAccount('2640')).toEqual([['', '23.21', '2.02']]);
		expect(byAccount('1590')).toEqual([['', '-1000.00', '-87.11']]);
		expect(byAccount('2410')).toEqual([['', '-3545.87', '-308.86']]);
	});

	it('expense posting run again: nothing is posted or confirmed twice', async () => {
		const vouchers = sims.ifs.voucherRows().length;
		const confirmations = sims.concur.inspect().postingConfirmations.length;
		const execution = await runFromTrigger(n8n, WORKFLOW_IDS.expensePosting);
		expectSuccess(execution);
		expect(sims.ifs.voucherRows()).toHaveLength(vouchers);
		expect(sims.concur.inspect().postingConfirmations).toHaveLength(confirmations);
	});

	it('invoice posting as shipped: one supplier invoice per payment request with supplier and PO, confirmed in Concur', async () => {
		const execution = await runFromTrigger(n8n, WORKFLOW_IDS.invoicePosting);
		expectSuccess(execution);
		const invoices = sims.ifs.rows('ManSuppInvoiceSet');
		expect(invoices.map((invoice) => [invoice.Identity, invoice.InvoiceNo, invoice.PoRefNumber]).sort()).toEqual(
			paymentRequests.map((request) => [request.vendorCode, request.invoiceNumber, request.purchaseOrderNumber]).sort(),
		);
		for (const document of sims.concur.inspect().fisDocuments.filter((doc) => doc.docType === 'invoice')) expect(confirmationsFor(document.id)).toHaveLength(1);
	});

	it('purchase requests as shipped become one IFS requisition each', async () => {
		const execution = await runFromTrigger(n8n, WORKFLOW_IDS.purchaseRequests);
		expectSuccess(execution);
		const requisitions = sims.ifs.rows('PurchaseRequisitionSet');
		expect(requisitions).toHaveLength(purchaseRequests.length);
		expect(String(requisitions[0].NoteText)).toContain(`CP-${purchaseRequests[0].purchaseRequestId}`);
		expect(sims.ifs.rows('PurchaseReqLineNopartSet')).toHaveLength(purchaseRequests[0].lines.length);
	});

	it('an IFS outage mid-run fails the execution; retrying it through the REST API posts and confirms each document exactly once', async () => {
		const generated = sims.concur.generateExpenseDocuments(6, 5);
		sims.ifs.setFaults({ outageAtNextBatch: true });
		const failed = await runFromTrigger(n8n, WORKFLOW_IDS.expensePosting);
		expect(failed.status).toBe('error');
		expect(sims.concur.inspect().acknowledgements.length).toBeGreaterThan(0);
		sims.ifs.clearFaults();

		const retry = await n8n.retryExecution(failed.id);
		const retried = (await n8n.waitForExecutionDone(String(retry?.id ?? (await latestExecutionId())), 600_000)) as Execution;
		expectSuccess(retried);
		const generatedDocuments = sims.concur.inspect().fisDocuments.filter((doc) => generated.includes(doc.id) || generated.includes(doc.sourceId));
		expect(generatedDocuments).toHaveLength(6);
		for (const document of generatedDocuments) {
			const voucherNumbers = sims.ifs.voucherRows().filter((row) => row.ReferenceNumber === `CX-${document.sourceId}`).map((row) => row.VoucherNo);
			expect(new Set(voucherNumbers).size).toBe(1); // posted, and only once
			expect(confirmationsFor(document.id)).toHaveLength(1);
		}
	});

	it('expense posting in pages of 3, two runs at once: every document posted once and confirmed once, each page an execution of its own, the runs holding only page summaries', async () => {
		const generated = sims.concur.generateExpenseDocuments(11, 3);
		const runs = await Promise.all([runFromTrigger(n8n, PAGED_EXPENSE_POSTING), runFromTrigger(n8n, PAGED_EXPENSE_POSTING)]);
		for (const run of runs) expectSuccess(run);
		const documents = sims.concur.inspect().fisDocuments.filter((doc) => generated.includes(doc.id) || generated.includes(doc.sourceId));
		expect(documents).toHaveLength(11);
		for (const document of documents) {
			const voucherNumbers = sims.ifs.voucherRows().filter((row) => row.ReferenceNumber === `CX-${document.sourceId}`).map((row) => row.VoucherNo);
			expect([document.sourceId, new Set(voucherNumbers).size, confirmationsFor(document.id).length]).toEqual([document.sourceId, 1, 1]);
		}
		const parents = await Promise.all(runs.map(async (run) => (await n8n.getExecution(run.id)) as Execution));
		const pages = parents.flatMap((parent) => parent.data?.resultData?.runData?.['Post Next Page'] ?? []);
		expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(11 / PAGE_SIZE));
		for (const parent of parents) {
			expect(Object.keys(parent.data?.resultData?.runData ?? {})).not.toContain('Post to IFS');
			// at most one summary per page: a page whose documents the other run acknowledged first answers too, so both runs go on
			for (const page of parent.data?.resultData?.runData?.['Post Next Page'] ?? []) expect(page.data?.main?.[0]?.length ?? 0).toBeLessThanOrEqual(1);
		}
		const posted = runs.flatMap((run) => outputOf(run, 'Post to IFS').map((item) => (item.audit as { sourceId?: string } | undefined)?.sourceId));
		expect(posted.sort()).toEqual(documents.map((document) => document.sourceId).sort());
	});

	it('an IFS outage in a page fails the paged run; retrying the failed page execution and running again posts and confirms each document exactly once', async () => {
		const generated = sims.concur.generateExpenseDocuments(8, 3);
		sims.ifs.setFaults({ outageAtNextBatch: true });
		const failed = await runFromTrigger(n8n, PAGED_EXPENSE_POSTING);
		expect(failed.status).toBe('error');
		sims.ifs.clearFaults();
		const failedPages = (await n8n.listExecutions({ workflowId: PAGED_EXPENSE_POSTING })).filter((execution) => execution.status === 'error' && execution.id !== failed.id);
		expect(failedPages).toHaveLength(1);

		const retry = await n8n.retryExecution(failedPages[0].id);
		expectSuccess((await n8n.waitForExecutionDone(String(retry?.id), 600_000)) as Execution);
		expectSuccess(await runFromTrigger(n8n, PAGED_EXPENSE_POSTING));
		const documents = sims.concur.inspect().fisDocuments.filter((doc) => generated.includes(doc.id) || generated.includes(doc.sourceId));
		expect(documents).toHaveLength(8);
		for (const document of documents) {
			const voucherNumbers = sims.ifs.voucherRows().filter((row) => row.ReferenceNumber === `CX-${document.sourceId}`).map((row) => row.VoucherNo);
			expect([document.sourceId, new Set(voucherNumbers).size, confirmationsFor(document.id).length]).toEqual([document.sourceId, 1, 1]);
		}
	});

	it("reconciliation as shipped: one row per company × currency whose IFS totals are what IFS holds for the month, expenses and invoices; the held report listed", async () => {
		sims.ifs.updateGl(); // IFS's nightly Update GL: VoucherRowsAnalysis shows vouchers only after it
		const execution = await runFromTrigger(n8n, WORKFLOW_IDS.reconciliation);
		expectSuccess(execution);
		const rows = outputOf(execution, 'Build Reconciliation Table');
		const month = SCENARIO_DATE.slice(0, 7);
		const held = ifsTotals(month);
		expect(rows.map((row) => `${String(row.company)}|${String(row.currency)}`).sort()).toEqual([...held.keys()].sort());
		for (const row of rows) {
			const ifs = held.get(`${String(row.company)}|${String(row.currency)}`)!;
			expect([row.company, row.currency, row.ifsExpenses, row.ifsInvoices]).toEqual([row.company, row.currency, money(ifs.expenses), money(ifs.invoices)]);
			expect(cents(row.concurExpenses) - cents(row.ifsExpenses)).toBe(cents(row.expenseDifference));
		}
		const row = (company: string, currency: string) => rows.find((candidate) => candidate.company === company && candidate.currency === currency) as Row;
		// the one report IFS does not hold: the held one (120.00 + 44.10)
		expect(row('10', 'USD')).toMatchObject({ expenseDifference: '164.10', concurInvoices: '50.00', ifsInvoices: '50.00', invoiceDifference: '0.00' });
		expect(row('10', 'USD').attention).toEqual([expect.objectContaining({ kind: 'expense', sourceId: HELD_REPORT, status: 'held', reasons: expect.stringContaining('CC500') })]);
		expect(row('20', 'SEK')).toMatchObject({ expenseDifference: '0.00', attention: [] });
		expect(cents(row('20', 'SEK').concurExpenses)).toBeGreaterThanOrEqual(884612n); // the London report, and generated SEK reports
		expect(row('20', 'EUR')).toMatchObject({ expenseDifference: '0.00', concurInvoices: '1589.97', ifsInvoices: '1589.97', attention: [] });
	});

	it('reconciliation of a month in which IFS holds nothing still gives a row per company, listing what Concur approved', async () => {
		const execution = await runFromTrigger(n8n, EMPTY_MONTH_RECONCILIATION);
		expectSuccess(execution);
		const rows = outputOf(execution, 'Build Reconciliation Table');
		expect(rows.map((row) => [row.company, row.currency, row.concurExpenses, row.ifsExpenses, row.concurInvoices, row.ifsInvoices])).toEqual([
			['10', 'USD', '31.75', '0.00', '0.00', '0.00'],
			['20', 'EUR', '0.00', '0.00', '0.00', '0.00'],
		]);
		expect(rows[0].attention).toEqual([expect.objectContaining({ sourceId: '764428DD6A664AF0BFD3', status: 'not posted', concurTotal: '31.75' })]);
	});

	it('event-driven posting: a signed Concur event posts its document; a bad signature is refused and starts nothing', async () => {
		await n8n.activateWorkflow(WORKFLOW_IDS.eventPosting);
		const webhookUrl = n8n.webhookUrl('c0ncur1f-e55f-4e9e-8a11-readyforinteg/webhook');
		await subscribeToFinancialIntegrationEvents(sims, 'n8n-e2e-ready', webhookUrl);
		const [documentId] = sims.concur.generateExpenseDocuments(1, 3);
		const document = sims.concur.inspect().fisDocuments.find((doc) => doc.id === documentId || doc.sourceId === documentId)!;
		const executionsBefore = (await n8n.listExecutions({ workflowId: WORKFLOW_IDS.eventPosting })).length;

		// the first call also waits until n8n has registered the activated webhook
		const unsigned = await n8n.callWebhook('c0ncur1f-e55f-4e9e-8a11-readyforinteg/webhook', { id: 'forged', facts: { documentId: document.sourceId } }, { waitRegisteredMs: 60_000 });
		expect(unsigned.status).toBe(401);
		const rejected = await sims.concur.deliverEvent({ documentId: document.sourceId, signature: 'wrong-key' });
		expect(rejected.map((delivery) => delivery.status)).toEqual([401]);
		const accepted = await sims.concur.deliverEvent({ documentId: document.sourceId });
		expect(accepted.map((delivery) => delivery.status)).toEqual([200]);
		const executions = await n8n.waitForExecutions((list) => list.length === executionsBefore + 1 && list.every((e) => e.status !== 'running' && e.status !== 'new'), { workflowId: WORKFLOW_IDS.eventPosting, timeoutMs: 120_000 });
		expect(executions[0].status).toBe('success');
		expect(voucherReferences()).toContain(`CX-${document.sourceId}`);
		expect(confirmationsFor(document.id)).toHaveLength(1);
	});
});

async function latestExecutionId(): Promise<string> {
	const [latest] = await n8n.listExecutions({ workflowId: WORKFLOW_IDS.expensePosting });
	return latest.id;
}
