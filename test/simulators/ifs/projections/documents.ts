/**
 * Document management [I: reference §5.3 names `DocReferenceObjectAttachmentHandling` and the
 * classic `DocReferenceObject` KeyRef; the sets below follow IFS's LUs DocIssue, EdmFile and
 * DocReferenceObject]: a document revision (server-numbered), its file (the bytes are a media
 * stream, `PUT EdmFileSet(…)/FileData` with If-Match), and its connection to a business object.
 * Refused as IFS would: an unknown document class, a file above the size limit, a connection to a
 * voucher that does not exist, a connection or file that already exists.
 */
import { businessError } from '../errors';
import { HOLD_TABLE, heldVoucherRows } from '../holdTable';
import type { HookContext, ProjectionDef, Row } from '../model';
import type { Store } from '../store';
import { num, SERVER, INSERT_ONLY, str } from './props';
import { nextChildNumber, requireCompanyAccess } from './rules';

export const DOCUMENT_KEYS = ['DocClass', 'DocNo', 'DocSheet', 'DocRev'];
const VOUCHER_KEYREF = ['ACCOUNTING_YEAR', 'COMPANY', 'VOUCHER_NO', 'VOUCHER_TYPE'];

/** `COMPANY=10^VOUCHER_NO=2026000001^` → { COMPANY: '10', VOUCHER_NO: '2026000001' }. */
export function parseKeyRef(keyRef: unknown): Record<string, string> {
	const pairs = String(keyRef ?? '').split('^').filter(Boolean).map((pair) => pair.split('='));
	return Object.fromEntries(pairs.map(([name, ...value]) => [name, value.join('=')]));
}

function voucherExists(db: Store, keys: Record<string, string>): boolean {
	const same = (row: Row) =>
		String(row.Company) === keys.COMPANY && String(row.VoucherType) === keys.VOUCHER_TYPE && String(row.AccountingYear) === keys.ACCOUNTING_YEAR && String(row.VoucherNo) === keys.VOUCHER_NO;
	// the voucher's rows through the voucher-key index (the usual case: no scan of every voucher row held) …
	const voucher = { Company: keys.COMPANY, VoucherType: keys.VOUCHER_TYPE, AccountingYear: Number(keys.ACCOUNTING_YEAR), VoucherNo: Number(keys.VOUCHER_NO) };
	if ([HOLD_TABLE, 'VoucherRowSet'].some((set) => db.childrenOf(set, voucher).some((stored) => same(stored.data)))) return true;
	// … else the scan, which also sees rows whose keys are stored in another form
	return heldVoucherRows(db).some(same) || db.rows('VoucherRowSet').some((stored) => same(stored.data));
}

/** The object must exist, and its KeyRef must be IFS's own: keys in alphabetical order, each ended by `^`. */
function checkConnectedObject(ctx: HookContext, row: Row): void {
	if (row.LuName !== 'Voucher') throw businessError('DocReferenceObject', 'NOTCONNECTABLE', `Documents cannot be connected to objects of type ${String(row.LuName)}.`);
	const keys = parseKeyRef(row.KeyRef);
	const canonical = VOUCHER_KEYREF.map((name) => `${name}=${keys[name] ?? ''}^`).join('');
	if (row.KeyRef !== canonical) throw businessError('DocReferenceObject', 'KEYREFINVALID', `The key reference ${String(row.KeyRef)} is not valid for Voucher.`);
	requireCompanyAccess(ctx, keys.COMPANY);
	if (!voucherExists(ctx.db, keys)) {
		throw businessError('DocReferenceObject', 'NOOBJECT', `Voucher ${keys.VOUCHER_TYPE} ${keys.VOUCHER_NO} (${keys.ACCOUNTING_YEAR}) does not exist in company ${keys.COMPANY}.`);
	}
}

function checkDocumentExists(db: Store, row: Row): void {
	const document = db.get('DocIssueSet', JSON.stringify(DOCUMENT_KEYS.map((key) => row[key])));
	if (!document) throw businessError('DocIssue', 'NOTEXIST', `Document ${DOCUMENT_KEYS.map((key) => String(row[key])).join(' ')} does not exist.`, 20111);
}

const documentKeys = () => [str('DocClass', { ...INSERT_ONLY, mandatory: true, maxLength: 12 }), str('DocNo', { ...INSERT_ONLY, mandatory: true }), str('DocSheet', { ...INSERT_ONLY, mandatory: true }), str('DocRev', { ...INSERT_ONLY, mandatory: true })];

export const docReferenceObjectAttachmentHandling: ProjectionDef = {
	name: 'DocReferenceObjectAttachmentHandling',
	enums: [],
	entities: [
		{
			set: 'DocIssueSet',
			type: 'DocIssue',
			lu: 'DocIssue',
			keys: DOCUMENT_KEYS,
			navs: [{ name: 'EdmFileArray', target: 'EdmFileSet' }],
			props: [str('DocClass', { ...INSERT_ONLY, mandatory: true, maxLength: 12 }), str('DocNo', SERVER), str('DocSheet', SERVER), str('DocRev', SERVER), str('Title', { mandatory: true, maxLength: 250 }), str('Objstate', SERVER)],
			prepareInsert: (ctx, row) => {
				row.DocNo = String(ctx.db.nextNumber('DocNo', 1000001));
				row.DocSheet = '1';
				row.DocRev = 'A1';
				row.Objstate = 'Preliminary';
			},
			validateInsert: (ctx, row) => {
				if (!ctx.options.documentClasses.includes(String(row.DocClass))) throw businessError('DocClass', 'NOTEXIST', `Document class ${String(row.DocClass)} does not exist.`, 20111);
			},
		},
		{
			set: 'EdmFileSet',
			type: 'EdmFile',
			lu: 'EdmFile',
			keys: [...DOCUMENT_KEYS, 'DocType', 'FileNo'],
			media: { property: 'FileData', sizeProperty: 'FileSize' },
			props: [
				...documentKeys(),
				str('DocType', { ...INSERT_ONLY, mandatory: true, maxLength: 12 }),
				num('FileNo', SERVER),
				str('FileName', { mandatory: true, maxLength: 254 }),
				num('FileSize', SERVER),
			],
			prepareInsert: (ctx, row) => {
				row.FileNo = nextChildNumber(ctx.db, 'EdmFileSet', { DocClass: row.DocClass, DocNo: row.DocNo, DocSheet: row.DocSheet, DocRev: row.DocRev, DocType: row.DocType }, 'FileNo');
			},
		},
		{
			set: 'DocReferenceObjectSet',
			type: 'DocReferenceObject',
			lu: 'DocReferenceObject',
			keys: ['LuName', 'KeyRef', ...DOCUMENT_KEYS],
			companyOf: (row) => parseKeyRef(row.KeyRef).COMPANY,
			props: [str('LuName', { ...INSERT_ONLY, mandatory: true, maxLength: 30 }), str('KeyRef', { ...INSERT_ONLY, mandatory: true, maxLength: 600 }), ...documentKeys()],
			validateInsert: (ctx, row) => {
				checkDocumentExists(ctx.db, row);
				checkConnectedObject(ctx, row);
			},
		},
	],
};
