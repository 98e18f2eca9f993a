import { DOCUMENT_MODELS, type PostingSettings } from '../../../nodes/shared/ifs/posting/documents';
import { assessExisting, contentMarker } from '../../../nodes/shared/ifs/posting/versions';
import { DEFAULT_PROJECTION_NAMES } from '../../../nodes/shared/ifs/projections';
import { compileFilter } from '../../../nodes/shared/ifs/odata/filter';
import { ExactDecimal, toJsonText } from '../../../nodes/shared/ifs/odata/decimals';
import type { JournalEntryPosting, PurchaseRequisitionPosting } from '../../../nodes/shared/postings';

const settings: PostingSettings = { names: DEFAULT_PROJECTION_NAMES, voucherLoadType: 'CONCUR', postSupplierInvoices: true, requisitionUnit: 'pcs' };
const source = { system: 'SAP Concur' as const, type: 'fis-expense' as const, id: 'R1', version: 'v' };
const voucher: JournalEntryPosting = {
	kind: 'journalEntry',
	company: '10',
	reference: "CX-O'1",
	voucherType: 'X',
	voucherDate: '2026-11-12',
	text: 'Trip',
	rows: [
		{ account: '6110', codeParts: { CodeB: 'CC100' }, currency: 'USD', debit: '412.50', text: 'Hotel' },
		{ account: '2410', codeParts: {}, currency: 'USD', credit: '412.50', text: 'Payable' },
	],
	source,
};

test('a journal entry is one change set: load, rows through $1, CheckAndCreate with If-Match $1', () => {
	const operations = DOCUMENT_MODELS.journalEntry.changeSet(voucher, settings);
	expect(operations.map((op) => `${op.method} ${op.url}`)).toEqual([
		'POST ExtLoadInfoSet',
		'POST $1/ExtTransactionsArray',
		'POST $1/ExtTransactionsArray',
		'POST $1/IfsApp.ExternalVoucherHandling.ExtLoadInfo_CheckAndCreate',
	]);
	expect(operations[3].headers).toEqual({ 'If-Match': '$1' });
	expect(operations[1].body).toMatchObject({ Company: '10', Account: '6110', CodeB: 'CC100', CurrencyDebetAmount: new ExactDecimal('412.50'), ReferenceNumber: "CX-O'1" });
	expect(operations[1].headers).toBeUndefined();
});

test('amounts go to IFS as JSON numbers with their exact digits, with the accounting amounts and the rate; 17 significant digits survive', () => {
	const big: JournalEntryPosting = {
		...voucher,
		accountingCurrency: 'EUR',
		rows: [
			{ account: '6110', codeParts: {}, currency: 'SEK', debit: '123456789012345.67', currencyRate: '8.7105', accountingDebit: '10753913858420.78', text: 'x' },
			{ account: '2410', codeParts: {}, currency: 'SEK', credit: '123456789012345.67', currencyRate: '8.7105', accountingCredit: '10753913858420.78', text: 'y' },
		],
	};
	const [, first] = DOCUMENT_MODELS.journalEntry.changeSet(big, settings);
	const json = toJsonText(first.body);
	expect(json).toContain('"CurrencyDebetAmount":123456789012345.67,');
	expect(json).toContain('"DebetAmount":10753913858420.78,');
	expect(json).toContain('"CurrencyRate":8.7105,');
	expect(json).toContain('"CurrencyCode":"SEK"');
});

test('every voucher row carries the content marker; a changed document reverses the old voucher and posts the new one in one change set', () => {
	const marker = contentMarker(voucher);
	expect(marker).toMatch(/^V:[0-9a-f]{16}$/);
	const plain = DOCUMENT_MODELS.journalEntry.changeSet(voucher, settings);
	expect(plain.filter((op) => op.url.endsWith('ExtTransactionsArray')).map((op) => (op.body as { ReferenceSerie: string }).ReferenceSerie)).toEqual([marker, marker]);

	const old = [
		{ Account: '6110', CodeB: 'CC100', CurrencyCode: 'USD', CurrencyDebetAmount: '400.00', DebetAmount: '400.00', ReferenceSerie: 'V:0123456789abcdef', Text: 'Hotel' },
		{ Account: '2410', CurrencyCode: 'USD', CurrencyCreditAmount: '400.00', CreditAmount: '400.00', ReferenceSerie: 'V:0123456789abcdef', Text: 'Payable' },
	];
	const operations = DOCUMENT_MODELS.journalEntry.changeSet(voucher, settings, old);
	expect(operations.map((op) => `${op.method} ${op.url}`)).toEqual([
		'POST ExtLoadInfoSet',
		'POST $1/ExtTransactionsArray',
		'POST $1/ExtTransactionsArray',
		'POST $1/IfsApp.ExternalVoucherHandling.ExtLoadInfo_CheckAndCreate',
		'POST ExtLoadInfoSet',
		'POST $5/ExtTransactionsArray',
		'POST $5/ExtTransactionsArray',
		'POST $5/IfsApp.ExternalVoucherHandling.ExtLoadInfo_CheckAndCreate',
	]);
	expect(operations[7].headers).toEqual({ 'If-Match': '$5' });
	expect(operations[1].body).toMatchObject({ Account: '6110', CodeB: 'CC100', CurrencyCreditAmount: new ExactDecimal('400.00'), CreditAmount: new ExactDecimal('400.00'), ReferenceSerie: 'R:0123456789abcdef', ReferenceNumber: "CX-O'1" });
	expect(operations[2].body).toMatchObject({ Account: '2410', CurrencyDebetAmount: new ExactDecimal('400.00'), DebetAmount: new ExactDecimal('400.00'), ReferenceSerie: 'R:0123456789abcdef' });
	expect(operations[5].body).toMatchObject({ CurrencyDebetAmount: new ExactDecimal('412.50'), ReferenceSerie: marker });
});

test('a reversal reads amounts IFS answered as JSON numbers exactly, and refuses one that may have lost digits', () => {
	const old = [
		{ Account: '6110', CurrencyCode: 'SEK', CurrencyDebetAmount: 1234567890123.45, CurrencyRate: 0.0000001, DebetAmount: 0.12, ReferenceSerie: 'V:0123456789abcdef', Text: 'Hotel' },
		{ Account: '2410', CurrencyCode: 'SEK', CurrencyCreditAmount: '1234567890123.45', CreditAmount: '0.12', ReferenceSerie: 'V:0123456789abcdef', Text: 'Payable' },
	];
	const [, first, second] = DOCUMENT_MODELS.journalEntry.changeSet(voucher, settings, old);
	expect(toJsonText(first.body)).toContain('"CurrencyRate":0.0000001,"CurrencyCreditAmount":1234567890123.45,"CreditAmount":0.12,');
	expect(toJsonText(second.body)).toContain('"CurrencyDebetAmount":1234567890123.45,"DebetAmount":0.12,');
	const lossy = [{ ...old[0], CurrencyDebetAmount: 12345678901234567 }];
	expect(() => DOCUMENT_MODELS.journalEntry.changeSet(voucher, settings, lossy)).toThrow(/CurrencyDebetAmount as the JSON number 12345678901234568, which has more than 15 significant digits/);
});

test('the marker changes with the content and with the FIS document, not with anything else', () => {
	const marker = contentMarker(voucher);
	expect(contentMarker({ ...voucher, rows: [] })).toBe(marker);
	expect(contentMarker({ ...voucher, source: { ...source, version: 'other' } })).not.toBe(marker);
	expect(contentMarker({ ...voucher, source: { ...source, fisDocumentId: 'f2' } })).not.toBe(marker);
});

test('a looked-up reference is posted, changed or (after a reversal) missing, by its live markers', () => {
	const model = DOCUMENT_MODELS.journalEntry;
	const marker = contentMarker(voucher);
	const voucherWith = (no: number, serie: string | null) => ({ rows: [{ Company: '10', VoucherType: 'X', AccountingYear: 2026, VoucherNo: no, ReferenceSerie: serie }] });
	expect(assessExisting(model, voucher, [voucherWith(1, marker)])).toMatchObject({ status: 'posted' });
	expect(assessExisting(model, voucher, [voucherWith(1, null)])).toMatchObject({ status: 'posted' });
	expect(assessExisting(model, voucher, [voucherWith(1, 'V:0123456789abcdef')])).toMatchObject({ status: 'changed', live: 1 });
	expect(assessExisting(model, voucher, [voucherWith(1, 'V:0123456789abcdef'), voucherWith(2, 'R:0123456789abcdef')])).toEqual({ status: 'missing' });
	expect(assessExisting(model, voucher, [voucherWith(1, 'V:0123456789abcdef'), voucherWith(2, 'R:0123456789abcdef'), voucherWith(3, marker)])).toMatchObject({
		status: 'posted',
		document: voucherWith(3, marker),
		duplicates: [],
	});
});

test('the lookup is company-scoped and ORs many escaped references', () => {
	const filter = compileFilter(DOCUMENT_MODELS.journalEntry.lookups[0].filter([voucher, { ...voucher, reference: 'CX-2' }]));
	expect(filter).toBe("Company eq '10' and (ReferenceNumber eq 'CX-O''1' or ReferenceNumber eq 'CX-2')");
});

test('a voucher is found on its external voucher transactions right after creation (hold table), and in VoucherRowsAnalysis after Update GL, as one document', () => {
	const [generalLedger, transactions] = DOCUMENT_MODELS.journalEntry.lookups;
	expect([generalLedger.ref(settings), transactions.ref(settings)]).toEqual([
		{ projection: 'VoucherRowsAnalysis', entitySet: 'VoucherRowSet' },
		{ projection: 'ExternalVoucherHandling', entitySet: 'ExtTransactionsSet' },
	]);
	const held = { Company: '10', LoadId: '7', RecordNo: 1, ReferenceNumber: 'CX-1', VoucherType: 'X', AccountingYear: 2026, VoucherNo: 2026000004, TransactionDate: '2026-11-12' };
	const posted = { Company: '10', VoucherType: 'X', AccountingYear: 2026, VoucherNo: 2026000004, RowNo: 1, VoucherDate: '2026-11-12', ReferenceNumber: 'CX-1' };
	expect(transactions.documentOf(held)).toEqual(generalLedger.documentOf(posted));
	expect(transactions.documentOf(held)).toMatchObject({ voucherNo: 2026000004, voucherType: 'X', accountingYear: 2026, postingDate: '2026-11-12' });
	// a load whose vouchers were not created is not a posted document
	expect(transactions.documentOf({ ...held, VoucherNo: null, AccountingYear: null })).toBeUndefined();
});

test('requisition lines carry quantity and unit price as exact JSON numbers', () => {
	const requisition: PurchaseRequisitionPosting = {
		kind: 'purchaseRequisition', company: '10', reference: 'PR-1', site: 'US01', requisitioner: 'A', requisitionDate: '2026-11-12', text: 'Laptops',
		lines: [{ description: 'Laptop', quantity: '2.5000', unitPrice: '12345678901234.5678', currency: 'USD' }], source,
	};
	const [, line] = DOCUMENT_MODELS.purchaseRequisition.changeSet(requisition, settings);
	expect(toJsonText(line.body)).toContain('"OriginalQty":2.5000,"UnitMeas":"pcs","UnitPrice":12345678901234.5678,');
	expect(line.headers).toBeUndefined();
});

test('a requisition reference is matched exactly at the start of the note, never by a longer reference', () => {
	const requisition: PurchaseRequisitionPosting = {
		kind: 'purchaseRequisition', company: '10', reference: 'PR-1', site: 'US01', requisitioner: 'A', requisitionDate: '2026-11-12', text: 'Laptops',
		lines: [{ description: 'Laptop', quantity: '1', unitPrice: '1.00', currency: 'USD' }], source,
	};
	const model = DOCUMENT_MODELS.purchaseRequisition;
	expect(model.lookups[0].referenceOf({ NoteText: 'PR-1: Laptops' }, [requisition])).toBe('PR-1');
	expect(model.lookups[0].referenceOf({ NoteText: 'PR-10: Other' }, [requisition])).toBeUndefined();
});

test('an amount that is not a decimal refuses the document before anything is sent', () => {
	const broken = { ...voucher, rows: [{ ...voucher.rows[0], debit: '4,12' }, voucher.rows[1]] };
	expect(() => DOCUMENT_MODELS.journalEntry.changeSet(broken, settings)).toThrow('rows[0].debit');
});
