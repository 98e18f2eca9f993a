import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { idList } from '../../../shared/concur/normalize';
import { fisDocType, systemId } from '../common.descriptions';
import { sendFisWrites, type FisWrite } from '../../../shared/concur/fis';

type AlreadyAcknowledged = 'leaveOut' | 'passOn' | 'fail';

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
	{
		displayName: 'Already Acknowledged Documents',
		name: 'alreadyAcknowledged',
		type: 'options',
		default: 'leaveOut',
		options: [
			{
				name: 'Leave Out (Another Run Owns Them)',
				value: 'leaveOut',
				description:
					'Concur code 101: another execution or system acknowledged the document first, so it posts it. Such items are not passed on (a node hint lists them); the acknowledgement is the claim.',
			},
			{ name: 'Pass On as Acknowledged', value: 'passOn', description: 'Treat code 101 as success, e.g. to replay documents this workflow acknowledged itself' },
			{ name: 'Fail the Item', value: 'fail' },
		],
		description: 'What to do with documents Concur says were acknowledged before (code 101)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['financialDocument'], operation: ['acknowledge'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const writes: FisWrite[] = this.getInputData().flatMap((_item, itemIndex) => {
		const docType = this.getNodeParameter('docType', itemIndex) as string;
		const system = this.getNodeParameter('systemId', itemIndex) as string;
		const ids = idList(this.getNodeParameter('documentIds', itemIndex));
		return (ids.length ? ids : ['']).map((docId) => ({ itemIndex, docType, systemId: system, docId, entry: docId }));
	});
	const policy = this.getNodeParameter('alreadyAcknowledged', 0, 'leaveOut') as AlreadyAcknowledged;
	const results = await sendFisWrites.call(this, 'acknowledgements', writes, { repeatIsSuccess: policy !== 'fail' });
	if (policy !== 'leaveOut') return results;
	const ownedElsewhere = results.filter((item) => (item.json.fis as IDataObject | undefined)?.alreadyAcknowledged === true);
	if (ownedElsewhere.length) {
		const ids = ownedElsewhere.map((item) => String((item.json.fis as IDataObject).docId));
		this.addExecutionHints({
			message: `${ids.length} financial document(s) were acknowledged before — by another execution or system, which posts them — and were left out: ${ids.join(', ')}`,
			type: 'info',
			location: 'outputPane',
		});
	}
	return results.filter((item) => !ownedElsewhere.includes(item));
}
