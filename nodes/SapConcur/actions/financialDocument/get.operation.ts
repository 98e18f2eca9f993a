import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { forEachItem, outputItem } from '../../../shared/concur/items';
import { rowsOf } from '../../../shared/concur/normalize';
import { concurRequest } from '../../../shared/concur/transport';
import { fisDocType } from '../common.descriptions';
import { fisDocument, fisPath } from '../../../shared/concur/fis';

/** docStatus of a financial document Concur no longer lists for its source (recalled, or never there). */
const NOT_FOUND = 'NOT_FOUND';

const properties: INodeProperties[] = [
	fisDocType,
	{
		displayName: 'Report / Request ID',
		name: 'sourceId',
		type: 'string',
		required: true,
		default: '',
		description: 'The expense report ID, payment request ID or cash advance ID (not the financial document ID). Every document of that source is returned, whatever its status.',
	},
	{
		displayName: 'Only Financial Document ID',
		name: 'fisDocumentId',
		type: 'string',
		default: '',
		description:
			'Return only this financial document of the source. When Concur no longer lists it (recalled), the item says so with docStatus NOT_FOUND instead of failing, so a recovery flow can close it.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['financialDocument'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, async (itemIndex) => {
		const docType = this.getNodeParameter('docType', itemIndex) as string;
		const sourceId = (this.getNodeParameter('sourceId', itemIndex) as string).trim();
		const response = await concurRequest.call(
			this,
			{ path: fisPath(docType), qs: { docId: sourceId, ignoreDocumentStatus: 'yes', page: 0, limit: 100 }, headers: { DocumentFormatAs: 'json' } },
			itemIndex,
		);
		const documents = rowsOf(response.body, ['content']);
		const only = String(this.getNodeParameter('fisDocumentId', itemIndex, '') ?? '').trim();
		if (only) {
			const document = documents.find((row) => String(row.id) === only);
			return [outputItem(document ? fisDocument(document) : { id: only, docType, docStatus: NOT_FOUND, sourceId }, response.meta, itemIndex)];
		}
		if (!documents.length) {
			throw new NodeOperationError(this.getNode(), `SAP Concur has no ${docType} financial document for ${sourceId}`, {
				itemIndex,
				description: 'Check the ID and the document type. Financial documents exist only for reports and requests that reached the processor approval step.',
			});
		}
		return documents.map((row) => outputItem(fisDocument(row), response.meta, itemIndex));
	});
}
