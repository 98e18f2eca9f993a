import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { idList } from '../../../shared/concur/normalize';
import { fisDocType, systemId } from '../common.descriptions';
import { sendFisWrites, type FisWrite } from '../../../shared/concur/fis';

export const repeatIsSuccess: INodeProperties = {
	displayName: 'Treat Repeated Calls as Success',
	name: 'repeatIsSuccess',
	type: 'boolean',
	default: true,
	description: 'Whether Concur\'s "already acknowledged" / "already confirmed" answers count as success, so a replayed execution does not fail',
};

const properties: INodeProperties[] = [
	fisDocType,
	{
		displayName: 'Financial Document IDs',
		name: 'documentIds',
		type: 'string',
		required: true,
		default: '={{ $json.id }}',
		description: 'The financial document ID (32 hex characters, the "ID" field of a financial document; not the report ID). Several IDs may be separated by commas. All input items are acknowledged in as few calls as possible.',
	},
	systemId,
	repeatIsSuccess,
];

export const description = updateDisplayOptions({ show: { resource: ['financialDocument'], operation: ['acknowledge'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const writes: FisWrite[] = this.getInputData().flatMap((_item, itemIndex) => {
		const docType = this.getNodeParameter('docType', itemIndex) as string;
		const system = this.getNodeParameter('systemId', itemIndex) as string;
		const ids = idList(this.getNodeParameter('documentIds', itemIndex));
		return (ids.length ? ids : ['']).map((docId) => ({ itemIndex, docType, systemId: system, docId, entry: docId }));
	});
	return await sendFisWrites.call(this, 'acknowledgements', writes, { repeatIsSuccess: this.getNodeParameter('repeatIsSuccess', 0, true) as boolean });
}
