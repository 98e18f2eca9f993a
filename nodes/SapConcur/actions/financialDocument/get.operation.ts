import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { forEachItem, outputItem } from '../../../shared/concur/items';
import { rowsOf } from '../../../shared/concur/normalize';
import { concurRequest } from '../../../shared/concur/transport';
import { fisDocType } from '../common.descriptions';
import { fisDocument, fisPath } from '../../../shared/concur/fis';

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
		if (!documents.length) {
			throw new NodeOperationError(this.getNode(), `SAP Concur has no ${docType} financial document for ${sourceId}`, {
				itemIndex,
				description: 'Check the ID and the document type. Financial documents exist only for reports and requests that reached the processor approval step.',
			});
		}
		return documents.map((row) => outputItem(fisDocument(row), response.meta, itemIndex));
	});
}
