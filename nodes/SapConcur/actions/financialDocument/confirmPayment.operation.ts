import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { fisDocType, repeatIsSuccess, systemId } from '../common.descriptions';
import { sendFisWrites, type FisWrite } from '../../../shared/concur/fis';

const text = (displayName: string, name: string, description: string, required = false): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	required,
	description,
});

const properties: INodeProperties[] = [
	{ ...fisDocType, description: 'Concur accepts payment confirmations for expense documents only' },
	{ ...text('Financial Document ID', 'documentId', 'The financial document ID whose posting was confirmed', true), default: '={{ $json.docId }}' },
	{
		displayName: 'Processing Status',
		name: 'processingStatusCode',
		type: 'options',
		options: [
			{ name: 'Completely Paid (CP)', value: 'CP' },
			{ name: 'Partially Paid (PP)', value: 'PP' },
			{ name: 'Reversed (RE)', value: 'RE' },
			{ name: 'Offset by Balance (OB)', value: 'OB' },
		],
		default: 'CP',
	},
	text('Payment Reference', 'paymentRef', 'Unique reference of the payment in the ERP', true),
	text('Clearing Date', 'clearingDate', 'When the payment cleared (ISO date or YYYYMMDD)', true),
	text('Clearing Amount', 'clearingAmount', 'Amount paid, as a decimal string', true),
	text('Clearing Currency', 'clearingCurrency', 'ISO currency code', true),
	text('Company Code', 'companyCode', 'ERP company that paid'),
	text('ERP Document Number', 'financialDocumentId', 'ERP document of the payment'),
	text('Fiscal Year', 'fiscalYear', ''),
	{
		displayName: 'Payment Method',
		name: 'paymentMethod',
		type: 'options',
		options: [
			{ name: 'Electronic (E)', value: 'E' },
			{ name: 'Check (C)', value: 'C' },
		],
		default: 'E',
	},
	text('Receiver ID', 'receiverId', 'Employee or vendor that received the payment'),
	text('Receiver Name', 'receiverName', ''),
	text('Additional Message', 'additionalMessage', ''),
	systemId,
	repeatIsSuccess,
];

export const description = updateDisplayOptions({ show: { resource: ['financialDocument'], operation: ['confirmPayment'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const writes: FisWrite[] = this.getInputData().map((_item, itemIndex) => {
		const parameter = (name: string) => String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
		const docId = parameter('documentId');
		const entry: IDataObject = {
			docId,
			processingStatusCode: parameter('processingStatusCode'),
			...(parameter('additionalMessage') ? { additionalMessage: parameter('additionalMessage') } : {}),
			clearingDetails: [
				{
					clearingDate: parameter('clearingDate'),
					clearingAmount: parameter('clearingAmount'),
					clearingCurrency: parameter('clearingCurrency'),
					receiver: { receiverId: parameter('receiverId'), receiverName: parameter('receiverName'), receiverType: 'EMPLOYEE' },
					clearingReference: {
						companyCode: parameter('companyCode'),
						financialDocumentId: parameter('financialDocumentId'),
						fiscalYear: parameter('fiscalYear'),
						paymentRef: parameter('paymentRef'),
						paymentMethod: parameter('paymentMethod'),
					},
				},
			],
		};
		return { itemIndex, docId, docType: parameter('docType'), systemId: parameter('systemId'), entry };
	});
	return await sendFisWrites.call(this, 'paymentconfirmations', writes, { repeatIsSuccess: this.getNodeParameter('repeatIsSuccess', 0, true) as boolean });
}
