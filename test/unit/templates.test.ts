import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { CREDENTIAL_IDS, PACKAGE } from '../../scripts/templates/nodes';
import { TEMPLATES, TEMPLATE_DIR, renderTemplate } from '../../scripts/templates/build';

const packageJson = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
const ourNodeFiles = packageJson.n8n.nodes.map((file) => path.basename(file, '.node.js'));
const CORE_NODES = ['manualTrigger', 'scheduleTrigger', 'executeWorkflowTrigger', 'executeWorkflow', 'set', 'if', 'filter', 'code', 'dataTable', 'merge', 'removeDuplicates', 'summarize', 'emailSend', 'stickyNote'];

describe.each(Object.keys(TEMPLATES))('workflow template %s', (name) => {
	const committed = readFileSync(path.join(TEMPLATE_DIR, `${name}.json`), 'utf8');
	const workflow = JSON.parse(committed) as {
		nodes: Array<{ name: string; type: string; credentials?: Record<string, { id: string }> }>;
		connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	};

	it('is what the generator produces (run `npm run templates` after changing one)', () => {
		expect(committed).toBe(renderTemplate(name));
	});

	it('uses only package node types and core nodes', () => {
		for (const node of workflow.nodes) {
			const [prefix, type] = node.type.split('.');
			if (prefix === PACKAGE) expect(ourNodeFiles.map((file) => file.toLowerCase())).toContain(type.toLowerCase());
			else expect([prefix, CORE_NODES.includes(type)]).toEqual(['n8n-nodes-base', true]);
		}
	});

	it('links credentials by the documented placeholder ids only', () => {
		const ids = workflow.nodes.flatMap((node) => Object.values(node.credentials ?? {}).map((credential) => credential.id));
		for (const id of ids) expect(Object.values(CREDENTIAL_IDS)).toContain(id);
	});

	it('connects only nodes that exist', () => {
		const names = new Set(workflow.nodes.map((node) => node.name));
		for (const [from, { main }] of Object.entries(workflow.connections)) {
			expect(names).toContain(from);
			for (const target of main.flat()) expect(names).toContain(target.node);
		}
	});
});
