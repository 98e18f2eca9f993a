/**
 * One file attached to an IFS voucher through document management, exactly once: every step
 * finds its record by a key before writing it — the document revision by its title (the
 * attachment key), the file by the document and document type, the connection by its full key —
 * so a retry after partial success, or after an answer lost once IFS had committed, writes only
 * what is missing. Names are settings [I: reference §5.3 names only the projection and the
 * `DocReferenceObject` KeyRef]; the file bytes go as a media stream, never buffered here.
 */
import type { IDataObject } from 'n8n-workflow';

import { compileFilter, buildQuery } from './odata/filter';
import type { Entity } from './odata/etag';
import { IfsRequestError, type EntityRef, type IfsTransport, type Keys } from './transport';
import { OutcomeUnknownError } from './write-outcome';
import { settle } from '../settle';

export interface AttachmentSettings {
	projection: string;
	documentSet: string;
	fileSet: string;
	connectionSet: string;
	fileDataProperty: string;
	documentClass: string;
	documentType: string;
	luName: string;
	/** `{Company}`, `{VoucherType}`, `{AccountingYear}`, `{VoucherNo}` replaced by the voucher's keys. */
	keyRefTemplate: string;
	maxBytes: number;
}

export const DEFAULT_ATTACHMENT_SETTINGS: AttachmentSettings = {
	projection: 'DocReferenceObjectAttachmentHandling',
	documentSet: 'DocIssueSet',
	fileSet: 'EdmFileSet',
	connectionSet: 'DocReferenceObjectSet',
	fileDataProperty: 'FileData',
	documentClass: 'RECEIPT',
	documentType: 'ORIGINAL',
	luName: 'Voucher',
	keyRefTemplate: 'ACCOUNTING_YEAR={AccountingYear}^COMPANY={Company}^VOUCHER_NO={VoucherNo}^VOUCHER_TYPE={VoucherType}^',
	maxBytes: 10 * 1048576,
};

export interface VoucherKeys {
	Company: string;
	VoucherType: string;
	AccountingYear: string | number;
	VoucherNo: string | number;
}

export interface FileToAttach {
	/** Unique per file (e.g. `Concur receipt <receipt id>`): the document's title, how a retry finds it. */
	key: string;
	fileName: string;
	mimeType: string;
	sizeBytes: number;
	/** Opens the bytes afresh (a retry sends them again). */
	open: () => Promise<unknown>;
}

export interface AttachOutcome {
	status: 'attached' | 'alreadyAttached';
	document: { DocClass: string; DocNo: string; DocSheet: string; DocRev: string };
	keyRef: string;
	/** Which steps wrote something this time (document, file, content, connection). */
	wrote: string[];
}

type DocumentKeys = AttachOutcome['document'];

export function voucherKeyRef(template: string, voucher: VoucherKeys): string {
	return template.replace(/\{(Company|VoucherType|AccountingYear|VoucherNo)\}/g, (_, name: keyof VoucherKeys) => String(voucher[name]));
}

export async function attachFileToVoucher(transport: IfsTransport, settings: AttachmentSettings, voucher: VoucherKeys, file: FileToAttach): Promise<AttachOutcome> {
	const wrote: string[] = [];
	const ref = (entitySet: string): EntityRef => ({ projection: settings.projection, entitySet });
	const document = await ensureDocument(transport, ref(settings.documentSet), settings, file.key, wrote);
	const fileKeys = await ensureFile(transport, ref(settings.fileSet), settings, document, file, wrote);
	await ensureContent(transport, ref(settings.fileSet), settings, fileKeys, file, wrote);
	const keyRef = voucherKeyRef(settings.keyRefTemplate, voucher);
	await ensureConnection(transport, ref(settings.connectionSet), { LuName: settings.luName, KeyRef: keyRef, ...document }, wrote);
	return { status: wrote.length ? 'attached' : 'alreadyAttached', document, keyRef, wrote };
}

async function findOne(transport: IfsTransport, ref: EntityRef, conditions: Record<string, string>): Promise<Entity | undefined> {
	const filter = compileFilter({ combinator: 'and', conditions: Object.entries(conditions).map(([field, value]) => ({ field, operator: 'eq', valueType: 'string', value })) });
	const { rows } = await transport.getAll(ref, buildQuery({ filter }), { limit: 1 });
	return rows[0];
}

/** Creates a record after the look-up found none; a lost answer is read back by the same look-up, never resent blind. */
async function createOnce(transport: IfsTransport, ref: EntityRef, body: IDataObject, readBack: () => Promise<Entity | undefined>): Promise<Entity> {
	const sent = await settle(transport.create(ref, body));
	if (sent.ok) return sent.value.body;
	const committed = sent.error instanceof OutcomeUnknownError ? await readBack() : undefined;
	if (committed) return committed;
	throw sent.error;
}

async function ensureDocument(transport: IfsTransport, ref: EntityRef, settings: AttachmentSettings, title: string, wrote: string[]): Promise<DocumentKeys> {
	const find = () => findOne(transport, ref, { DocClass: settings.documentClass, Title: title });
	let document = await find();
	if (!document) {
		document = await createOnce(transport, ref, { DocClass: settings.documentClass, Title: title }, find);
		wrote.push('document');
	}
	return { DocClass: String(document.DocClass), DocNo: String(document.DocNo), DocSheet: String(document.DocSheet), DocRev: String(document.DocRev) };
}

async function ensureFile(transport: IfsTransport, ref: EntityRef, settings: AttachmentSettings, document: DocumentKeys, file: FileToAttach, wrote: string[]): Promise<Keys> {
	const find = () => findOne(transport, ref, { ...document, DocType: settings.documentType });
	let row = await find();
	if (!row) {
		row = await createOnce(transport, ref, { ...document, DocType: settings.documentType, FileName: file.fileName }, find);
		wrote.push('file');
	}
	return { ...document, DocType: settings.documentType, FileNo: Number(row.FileNo) };
}

/** The bytes: skipped when IFS already holds a file of this size; a PUT whose answer was lost (or a 412 after it) is checked by reading the size back. */
async function ensureContent(transport: IfsTransport, ref: EntityRef, settings: AttachmentSettings, keys: Keys, file: FileToAttach, wrote: string[]): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		const current = await transport.getEntity(ref, keys);
		if (Number(current.entity.FileSize) === file.sizeBytes) return;
		const headers = { 'Content-Type': file.mimeType, 'Content-Length': String(file.sizeBytes), 'If-Match': current.etag };
		const sent = await settle(transport.putMedia(ref, keys, settings.fileDataProperty, file.open, headers));
		if (sent.ok) return void wrote.push('content');
		if (attempt >= 2 || !answerLostOrStale(sent.error)) throw sent.error;
	}
}

function answerLostOrStale(error: unknown): boolean {
	if (!(error instanceof IfsRequestError)) return false;
	return error.ifs.status === undefined || error.ifs.status === 412 || error.ifs.status === 502 || error.ifs.status === 503 || error.ifs.status === 504;
}

async function ensureConnection(transport: IfsTransport, ref: EntityRef, keys: Keys, wrote: string[]): Promise<void> {
	if (await transport.findEntity(ref, keys)) return;
	const sent = await settle(transport.create(ref, keys as IDataObject));
	if (sent.ok) return void wrote.push('connection');
	// lost answer, or a duplicate key because another attempt committed it: the look-up decides
	if (!(sent.error instanceof OutcomeUnknownError || isDuplicate(sent.error)) || !(await transport.findEntity(ref, keys))) throw sent.error;
}

function isDuplicate(error: unknown): boolean {
	return error instanceof IfsRequestError && /ORA-20112/.test(error.ifs.message + JSON.stringify(error.ifs.details));
}
