/**
 * Money as IFS ends up holding it: generated reports in Concur's awkward shapes go through the
 * mapping and posting nodes into the IFS simulator, and the simulator's voucher rows must carry
 * exactly Concur's journal amounts, balance in both currencies and convert at IFS's own rate.
 * Changed documents: a resubmitted report with other amounts is held (default) or reversed and
 * reposted (option), never answered with the old voucher.
 */
import type { IDataObject } from 'n8n-workflow';

import { startSimulators, type Simulators } from '../../simulators';
import { accountingCents, companyRate, expectedFromJournal, generateReport } from '../../unit/mapping/fixtures/generated';
import { cents, fisExpenseEnvelope, fisInvoiceEnvelope, seedInvoice, seedReport } from '../../unit/mapping/fixtures/scenario';
import { CredentialStore, MANUAL_TRIGGER, PACKAGE_PREFIX, runWorkflow, type WorkflowJson } from '../harness';
import { scenarioMappingParameters } from '../mapping/scenario-mapping';

let sims: Simulators;
let store: CredentialStore;

beforeAll(async () => {
	sims = await startSimulators();
});
afterAll(async () => await sims.stop());
beforeEach(() => {
	sims.ifs.reset();
	store = new CredentialStore();
	store.add('ifs', 'ifsCloudOAuth2Api', sims.credentialData.ifs);
});

const ifs = { ifsCloudOAuth2Api: { id: 'ifs', name: 'ifs' } };

/** Concur documents (pinned on the trigger) → Map to IFS → Post to IFS. */
function mapAndPost(documents: unknown[], postingOptions: IDataObject = {}): WorkflowJson {
	return {
		nodes: [
			{ name: 'Run Now', type: MANUAL_TRIGGER },
			{ name: 'Map to IFS', type: `${PACKAGE_PREFIX}.concurToIfs`, parameters: scenarioMappingParameters, credentials: ifs },
			{ name: 'Post to IFS', type: `${PACKAGE_PREFIX}.ifsCloud`, parameters: { resource: 'posting', operation: 'post', postingOptions }, credentials: ifs },
		],
		connections: {
			'Run Now': { main: [[{ node: 'Map to IFS', type: 'main', index: 0 }]] },
			'Map to IFS': { main: [[{ node: 'Post to IFS', type: 'main', index: 0 }]] },
		},
		pinData: { 'Run Now': documents.map((json) => ({ json: json as IDataObject })) },
	};
}

type Row = Record<string, unknown>;
const decimalCents = (value: unknown) => (value === null || value === undefined ? 0n : cents(String(value).replace(/^(-?\d+)$/, '$1.00')));

function voucherRows(reference: string): Row[] {
	return sims.ifs.voucherRows().filter((row) => row.ReferenceNumber === reference);
}

/** account|costCenter → transaction-currency cents, as IFS holds them. */
function held(rows: Row[]): Map<string, bigint> {
	const totals = new Map<string, bigint>();
	for (const row of rows) {
		const key = `${String(row.Account)}|${String(row.CodeB ?? '')}`;
		totals.set(key, (totals.get(key) ?? 0n) + decimalCents(row.CurrencyDebetAmount) - decimalCents(row.CurrencyCreditAmount));
	}
	return new Map([...totals].filter(([, value]) => value !== 0n));
}

describe('generated reports posted into the IFS simulator', () => {
	const reports = Array.from({ length: 40 }, (_, index) => generateReport(777, index));

	it("IFS holds exactly Concur's journal amounts per account × cost center, balanced in both currencies, converted at its own rate", async () => {
		const run = await runWorkflow(mapAndPost(reports.map((report) => fisExpenseEnvelope(report))), { credentials: store });
		expect(run.error).toBeUndefined();
		expect(run.json('Map to IFS', 1).map((item) => item.message)).toEqual([]);
		expect(run.json('Post to IFS', 1).map((item) => item.message)).toEqual([]);
		for (const report of reports) {
			const rows = voucherRows(`CX-${report.reportId}`);
			expect([report.reportId, new Set(rows.map((row) => row.VoucherNo)).size]).toEqual([report.reportId, 1]);
			expect([report.reportId, held(rows)]).toEqual([report.reportId, expectedFromJournal(report)]);
			const accounting = rows.reduce((total, row) => total + decimalCents(row.DebetAmount) - decimalCents(row.CreditAmount), 0n);
			expect([report.reportId, accounting]).toEqual([report.reportId, 0n]);
			const company = String(rows[0].Company);
			for (const row of rows.filter((candidate) => candidate.Account !== '8990')) {
				const { rate, factor } = companyRate(company, String(row.CurrencyCode), String(row.VoucherDate));
				const amount = decimalCents(row.CurrencyDebetAmount) - decimalCents(row.CurrencyCreditAmount);
				expect([report.reportId, decimalCents(row.DebetAmount) - decimalCents(row.CreditAmount)]).toEqual([report.reportId, accountingCents(amount, rate, factor)]);
				expect(Number(row.CurrencyRate)).toBe(Number(rate));
			}
		}
		const currencies = new Set(sims.ifs.voucherRows().map((row) => `${String(row.Company)}:${String(row.CurrencyCode)}`));
		expect(currencies).toContain('20:SEK');
	});

	it('the SEK report with a GBP hotel, a EUR dinner, a cent-shifted split, journal VAT and a cash advance lands in the EUR company as Concur states it', async () => {
		const report = seedReport('W4JPA6');
		const run = await runWorkflow(mapAndPost([fisExpenseEnvelope(report)]), { credentials: store });
		expect(run.json('Post to IFS', 0)).toHaveLength(1);
		const rows = voucherRows(`CX-${report.reportId}`);
		expect(held(rows)).toEqual(
			new Map([
				['6110|CC200', 314400n], // 240.00 GBP at Concur's 13.1, British VAT not reclaimable
				['6100|CC200', 139328n],
				['6100|CC300', 139328n],
				['6100|CC100', 139369n], // Concur's journal amounts, not 1393.27 / 1393.27 / 1393.71
				['6120|CC200', 99187n],
				['6140|CC200', 38679n],
				['2640|', 2321n],
				['1580|', 12000n],
				['2410|', -354587n], // 4545.87 owed, less the 1000.00 cash advance
				['2420|', -430025n],
				['1590|', -100000n],
			]),
		);
		expect(new Set(rows.map((row) => [row.Company, row.CurrencyCode, row.CurrencyRate].join(' ')))).toEqual(new Set(['20 SEK 8.7105']));
		const accounting = (account: string) => rows.filter((row) => row.Account === account).map((row) => String(row.DebetAmount ?? `-${String(row.CreditAmount)}`));
		expect(accounting('6110')).toEqual(['273.86']); // 3144.00 × 8.7105 / 100
		expect(accounting('1590')).toEqual(['-87.11']);
	});
});

describe('a report resubmitted with other amounts', () => {
	const original = () => fisExpenseEnvelope(seedReport('W4JPA1'));
	/** Concur's new financial document for the same report: new FIS id, the hotel now 450.00. */
	function resubmitted() {
		const envelope = original() as { id: string; document: { expenseEntry: Array<Record<string, unknown> & { allocation: Array<{ journal: Array<Record<string, unknown>> }> }> } };
		envelope.id = 'fd764428dd6a664af0bfc1000000000f';
		envelope.document.expenseEntry[0].entryApprovedAmount = 450;
		Object.assign(envelope.document.expenseEntry[0].allocation[0].journal[0], { amountGross: 450, amountNetOfTax: 450, amountNetOfReclaim: 450 });
		return envelope;
	}

	it('is held by default with the old and the new totals, and IFS keeps the one voucher it has', async () => {
		await runWorkflow(mapAndPost([original()]), { credentials: store });
		const before = sims.ifs.voucherRows();
		const run = await runWorkflow(mapAndPost([resubmitted()]), { credentials: store });
		expect(run.json('Post to IFS', 0)).toEqual([]);
		const [failed] = run.json('Post to IFS', 1);
		expect(failed.result).toMatchObject({ status: 'held' });
		expect(failed.audit).toMatchObject({ action: 'held' });
		expect(failed.message).toMatch(/^CX-764428DD6A664AF0BFC1 changed in Concur after it was posted: IFS journalEntry 10\/X\/2026\/2026000001 holds 536.9 USD, Concur now says 574.4 USD — reverse it in IFS, or set "Changed Documents" to reverse and repost$/);
		expect(sims.ifs.voucherRows()).toEqual(before);
	});

	it('with "reverse and repost": the old voucher is reversed and the new one posted, each exactly once, and the result names the new voucher', async () => {
		await runWorkflow(mapAndPost([original()]), { credentials: store });
		const run = await runWorkflow(mapAndPost([resubmitted()], { changedDocuments: 'reverse' }), { credentials: store });
		const [posted] = run.json('Post to IFS', 0);
		expect(posted.result).toMatchObject({ status: 'created', voucherNo: 2026000003 });
		const rows = voucherRows('CX-764428DD6A664AF0BFC1');
		expect([...new Set(rows.map((row) => row.VoucherNo))]).toEqual([2026000001, 2026000002, 2026000003]);
		expect(rows.filter((row) => row.VoucherNo === 2026000002).every((row) => String(row.ReferenceSerie).startsWith('R:'))).toBe(true);
		// what the three vouchers add up to is the new document
		expect(held(rows)).toEqual(new Map([['6110|CC100', 45000n], ['6120|CC100', 8640n], ['6140|CC100', 3800n], ['2410|', -57440n]]));

		const again = await runWorkflow(mapAndPost([resubmitted()], { changedDocuments: 'reverse' }), { credentials: store });
		expect(again.json('Post to IFS', 0)[0].result).toMatchObject({ status: 'already-posted', voucherNo: 2026000003 });
		expect(voucherRows('CX-764428DD6A664AF0BFC1')).toHaveLength(rows.length);
	});

	it('works the same against an IFS that answers decimals as JSON numbers (ignoring IEEE754Compatible): rates read and the old voucher reversed exactly', async () => {
		sims.ifs.setDecimalStrings('never');
		try {
			await runWorkflow(mapAndPost([original()]), { credentials: store });
			const run = await runWorkflow(mapAndPost([resubmitted()], { changedDocuments: 'reverse' }), { credentials: store });
			expect(run.json('Post to IFS', 1)).toEqual([]);
			expect(held(voucherRows('CX-764428DD6A664AF0BFC1'))).toEqual(new Map([['6110|CC100', 45000n], ['6120|CC100', 8640n], ['6140|CC100', 3800n], ['2410|', -57440n]]));
		} finally {
			sims.ifs.setDecimalStrings('onRequest');
		}
	});

	it('a changed invoice is always held: IFS allows one invoice number per supplier', async () => {
		await runWorkflow(mapAndPost([fisInvoiceEnvelope(seedInvoice('9B1D30723CBF4F86A571'))]), { credentials: store });
		const changed = fisInvoiceEnvelope(seedInvoice('9B1D30723CBF4F86A571')) as { id: string };
		changed.id = 'fi9b1d30723cbf4f86a571000000000f';
		const run = await runWorkflow(mapAndPost([changed], { changedDocuments: 'reverse' }), { credentials: store });
		expect(run.json('Post to IFS', 1)[0].message).toMatch(/^CI-9B1D30723CBF4F86A571 changed in Concur after it was posted: IFS supplierInvoice 10\/\d+ holds 50 USD, Concur now says 50 USD — correct or cancel it in IFS/);
		expect(sims.ifs.rows('ManSuppInvoiceSet')).toHaveLength(1);
	});
});
