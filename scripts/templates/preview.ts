/**
 * The *Preview* setting of the posting templates: with `preview` = `true` in *Settings* a run reads
 * and maps the documents and looks them up in IFS, and outputs per document what would be posted,
 * what is held and why, and what IFS already holds — without the reference sync, the recovery
 * sweep, claims, acknowledgements, IFS writes, Concur confirmations or audit rows. Gates ("Preview
 * Only?" If nodes) are put into a finished template's connections, so the template builders stay
 * as they are.
 */
import type { IConnection } from 'n8n-workflow';

import type { Template } from './nodes';

/** The Settings field; anything but `true` posts for real. */
export const PREVIEW_SETTING = { preview: 'false' };

/** Whether this run previews; runs that do not pass through Settings (Concur events) never do. */
export const PREVIEWING = "$('Settings').isExecuted ? String($('Settings').first().json.preview).trim().toLowerCase() === 'true' : false";

/** The node whose output 0 is the preview of a run. */
export const PREVIEW_NODE = 'Preview: What Would Be Posted';

/** The Posting operation's Dry Run follows the Settings (one expression, evaluated once per run). */
export const DRY_RUN_PARAMETER = { dryRun: `={{ ${PREVIEWING} }}` };

type Target = [node: string, input: number];

/**
 * Puts an If gate on `from`'s output: what went there before goes on the gate's false output; in a
 * preview run the items go to `previewTo` instead.
 */
export function gate(template: Template, from: string, output: number, name: string, at: [number, number], previewTo: Target[]): Template {
	const outputs = template.connections[from]?.main ?? [];
	const before: IConnection[] = outputs[output] ?? [];
	if (before.length === 0) throw new Error(`${template.name}: "${from}" output ${output} is connected to nothing; nothing to gate`);
	outputs[output] = [];
	template.add(name, 'n8n-nodes-base.if', 2.2, at, {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: [{ id: `${template.id}-preview-${template.nodes.length}`, leftValue: `={{ ${PREVIEWING} }}`, rightValue: '', operator: { type: 'boolean', operation: 'true', singleValue: true } }],
			combinator: 'and',
		},
		options: {},
	});
	template.connect(from, name, output);
	for (const [node, input] of previewTo) template.connect(name, node, 0, input);
	for (const connection of before) template.connect(name, connection.node, 1, connection.index);
	return template;
}

export interface PreviewWiring {
	/** The node that decides between the preview and the real run (Settings → first node of either). */
	start: { previewTo: string; at: [number, number] };
	/** Where documents are read, and the node they go to for claims in a real run; a preview skips to the mapping. */
	reads: Array<{ from: string; name: string; at: [number, number] }>;
	mapNode: string;
	postNode: string;
	/** Where the preview output lands on the canvas. */
	at: [number, number];
}

/**
 * Gates a posting template: Settings → preview path; reads → mapping without claims; mapped
 * documents → Post (Dry Run) → preview; held documents → preview instead of Concur and the audit.
 */
export function addPreview(template: Template, wiring: PreviewWiring): Template {
	const [x, y] = wiring.at;
	const post = template.nodes.find((node) => node.name === wiring.postNode);
	if (!post) throw new Error(`${template.name}: no node "${wiring.postNode}" to run as a Dry Run`);
	Object.assign(post.parameters, DRY_RUN_PARAMETER);
	gate(template, 'Settings', 0, 'Preview Only?', wiring.start.at, [[wiring.start.previewTo, 0]]);
	for (const read of wiring.reads) gate(template, read.from, 0, read.name, read.at, [[wiring.mapNode, 0]]);
	template.add(PREVIEW_NODE, 'n8n-nodes-base.merge', 3.2, [x + 1, y], { numberInputs: 2 });
	gate(template, wiring.postNode, 0, 'Preview Only? (Posted)', [x, y - 0.5], [[PREVIEW_NODE, 0]]);
	gate(template, wiring.mapNode, 1, 'Preview Only? (Held)', [x, y + 0.5], [[PREVIEW_NODE, 1]]);
	return template.note(PREVIEW_NOTE, [x, y + 1.5], [560, 240]);
}

export const PREVIEW_NOTE = `## Preview
Set **preview** in *Settings* to \`true\` and run: documents are read and mapped, and looked up in IFS (*Post to IFS* runs as a **Dry Run**) — nothing is acknowledged, claimed, posted, confirmed or written to the audit table, and the reference sync and recovery sweep are skipped.
**${PREVIEW_NODE}** lists per document the \`action\` (would-post, already-in-ifs, held), the IFS rows (account, cost center, amounts in the document and the accounting currency), the reasons a document is held and what IFS already holds (\`inIfs\`). Set it back to \`false\` to post.`;
