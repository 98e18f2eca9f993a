/**
 * What the editor shows for each node before anything runs: the canvas subtitle of every node in
 * the shipped templates (evaluated as n8n's editor does), the *Docs* link (a section of the README)
 * and a description of its own in the node creator.
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { NodeHelpers, Workflow, type INode, type INodeType, type INodeTypes } from 'n8n-workflow';

import { ConcurToIfs } from '../../nodes/ConcurToIfs/ConcurToIfs.node';
import { IfsCloud } from '../../nodes/IfsCloud/IfsCloud.node';
import { ConcurIfsReferenceSync } from '../../nodes/ReferenceSync/ConcurIfsReferenceSync.node';
import { SapConcur } from '../../nodes/SapConcur/SapConcur.node';
import { SapConcurEventTrigger } from '../../nodes/SapConcur/SapConcurEventTrigger.node';
import { SapConcurPollingTrigger } from '../../nodes/SapConcur/SapConcurPollingTrigger.node';
import { README_URL } from '../../nodes/shared/descriptions';

const ROOT = path.join(__dirname, '..', '..');
const PACKAGE = 'n8n-nodes-concur-ifs';
const nodeTypes: INodeType[] = [new SapConcur(), new SapConcurPollingTrigger(), new SapConcurEventTrigger(), new IfsCloud(), new ConcurToIfs(), new ConcurIfsReferenceSync()];
const byType = new Map(nodeTypes.map((nodeType) => [`${PACKAGE}.${nodeType.description.name}`, nodeType]));
const registry: INodeTypes = {
	getByName: (type) => byType.get(type)!,
	getByNameAndVersion: (type) => byType.get(type)!,
	getKnownTypes: () => ({}),
};

/** The subtitle as the editor computes it: the node's parameters with defaults, through n8n's expression engine. */
function subtitleOf(node: INode): string {
	const nodeType = byType.get(node.type)!;
	// an expression (e.g. `{{ $json.docType }}`) has no value before a run: the subtitle must read without it
	const fixed = Object.fromEntries(Object.entries(node.parameters).map(([name, value]) => [name, typeof value === 'string' && value.startsWith('=') ? '' : value]));
	const parameters = NodeHelpers.getNodeParameters(nodeType.description.properties, fixed, true, false, node, nodeType.description);
	const withDefaults = { ...node, parameters: parameters ?? {} };
	const workflow = new Workflow({ nodes: [withDefaults], connections: {}, active: false, nodeTypes: registry });
	return String(workflow.expression.getSimpleParameterValue(withDefaults, nodeType.description.subtitle as string, 'internal', {}) ?? '');
}

const templateNodes = readdirSync(path.join(ROOT, 'workflows'))
	.filter((file) => file.endsWith('.json'))
	.flatMap((file) => (JSON.parse(readFileSync(path.join(ROOT, 'workflows', file), 'utf8')) as { nodes: INode[] }).nodes.map((node) => ({ file, node })))
	.filter(({ node }) => byType.has(node.type));

/** GitHub's anchor of a README heading. */
const anchor = (heading: string) => heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');

describe('node descriptions', () => {
	it('every template node of ours has a subtitle in words, never raw ids', () => {
		const subtitles = Object.fromEntries(templateNodes.map(({ file, node }) => [`${file.slice(0, 2)} ${node.name}`, subtitleOf(node)]));
		for (const [node, subtitle] of Object.entries(subtitles)) {
			if (node === '04 Purchase Request Events') continue; // the custom topic the user named
			expect([node, subtitle]).toEqual([node, expect.stringMatching(/^[A-Z][a-z-]+( [\w-↔]+)*$/)]);
			expect([node, subtitle]).not.toEqual([node, expect.stringMatching(/getMany|financialDocument|: /)]);
		}
		expect(subtitles).toMatchObject({
			'02 Ready Expense Documents': 'Get ready expense documents',
			'03 Ready Invoice Documents': 'Get ready invoice documents',
			'02 Acknowledge in Concur': 'Acknowledge financial documents',
			'05 Acknowledge in Concur': 'Acknowledge financial documents',
			'02 Post to IFS': 'Post documents',
			'02 Approved Reports': 'Get many expense reports',
			'05 Concur Ready-for-Integration Events': 'Ready-for-integration events',
			'04 Purchase Request Events': 'public.concur.purchaserequest events',
			'06 IFS Companies': 'Get many records',
			'01 Sync Vendors': 'Vendors ↔ suppliers',
		});
	});

	it('the polling trigger names its event', () => {
		const trigger = { id: 't', name: 'T', type: `${PACKAGE}.sapConcurPollingTrigger`, typeVersion: 1, position: [0, 0] as [number, number], parameters: { event: 'expenseReportApproved' } };
		expect(subtitleOf(trigger)).toBe('Expense Report Approved');
	});

	it('each *Docs* link opens the README section of its node', () => {
		const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
		const anchors = new Set([...readme.matchAll(/^#{2,4} (.+)$/gm)].map((match) => anchor(match[1])));
		const base = README_URL.replace('#readme', '');
		for (const { description } of nodeTypes) {
			expect(description.documentationUrl).toMatch(new RegExp(`^${base.replace(/[.]/g, '\\.')}#[a-z-]+$`));
			expect([description.name, anchors.has(description.documentationUrl!.split('#')[1])]).toEqual([description.name, true]);
		}
	});

	it('no node type merges into another in the node creator, so each shows its own description there', () => {
		// n8n's editor merges "<x>Trigger" into the node "<x>" and shows the trigger's description for both
		const names = nodeTypes.map(({ description }) => description.name);
		for (const name of names.filter((candidate) => candidate.includes('Trigger'))) expect(names).not.toContain(name.replace('Trigger', ''));
		expect(new Set(nodeTypes.map(({ description }) => description.description)).size).toBe(nodeTypes.length);
	});
});
