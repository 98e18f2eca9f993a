/**
 * The templates for n8n 1.x (workflows/n8n-1.x/): n8n 1.123's Data table node is version 1, which
 * can neither create a table nor find one by name. There the two tables are created by hand (Data
 * tables → Create, with the columns below) and every Data table node names a table by its id: the
 * placeholders `REPLACE_WITH_<table>_ID` are replaced with the ids before importing. A placeholder
 * left in place fails the run with n8n's "data table … not found" naming it; nothing is skipped.
 */
import * as path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { AUDIT_TABLE, LEDGER_TABLE, type Template, type TemplateNode } from './nodes';

export const N8N_1X_DIR = path.join(__dirname, '..', '..', 'workflows', 'n8n-1.x');

export const TABLE_ID_PLACEHOLDER = (table: string) => `REPLACE_WITH_${table}_ID`;

type Workflow = ReturnType<Template['toJSON']>;

/** The same workflow for n8n 1.x: Data table nodes at version 1, tables by id, "Ensure … Table" nodes only check that the table is there. */
export function forN8n1x(workflow: Workflow): Workflow {
	return { ...workflow, nodes: workflow.nodes.map((node) => (node.type === 'n8n-nodes-base.dataTable' ? dataTableV1(node) : node)) };
}

function dataTableV1(node: TemplateNode): TemplateNode {
	const parameters = node.parameters;
	if (parameters.resource === 'table') {
		// Reads one row of the table (or none): fails when the table does not exist, passes one item on either way.
		const table = String(parameters.tableName);
		return { ...node, typeVersion: 1, alwaysOutputData: true, parameters: { resource: 'row', operation: 'get', dataTableId: byId(table), returnAll: false, limit: 1 } };
	}
	const locator = parameters.dataTableId as IDataObject | undefined;
	return { ...node, typeVersion: 1, parameters: { ...parameters, ...(locator ? { dataTableId: byId(String(locator.value)) } : {}) } };
}

function byId(table: string): IDataObject {
	if (![AUDIT_TABLE, LEDGER_TABLE].includes(table)) throw new Error(`unknown data table ${table}`);
	return { __rl: true, mode: 'id', value: TABLE_ID_PLACEHOLDER(table) };
}

/** Puts the ids of the tables a user created into a 1.x template (what the README tells users to do by search and replace). */
export function withTableIds(json: string, ids: Record<string, string>): string {
	return Object.entries(ids).reduce((text, [table, id]) => text.split(TABLE_ID_PLACEHOLDER(table)).join(id), json);
}
