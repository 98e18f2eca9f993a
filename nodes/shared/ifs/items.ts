/** Per-item execution with n8n's error handling: failed items carry `error` and `pairedItem`. */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { redactSecrets } from '../redact';
import { IfsRequestError } from './transport';

/** Runs `operation` for each item in turn; a failure becomes an error item (continue modes) or stops the node. */
export async function forEachItem(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await operation(itemIndex);
			for (const json of Array.isArray(result) ? result : [result]) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (!ctx.continueOnFail()) throw toNodeError(ctx, error, itemIndex);
			output.push(errorItem(errorJson(error), itemIndex));
		}
	}
	return output;
}

/**
 * A failed item for the error output. Only `error`, `message` and `details` keys: n8n routes such
 * items to the error output and merges them into the input item (an `item.error` would make n8n
 * replace the whole json by the bare message, losing IFS's details).
 */
export function errorItem(json: { error: IDataObject; details?: IDataObject }, itemIndex: number): INodeExecutionData {
	return { json: { error: json.error, message: json.error.message, ...(json.details ? { details: json.details } : {}) }, pairedItem: { item: itemIndex } };
}

/** IFS errors keep their status, code, details and what was attempted; other errors their message. */
export function toNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof IfsRequestError) {
		return new NodeApiError(ctx.getNode(), errorJson(error).error as JsonObject, {
			message: error.message,
			httpCode: error.ifs.status === undefined ? undefined : String(error.ifs.status),
			itemIndex,
		});
	}
	return new NodeOperationError(ctx.getNode(), (error as Error)?.message ?? String(error), { itemIndex });
}

export function errorJson(error: unknown): { error: IDataObject } {
	if (error instanceof IfsRequestError) {
		return redactSecrets<{ error: IDataObject }>({
			error: {
				message: error.message,
				status: error.ifs.status,
				code: error.ifs.code,
				oraCode: error.ifs.oraCode,
				details: error.ifs.details,
				attempted: error.attempted,
				attempts: error.attempts,
				...error.extra,
			} as IDataObject,
		});
	}
	return { error: { message: (error as Error)?.message ?? String(error) } };
}
