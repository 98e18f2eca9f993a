/**
 * Template 07 in a real n8n 2.41.1 (package installed from the tarball): a connection idle for
 * 170 days is refreshed and n8n stores the moved renew-by date; one past its date fails naming
 * the credential, the date and how to reconnect.
 */
import { startSimulators, type Simulators } from '../simulators';
import { CREDENTIAL_IDS } from '../../scripts/templates/nodes';
import { WORKFLOW_IDS, importCredentials, importTemplates, templateJson } from '../../scripts/deploy';
import { ensureRuntime } from '../../scripts/n8n-runtime';
import { N8nInstance, nodeOutputJson, projectTarball } from './n8n';

const NODE = 'Check and Renew the Concur Connection';
const DAY_S = 24 * 3600;

let sims: Simulators;
let n8n: N8nInstance;

beforeAll(async () => {
	sims = await startSimulators();
	n8n = await N8nInstance.create({ packages: [await projectTarball()], runtime: await ensureRuntime() });
	await importCredentials(n8n, sims.credentialData);
	await importTemplates(n8n, [templateJson('connectionHealth')]);
});

afterAll(async () => {
	await n8n?.dispose();
	await sims?.stop();
});

const storedRenewBy = async () => String((await n8n.exportCredentials()).find((credential) => credential.id === CREDENTIAL_IDS.concur).data.connectionRenewBy);

it('keeps an idle Concur connection alive: after 170 unused days the run refreshes the token and n8n stores the renew-by date 170 days later; past the date it fails naming credential, date and remedy', async () => {
	const first = await n8n.executeWorkflow(WORKFLOW_IDS.connectionHealth);
	expect([first.status, first.errorMessage]).toEqual(['success', undefined]);
	const issued = await storedRenewBy();
	expect(nodeOutputJson(first.run, NODE)).toEqual([expect.objectContaining({ credential: 'SAP Concur', connected: true, renewBy: issued })]);

	sims.concur.advanceTime(170 * DAY_S);
	const later = await n8n.executeWorkflow(WORKFLOW_IDS.connectionHealth);
	expect([later.status, later.errorMessage]).toEqual(['success', undefined]);
	const moved = await storedRenewBy();
	expect(Date.parse(moved) - Date.parse(issued)).toBeGreaterThanOrEqual(170 * DAY_S * 1000);
	expect(nodeOutputJson(later.run, NODE)).toEqual([expect.objectContaining({ renewBy: moved, refreshed: true })]);

	sims.concur.advanceTime(200 * DAY_S);
	const lapsed = await n8n.executeWorkflow(WORKFLOW_IDS.connectionHealth);
	expect(lapsed.status).not.toBe('success');
	const message = `${lapsed.errorMessage ?? ''}`;
	expect(message).toContain('SAP Concur credential "SAP Concur" could not renew its connection');
	expect(message).toContain(`renewed by ${moved.slice(0, 10)}`);
	expect(message).toContain('Company Request Token');
});
