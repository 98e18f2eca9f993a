/**
 * Template 01 in a real n8n 2.41.1, set up the way a tenant with a connected cost-center list sets
 * it up (level 1 = companies through the company mapping, level 2 = cost centers, "-" dropped,
 * both ways, three IFS companies), run three times through the CLI: the first run previews, the
 * second writes exactly the expected values in the expected companies, the third writes nothing.
 */
import { startSimulators, type Simulators } from '../simulators';
import { DEFAULT_CLIENT } from '../simulators/ifs';
import { connectedCompanyMapping, connectedCostCenterList, connectedTree as treeOf, connectedTreeAfterTwoWaySync, connectedTwoWayChanges, describeChange } from '../simulators/seed/connected-list';
import { WORKFLOW_IDS, importCredentials, importTemplates, templateJson } from '../../scripts/deploy';
import { ensureRuntime } from '../../scripts/n8n-runtime';
import { N8nInstance, nodeOutputJson, projectTarball } from './n8n';

const CONNECTED = connectedCostCenterList.listId;

let sims: Simulators;
let n8n: N8nInstance;

/** What the user changes in *Sync Cost Centers* after importing the template. */
function connectedListTemplate() {
	const workflow = templateJson('referenceSync');
	const node = workflow.nodes.find((candidate) => candidate.name === 'Sync Cost Centers')!;
	Object.assign(node.parameters, {
		listId: CONNECTED,
		costCenterLevel: 2,
		companyLevel: 1,
		companyMapping: { rows: connectedCompanyMapping.map((row) => ({ ...row })) },
		dashRule: 'drop',
	});
	Object.assign(node.parameters.options as Record<string, unknown>, { companies: '10, 20, 30', createInIfs: true });
	return workflow;
}

beforeAll(async () => {
	sims = await startSimulators({ ifs: { clients: [{ ...DEFAULT_CLIENT, allowedCompanies: ['10', '20', '30'] }] } });
	n8n = await N8nInstance.create({ packages: [await projectTarball()], runtime: await ensureRuntime() });
	await importCredentials(n8n, { concur: sims.credentialData.concur, ifs: { ...sims.credentialData.ifs, allowedCompanies: '10, 20, 30' } });
	await importTemplates(n8n, [connectedListTemplate()]);
});

afterAll(async () => {
	await n8n?.dispose();
	await sims?.stop();
});

const isWrite = (method: string) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);
const writes = () => ({
	concur: sims.concur.requestLog().filter((entry) => isWrite(String((entry as { method: string }).method)) && !String((entry as { path: string }).path).includes('/oauth2/')).length,
	ifs: sims.ifs.requestLog(0).filter((entry) => (entry.kind === 'odata' || entry.kind === 'batch') && isWrite(entry.method)).length,
});

const connectedTree = () => treeOf(sims.concur.inspect().listItems);
const ifsCodes = (company: string) =>
	sims.ifs
		.rows('AccountingCodePartValueSet')
		.filter((row) => row.CodePart === 'B' && row.Company === company)
		.map((row) => String(row.CodePartValue))
		.sort();
const EXPECTED_CHANGES = connectedTwoWayChanges;

describe('template 01 against a connected cost-center list, three companies, both ways (n8n execute)', () => {
	it('previews, then creates exactly the expected values in the expected companies (nothing at level 1 in IFS, AC-100 ↔ AC100), then writes nothing', async () => {
		const treeBefore = connectedTree();
		const ifsBefore = Object.fromEntries(['10', '20', '30'].map((company) => [company, ifsCodes(company)]));
		const untouched = writes();

		const preview = await n8n.executeWorkflow(WORKFLOW_IDS.referenceSync);
		expect([preview.status, preview.errorMessage]).toEqual(['success', undefined]);
		expect(writes()).toEqual(untouched);
		expect(connectedTree()).toEqual(treeBefore);
		const planned = nodeOutputJson(preview.run, 'Sync Cost Centers');
		expect(planned.at(-1)).toMatchObject({ preview: true, companies: ['10', '20', '30'], summary: { otherCompanyItems: ['XX'] } });
		expect(planned.slice(0, -1).map(describeChange).sort()).toEqual(EXPECTED_CHANGES);
		expect(nodeOutputJson(preview.run, 'Sync Cost Centers', 1)).toEqual([]);

		const applied = await n8n.executeWorkflow(WORKFLOW_IDS.referenceSync);
		expect([applied.status, applied.errorMessage]).toEqual(['success', undefined]);
		expect(nodeOutputJson(applied.run, 'Sync Cost Centers').slice(0, -1).map(describeChange).sort()).toEqual(EXPECTED_CHANGES);
		expect(nodeOutputJson(applied.run, 'Sync Cost Centers', 1)).toEqual([]);
		expect(connectedTree()).toEqual(connectedTreeAfterTwoWaySync);
		expect(ifsCodes('10')).toEqual([...ifsBefore['10'], 'CC510'].sort());
		expect(ifsCodes('20')).toEqual([...ifsBefore['20'], 'CC520'].sort());
		expect(ifsCodes('30')).toEqual([...ifsBefore['30'], 'AC200'].sort());
		expect(ifsCodes('30')).toContain('AC-100');
		for (const levelOne of ['US', 'EU', 'UK', 'XX']) expect(sims.ifs.rows('AccountingCodePartValueSet').filter((row) => row.CodePartValue === levelOne)).toEqual([]);

		const settled = writes();
		const third = await n8n.executeWorkflow(WORKFLOW_IDS.referenceSync);
		expect([third.status, third.errorMessage]).toEqual(['success', undefined]);
		expect(writes()).toEqual(settled);
		expect(nodeOutputJson(third.run, 'Sync Cost Centers')).toHaveLength(1); // the summary only
		expect(nodeOutputJson(third.run, 'Sync Cost Centers').at(-1)).toMatchObject({ preview: false, summary: { createdInConcur: 0, updatedInConcur: 0, deactivatedInConcur: 0, createdInIfs: 0 } });
	});
});
