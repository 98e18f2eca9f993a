import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { fisDocType, repeatIsSuccess, systemId } from '../common.descriptions';
import { sendFisWrites, type FisWrite } from '../../../shared/concur/fis';

/** Concur shows messageShortText in the audit trail; the full text goes to messageLongText. */
const SHORT_TEXT_LENGTH = 120;

const properties: INodeProperties[] = [
	fisDocType,
	{
		displayName: 'Financial Document ID',
		name: 'documentId',
		type: 'string',
		required: true,
		default: '={{ $json.id }}',
		description: 'The acknowledged financial document ID (not the report ID)',
	},
	{
		displayName: 'Posting Result',
		name: 'outcome',
		type: 'options',
		options: [
			{ name: 'Success', value: 'success', description: 'Posted in the ERP: the report moves to "Sent for Payment"' },
			{ name: 'Failure', value: 'error', description: 'Not posted: the report moves to "Financial Posting Failed"' },
		],
		default: 'success',
	},
	{
		displayName: 'Company',
		name: 'companyId',
		type: 'string',
		default: '',
		description: 'ERP company the document was posted in (e.g. the IFS company)',
		displayOptions: { show: { outcome: ['success'] } },
	},
	{
		displayName: 'Document Number',
		name: 'documentNumber',
		type: 'string',
		required: true,
		default: '',
		description: 'ERP document number (e.g. the IFS voucher or supplier invoice number)',
		displayOptions: { show: { outcome: ['success'] } },
	},
	{
		displayName: 'Fiscal Year',
		name: 'fiscalYear',
		type: 'string',
		default: '',
		displayOptions: { show: { outcome: ['success'] } },
	},
	{
		displayName: 'Posting Date',
		name: 'postingDate',
		type: 'string',
		default: '',
		placeholder: '2026-11-16',
		description: 'Date the ERP posted the document (YYYY-MM-DD)',
		displayOptions: { show: { outcome: ['success'] } },
	},
	{
		displayName: 'Error Messages',
		name: 'errorMessages',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: 'Why the ERP did not post the document; one message per line. Concur shows them to the processor.',
		displayOptions: { show: { outcome: ['error'] } },
	},
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: 'ERP',
		description: 'Code shown with each error message',
		displayOptions: { show: { outcome: ['error'] } },
	},
	systemId,
	repeatIsSuccess,
	{
		displayName: 'Pass On Items Without a Financial Document',
		name: 'skipWithoutDocumentId',
		type: 'boolean',
		default: false,
		description: 'Whether items with an empty Financial Document ID (documents read from the v3 APIs instead of FIS) pass through unconfirmed instead of failing',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['financialDocument'], operation: ['confirmPosting'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const writes: FisWrite[] = this.getInputData().map((_item, itemIndex) => {
		const docId = String(this.getNodeParameter('documentId', itemIndex)).trim();
		return {
			itemIndex,
			docId,
			docType: this.getNodeParameter('docType', itemIndex) as string,
			systemId: this.getNodeParameter('systemId', itemIndex) as string,
			entry: { docId, ...postingResult(this, itemIndex) },
		};
	});
	return await sendFisWrites.call(this, 'postingconfirmations', writes, {
		repeatIsSuccess: this.getNodeParameter('repeatIsSuccess', 0, true) as boolean,
		skipWithoutDocumentId: this.getNodeParameter('skipWithoutDocumentId', 0, false) as boolean,
	});
}

function postingResult(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const parameter = (name: string) => String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (parameter('outcome') === 'success') {
		const postingDoc = { companyId: parameter('companyId'), documentNumber: parameter('documentNumber'), fiscalYear: parameter('fiscalYear'), postingDate: parameter('postingDate'), paymentRelevantLineItems: [] };
		return { overallPostingStatusCode: 'success', postingDocs: [postingDoc], systemMessages: [] };
	}
	const messages = parameter('errorMessages').split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
	const systemMessages = (messages.length ? messages : ['Posting failed']).map((text) => ({
		concurTransactionLineItemId: '',
		messageId: parameter('messageId') || 'ERP',
		messageLanguage: 'EN',
		messageShortText: text.slice(0, SHORT_TEXT_LENGTH),
		messageLongText: text,
	}));
	return { overallPostingStatusCode: 'error', postingDocs: [], systemMessages };
}
