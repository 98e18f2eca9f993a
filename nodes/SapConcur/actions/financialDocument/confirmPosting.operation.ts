import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { withConcurConfirmation, type PostingConfirmation } from '../../../shared/confirmation';
import { fisDocType, repeatIsSuccess, systemId } from '../common.descriptions';
import { sendFisWrites, type FisWrite } from '../../../shared/concur/fis';

/** Concur shows messageShortText in the audit trail; the full text goes to messageLongText. */
const SHORT_TEXT_LENGTH = 120;

const FROM_CONFIRMATION: INodeProperties = {
	displayName: 'Take Values From the Posting Output',
	name: 'fromConfirmation',
	type: 'boolean',
	default: false,
	description:
		"Whether to confirm what the item's `confirmation` field says (document type and ID, result, numbers or messages), as the IFS Cloud Posting and Concur to IFS outputs carry it: no expression per item, which matters at thousands of documents",
};

/** Shown only when the values are not taken from the posting output. */
function ownValue(property: INodeProperties): INodeProperties {
	return { ...property, displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, fromConfirmation: [false] } } };
}

const properties: INodeProperties[] = [
	FROM_CONFIRMATION,
	ownValue(fisDocType),
	ownValue({
		displayName: 'Financial Document ID',
		name: 'documentId',
		type: 'string',
		required: true,
		default: '={{ $json.id }}',
		description: 'The acknowledged financial document ID (not the report ID)',
	}),
	ownValue({
		displayName: 'Posting Result',
		name: 'outcome',
		type: 'options',
		options: [
			{ name: 'Success', value: 'success', description: 'Posted in the ERP: the report moves to "Sent for Payment"' },
			{ name: 'Failure', value: 'error', description: 'Not posted: the report moves to "Financial Posting Failed"' },
		],
		default: 'success',
	}),
	ownValue({
		displayName: 'Company',
		name: 'companyId',
		type: 'string',
		default: '',
		description: 'ERP company the document was posted in (e.g. the IFS company)',
		displayOptions: { show: { outcome: ['success'] } },
	}),
	ownValue({
		displayName: 'Document Number',
		name: 'documentNumber',
		type: 'string',
		required: true,
		default: '',
		description: 'ERP document number (e.g. the IFS voucher or supplier invoice number)',
		displayOptions: { show: { outcome: ['success'] } },
	}),
	ownValue({
		displayName: 'Fiscal Year',
		name: 'fiscalYear',
		type: 'string',
		default: '',
		displayOptions: { show: { outcome: ['success'] } },
	}),
	ownValue({
		displayName: 'Posting Date',
		name: 'postingDate',
		type: 'string',
		default: '',
		placeholder: '2026-11-16',
		description: 'Date the ERP posted the document (YYYY-MM-DD)',
		displayOptions: { show: { outcome: ['success'] } },
	}),
	ownValue({
		displayName: 'Error Messages',
		name: 'errorMessages',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: 'Why the ERP did not post the document; one message per line. Concur shows them to the processor.',
		displayOptions: { show: { outcome: ['error'] } },
	}),
	ownValue({
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: 'ERP',
		description: 'Code shown with each error message',
		displayOptions: { show: { outcome: ['error'] } },
	}),
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
	const writes = this.getNodeParameter('fromConfirmation', 0, false) ? writesFromConfirmations(this) : writesFromParameters(this);
	const confirmed = await sendFisWrites.call(this, 'postingconfirmations', writes, {
		repeatIsSuccess: this.getNodeParameter('repeatIsSuccess', 0, true) as boolean,
		skipWithoutDocumentId: this.getNodeParameter('skipWithoutDocumentId', 0, false) as boolean,
	});
	return confirmed.map((item) => {
		const fis = item.json.fis as IDataObject | undefined;
		return fis ? { ...item, json: withConcurConfirmation(item.json, String(fis.status ?? fis.skipped ?? '')) } : item;
	});
}

function writesFromConfirmations(context: IExecuteFunctions): FisWrite[] {
	const systemIdValue = context.getNodeParameter('systemId', 0) as string;
	return context.getInputData().map((item, itemIndex) => {
		const confirmation = item.json.confirmation as PostingConfirmation | undefined;
		if (typeof confirmation !== 'object' || confirmation === null) {
			throw new NodeOperationError(context.getNode(), 'The item carries no confirmation field', {
				itemIndex,
				description: 'Connect this node to an output of IFS Cloud → Posting or Concur to IFS, or switch off "Take Values From the Posting Output" and fill in the fields.',
			});
		}
		const docId = String(confirmation.documentId ?? '').trim();
		return { itemIndex, docId, docType: confirmation.docType, systemId: systemIdValue, entry: { docId, ...resultOf(confirmation, 'ERP') } };
	});
}

function writesFromParameters(context: IExecuteFunctions): FisWrite[] {
	return context.getInputData().map((_item, itemIndex) => {
		const parameter = (name: string) => String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
		const docId = parameter('documentId');
		const values = {
			outcome: parameter('outcome'),
			companyId: parameter('companyId'),
			documentNumber: parameter('documentNumber'),
			fiscalYear: parameter('fiscalYear'),
			postingDate: parameter('postingDate'),
			errorMessages: parameter('errorMessages'),
		};
		return { itemIndex, docId, docType: parameter('docType'), systemId: parameter('systemId'), entry: { docId, ...resultOf(values, parameter('messageId')) } };
	});
}

type ResultValues = Pick<PostingConfirmation, 'companyId' | 'documentNumber' | 'fiscalYear' | 'postingDate' | 'errorMessages'> & { outcome: string };

function resultOf(values: ResultValues, messageId: string): IDataObject {
	const trimmed = (value: unknown) => String(value ?? '').trim();
	if (values.outcome === 'success') {
		const postingDoc = { companyId: trimmed(values.companyId), documentNumber: trimmed(values.documentNumber), fiscalYear: trimmed(values.fiscalYear), postingDate: trimmed(values.postingDate), paymentRelevantLineItems: [] };
		return { overallPostingStatusCode: 'success', postingDocs: [postingDoc], systemMessages: [] };
	}
	const messages = trimmed(values.errorMessages).split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
	const systemMessages = (messages.length ? messages : ['Posting failed']).map((text) => ({
		concurTransactionLineItemId: '',
		messageId: messageId || 'ERP',
		messageLanguage: 'EN',
		messageShortText: text.slice(0, SHORT_TEXT_LENGTH),
		messageLongText: text,
	}));
	return { overallPostingStatusCode: 'error', postingDocs: [], systemMessages };
}
