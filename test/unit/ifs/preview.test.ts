/**
 * The Posting operation's Dry Run: the same look-ups as a real run, no write, and per document what
 * a real run would do, with its rows in both currencies.
 */
import type { PostingSettings } from '../../../nodes/shared/ifs/posting/documents';
import type { EngineOptions } from '../../../nodes/shared/ifs/posting/engine';
import { previewDocuments } from '../../../nodes/shared/ifs/posting/preview';
import { previewOfHeld, previewOfPosting } from '../../../nodes/shared/ifs/posting/preview-items';
import { contentMarker } from '../../../nodes/shared/ifs/posting/versions';
import { DEFAULT_PROJECTION_NAMES } from '../../../nodes/shared/ifs/projections';
import { DEFAULT_SETTINGS, type IfsTransport } from '../../../nodes/shared/ifs/transport';
import type { JournalEntryPosting } from '../../../nodes/shared/postings';

const settings: PostingSettings = { names: DEFAULT_PROJECTION_NAMES, voucherLoadType: 'CONCUR', postSupplierInvoices: true, requisitionUnit: 'pcs' };
const options: EngineOptions = { settings, batchSize: 10, referencesPerQuery: 10 };

const voucher = (reportId: string, amount: string): JournalEntryPosting => ({
	kind: 'journalEntry',
	company: '20',
	reference: `CX-${reportId}`,
	voucherType: 'X',
	voucherDate: '2026-11-12',
	text: 'Trip',
	accountingCurrency: 'EUR',
	rows: [
		{ account: '6110', codeParts: { CodeB: 'CC200' }, currency: 'SEK', debit: amount, currencyRate: '8.7105', accountingDebit: '10.00', text: 'Hotel' },
		{ account: '2410', codeParts: {}, currency: 'SEK', credit: amount, currencyRate: '8.7105', accountingCredit: '10.00', text: 'Payable' },
	],
	source: { system: 'SAP Concur', type: 'fis-expense', id: reportId, fisDocumentId: `F${reportId}`, version: amount },
});

const ledgerRow = (posting: JournalEntryPosting, voucherNo: number, marker = contentMarker(posting)) => ({
	Company: '20', VoucherType: 'X', AccountingYear: 2026, VoucherNo: voucherNo, RowNo: 1, VoucherDate: '2026-11-12', ReferenceNumber: posting.reference, ReferenceSerie: marker, CurrencyCode: 'SEK', CurrencyDebetAmount: '99.00',
});

/** IFS with these voucher rows; any write fails the test. */
function readOnlyIfs(rows: Array<Record<string, unknown>>) {
	const writes: string[] = [];
	const transport = {
		settings: DEFAULT_SETTINGS(),
		getAll: async () => ({ rows, attempts: 1 }),
		batch: async (projection: string) => {
			writes.push(projection);
			throw new Error('a dry run wrote to IFS');
		},
	} as unknown as IfsTransport;
	return { transport, writes };
}

test('a dry run tells new, posted and changed documents apart from the look-ups alone, and writes nothing', async () => {
	const fresh = voucher('R1', '87.11');
	const posted = voucher('R2', '99.00');
	const changed = voucher('R3', '120.00');
	const ifs = readOnlyIfs([ledgerRow(posted, 2026000009), ledgerRow(changed, 2026000010, 'V:0123456789abcdef')]);
	const outcomes = await previewDocuments(ifs.transport, [fresh, posted, undefined, changed], options);
	expect(outcomes.map((outcome) => outcome?.status)).toEqual(['would-create', 'already-posted', undefined, 'changed']);
	expect(outcomes[1]).toMatchObject({ ifs: { voucherNo: 2026000009 } });
	expect(outcomes[3]?.message).toMatch(/CX-R3 changed in Concur after it was posted: IFS holds 99(\.00)? SEK, Concur now says 120(\.00)? SEK/);
	expect(ifs.writes).toEqual([]);
});

test('with "reverse" a changed voucher is previewed as reversed and reposted', async () => {
	const changed = voucher('R3', '120.00');
	const ifs = readOnlyIfs([ledgerRow(changed, 2026000010, 'V:0123456789abcdef')]);
	const [outcome] = await previewDocuments(ifs.transport, [changed], { ...options, settings: { ...settings, changedDocuments: 'reverse' } });
	expect(outcome).toMatchObject({ status: 'would-reverse-and-repost', ifs: { voucherNo: 2026000010 } });
});

test('a previewed voucher lists its rows with account, cost center and amounts in both currencies', () => {
	const posting = voucher('R1', '87.11');
	const preview = previewOfPosting(posting, {}, { status: 'would-create' });
	expect(preview).toMatchObject({ action: 'would-post', sourceType: 'fis-expense', sourceId: 'R1', fisDocumentId: 'FR1', reference: 'CX-R1', company: '20', reasons: [] });
	expect(preview.rows).toEqual([
		{ account: '6110', costCenter: 'CC200', currency: 'SEK', debit: '87.11', accountingCurrency: 'EUR', currencyRate: '8.7105', accountingDebit: '10.00', text: 'Hotel' },
		{ account: '2410', currency: 'SEK', credit: '87.11', accountingCurrency: 'EUR', currencyRate: '8.7105', accountingCredit: '10.00', text: 'Payable' },
	]);
});

test('a held document is previewed with its reasons and no rows', () => {
	expect(previewOfHeld({ sourceType: 'fis-expense', sourceId: 'R9', fisDocumentId: 'F9' }, ['Line 1: cost center "CC500" does not exist'])).toEqual({
		preview: true, action: 'held', sourceType: 'fis-expense', sourceId: 'R9', fisDocumentId: 'F9', reference: undefined, kind: undefined, company: undefined, rows: [], reasons: ['Line 1: cost center "CC500" does not exist'],
	});
});
