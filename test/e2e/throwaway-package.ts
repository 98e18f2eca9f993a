/**
 * Generates a tiny, already "built" community package in a temp dir, for testing the runner itself
 * without depending on the project's build: `n8n-nodes-e2e-throwaway` with one programmatic node
 * `helloWorld` that outputs `{ hello: 'world', ...input }` per item and throws while a flag file exists
 * (used to produce a failed execution that can then be retried successfully).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const THROWAWAY_PACKAGE = 'n8n-nodes-e2e-throwaway';
export const THROWAWAY_NODE = 'helloWorld';
export const THROWAWAY_NODE_TYPE = `${THROWAWAY_PACKAGE}.${THROWAWAY_NODE}`;

const NODE_JS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.HelloWorld = void 0;
const fs = require("fs");
class HelloWorld {
	constructor() {
		this.description = {
			displayName: 'Hello World (e2e)',
			name: 'helloWorld',
			icon: 'fa:globe',
			group: ['transform'],
			version: 1,
			subtitle: 'hello',
			description: 'Outputs {hello: "world"}; fails while the flag file exists',
			defaults: { name: 'Hello World' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [
				{ displayName: 'Fail While File Exists', name: 'failFlagFile', type: 'string', default: '' },
			],
		};
	}
	async execute() {
		const items = this.getInputData();
		const out = [];
		for (let i = 0; i < items.length; i++) {
			const flag = this.getNodeParameter('failFlagFile', i, '');
			if (flag && fs.existsSync(flag)) throw new Error('Downstream unavailable (flag file ' + flag + ' exists)');
			const body = items[i].json && items[i].json.body ? { received: items[i].json.body } : {};
			out.push({ json: { hello: 'world', ...body }, pairedItem: { item: i } });
		}
		return [out];
	}
}
exports.HelloWorld = HelloWorld;
`;

/** Write the package into a new temp dir and return that dir (package.json + dist/). */
export function createThrowawayPackage(parent = os.tmpdir()): string {
	const dir = fs.mkdtempSync(path.join(parent, 'n8n-throwaway-pkg-'));
	const pkg = {
		name: THROWAWAY_PACKAGE,
		version: '0.0.1',
		description: 'Throwaway package for the e2e runner self-test',
		license: 'MIT',
		keywords: ['n8n-community-node-package'],
		files: ['dist'],
		n8n: { n8nNodesApiVersion: 1, credentials: [], nodes: ['dist/nodes/HelloWorld/HelloWorld.node.js'] },
		peerDependencies: { 'n8n-workflow': '*' },
	};
	fs.mkdirSync(path.join(dir, 'dist', 'nodes', 'HelloWorld'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
	fs.writeFileSync(path.join(dir, 'dist', 'nodes', 'HelloWorld', 'HelloWorld.node.js'), NODE_JS);
	return dir;
}

/** Manual Trigger → Hello World (runnable with `n8n execute`). */
export function manualWorkflow(id = 'e2eManualHello01', nodeType = THROWAWAY_NODE_TYPE): any {
	return {
		id,
		name: `e2e manual ${id}`,
		active: false,
		nodes: [
			{ id: 'm1', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'h1', name: 'Hello', type: nodeType, typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { Manual: { main: [[{ node: 'Hello', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** Webhook (POST /webhook/<path>, responds with the last node's output) → Hello World. */
export function webhookWorkflow(id: string, webhookPath: string, failFlagFile = ''): any {
	return {
		id,
		name: `e2e webhook ${id}`,
		active: false,
		nodes: [
			{
				id: 'w1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: `${id}-hook`,
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', options: {} },
			},
			{ id: 'h1', name: 'Hello', type: THROWAWAY_NODE_TYPE, typeVersion: 1, position: [220, 0], parameters: { failFlagFile } },
		],
		connections: { Webhook: { main: [[{ node: 'Hello', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}
