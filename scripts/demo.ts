/**
 * `npm run demo [-- --open]`: simulated SAP Concur and IFS Cloud, a real n8n 2.41.1 with this
 * package installed as a community package, the shipped templates and credentials imported;
 * runs reference sync and expense posting end to end and prints what moved. With --open the
 * editor stays up (Ctrl+C stops everything); otherwise everything started is stopped.
 */
import { startSimulators, type Simulators } from '../test/simulators';
import { projectPackageDir } from '../test/e2e/n8n';
import { DEFAULT_OWNER, N8nInstance } from './n8n-runtime';
import { WORKFLOW_IDS, executionError, importCredentials, importTemplates, outputOf, runFromTrigger, templateJson, withEssPublicKey, type Execution } from './deploy';

const keepOpen = process.argv.includes('--open');

function requestCount(sims: Simulators) {
	const concur = sims.concur.statsSnapshot().requests;
	const ifs = sims.ifs.stats();
	return { concur, ifs: ifs.requests, ifsBatchParts: ifs.batchParts };
}

function report(title: string, lines: Array<[string, unknown]>) {
	console.log(`\n${title}`);
	for (const [label, value] of lines) console.log(`  ${label.padEnd(34)} ${String(value)}`);
}

function describeSync(execution: Execution) {
	const summaries = [...outputOf(execution, 'Sync Cost Centers'), ...outputOf(execution, 'Sync Vendors')].filter((item) => item.summary);
	return summaries.map((item) => [`${String(item.data)}`, JSON.stringify(item.summary)] as [string, unknown]);
}

/** Vouchers IFS holds, posted or still in the hold table (`VoucherRowSet` lists a voucher only after IFS updated the GL). */
const ifsVouchers = (sims: Simulators) => new Set(sims.ifs.voucherRows().map((row) => `${String(row.Company)}/${String(row.VoucherNo)}`));

function describePosting(execution: Execution, sims: Simulators, before: ReturnType<typeof requestCount>, seconds: number) {
	const posted = outputOf(execution, 'Post to IFS', 0);
	const held = outputOf(execution, 'Map to IFS', 1);
	const failed = outputOf(execution, 'Post to IFS', 1);
	const after = requestCount(sims);
	const vouchers = ifsVouchers(sims);
	report('Expense posting', [
		['execution', `${execution.id} (${execution.status})${executionError(execution) ? `: ${executionError(execution)}` : ''}`],
		['Concur documents read', outputOf(execution, 'Ready Expense Documents').length],
		['posted to IFS', posted.filter((item) => (item.result as { status: string }).status === 'created').length],
		['already in IFS (not posted again)', posted.filter((item) => (item.result as { status: string }).status === 'already-posted').length],
		['held (not posted)', held.length],
		['failed in IFS', failed.length],
		['IFS vouchers now', [...vouchers].join(', ')],
		['HTTP requests to Concur', after.concur - before.concur],
		['HTTP requests to IFS ($batch parts)', `${after.ifs - before.ifs} (${after.ifsBatchParts - before.ifsBatchParts})`],
		['elapsed', `${seconds.toFixed(1)} s`],
	]);
	for (const item of held) console.log(`  held ${String((item.audit as { sourceId: string }).sourceId)}: ${String(item.message)}`);
	for (const item of failed) console.log(`  failed ${String((item.audit as { sourceId: string }).sourceId)}: ${String(item.message)}`);
}

/**
 * Ctrl+C (or SIGTERM): the summary is printed synchronously first — this listener is registered
 * before the n8n runtime's, which then stops n8n and exits.
 */
let printSummary = () => {};
const interrupted = new Promise<'interrupted'>((resolve) => {
	const onSignal = () => {
		console.log('\nInterrupted: what moved so far, then everything started is stopped.');
		printSummary();
		resolve('interrupted');
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
});

/** What moved so far: printed also when Ctrl+C cut the run short. */
function summary(sims: Simulators, started: number) {
	const counts = requestCount(sims);
	const vouchers = ifsVouchers(sims);
	report('Summary', [
		['IFS vouchers', vouchers.size ? [...vouchers].join(', ') : 'none'],
		['HTTP requests to Concur', counts.concur],
		['HTTP requests to IFS ($batch parts)', `${counts.ifs} (${counts.ifsBatchParts})`],
		['elapsed', `${((Date.now() - started) / 1000).toFixed(1)} s`],
	]);
}

async function main() {
	const started = Date.now();
	const sims = await startSimulators();
	let summaryPrinted = false;
	printSummary = () => {
		summaryPrinted = true;
		summary(sims, started);
	};
	const n8n = await N8nInstance.create({ packages: [projectPackageDir()] });
	const stop = async () => {
		await n8n.dispose();
		await sims.stop();
	};
	try {
		const run = demo(n8n, sims, started);
		run.catch(() => undefined); // after Ctrl+C its requests fail as n8n stops; that is expected
		if ((await Promise.race([run, interrupted])) === 'interrupted') process.exitCode = 130;
	} finally {
		if (!summaryPrinted) printSummary();
		await stop();
		console.log(`\nStopped n8n and the simulators (${((Date.now() - started) / 1000).toFixed(1)} s in all).`);
	}
}

async function demo(n8n: N8nInstance, sims: Simulators, started: number): Promise<'done'> {
	await importCredentials(n8n, sims.credentialData);
	const templates = ['referenceSync', 'expensePosting', 'invoicePosting', 'purchaseRequests', 'eventPosting', 'reconciliation'] as const;
	await importTemplates(n8n, templates.map((name) => withEssPublicKey(templateJson(name), sims.concur.publicKeyPem)));
	await n8n.start();
	console.log(`n8n ${n8n.baseUrl} is up with the package and the six templates (${((Date.now() - started) / 1000).toFixed(1)} s)`);

	const sync = await runFromTrigger(n8n, WORKFLOW_IDS.referenceSync);
	report('Reference data sync', [['execution', `${sync.id} (${sync.status})`], ...describeSync(sync)]);

	const before = requestCount(sims);
	const postingStart = Date.now();
	const posting = await runFromTrigger(n8n, WORKFLOW_IDS.expensePosting);
	describePosting(posting, sims, before, (Date.now() - postingStart) / 1000);
	if (posting.status !== 'success') process.exitCode = 1;

	if (keepOpen) {
		console.log(`\nEditor: ${n8n.baseUrl}  (log in as ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password}). Simulators: Concur ${sims.concur.tokenHostUrl}, IFS ${sims.ifs.url}. Ctrl+C stops everything.`);
		await interrupted;
	}
	return 'done';
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
