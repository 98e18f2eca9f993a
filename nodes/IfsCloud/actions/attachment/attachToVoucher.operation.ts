/**
 * Attachment → Attach File to Voucher: one file (the item's binary data) per item, attached to an
 * existing IFS voucher through document management, exactly once however often it runs. Outputs
 * "Attached" (attached now or already) and "Not Attached" (with the reason: no file, too large, no
 * voucher yet, or IFS's refusal). An outage beyond the retries fails the node instead, and a rerun
 * attaches only what is missing.
 */
import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { attachFileToVoucher, DEFAULT_ATTACHMENT_SETTINGS, type AttachmentSettings, type FileToAttach, type VoucherKeys } from '../../../shared/ifs/attachments';
import { resolveCompany } from '../../../shared/ifs/company';
import type { IfsConnection } from '../../../shared/ifs/connection';
import { IfsRequestError } from '../../../shared/ifs/transport';
import { redactSecrets } from '../../../shared/redact';
import { settle } from '../../../shared/settle';

const defaults = DEFAULT_ATTACHMENT_SETTINGS;
const text = (name: string, displayName: string, value: string, description?: string): INodeProperties => ({ displayName, name, type: 'string', default: value, ...(description ? { description } : {}) });

const properties: INodeProperties[] = [
	text('binaryPropertyName', 'Binary Property', 'data', 'The file to attach'),
	text('attachmentKey', 'Attachment Key', "={{ 'Concur receipt ' + $json.receipt.receiptId }}", 'Unique per file: the IFS document title, by which a rerun finds what is already attached'),
	text('company', 'Company', "={{ ($json.voucher || {}).Company }}"),
	text('voucherType', 'Voucher Type', "={{ ($json.voucher || {}).VoucherType }}"),
	text('accountingYear', 'Accounting Year', "={{ ($json.voucher || {}).AccountingYear }}"),
	text('voucherNo', 'Voucher Number', "={{ ($json.voucher || {}).VoucherNo }}"),
	{
		displayName: 'Document Management Settings',
		name: 'attachmentSettings',
		type: 'collection',
		placeholder: 'Add Setting',
		default: {},
		description: "IFS does not publish these names; look them up in the tenant's API Explorer",
		options: [
			text('projection', 'Projection', defaults.projection),
			text('documentSet', 'Document Entity Set', defaults.documentSet),
			text('fileSet', 'File Entity Set', defaults.fileSet),
			text('connectionSet', 'Object Connection Entity Set', defaults.connectionSet),
			text('fileDataProperty', 'File Content Property', defaults.fileDataProperty),
			text('documentClass', 'Document Class', defaults.documentClass),
			text('documentType', 'Document Type', defaults.documentType),
			text('luName', 'Voucher LU Name', defaults.luName),
			text('keyRefTemplate', 'Voucher Key Reference', defaults.keyRefTemplate, '{Company}, {VoucherType}, {AccountingYear} and {VoucherNo} are replaced'),
			{ displayName: 'Max Size (MB)', name: 'maxSizeMb', type: 'number', typeOptions: { minValue: 0.1 }, default: 10 },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['attachment'], operation: ['attachToVoucher'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], connection: IfsConnection): Promise<INodeExecutionData[][]> {
	const settings = settingsFrom(this.getNodeParameter('attachmentSettings', 0, {}) as IDataObject);
	const attached: INodeExecutionData[] = [];
	const notAttached: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const outcome = await attachItem.call(this, items[itemIndex]!, itemIndex, connection, settings);
		const json = redactSecrets({ ...items[itemIndex]!.json, attachment: outcome.attachment });
		(outcome.ok ? attached : notAttached).push({ json, pairedItem: { item: itemIndex } });
	}
	return [attached, notAttached];
}

function settingsFrom(raw: IDataObject): AttachmentSettings {
	const names = Object.fromEntries(Object.entries(raw).filter(([name, value]) => name !== 'maxSizeMb' && typeof value === 'string' && value.trim() !== ''));
	return { ...defaults, ...names, maxBytes: raw.maxSizeMb ? Math.round(Number(raw.maxSizeMb) * 1048576) : defaults.maxBytes };
}

type ItemOutcome = { ok: boolean; attachment: IDataObject };

async function attachItem(this: IExecuteFunctions, item: INodeExecutionData, itemIndex: number, connection: IfsConnection, settings: AttachmentSettings): Promise<ItemOutcome> {
	const notAttached = (reason: string): ItemOutcome => ({ ok: false, attachment: { status: 'notAttached', reason } });
	const binary = item.binary?.[this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string];
	if (!binary) return notAttached(String((item.json.receipt as IDataObject | undefined)?.reason ?? 'The item has no file to attach'));
	const voucher = voucherOf.call(this, itemIndex, connection);
	if (!voucher) return notAttached('No IFS voucher number: the document is not posted (yet), so there is nothing to attach the file to');
	const file = await fileOf.call(this, binary, itemIndex);
	if (file.sizeBytes > settings.maxBytes) return notAttached(`${file.fileName} is ${(file.sizeBytes / 1048576).toFixed(1)} MB, above the ${(settings.maxBytes / 1048576).toFixed(1)} MB limit`);
	const sent = await settle(attachFileToVoucher(connection.transport, settings, voucher, file));
	if (sent.ok) return { ok: true, attachment: { ...sent.value, fileName: file.fileName, sizeBytes: file.sizeBytes } as unknown as IDataObject };
	if (refusedByIfs(sent.error)) return notAttached(`IFS Cloud refused ${file.fileName}: ${(sent.error as Error).message}`);
	throw sent.error;
}

function voucherOf(this: IExecuteFunctions, itemIndex: number, connection: IfsConnection): VoucherKeys | undefined {
	const value = (name: string) => String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
	const [voucherType, accountingYear, voucherNo] = [value('voucherType'), value('accountingYear'), value('voucherNo')];
	if (!voucherType || !accountingYear || !voucherNo || voucherNo === 'undefined') return undefined;
	return { Company: resolveCompany(connection.scope, value('company')), VoucherType: voucherType, AccountingYear: accountingYear, VoucherNo: voucherNo };
}

/** The file as a stream from n8n's binary store (never read into memory here), or the in-memory bytes n8n holds. */
async function fileOf(this: IExecuteFunctions, binary: IBinaryData, itemIndex: number): Promise<FileToAttach> {
	const key = String(this.getNodeParameter('attachmentKey', itemIndex));
	const fileName = binary.fileName ?? 'attachment';
	const mimeType = binary.mimeType || 'application/octet-stream';
	if (binary.id) {
		const id = binary.id;
		const sizeBytes = (await this.helpers.getBinaryMetadata(id)).fileSize;
		return { key, fileName, mimeType, sizeBytes, open: async () => await this.helpers.getBinaryStream(id) };
	}
	const bytes = Buffer.from(binary.data, 'base64');
	return { key, fileName, mimeType, sizeBytes: bytes.length, open: async () => bytes };
}

/** IFS answered and said no (business rule, unknown object, too large, no access): a reason, not an outage. */
function refusedByIfs(error: unknown): boolean {
	if (!(error instanceof IfsRequestError)) return false;
	const status = error.ifs.status;
	return status !== undefined && status >= 400 && status < 600 && ![408, 429, 502, 503, 504].includes(status);
}
