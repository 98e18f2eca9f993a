/**
 * A probe community package for measuring what n8n 2.41.1 offers a community node as a claim
 * store: `storeProbe` calls `helpers.getDataTableProxy` (data tables) or
 * `helpers.checkProcessedAndRecord` (n8n's deduplication store) and reports what happened.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const PROBE_PACKAGE = 'n8n-nodes-e2e-store-probe';
export const PROBE_NODE_TYPE = `${PROBE_PACKAGE}.storeProbe`;

const NODE_JS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
class StoreProbe {
	constructor() {
		this.description = {
			displayName: 'Store Probe (e2e)', name: 'storeProbe', icon: 'fa:database', group: ['transform'], version: 1,
			description: 'Measures the stores n8n offers community nodes', defaults: { name: 'Store Probe' },
			inputs: ['main'], outputs: ['main'],
			properties: [
				{ displayName: 'Probe', name: 'probe', type: 'options', default: 'dedupe', options: [{ name: 'Data Table Proxy', value: 'dataTable' }, { name: 'Deduplication', value: 'dedupe' }] },
				{ displayName: 'Key', name: 'key', type: 'string', default: '' },
			],
		};
	}
	async execute() {
		const out = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			const probe = this.getNodeParameter('probe', i);
			const key = this.getNodeParameter('key', i);
			try {
				if (probe === 'dataTable') {
					if (typeof this.helpers.getDataTableProxy !== 'function') throw new Error('helpers.getDataTableProxy is not offered');
					await this.helpers.getDataTableProxy(key);
					out.push({ json: { key, outcome: 'proxy granted' } });
				} else {
					const result = await this.helpers.checkProcessedAndRecord([key], 'workflow', { mode: 'entries' });
					out.push({ json: { key, outcome: result.new.length ? 'new' : 'processed' } });
				}
			} catch (error) {
				out.push({ json: { key, outcome: 'error', message: String(error && error.message || error) } });
			}
		}
		return [out];
	}
}
exports.StoreProbe = StoreProbe;
`;

/** Writes the probe package (package.json + dist/) into a new temp dir and returns it. */
export function createStoreProbePackage(parent = os.tmpdir()): string {
	const dir = fs.mkdtempSync(path.join(parent, 'n8n-store-probe-'));
	const pkg = {
		name: PROBE_PACKAGE,
		version: '0.0.1',
		license: 'MIT',
		keywords: ['n8n-community-node-package'],
		n8n: { n8nNodesApiVersion: 1, credentials: [], nodes: ['dist/nodes/StoreProbe/StoreProbe.node.js'] },
		peerDependencies: { 'n8n-workflow': '*' },
	};
	fs.mkdirSync(path.join(dir, 'dist', 'nodes', 'StoreProbe'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
	fs.writeFileSync(path.join(dir, 'dist', 'nodes', 'StoreProbe', 'StoreProbe.node.js'), NODE_JS);
	return dir;
}
