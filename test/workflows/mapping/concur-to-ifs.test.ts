import type { Simulators } from '../../simulators';
import { useSimulators } from '../../simulators/hooks';
import { expenseReports } from '../../simulators/seed/scenario';
import { PACKAGE_PREFIX, linearWorkflow, runWorkflow, simulatorCredentials, type CredentialStore } from '../harness';
import { scenarioMappingParameters } from './scenario-mapping';

jest.setTimeout(120_000);

let sims: Simulators;
let store: CredentialStore;

useSimulators((started) => (sims = started), { resetBeforeEach: false });
beforeAll(() => (store = simulatorCredentials(sims)));

const readyExpenseDocuments = {
	name: 'Ready Expense Documents',
	type: `${PACKAGE_PREFIX}.sapConcur`,
	parameters: { resource: 'financialDocument', operation: 'getMany', docType: 'expense', returnAll: true },
	credentials: { sapConcurOAuth2Api: { id: 'concur', name: 'concur' } },
};

const mapToIfs = (parameters = scenarioMappingParameters) => ({
	name: 'Concur to IFS',
	type: `${PACKAGE_PREFIX}.concurToIfs`,
	parameters,
	credentials: { ifsCloudOAuth2Api: { id: 'ifs', name: 'ifs' } },
});

describe('Concur to IFS mapping node', () => {
	it('maps every ready FIS expense report to a balanced voucher and holds the one with an unknown cost center', async () => {
		const result = await runWorkflow(linearWorkflow([readyExpenseDocuments, mapToIfs()]), { credentials: store });
		expect(result.error).toBeUndefined();

		const mapped = result.json('Concur to IFS', 0);
		const held = result.json('Concur to IFS', 1);
		expect(mapped.map((item) => (item.audit as { sourceId: string }).sourceId).sort()).toEqual(
			expenseReports.filter((report) => report.reportId !== '764428DD6A664AF0BFC5').map((report) => report.reportId).sort(),
		);
		expect(held).toHaveLength(1);
		expect((held[0].audit as { sourceId: string }).sourceId).toBe('764428DD6A664AF0BFC5');
		expect(held[0].message).toMatch(/cost center "CC500" does not exist in IFS company 10/);

		for (const item of mapped) {
			const posting = item.posting as { kind: string; rows: Array<{ debit?: string; credit?: string; currency: string }> };
			expect(posting.kind).toBe('journalEntry');
			const cents = (value?: string) => (value ? Math.round(Number(value) * 100) : 0);
			const debit = posting.rows.reduce((total, row) => total + cents(row.debit), 0);
			const credit = posting.rows.reduce((total, row) => total + cents(row.credit), 0);
			expect(debit).toBe(credit);
		}
	});

	it('posts the Berlin report to company 20 with CC_400 translated back to CC-400', async () => {
		const result = await runWorkflow(linearWorkflow([readyExpenseDocuments, mapToIfs()]), { credentials: store });
		const berlin = result.json('Concur to IFS', 0).find((item) => (item.audit as { sourceId: string }).sourceId === '764428DD6A664AF0BFC4');
		const posting = berlin!.posting as { company: string; rows: Array<{ account: string; codeParts: { CodeB?: string } }> };
		expect(posting.company).toBe('20');
		expect(posting.rows.find((row) => row.account === '6130')?.codeParts.CodeB).toBe('CC-400');
	});

	it('reads IFS reference data once per run, not once per document', async () => {
		const before = sims.ifs.stats();
		const result = await runWorkflow(linearWorkflow([readyExpenseDocuments, mapToIfs()]), { credentials: store });
		const after = sims.ifs.stats();
		expect(result.json('Concur to IFS', 0).length).toBeGreaterThan(3);
		const getRequests = (stats: typeof before) => Object.entries(stats.byRoute).filter(([route]) => route.startsWith('GET ')).reduce((total, [, count]) => total + count, 0);
		// accounts and cost centers, suppliers, currencies, open periods, companies, currency rates: one query each
		expect(getRequests(after) - getRequests(before)).toBe(6);
	});

	it('fails the run with a clear message when the mapping is incomplete', async () => {
		const balancingAccounts = 'employee payable =\ncard clearing = 2420\nemployee receivable = 1580';
		const result = await runWorkflow(linearWorkflow([readyExpenseDocuments, mapToIfs({ ...scenarioMappingParameters, balancingAccounts })]), { credentials: store });
		expect(result.error?.message).toMatch(/employee payable account/);
	});

	it('fails the run naming every table line it cannot read, before reading IFS', async () => {
		const before = sims.ifs.stats().requests;
		const accountByExpenseType = 'AIRFR = 6100\nLODNG 6110\nBUSML = 6120 @';
		const result = await runWorkflow(linearWorkflow([readyExpenseDocuments, mapToIfs({ ...scenarioMappingParameters, accountByExpenseType, taxAccounts: 'DE 2640' })]), { credentials: store });
		expect(result.error?.message).toContain('GL Account by Expense Type, line 2 "LODNG 6110": no "="');
		expect(result.error?.message).toContain('GL Account by Expense Type, line 3 "BUSML = 6120 @": no IFS company after "@"');
		expect(result.error?.message).toContain('Tax Accounts, line 1 "DE 2640"');
		expect(sims.ifs.stats().requests).toBe(before);
	});

	it('holds documents of a kind the node is not set up for, saying which kinds it maps', async () => {
		const result = await runWorkflow(linearWorkflow([readyExpenseDocuments, mapToIfs({ ...scenarioMappingParameters, documentKinds: ['invoice'] })]), { credentials: store });
		expect(result.error).toBeUndefined();
		expect(result.json('Concur to IFS', 0)).toEqual([]);
		const held = result.json('Concur to IFS', 1);
		expect(held.length).toBeGreaterThan(3);
		for (const item of held) expect(item.message).toMatch(/^This node maps invoices only; this is an expense report — add expense reports under Document Kinds/);
	});
});
