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

/** The template with one field of its *Settings* node set, as a user edits it. */
export function withSetting(workflow: WorkflowJson, field: string, value: string): WorkflowJson {
	const settings = workflow.nodes.find((node) => node.name === 'Settings');
	const assignment = (settings?.parameters.assignments as { assignments: Array<{ name: string; value: string }> } | undefined)?.assignments.find((candidate) => candidate.name === field);
	if (!assignment) throw new Error(`${workflow.id}: no Settings field ${field}`);
	assignment.value = value;
	return workflow;
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
	return await withPages(n8n, (await n8n.waitForExecutionDone(executionId, timeoutMs)) as Execution);
}

type NodeRun = { data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> }; error?: { message?: string }; metadata?: { subExecution?: { executionId?: string } } };

export interface Execution {
	id: string;
	status: string;
	data?: { resultData?: { runData?: Record<string, NodeRun[]>; error?: { message?: string } } };
}

/** The execution with the node runs of the pages it posted (*Post Next Page*'s sub-executions) added, as if one execution had run them. */
export async function withPages<T extends Execution>(n8n: N8nInstance, execution: T): Promise<T> {
	const runData = execution.data?.resultData?.runData;
	const pageIds = (runData?.['Post Next Page'] ?? []).map((run) => run.metadata?.subExecution?.executionId).filter((id): id is string => Boolean(id));
	for (const id of pageIds) {
		const page = (await n8n.getExecution(id)) as Execution;
		for (const [node, runs] of Object.entries(page.data?.resultData?.runData ?? {})) runData![node] = [...(runData![node] ?? []), ...runs];
	}
	return execution;
}

/** Every item a node put on one output, over all its runs in the execution. */
export function outputOf(execution: Execution, nodeName: string, output = 0): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData?.runData?.[nodeName] ?? [];
	return runs.flatMap((run) => (run.data?.main?.[output] ?? []).map((item) => item.json));
}

export function executionError(execution: Execution): string | undefined {
	return execution.data?.resultData?.error?.message;
}
