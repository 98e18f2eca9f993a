/** Per-item plumbing: output items with `_concur` metadata and pairedItem, and per-item failures. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { headerValue } from '../retry';
import { redactSecrets } from '../redact';
import { RemoteRequestError } from '../send-with-retry';
import type { ConcurMeta } from './transport';
import { concurErrorCode } from './errors';

export type NodeError = NodeApiError | NodeOperationError;

export function outputItem(json: IDataObject, meta: ConcurMeta | undefined, itemIndex: number): INodeExecutionData {
	return { json: meta ? { ...json, _concur: { ...meta } } : json, pairedItem: { item: itemIndex } };
}

/** Runs `handler` for every input item; a failure becomes that item's error (or stops the node). */
export async function forEachItem(
	this: IExecuteFunctions,
	handler: (itemIndex: number) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const count = this.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			output.push(...(await handler(itemIndex)));
		} catch (error) {
			output.push(failedItem.call(this, error, itemIndex));
		}
	}
	return output;
}

/** With "continue on fail" the error becomes an item (routed to the error output when enabled); otherwise it stops the node. */
export function failedItem(this: IExecuteFunctions, error: unknown, itemIndex: number): INodeExecutionData {
	const nodeError = toNodeError(this, error, itemIndex);
	if (!this.continueOnFail()) throw nodeError;
	// Only error/message/details keys: n8n routes such items to the error output and keeps them as they are.
	return { json: errorJson(nodeError), pairedItem: { item: itemIndex } };
}

export function itemFailure(this: IExecuteFunctions, message: string, itemIndex: number, description?: string): INodeExecutionData {
	return failedItem.call(this, new NodeOperationError(this.getNode(), message, { itemIndex, description }), itemIndex);
}

function toNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		error.message = redactSecrets(error.message);
		if (error.description) error.description = redactSecrets(error.description);
		return error;
	}
	return new NodeOperationError(context.getNode(), redactSecrets((error as Error)?.message ?? String(error)), { itemIndex });
}

function errorJson(error: NodeError): IDataObject {
	const details: IDataObject = { description: error.description ?? undefined };
	if (error instanceof RemoteRequestError) {
		const { status, body, headers } = error.httpFailure;
		Object.assign(details, {
			httpCode: status,
			concurCode: concurErrorCode(body),
			correlationId: headerValue(headers, 'concur-correlationid'),
			attempts: error.attempts,
		});
	}
	return { error: error.message, details: Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined && value !== null)) };
}

/** Batched operations collect results out of order; put them back in input order. */
export function byInputOrder(items: INodeExecutionData[]): INodeExecutionData[] {
	const indexOf = (item: INodeExecutionData) => {
		const paired = item.pairedItem;
		return typeof paired === 'object' && paired !== null && !Array.isArray(paired) ? paired.item : 0;
	};
	return [...items].sort((a, b) => indexOf(a) - indexOf(b));
}
