import { useIfsSimulator } from '../hooks';
import type { IfsSimulator } from './index';
import { TestClient } from './testClient';

const DOCS = 'DocReferenceObjectAttachmentHandling';
const VOUCHER = { Company: '10', VoucherType: 'X', AccountingYear: 2026, VoucherNo: 2026000001 };
const KEYREF = 'ACCOUNTING_YEAR=2026^COMPANY=10^VOUCHER_NO=2026000001^VOUCHER_TYPE=X^';
const DOC = "DocClass='RECEIPT',DocNo='1000001',DocSheet='1',DocRev='A1'";
const FILE = `EdmFileSet(${DOC},DocType='ORIGINAL',FileNo=1)`;

describe('document management: documents, files as media streams, connections to vouchers', () => {
	let sim: IfsSimulator;
	let c: TestClient;

	useIfsSimulator((started) => ({ sim, client: c } = started));

	async function documentWithFile(): Promise<void> {
		expect((await c.post(DOCS, 'DocIssueSet', { DocClass: 'RECEIPT', Title: 'Concur receipt R1' })).json).toMatchObject({ DocNo: '1000001', DocSheet: '1', DocRev: 'A1' });
		expect((await c.post(DOCS, 'EdmFileSet', { DocClass: 'RECEIPT', DocNo: '1000001', DocSheet: '1', DocRev: 'A1', DocType: 'ORIGINAL', FileName: 'r1.png' })).status).toBe(201);
	}

	async function putFile(bytes: Buffer, ifMatch?: string) {
		const etag = ifMatch ?? ((await c.get(DOCS, FILE)).json['@odata.etag'] as string);
		return await fetch(c.url(DOCS, `${FILE}/FileData`), { method: 'PUT', body: new Uint8Array(bytes), headers: { Authorization: `Bearer ${c.token}`, 'Content-Type': 'image/png', 'If-Match': etag } });
	}

	it('stores the bytes of a file (If-Match required) and connects the document to an existing voucher once', async () => {
		sim.seedRows('VoucherRowSet', [{ ...VOUCHER, RowNo: 1, Account: '6100', CurrencyCode: 'USD', ReferenceNumber: 'CX-1' }]);
		await documentWithFile();
		const missingEtag = await fetch(c.url(DOCS, `${FILE}/FileData`), { method: 'PUT', body: Buffer.from('x'), headers: { Authorization: `Bearer ${c.token}` } });
		expect(missingEtag.status).toBe(428);
		expect((await putFile(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255, 1]))).status).toBe(204);
		expect((await c.get(DOCS, FILE)).json.FileSize).toBe(7);
		const connection = { LuName: 'Voucher', KeyRef: KEYREF, DocClass: 'RECEIPT', DocNo: '1000001', DocSheet: '1', DocRev: 'A1' };
		expect((await c.post(DOCS, 'DocReferenceObjectSet', connection)).status).toBe(201);
		const again = await c.post(DOCS, 'DocReferenceObjectSet', connection);
		expect(again.json.error.message).toMatch(/^ORA-20112: DocReferenceObject.EXIST/);
		expect(sim.attachments()).toEqual([
			{ luName: 'Voucher', keyRef: KEYREF, docClass: 'RECEIPT', docNo: '1000001', title: 'Concur receipt R1', files: [{ fileName: 'r1.png', sizeBytes: 7, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }] },
		]);
	});

	it('refuses a voucher that does not exist, a key reference in another order, an unknown document class and a file above the size limit', async () => {
		await documentWithFile();
		const connection = { LuName: 'Voucher', KeyRef: KEYREF, DocClass: 'RECEIPT', DocNo: '1000001', DocSheet: '1', DocRev: 'A1' };
		expect((await c.post(DOCS, 'DocReferenceObjectSet', connection)).json.error.message).toMatch(/DocReferenceObject.NOOBJECT: Voucher X 2026000001 \(2026\) does not exist in company 10/);
		sim.seedRows('VoucherRowSet', [{ ...VOUCHER, RowNo: 1, Account: '6100', CurrencyCode: 'USD', ReferenceNumber: 'CX-1' }]);
		const reordered = { ...connection, KeyRef: 'COMPANY=10^ACCOUNTING_YEAR=2026^VOUCHER_NO=2026000001^VOUCHER_TYPE=X^' };
		expect((await c.post(DOCS, 'DocReferenceObjectSet', reordered)).json.error.message).toMatch(/KEYREFINVALID/);
		expect((await c.post(DOCS, 'DocIssueSet', { DocClass: 'NOPE', Title: 'x' })).json.error.message).toMatch(/ORA-20111: DocClass.NOTEXIST/);
		const tooLarge = await putFile(Buffer.alloc(10 * 1024 * 1024 + 1));
		expect(tooLarge.status).toBe(500);
		expect(((await tooLarge.json()) as { error: { message: string } }).error.message).toMatch(/EdmFile.FILETOOLARGE/);
		expect((await c.get(DOCS, FILE)).json.FileSize).toBeNull();
	});
});
