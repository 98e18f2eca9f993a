/** Financial Integration Service v4: paths, document cleanup and the per-document batch write calls. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { byInputOrder, failedItem, itemFailure, outputItem } from './items';
import { chunk, concurPath, isRecord, parseJsonIfString, rowsOf } from './normalize';
import { concurRequest } from './transport';
import { groupBy } from '../group-by';

export const FIS_BATCH_SIZE = 100;

export const fisPath = (docType: string, suffix = ''): string =>
	concurPath`/financialintegration/fi/v4/companies/transactiontypes/${docType}/transactions` + suffix;

/** The FIS envelope without its hypermedia links, with `document` always an object. */
export function fisDocument(row: IDataObject): IDataObject {
	const document: IDataObject = { ...row, document: parseJsonIfString(row.document) as IDataObject };
	delete document.links;
	return document;
}

export type FisWriteKind = 'acknowledgements' | 'postingconfirmations' | 'paymentconfirmations';

const WRITE_CALLS: Record<FisWriteKind, { listKey: string; resultKey: string; repeatCode: number; repeatFlag: string }> = {
	acknowledgements: { listKey: 'ids', resultKey: 'acknowledgeResult', repeatCode: 101, repeatFlag: 'alreadyAcknowledged' },
	postingconfirmations: { listKey: 'postingConfirmations', resultKey: 'postingConfirmationResult', repeatCode: 113, repeatFlag: 'alreadyConfirmed' },
	paymentconfirmations: { listKey: 'processingConfirmation', resultKey: 'paymentConfirmationResult', repeatCode: 213, repeatFlag: 'alreadyConfirmed' },
};

export interface FisWrite {
	itemIndex: number;
	docType: string;
	systemId: string;
	docId: string;
	/** What goes into the call's list: the id itself (acknowledgements) or a confirmation object. */
	entry: string | IDataObject;
}

/**
 * Sends the writes batched per document type and system id; each document's result code
 * (inside HTTP 200) becomes its own success or error item.
 */
export async function sendFisWrites(
	this: IExecuteFunctions,
	kind: FisWriteKind,
	writes: FisWrite[],
	options: { repeatIsSuccess: boolean; skipWithoutDocumentId?: boolean },
): Promise<INodeExecutionData[]> {
	const call = WRITE_CALLS[kind];
	const inputs = this.getInputData();
	const output = writes.filter((write) => !write.docId).map((write) => missingDocumentId.call(this, write, options.skipWithoutDocumentId === true));
	for (const group of groupBy(writes.filter((write) => write.docId), (write) => `${write.docType}\u0000${write.systemId}`).values()) {
		const { docType, systemId } = group[0];
		for (const batch of chunk(group, FIS_BATCH_SIZE)) {
			try {
				const response = await concurRequest.call(this, {
					method: 'POST',
					path: fisPath(docType, `/${kind}`),
					body: { systemId, [call.listKey]: batch.map((write) => write.entry) },
				});
				const results = new Map(rowsOf(response.body, []).map((result) => [String(result.docId), result]));
				for (const write of batch) {
					const result = results.get(write.docId);
					const code = Number(result?.code);
					const repeated = code === call.repeatCode && options.repeatIsSuccess;
					if (result && (code === 0 || repeated)) {
						const fis = { docId: write.docId, docType, status: result[call.resultKey] ?? 'SUCCESS', code, [call.repeatFlag]: repeated };
						// The input item travels on with Concur's answer, so a posting flow keeps its documents after each FIS step.
						output.push(outputItem({ ...inputs[write.itemIndex]?.json, fis }, response.meta, write.itemIndex));
					} else {
						output.push(itemFailure.call(this, fisRefusal(kind, write.docId, result, call.resultKey), write.itemIndex, correlationNote(response.meta.correlationId)));
					}
				}
			} catch (error) {
				for (const write of batch) output.push(failedItem.call(this, error, write.itemIndex));
			}
		}
	}
	return byInputOrder(output);
}

/** Documents read from v3 instead of FIS have no financial document: pass them on, or fail them. */
function missingDocumentId(this: IExecuteFunctions, write: FisWrite, skip: boolean): INodeExecutionData {
	if (skip) return { json: { ...this.getInputData()[write.itemIndex].json, fis: { skipped: 'no financial document id' } }, pairedItem: { item: write.itemIndex } };
	return itemFailure.call(this, 'No financial document ID given', write.itemIndex, 'Map the "id" field of a financial document (32 hex characters) into the Financial Document ID parameter.');
}

function fisRefusal(kind: FisWriteKind, docId: string, result: IDataObject | undefined, resultKey: string): string {
	if (!isRecord(result)) return `SAP Concur returned no ${kind} result for financial document ${docId}.`;
	const text = [result.errorMessage, result.detailMessage].filter(Boolean).join(' ');
	return `SAP Concur refused ${kind} for financial document ${docId}: code ${String(result.code)} ${String(result[resultKey] ?? 'FAILURE')}${text ? ` — ${text}` : ''}`;
}

const correlationNote = (id: string | null) => (id ? `Concur correlation id: ${id}` : undefined);

