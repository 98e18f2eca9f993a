/**
 * The posting path of the shipped templates, built from the package's own nodes only (the
 * in-process harness has no core nodes): read ready FIS documents → acknowledge → map →
 * post → confirm success or failure in Concur.
 */
import type { IConnections, IDataObject } from 'n8n-workflow';

import { fisConfirmation, v3IntegrationStatus } from '../../../scripts/templates/posting';
import { MANUAL_TRIGGER, PACKAGE_PREFIX, type WorkflowJson, type WorkflowNode } from '../harness';
import { scenarioMappingParameters } from '../mapping/scenario-mapping';

const concur = { sapConcurOAuth2Api: { id: 'concur', name: 'concur' } };
const ifs = { ifsCloudOAuth2Api: { id: 'ifs', name: 'ifs' } };

function node(name: string, type: string, parameters: IDataObject, credentials: WorkflowNode['credentials']): WorkflowNode {
	return { name, type: `${PACKAGE_PREFIX}.${type}`, parameters, credentials };
}

export function postingChain(docType: 'expense' | 'invoice', postingParameters: IDataObject = {}): WorkflowJson {
	const nodes: WorkflowNode[] = [
		{ name: 'Run Now', type: MANUAL_TRIGGER },
		node('Ready Documents', 'sapConcur', { resource: 'financialDocument', operation: 'getMany', docType, returnAll: true }, concur),
		node('Acknowledge', 'sapConcur', { resource: 'financialDocument', operation: 'acknowledge', docType, documentIds: '={{ $json.id }}' }, concur),
		node('Map to IFS', 'concurToIfs', scenarioMappingParameters, ifs),
		node('Post to IFS', 'ifsCloud', { resource: 'posting', operation: 'post', ...postingParameters }, ifs),
		node('Confirm Posted', 'sapConcur', fisConfirmation, concur),
		node('Confirm Held', 'sapConcur', fisConfirmation, concur),
		node('Confirm Failed', 'sapConcur', fisConfirmation, concur),
	];
	const to = (name: string) => [{ node: name, type: 'main' as const, index: 0 }];
	const connections: IConnections = {
		'Run Now': { main: [to('Ready Documents')] },
		'Ready Documents': { main: [to('Acknowledge')] },
		Acknowledge: { main: [to('Map to IFS')] },
		'Map to IFS': { main: [to('Post to IFS'), to('Confirm Held')] },
		'Post to IFS': { main: [to('Confirm Posted'), to('Confirm Failed')] },
	};
	return { nodes, connections };
}

/** Template 02 with source v3: approved reports in Processing Payment → details → map → post → mark them Paid in Concur. */
export function v3ExpenseChain(): WorkflowJson {
	const nodes: WorkflowNode[] = [
		{ name: 'Run Now', type: MANUAL_TRIGGER },
		node('Approved Reports', 'sapConcur', { resource: 'expenseReport', operation: 'getMany', returnAll: true, filters: { approvalStatusCode: ['A_APPR'], paymentStatusCode: ['P_PROC'] } }, concur),
		node('Report Details', 'sapConcur', { resource: 'expenseReport', operation: 'getWithDetails', reportId: '={{ $json.ID }}', ownerLoginId: '={{ $json.OwnerLoginID }}' }, concur),
		node('Map to IFS', 'concurToIfs', scenarioMappingParameters, ifs),
		node('Post to IFS', 'ifsCloud', { resource: 'posting', operation: 'post' }, ifs),
		node('Mark v3 Report Paid in Concur', 'sapConcur', v3IntegrationStatus, concur),
	];
	const to = (name: string) => [{ node: name, type: 'main' as const, index: 0 }];
	const connections: IConnections = {
		'Run Now': { main: [to('Approved Reports')] },
		'Approved Reports': { main: [to('Report Details')] },
		'Report Details': { main: [to('Map to IFS')] },
		'Map to IFS': { main: [to('Post to IFS')] },
		'Post to IFS': { main: [to('Mark v3 Report Paid in Concur')] },
	};
	return { nodes, connections };
}
