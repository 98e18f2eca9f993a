import { Readable } from 'node:stream';

import { imageUrlIn, limitedStream, ReceiptTooLargeError } from '../../../nodes/shared/concur/receipts';
import { voucherKeyRef, DEFAULT_ATTACHMENT_SETTINGS } from '../../../nodes/shared/ifs/attachments';

describe('receipt images', () => {
	it("reads the image URL from Image v1's XML (unescaping &amp;) or from a JSON answer", () => {
		expect(imageUrlIn('<Image><Id>R1</Id><Url>https://x.concursolutions.com/i/R1?a=1&amp;b=2</Url></Image>')).toBe('https://x.concursolutions.com/i/R1?a=1&b=2');
		expect(imageUrlIn('{"url":"https://host/img"}')).toBe('https://host/img');
		expect(imageUrlIn('<html>login</html>')).toBeUndefined();
	});

	it('cuts a stream that states no length off once it passes the limit', async () => {
		const source = Readable.from([Buffer.alloc(600), Buffer.alloc(600)]);
		const limited = limitedStream(source, 'R1', 1000);
		await expect((async () => {
			for await (const _chunk of limited) void _chunk;
		})()).rejects.toBeInstanceOf(ReceiptTooLargeError);
	});
});

describe('voucher key reference', () => {
	it("is IFS's classic KeyRef of the voucher, keys in alphabetical order", () => {
		expect(voucherKeyRef(DEFAULT_ATTACHMENT_SETTINGS.keyRefTemplate, { Company: '10', VoucherType: 'X', AccountingYear: 2026, VoucherNo: 2026000001 })).toBe(
			'ACCOUNTING_YEAR=2026^COMPANY=10^VOUCHER_NO=2026000001^VOUCHER_TYPE=X^',
		);
	});
});
