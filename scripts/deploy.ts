/**
 * Puts the package's templates into a real n8n the way a user would: the two credentials under
 * their documented placeholder ids, then the workflow JSON files as shipped. Used by the demo,
 * the e2e tests and the benchmark.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import type { N8nInstance } from './n8n-runtime';
import { CREDENTIAL_IDS, WORKFLOW_IDS } from './templates/nodes';

export { WORKFLOW_IDS };

const WORKFLOW_DIR = path.join(__dirname, '..', 'workflows');

export const TEMPLATE_FILES = {
	referenceSync: '01-reference-data-sync.json',
	expensePosting: '02-expense-posting.json',
	invoicePosting: '03-invoice-posting.json',
	purchaseRequests: '04-purchase-requests-to-requisitions.json',
	eventPosting: '05-event-driven-posting.json',
	reconciliation: '06-reconciliation-report.json',
	connectionHealth: '07-concur-connection-health.json',
} as const;

export type TemplateName = keyof typeof TEMPLATE_FILES;

interface WorkflowJson {
	id: string;
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
}

export function templateJson(name: TemplateName): WorkflowJson {
	return JSON.parse(readFileSync(path.join(WORKFLOW_DIR, TEMPLATE_FILES[name]), 'utf8')) as WorkflowJson;
}

/** The one thing the event templates cannot ship: the ESS public key(s) of the Concur tenant. */
export function withEssPublicKey(workflow: WorkflowJson, publicKeyPem: string): WorkflowJson {
	for (const node of workflow.nodes) {
		if (node.type.endsWith('.sapConcurEventTrigger')) node.parameters.publicKeys = publicKeyPem;
	}
	return workflow;
}

export async function importCredentials(n8n: N8nInstance, data: { concur: Record<string, string>; ifs: Record<string, string> }): Promise<void> {
	await n8n.importCredentials([
		{ id: CREDENTIAL_IDS.concur, name: 'SAP Concur', type: 'sapConcurOAuth2Api', data: data.concur },
		{ id: CREDENTIAL_IDS.ifs, name: 'IFS Cloud', type: 'ifsCloudOAuth2Api', data: data.ifs },
	]);
}

export async function importTemplates(n8n: N8nInstance, workflows: WorkflowJson[]): Promise<void> {
	const result = await n8n.importWorkflow(workflows);
	if (result.code !== 0) throw new Error(`n8n import:workflow failed: ${result.stderr.slice(-2000)}`);
}

/** What the editor's "Execute workflow" button does: a manual run from the named trigger, awaited. */
export async function runFromTrigger(n8n: N8nInstance, workflowId: string, trigger = 'Run Now', timeoutMs = 600_000): Promise<Execution> {
	const answer = await n8n.rest.post(`/workflows/${workflowId}/run`, { triggerToStartFrom: { name: trigger } });
	const executionId = String(answer.data?.data?.executionId ?? '');
	if (!executionId) throw new Error(`n8n did not start workflow ${workflowId}: ${JSON.stringify(answer.data).slice(0, 500)}`);
	return (await n8n.waitForExecutionDone(executionId, timeoutMs)) as Execution;
}

export interface Execution {
	id: string;
	status: string;
	data?: { resultData?: { runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> }; error?: { message?: string } }>>; error?: { message?: string } } };
}

/** Every item a node put on one output, over all its runs in the execution. */
export function outputOf(execution: Execution, nodeName: string, output = 0): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData?.runData?.[nodeName] ?? [];
	return runs.flatMap((run) => (run.data?.main?.[output] ?? []).map((item) => item.json));
}

export function executionError(execution: Execution): string | undefined {
	return execution.data?.resultData?.error?.message;
}
