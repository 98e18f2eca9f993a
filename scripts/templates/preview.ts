/**
 * The *Preview* setting of the posting templates: with `preview` = `true` in *Settings* a run reads
 * and maps the documents and looks them up in IFS, and outputs per document what would be posted,
 * what is held and why, and what IFS already holds — without the reference sync, the recovery
 * sweep, claims, acknowledgements, IFS writes, Concur confirmations or audit rows. Gates ("Preview
 * Only?" If nodes) are put into a finished template's connections, so the template builders stay
 * as they are.
 */
import type { IConnection } from 'n8n-workflow';

import { IFS, ifTrue, ours, type Template } from './nodes';

/** The Settings field; anything but `true` posts for real. */
export const PREVIEW_SETTING = { preview: 'false' };

/** Whether this run previews; runs that do not pass through Settings (Concur events) never do. */
export const PREVIEWING = "$('Settings').isExecuted ? String($('Settings').first().json.preview).trim().toLowerCase() === 'true' : false";

/** The node whose output 0 is the preview of a run. */
export const PREVIEW_NODE = 'Preview: What Would Be Posted';

/** Mapped and held documents of a preview, together. */
const PREVIEW_INPUT = 'Preview: Mapped and Held';

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
	ifTrue(template, name, at, PREVIEWING);
	template.connect(from, name, output);
	for (const [node, input] of previewTo) template.connect(name, node, 0, input);
	for (const connection of before) template.connect(name, connection.node, 1, connection.index);
	return template;
}

export interface PreviewWiring {
	/** Settings → the first node of the preview path (the real path goes on as before). */
	start: { previewTo: string; at: [number, number] };
	/** Gates on the read path: a preview skips from `from` straight to `to` (past claims, and past the ledger, which may not exist yet). */
	skips: Array<{ from: string; to: string; name: string; at: [number, number] }>;
	mapNode: string;
	/** Where the preview nodes land on the canvas. */
	at: [number, number];
}

/**
 * Gates a posting template: Settings → preview path; reads → mapping without claims; mapped and
 * held documents → one IFS Cloud node in Dry Run, instead of posting, Concur and the audit table.
 */
export function addPreview(template: Template, wiring: PreviewWiring): Template {
	const [x, y] = wiring.at;
	gate(template, 'Settings', 0, 'Preview Only?', wiring.start.at, [[wiring.start.previewTo, 0]]);
	for (const skip of wiring.skips) gate(template, skip.from, 0, skip.name, skip.at, [[skip.to, 0]]);
	template
		.add(PREVIEW_INPUT, 'n8n-nodes-base.merge', 3.2, [x + 0.8, y], { numberInputs: 2 })
		.add(PREVIEW_NODE, ours('ifsCloud'), 1, [x + 1.8, y], { resource: 'posting', operation: 'post', dryRun: true, requestSettings: {} }, { credentials: IFS })
		.connect(PREVIEW_INPUT, PREVIEW_NODE);
	gate(template, wiring.mapNode, 0, 'Preview Only? (Mapped)', [x, y - 0.5], [[PREVIEW_INPUT, 0]]);
	gate(template, wiring.mapNode, 1, 'Preview Only? (Held)', [x, y + 0.5], [[PREVIEW_INPUT, 1]]);
	return template.note(PREVIEW_NOTE, [x, y + 1.5], [560, 260]);
}

export const PREVIEW_NOTE = `## Preview
Set **preview** in *Settings* to \`true\` and run: documents are read and mapped, and looked up in IFS (an IFS Cloud node in **Dry Run**; give it the *Posting Options* of the posting node) — nothing is acknowledged, claimed, posted, confirmed or written to the audit table, and the reference sync and recovery sweep are skipped.
**${PREVIEW_NODE}** lists per document the \`action\` (would-post, already-in-ifs, held), the IFS rows (account, cost center, amounts in the document and the accounting currency), the reasons a document is held and what IFS already holds (\`inIfs\`). Set it back to \`false\` to post.`;
