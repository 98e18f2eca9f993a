import { DOCUMENT_MODELS, type PostingSettings } from '../../../nodes/shared/ifs/posting/documents';
import { DEFAULT_PROJECTION_NAMES } from '../../../nodes/shared/ifs/projections';
import { compileFilter } from '../../../nodes/shared/ifs/odata/filter';
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
	expect(operations[1].body).toMatchObject({ Company: '10', Account: '6110', CodeB: 'CC100', CurrencyDebetAmount: 412.5, ReferenceNumber: "CX-O'1" });
});

test('the lookup is company-scoped and ORs many escaped references', () => {
	const filter = compileFilter(DOCUMENT_MODELS.journalEntry.lookups[0].filter([voucher, { ...voucher, reference: 'CX-2' }]));
	expect(filter).toBe("Company eq '10' and (ReferenceNumber eq 'CX-O''1' or ReferenceNumber eq 'CX-2')");
});

test('a voucher is found on its external voucher transactions right after creation (hold table), and in VoucherRowsAnalysis after Update GL, as one document', () => {
	const [transactions, generalLedger] = DOCUMENT_MODELS.journalEntry.lookups;
	expect([transactions.ref(settings), generalLedger.ref(settings)]).toEqual([
		{ projection: 'ExternalVoucherHandling', entitySet: 'ExtTransactionsSet' },
		{ projection: 'VoucherRowsAnalysis', entitySet: 'VoucherRowSet' },
	]);
	const held = { Company: '10', LoadId: '7', RecordNo: 1, ReferenceNumber: 'CX-1', VoucherType: 'X', AccountingYear: 2026, VoucherNo: 2026000004, TransactionDate: '2026-11-12' };
	const posted = { Company: '10', VoucherType: 'X', AccountingYear: 2026, VoucherNo: 2026000004, RowNo: 1, VoucherDate: '2026-11-12', ReferenceNumber: 'CX-1' };
	expect(transactions.documentOf(held)).toEqual(generalLedger.documentOf(posted));
	expect(transactions.documentOf(held)).toMatchObject({ voucherNo: 2026000004, voucherType: 'X', accountingYear: 2026, postingDate: '2026-11-12' });
	// a load whose vouchers were not created is not a posted document
	expect(transactions.documentOf({ ...held, VoucherNo: null, AccountingYear: null })).toBeUndefined();
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
