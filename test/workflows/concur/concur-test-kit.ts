/** Shared set-up for the SAP Concur node's workflow tests: simulator, credential store, one-node runs, secret scan. */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import * as scenario from '../../simulators/seed/scenario';
import { concurCredentialData } from '../../simulators';
import { startConcurSimulator, type ConcurSimulator } from '../../simulators/concur';
import { useConcurSimulator } from '../../simulators/hooks';
import { CredentialStore, PACKAGE_PREFIX, linearWorkflow, runWorkflow, type RunResult, type WorkflowNode } from '../harness';

jest.setTimeout(120_000);

export const NODE_TYPE = `${PACKAGE_PREFIX}.sapConcur`;
export const TRIGGER_TYPE = `${PACKAGE_PREFIX}.sapConcurPollingTrigger`;
export const EVENT_TRIGGER_TYPE = `${PACKAGE_PREFIX}.sapConcurEventTrigger`;
export const CREDENTIAL_ID = 'concur';
export const company = scenario.concurCompanies[0];

export function concurCredentials(sim: ConcurSimulator, overrides: IDataObject = {}): CredentialStore {
	const store = new CredentialStore();
	store.add(CREDENTIAL_ID, 'sapConcurOAuth2Api', { ...concurCredentialData(sim), ...overrides } as ICredentialDataDecryptedObject);
	return store;
}

export function concurNode(parameters: IDataObject, extra: Partial<WorkflowNode> = {}): WorkflowNode {
	return { name: 'Concur', type: NODE_TYPE, parameters, credentials: { sapConcurOAuth2Api: { id: CREDENTIAL_ID, name: CREDENTIAL_ID } }, ...extra };
}

/** Runs Manual Trigger → SAP Concur with `parameters`. */
export async function runConcur(store: CredentialStore, parameters: IDataObject, extra: Partial<WorkflowNode> = {}): Promise<RunResult> {
	return await runWorkflow(linearWorkflow([concurNode(parameters, extra)]), { credentials: store });
}

/** Runs Manual Trigger (pinned to `inputs`) → SAP Concur, so the node gets one input item per entry. */
export async function runConcurWithInputs(store: CredentialStore, inputs: IDataObject[], parameters: IDataObject, extra: Partial<WorkflowNode> = {}): Promise<RunResult> {
	const workflow = linearWorkflow([concurNode(parameters, extra)]);
	workflow.pinData = { 'Manual Trigger': inputs.map((json) => ({ json })) };
	return await runWorkflow(workflow, { credentials: store });
}

/** Every secret the credential holds or obtained: none may appear in outputs or error messages. */
export function secretsOf(store: CredentialStore): string[] {
	const data = store.get(CREDENTIAL_ID);
	return [data.clientSecret, data.requestToken, data.accessToken, data.refreshToken, data.password]
		.filter((value): value is string => typeof value === 'string' && value.length >= 4);
}

export function expectNoSecrets(value: unknown, secrets: string[]): void {
	const text = JSON.stringify(value);
	for (const secret of secrets) expect(text).not.toContain(secret);
	expect(text).not.toMatch(/Bearer\s+[A-Za-z0-9._-]{8,}/);
}

export function requestCount(sim: ConcurSimulator, template: string): number {
	return sim.statsSnapshot().byTemplate[template] ?? 0;
}

export { startConcurSimulator, useConcurSimulator, type ConcurSimulator };
