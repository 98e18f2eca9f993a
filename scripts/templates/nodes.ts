/** Small builders for the n8n workflow JSON the templates are made of. */
import type { IConnections, IDataObject } from 'n8n-workflow';

export const PACKAGE = 'n8n-nodes-concur-ifs';

/** Documented placeholder ids: import the two credentials with these ids first and the templates link to them. */
export const CREDENTIAL_IDS = { concur: 'sapConcurCred001', ifs: 'ifsCloudCred0001' };
export const CONCUR = { sapConcurOAuth2Api: { id: CREDENTIAL_IDS.concur, name: 'SAP Concur' } };
export const IFS = { ifsCloudOAuth2Api: { id: CREDENTIAL_IDS.ifs, name: 'IFS Cloud' } };

export const WORKFLOW_IDS = {
	referenceSync: 'cifRefSync000001',
	expensePosting: 'cifExpPost000001',
	invoicePosting: 'cifInvPost000001',
	purchaseRequests: 'cifPurReq0000001',
	eventPosting: 'cifEvtPost000001',
	reconciliation: 'cifRecon00000001',
	connectionHealth: 'cifConHealth0001',
};

export const AUDIT_TABLE = 'concur_ifs_audit';
export const LEDGER_TABLE = 'concur_ifs_ledger';

export interface TemplateNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: IDataObject;
	credentials?: IDataObject;
	executeOnce?: boolean;
	alwaysOutputData?: boolean;
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	disabled?: boolean;
	webhookId?: string;
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
}

export class Template {
	readonly nodes: TemplateNode[] = [];
	readonly connections: IConnections = {};

	constructor(
		readonly id: string,
		readonly name: string,
	) {}

	add(name: string, type: string, typeVersion: number, at: [number, number], parameters: IDataObject, extra: Partial<TemplateNode> = {}): this {
		if (this.nodes.some((node) => node.name === name)) throw new Error(`${this.name}: two nodes named "${name}" (n8n connects nodes by name)`);
		const id = `${this.id}-${this.nodes.length + 1}`;
		this.nodes.push({ id, name, type, typeVersion, position: [at[0] * 240, at[1] * 200], parameters, ...extra });
		return this;
	}

	/** Sets parameters of a node added earlier (e.g. what one template's shared node must differ in). */
	setParameters(name: string, parameters: IDataObject): this {
		const node = this.nodes.find((candidate) => candidate.name === name);
		if (!node) throw new Error(`${this.name}: no node named "${name}"`);
		node.parameters = { ...parameters, ...node.parameters, ...parameters }; // listed first in the JSON, and winning
		return this;
	}

	/** Connects `from`'s output `output` to `to`'s input `input`. */
	connect(from: string, to: string, output = 0, input = 0): this {
		const outputs = (this.connections[from] ??= { main: [] }).main;
		while (outputs.length <= output) outputs.push([]);
		outputs[output]!.push({ node: to, type: 'main', index: input });
		return this;
	}

	/** A sticky note named after its `## heading`, so the editor's node list says what it is about. */
	note(content: string, at: [number, number], size: [number, number] = [460, 260]): this {
		const heading = /^## (.+)$/m.exec(content)?.[1]?.trim();
		if (!heading) throw new Error(`${this.name}: a sticky note starts with a "## " heading that names it`);
		return this.add(`Note: ${heading}`, 'n8n-nodes-base.stickyNote', 1, at, { content, width: size[0], height: size[1] });
	}

	toJSON() {
		return {
			id: this.id,
			name: this.name,
			nodes: this.nodes,
			connections: this.connections,
			settings: { executionOrder: 'v1', saveDataErrorExecution: 'all', saveDataSuccessExecution: 'all' },
			pinData: {},
			active: false,
			tags: [],
		};
	}
}

export const ours = (name: string) => `${PACKAGE}.${name}`;

export const manualTrigger = (template: Template, at: [number, number], name = 'Run Now') => template.add(name, 'n8n-nodes-base.manualTrigger', 1, at, {});

export function scheduleTrigger(template: Template, at: [number, number], name: string, hour: number) {
	return template.add(name, 'n8n-nodes-base.scheduleTrigger', 1.2, at, { rule: { interval: [{ field: 'days', triggerAtHour: hour }] } });
}

export function setFields(template: Template, name: string, at: [number, number], fields: Record<string, string>, extra: { includeOtherFields?: boolean } = {}) {
	const assignments = Object.entries(fields).map(([field, value], index) => ({ id: `${template.id}-f${index}`, name: field, value, type: 'string' }));
	return template.add(name, 'n8n-nodes-base.set', 3.4, at, { assignments: { assignments }, ...extra, options: {} });
}

export function ifEquals(template: Template, name: string, at: [number, number], leftValue: string, rightValue: string) {
	return template.add(name, 'n8n-nodes-base.if', 2.2, at, {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: [{ id: `${template.id}-c${template.nodes.length}`, leftValue, rightValue, operator: { type: 'string', operation: 'equals' } }],
			combinator: 'and',
		},
		options: {},
	});
}

/** An If node on a boolean expression (without `={{ }}`): output 0 when it is true. */
export function ifTrue(template: Template, name: string, at: [number, number], expression: string) {
	return template.add(name, 'n8n-nodes-base.if', 2.2, at, {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: [{ id: `${template.id}-c${template.nodes.length}`, leftValue: `={{ ${expression} }}`, rightValue: '', operator: { type: 'boolean', operation: 'true', singleValue: true } }],
			combinator: 'and',
		},
		options: {},
	});
}

export function executeWorkflow(template: Template, name: string, at: [number, number], workflowId: string) {
	return template.add(name, 'n8n-nodes-base.executeWorkflow', 1.2, at, {
		workflowId: { __rl: true, value: workflowId, mode: 'id' },
		options: { waitForSubWorkflow: true },
	});
}

export type ColumnType = 'string' | 'number';

/** Creates the data table on the first run (the core Data Table node; our nodes cannot reach data tables). */
export function ensureDataTable(template: Template, name: string, at: [number, number], tableName: string, columns: Record<string, ColumnType>) {
	return template.add(
		name,
		'n8n-nodes-base.dataTable',
		1.1,
		at,
		{
			resource: 'table',
			operation: 'create',
			tableName,
			columns: { column: Object.entries(columns).map(([column, type]) => ({ name: column, type })) },
			options: { createIfNotExists: true },
		},
		// Two executions creating the table at once: one gets "UNIQUE constraint failed"; its retry finds the table.
		{ executeOnce: true, retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 },
	);
}

/** The Data Table node's column mapping for an insert or update: `values` per column. */
export function rowValues(values: Record<string, string>, types: Record<string, ColumnType>): IDataObject {
	return {
		mappingMode: 'defineBelow',
		value: values,
		matchingColumns: [],
		schema: Object.keys(values).map((column) => ({ id: column, displayName: column, required: false, defaultMatch: false, display: true, type: types[column] ?? 'string', canBeUsedToMatch: true })),
	};
}
