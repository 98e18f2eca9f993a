import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { RemoteRequestError } from '../../../shared/send-with-retry';
import { byInputOrder, failedItem, itemFailure, outputItem } from '../../../shared/concur/items';
import { asArray, chunk, concurPath, isRecord } from '../../../shared/concur/normalize';
import { concurRequest, type ConcurMeta } from '../../../shared/concur/transport';
import { codeAndName } from './create.operation';
import { DASH_RULE_HINT, allListItems, dashRuleViolation, listIdParameter } from '../../../shared/concur/lists';

/** Concur accepts at most 250 parts per bulk call. */
const BULK_SIZE = 250;

export const description = updateDisplayOptions({ show: { resource: ['costCenter'], operation: ['bulkUpsert'] } }, [
	listIdParameter,
	...codeAndName,
	{
		displayName: 'All input items are compared with the list: new codes are created, changed names updated, unchanged ones skipped — in calls of up to 250 items.',
		name: 'bulkNotice',
		type: 'notice',
		default: '',
	},
]);

type Action = 'created' | 'updated';

interface Part {
	itemIndex: number;
	shortCode: string;
	value: string;
	/** Long code of the existing item (update) or undefined (create). */
	existingCode?: string;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const byList = new Map<string, Part[]>();
	this.getInputData().forEach((_item, itemIndex) => {
		const listId = this.getNodeParameter('listId', itemIndex) as string;
		const part = { itemIndex, shortCode: String(this.getNodeParameter('shortCode', itemIndex)).trim(), value: String(this.getNodeParameter('value', itemIndex)).trim() };
		const violation = dashRuleViolation(part.shortCode);
		if (violation) output.push(itemFailure.call(this, violation, itemIndex, DASH_RULE_HINT));
		else byList.set(listId, [...(byList.get(listId) ?? []), part]);
	});
	for (const [listId, parts] of byList) output.push(...(await upsertIntoList.call(this, listId, parts)));
	return byInputOrder(output);
}

async function upsertIntoList(this: IExecuteFunctions, listId: string, parts: Part[]): Promise<INodeExecutionData[]> {
	let existing: Map<string, IDataObject>;
	try {
		existing = new Map((await allListItems.call(this, listId)).map(({ row }) => [String(row.shortCode).toLowerCase(), row]));
	} catch (error) {
		return parts.map((part) => failedItem.call(this, error, part.itemIndex));
	}
	const output: INodeExecutionData[] = [];
	const creates: Part[] = [];
	const updates: Part[] = [];
	for (const part of parts) {
		const current = existing.get(part.shortCode.toLowerCase());
		if (!current) creates.push(part);
		else if (current.value !== part.value) updates.push({ ...part, existingCode: String(current.code ?? current.shortCode) });
		else output.push(outputItem({ listId, id: current.id, shortCode: part.shortCode, value: part.value, action: 'unchanged' }, undefined, part.itemIndex));
	}
	output.push(...(await sendBulk.call(this, listId, creates, 'created')), ...(await sendBulk.call(this, listId, updates, 'updated')));
	return output;
}

async function sendBulk(this: IExecuteFunctions, listId: string, parts: Part[], action: Action): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (const batch of chunk(parts, BULK_SIZE)) {
		const requests = batch.map((part) => (action === 'created' ? { shortCode: part.shortCode, value: part.value } : { code: part.existingCode, value: part.value }));
		let result: { body: unknown; meta: ConcurMeta };
		try {
			result = await concurRequest.call(this, { method: action === 'created' ? 'POST' : 'PATCH', path: concurPath`/list/v4/lists/${listId}/bulk`, body: { requests } });
		} catch (error) {
			const partial = bulkResultOf(error);
			if (!partial) {
				output.push(...batch.map((part) => failedItem.call(this, error, part.itemIndex)));
				continue;
			}
			result = partial;
		}
		const errors = bulkErrors(result.body, action);
		for (const part of batch) {
			const message = errors.get((action === 'created' ? part.shortCode : part.existingCode ?? '').toLowerCase());
			output.push(
				message
					? itemFailure.call(this, `SAP Concur refused cost center ${part.shortCode}: ${message}`, part.itemIndex)
					: outputItem({ listId, shortCode: part.shortCode, value: part.value, action }, result.meta, part.itemIndex),
			);
		}
	}
	return output;
}

/** A bulk call where every part failed answers 400 with the per-part errors in its body. */
function bulkResultOf(error: unknown): { body: unknown; meta: ConcurMeta } | undefined {
	if (!(error instanceof RemoteRequestError) || !isRecord(error.httpFailure.body) || !Array.isArray(error.httpFailure.body.errors)) return undefined;
	if (error.httpFailure.body.recordsFailed === undefined) return undefined;
	return { body: error.httpFailure.body, meta: { correlationId: null } };
}

function bulkErrors(body: unknown, action: Action): Map<string, string> {
	const errors = isRecord(body) ? asArray(body.errors) : [];
	return new Map(
		errors.filter(isRecord).map((error) => {
			const item = isRecord(error.listItem) ? error.listItem : {};
			return [String((action === 'created' ? item.shortCode : item.code) ?? '').toLowerCase(), String(error.message ?? 'failed')];
		}),
	);
}
