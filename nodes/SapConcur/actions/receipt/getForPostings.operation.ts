/**
 * Receipt → Get for Posted Documents: one output item per receipt image of each posted journal
 * entry (the mapping node puts Concur's receipt ids on the posting), with the image as binary data
 * and the voucher it belongs to. A receipt Concur does not have, or one above the size limit,
 * leaves without binary data and with its reason; it never fails the item.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { forEachItem } from '../../../shared/concur/items';
import { DEFAULT_MAX_RECEIPT_MB, DEFAULT_RECEIPT_IMAGE_PATH, ReceiptTooLargeError, fetchReceiptImage, type ReceiptSettings } from '../../../shared/concur/receipts';
import type { ReceiptReference } from '../../../shared/postings';
import { settle } from '../../../shared/settle';

const properties: INodeProperties[] = [
	{
		displayName: 'Binary Property',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		description: 'Where each receipt image goes on its output item',
	},
	{
		displayName: 'Options',
		name: 'receiptOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Image Path',
				name: 'imagePath',
				type: 'string',
				default: DEFAULT_RECEIPT_IMAGE_PATH,
				description: "Concur path of a receipt image, {receiptId} replaced by the entry's receipt image ID. An XML/JSON answer naming the image's URL (Image v1) or the image itself are both understood.",
			},
			{
				displayName: 'Max Size (MB)',
				name: 'maxSizeMb',
				type: 'number',
				typeOptions: { minValue: 0.1 },
				default: DEFAULT_MAX_RECEIPT_MB,
				description: 'Larger receipts are not downloaded; they leave with a reason',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['receipt'], operation: ['getForPostings'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('receiptOptions', 0, {}) as IDataObject;
	const settings: ReceiptSettings = {
		imagePath: String(options.imagePath || DEFAULT_RECEIPT_IMAGE_PATH),
		maxBytes: Math.round(Number(options.maxSizeMb || DEFAULT_MAX_RECEIPT_MB) * 1048576),
	};
	const binaryProperty = this.getNodeParameter('binaryPropertyName', 0, 'data') as string;
	const items = this.getInputData();
	return await forEachItem.call(this, async (itemIndex) => {
		const posted = items[itemIndex]!.json;
		const receipts = receiptsOf(posted);
		const output: INodeExecutionData[] = [];
		for (const receipt of receipts) output.push(await receiptItem.call(this, posted, receipt, settings, binaryProperty, itemIndex));
		return output;
	});
}

function receiptsOf(posted: IDataObject): ReceiptReference[] {
	const posting = (posted.posting ?? {}) as IDataObject;
	return Array.isArray(posting.receipts) ? (posting.receipts as unknown as ReceiptReference[]) : [];
}

async function receiptItem(
	this: IExecuteFunctions,
	posted: IDataObject,
	receipt: ReceiptReference,
	settings: ReceiptSettings,
	binaryProperty: string,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const json = { document: documentOf(posted), voucher: voucherOf(posted), receipt: { ...receipt } as IDataObject };
	const fetched = await fetchReceiptImage.call(this, receipt.receiptId, settings, itemIndex);
	if (fetched.status !== 'fetched') return { json: { ...json, receipt: { ...json.receipt, status: fetched.status, reason: fetched.reason } }, pairedItem: { item: itemIndex } };
	const fileName = `concur-receipt-${receipt.receiptId}${extensionOf(fetched.mimeType)}`;
	const stored = await settle(this.helpers.prepareBinaryData(fetched.stream, fileName, fetched.mimeType));
	if (stored.ok) return { json: { ...json, receipt: { ...json.receipt, status: 'fetched', fileName, mimeType: fetched.mimeType } }, binary: { [binaryProperty]: stored.value }, pairedItem: { item: itemIndex } };
	if (!(stored.error instanceof ReceiptTooLargeError)) throw stored.error;
	return { json: { ...json, receipt: { ...json.receipt, status: 'tooLarge', reason: stored.error.message } }, pairedItem: { item: itemIndex } };
}

function documentOf(posted: IDataObject): IDataObject {
	const posting = (posted.posting ?? {}) as IDataObject;
	const source = (posting.source ?? {}) as IDataObject;
	return { sourceId: source.id, reference: posting.reference, company: posting.company };
}

/** The voucher the posting created or found (Company, VoucherType, AccountingYear, VoucherNo). */
function voucherOf(posted: IDataObject): IDataObject {
	const result = (posted.result ?? {}) as IDataObject;
	return { ...((result.ifsKeys ?? {}) as IDataObject) };
}

function extensionOf(mimeType: string): string {
	const known: Record<string, string> = { 'application/pdf': '.pdf', 'image/png': '.png', 'image/jpeg': '.jpg', 'image/jpg': '.jpg', 'image/tiff': '.tif', 'image/gif': '.gif' };
	return known[mimeType] ?? '';
}
