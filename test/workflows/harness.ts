/**
 * In-process workflow runner: executes workflow JSON through n8n-core's real WorkflowExecute with
 * the package's compiled nodes and credentials (dist/), no server and no database. Its credentials
 * helper mirrors what n8n's CLI does, so credential behaviour (preAuthentication, persistence of
 * every returned key, OAuth2 client-credentials tokens) is testable here.
 */
import 'reflect-metadata';
import * as path from 'node:path';
import {
	ExecutionLifecycleHooks,
	HookContext,
	PollContext,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	createRunExecutionData,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type IDataObject,
	type IPinData,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IVersionedNodeType,
	type IWebhookData,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type IConnections,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import type { Simulators } from '../simulators';

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE = require(path.join(ROOT, 'package.json')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};
export const PACKAGE_PREFIX = PACKAGE.name;
export const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';

/** Loads every class a compiled file exports (dist/…), keyed by its description / name. */
function loadExports<T>(relativePaths: string[]): T[] {
	return relativePaths.flatMap((relative) => {
		const moduleExports = require(path.join(ROOT, relative)) as Record<string, new () => T>;
		return Object.values(moduleExports)
			.filter((value) => typeof value === 'function')
			.map((Class) => new Class());
	});
}

const passThroughTrigger: INodeType = {
	description: {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Stand-in for n8n-nodes-base.manualTrigger',
		defaults: { name: 'Manual Trigger' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	},
	async execute() {
		return [[{ json: {} }]];
	},
};

class PackageNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	constructor() {
		this.types.set(MANUAL_TRIGGER, passThroughTrigger);
		for (const nodeType of loadExports<INodeType | IVersionedNodeType>(PACKAGE.n8n.nodes)) {
			const name = 'nodeVersions' in nodeType ? nodeType.description.name : nodeType.description.name;
			this.types.set(`${PACKAGE_PREFIX}.${name}`, nodeType);
		}
	}

	getByName(nodeType: string) {
		const found = this.types.get(nodeType);
		if (!found) throw new Error(`Unknown node type ${nodeType}`);
		return found;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		return {};
	}
}

export const credentialTypes = new Map(
	loadExports<ICredentialType>(PACKAGE.n8n.credentials).map((type) => [type.name, type]),
);

/** The credentials "database": what n8n would hold encrypted, here in memory and inspectable. */
export class CredentialStore {
	private readonly records = new Map<string, { type: string; name: string; data: ICredentialDataDecryptedObject }>();
	readonly updates: Array<{ id: string; keys: string[] }> = [];

	add(id: string, type: string, data: ICredentialDataDecryptedObject, name = id): INodeCredentialsDetails {
		if (!credentialTypes.has(type)) throw new Error(`Unknown credential type ${type}`);
		this.records.set(id, { type, name, data: { ...data } });
		return { id, name };
	}

	get(id: string): ICredentialDataDecryptedObject {
		const record = this.records.get(id);
		if (!record) throw new Error(`No credential ${id}`);
		return record.data;
	}

	typeOf(id: string): string {
		return this.records.get(id)!.type;
	}

	/** What n8n does with preAuthentication / OAuth output: overlay every returned key and store it. */
	merge(id: string, data: ICredentialDataDecryptedObject): void {
		const record = this.records.get(id)!;
		record.data = { ...record.data, ...data };
		this.updates.push({ id, keys: Object.keys(data) });
	}

	reference(id: string): { id: string; name: string } {
		return { id, name: this.records.get(id)!.name };
	}
}

/** A fresh store with both simulators' credentials, as ids `concur` and `ifs`. */
export function simulatorCredentials(sims: Simulators): CredentialStore {
	const store = new CredentialStore();
	store.add('concur', 'sapConcurOAuth2Api', sims.credentialData.concur);
	store.add('ifs', 'ifsCloudOAuth2Api', sims.credentialData.ifs);
	return store;
}

const expressionPattern = /\{\{(.+?)\}\}/g;

/** Resolves the `={{$self["x"]…}}` defaults our credential types use, as n8n does on decrypt. */
function resolveSelfExpressions(value: unknown, self: IDataObject): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return value.slice(1).replace(expressionPattern, (_match, code: string) => {
		const evaluate = new Function('$self', '$credentials', `return (${code});`) as (s: IDataObject, c: IDataObject) => unknown;
		return String(evaluate(self, self));
	});
}

function withDefaults(properties: INodeProperties[], stored: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
	const data: ICredentialDataDecryptedObject = {};
	for (const property of properties) {
		data[property.name] = (stored[property.name] ?? property.default) as ICredentialDataDecryptedObject[string];
	}
	if (stored.oauthTokenData !== undefined) data.oauthTokenData = stored.oauthTokenData;
	for (const property of properties) {
		data[property.name] = resolveSelfExpressions(data[property.name], data) as ICredentialDataDecryptedObject[string];
	}
	return data;
}

function expirableProperty(type: ICredentialType): string | undefined {
	return type.properties.find((property) => property.type === 'hidden' && property.typeOptions?.expirable)?.name;
}

class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly store: CredentialStore) {
		super();
	}

	getParentTypes(name: string): string[] {
		return credentialTypes.get(name)?.extends ?? [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes.get(type)!.properties;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		return withDefaults(this.getCredentialsProperties(type), this.store.get(nodeCredentials.id!));
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const data = this.store.get(nodeCredentials.id!);
		return { id: nodeCredentials.id, name: nodeCredentials.name, type, data: '', getData: () => data } as unknown as ICredentials;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const authenticate = credentialTypes.get(typeName)!.authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		return requestOptions;
	}

	/** Mirrors n8n's CredentialsHelper.preAuthentication: only when the expirable field is empty or expired. */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypes.get(typeName)!;
		const expirable = expirableProperty(type);
		if (!type.preAuthentication || !expirable) return undefined;
		if (credentials[expirable] !== '' && !credentialsExpired) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable] === undefined) return undefined;
		const id = node.credentials?.[typeName]?.id;
		if (id) this.store.merge(id, output as ICredentialDataDecryptedObject);
		return output as ICredentialDataDecryptedObject;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async updateCredentials(nodeCredentials: INodeCredentialsDetails, _type: string, data: ICredentialDataDecryptedObject) {
		this.store.merge(nodeCredentials.id!, data);
	}

	async updateCredentialsOauthTokenData(nodeCredentials: INodeCredentialsDetails, _type: string, data: ICredentialDataDecryptedObject) {
		this.store.merge(nodeCredentials.id!, { oauthTokenData: data.oauthTokenData });
	}
}

export { processedData } from './processed-data';

export interface WorkflowNode {
	name: string;
	type: string;
	parameters?: IDataObject;
	credentials?: INode['credentials'];
	onError?: INode['onError'];
	typeVersion?: number;
	position?: [number, number];
}

export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: Array<WorkflowNode | INode>;
	connections: IConnections;
	staticData?: IDataObject;
	settings?: IDataObject;
	/** Pinned output per node name, as in n8n workflow JSON (feeds test items into the next node). */
	pinData?: IPinData;
}

/** Manual trigger → node 1 → node 2 …, each connected on its first (success) output. */
export function linearWorkflow(nodes: WorkflowNode[]): WorkflowJson {
	const all: WorkflowNode[] = [{ name: 'Manual Trigger', type: MANUAL_TRIGGER }, ...nodes];
	const connections: IConnections = {};
	all.slice(0, -1).forEach((node, index) => {
		connections[node.name] = { main: [[{ node: all[index + 1].name, type: 'main', index: 0 }]] };
	});
	return { nodes: all, connections };
}

function toNode(node: WorkflowNode | INode, index: number): INode {
	return {
		id: (node as INode).id ?? `node-${index}`,
		typeVersion: 1,
		position: [index * 220, 0],
		parameters: {},
		...node,
	} as INode;
}

export interface RunResult {
	run: IRun;
	status: IRun['status'];
	/** Execution-level error (a node threw without a continue mode). */
	error?: Error;
	/** All output branches of a node's last run: [main, error?]. */
	outputs(nodeName: string): INodeExecutionData[][];
	/** JSON of one output branch (0 = success, 1 = error output when onError is continueErrorOutput). */
	json(nodeName: string, outputIndex?: number): IDataObject[];
	nodeError(nodeName: string): Error | undefined;
	staticData: IDataObject;
}

export interface RunOptions {
	credentials?: CredentialStore;
	mode?: WorkflowExecuteMode;
	executionId?: string;
	startNode?: string;
}

let executionCounter = 0;

function buildWorkflow(json: WorkflowJson, staticData?: IDataObject): Workflow {
	return new Workflow({
		id: json.id ?? 'harness-workflow',
		name: json.name ?? 'harness',
		nodes: json.nodes.map(toNode),
		connections: json.connections,
		active: false,
		nodeTypes: new PackageNodeTypes(),
		staticData: staticData ?? json.staticData ?? {},
		settings: json.settings ?? {},
		pinData: json.pinData,
	});
}

function additionalDataFor(
	store: CredentialStore,
	executionId: string,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		executionId,
		hooks,
		credentialsHelper: new HarnessCredentialsHelper(store),
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		variables: {},
		currentNodeExecutionIndex: 0,
		logAiEvent: () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export async function runWorkflow(json: WorkflowJson, options: RunOptions = {}): Promise<RunResult> {
	const workflow = buildWorkflow(json);
	const startName = options.startNode ?? json.nodes[0].name;
	const runData = createRunExecutionData({
		resultData: { runData: {}, pinData: json.pinData },
		executionData: {
			nodeExecutionStack: [{ node: workflow.getNode(startName)!, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	return await execute(json, workflow, runData, options.mode ?? 'manual', options);
}

/**
 * What n8n's "Retry execution" does with a failed run: keep the run data of the nodes that
 * succeeded, drop the failed node's last run and execute the saved stack (failed node + its input).
 */
export async function retryWorkflow(json: WorkflowJson, failed: RunResult, options: RunOptions = {}): Promise<RunResult> {
	const data = structuredClone(failed.run.data) as IRun['data'];
	const lastNode = data.resultData.lastNodeExecuted;
	if (lastNode) data.resultData.runData[lastNode]?.pop();
	delete data.resultData.error;
	return await execute(json, buildWorkflow(json), data, 'retry', options);
}

async function execute(json: WorkflowJson, workflow: Workflow, runData: IRun['data'], mode: WorkflowExecuteMode, options: RunOptions): Promise<RunResult> {
	const store = options.credentials ?? new CredentialStore();
	const executionId = options.executionId ?? `harness-${++executionCounter}`;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, json as unknown as IWorkflowBase);
	const finished = new Promise<IRun>((resolve) => hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)));
	await new WorkflowExecute(additionalDataFor(store, executionId, hooks), mode, runData).processRunExecutionData(workflow);
	return toResult(await finished, workflow);
}

function toResult(run: IRun, workflow: Workflow): RunResult {
	const lastRun = (nodeName: string) => run.data.resultData.runData[nodeName]?.at(-1);
	const outputs = (nodeName: string) => (lastRun(nodeName)?.data?.main ?? []).map((branch) => branch ?? []);
	return {
		run,
		status: run.status,
		error: run.data.resultData.error as Error | undefined,
		outputs,
		json: (nodeName, outputIndex = 0) => (outputs(nodeName)[outputIndex] ?? []).map((item) => item.json),
		nodeError: (nodeName) => lastRun(nodeName)?.error as Error | undefined,
		staticData: workflow.staticData as IDataObject,
	};
}

/** Runs a polling trigger's poll() once, as n8n's scheduler would; static data persists in `staticData`. */
export async function runPoll(
	node: WorkflowNode,
	options: { credentials?: CredentialStore; staticData?: IDataObject; mode?: WorkflowExecuteMode } = {},
): Promise<{ items: INodeExecutionData[][] | null; staticData: IDataObject }> {
	const store = options.credentials ?? new CredentialStore();
	const staticData = options.staticData ?? {};
	const workflow = buildWorkflow({ nodes: [node], connections: {} }, staticData);
	const instance = workflow.getNode(node.name)!;
	const nodeType = workflow.nodeTypes.getByNameAndVersion(instance.type, instance.typeVersion);
	const context = new PollContext(workflow, instance, additionalDataFor(store, 'poll'), options.mode ?? 'trigger', 'activate');
	const items = await nodeType.poll!.call(context);
	return { items, staticData: workflow.staticData as IDataObject };
}

/** Runs a webhook trigger's lifecycle method (checkExists/create/delete) as n8n does on activation. */
export async function runWebhookMethod(
	node: WorkflowNode,
	method: 'checkExists' | 'create' | 'delete',
	options: { credentials?: CredentialStore; staticData?: IDataObject; webhookUrl: string },
): Promise<{ result: boolean; staticData: IDataObject }> {
	const store = options.credentials ?? new CredentialStore();
	const workflow = buildWorkflow({ nodes: [node], connections: {} }, options.staticData ?? {});
	const instance = workflow.getNode(node.name)!;
	const nodeType = workflow.nodeTypes.getByNameAndVersion(instance.type, instance.typeVersion);
	const webhookData = { webhookDescription: { name: 'default', httpMethod: 'POST', path: 'webhook' }, path: 'webhook', httpMethod: 'POST', node: node.name, workflowId: workflow.id, webhookId: 'hook-1' } as unknown as IWebhookData;
	const additionalData = additionalDataFor(store, 'hook');
	(additionalData as { webhookBaseUrl: string }).webhookBaseUrl = options.webhookUrl;
	const context = new HookContext(workflow, instance, additionalData, 'trigger', 'activate', webhookData);
	const result = await nodeType.webhookMethods!.default![method].call(context);
	return { result, staticData: workflow.staticData as IDataObject };
}

export interface FakeWebhookRequest {
	body: unknown;
	rawBody: Buffer;
	headers: Record<string, string>;
}

/** Delivers one HTTP request to a webhook trigger's webhook(); returns its answer and emitted items. */
export async function runWebhook(
	node: WorkflowNode,
	request: FakeWebhookRequest,
	options: { credentials?: CredentialStore; staticData?: IDataObject } = {},
) {
	const store = options.credentials ?? new CredentialStore();
	const workflow = buildWorkflow({ nodes: [node], connections: {} }, options.staticData ?? {});
	const instance = workflow.getNode(node.name)!;
	const nodeType = workflow.nodeTypes.getByNameAndVersion(instance.type, instance.typeVersion);
	const response = { statusCode: 200, body: undefined as unknown, headers: {} as Record<string, string> };
	const res = {
		status(code: number) { response.statusCode = code; return res; },
		json(body: unknown) { response.body = body; return res; },
		send(body: unknown) { response.body = body; return res; },
		end(body?: unknown) { if (body !== undefined) response.body = body; return res; },
		setHeader(name: string, value: string) { response.headers[name] = value; return res; },
		header(name: string, value: string) { response.headers[name] = value; return res; },
	};
	const lowerHeaders = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
	const req = { body: request.body, rawBody: request.rawBody, headers: lowerHeaders, query: {}, params: {}, method: 'POST' };
	const additionalData = additionalDataFor(store, 'webhook');
	Object.assign(additionalData, { httpRequest: req, httpResponse: res });
	const webhookData = { webhookDescription: { name: 'default', httpMethod: 'POST', path: 'webhook' }, path: 'webhook', httpMethod: 'POST', node: node.name, workflowId: workflow.id, webhookId: 'hook-1' } as unknown as IWebhookData;
	const context = new WebhookContext(workflow, instance, additionalData, 'webhook', webhookData, [], null);
	const result = await nodeType.webhook!.call(context);
	return { result, response, staticData: workflow.staticData as IDataObject };
}
