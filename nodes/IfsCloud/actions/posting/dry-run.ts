/**
 * The Posting operation's Dry Run: reads what IFS already holds and outputs, per input item, what a
 * real run would do. Mapped documents (`posting`) and documents the mapping node held (`held`)
 * are both accepted, so a template can preview its whole run through one node.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { IfsConnection } from '../../../shared/ifs/connection';
import type { PostingSettings } from '../../../shared/ifs/posting/documents';
import { checkPostingItem } from '../../../shared/ifs/posting/input';
import { previewDocuments } from '../../../shared/ifs/posting/preview';
import { previewOfHeld, previewOfPosting, type PreviewDocument } from '../../../shared/ifs/posting/preview-items';
import { redactSecrets } from '../../../shared/redact';

export async function previewItems(this: IExecuteFunctions, items: INodeExecutionData[], connection: IfsConnection, settings: PostingSettings): Promise<INodeExecutionData[]> {
	const checked = items.map((item) => (isHeld(item.json) ? undefined : checkPostingItem(item.json, connection.scope)));
	const toLookUp = checked.map((entry) => (entry && 'posting' in entry && !('refused' in entry) ? entry.posting : undefined));
	const outcomes = await previewDocuments(connection.transport, toLookUp, {
		settings,
		batchSize: connection.settings.batchSize,
		referencesPerQuery: connection.settings.referencesPerQuery,
		onWarning: (message) => this.addExecutionHints({ message, type: 'warning', location: 'outputPane' }),
	});
	this.addExecutionHints({ message: `Dry Run: ${items.length} document(s) looked up in IFS Cloud; nothing was written`, type: 'info', location: 'outputPane' });
	return items.map((item, itemIndex) => {
		const entry = checked[itemIndex];
		const audit = (item.json.audit ?? {}) as IDataObject;
		let preview: PreviewDocument;
		if (!entry) preview = previewOfHeld(audit, heldReasons(item.json));
		else if ('refused' in entry) preview = previewOfHeld(entry.audit, [entry.refused], entry.posting as IDataObject);
		else preview = previewOfPosting(entry.posting, entry.audit, outcomes[itemIndex]!);
		return { json: redactSecrets(preview as unknown as IDataObject), pairedItem: { item: itemIndex } };
	});
}

function isHeld(json: IDataObject): boolean {
	return json.held === true && json.posting === undefined;
}

function heldReasons(json: IDataObject): string[] {
	const reasons = Array.isArray(json.reasons) ? (json.reasons as IDataObject[]).map((reason) => String(reason.message ?? '')).filter(Boolean) : [];
	return reasons.length ? reasons : [String(json.message ?? 'held by the mapping node')];
}
