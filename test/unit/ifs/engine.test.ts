/**
 * Posting engine decisions that need another writer between the look-up and the create: a fake
 * IFS whose state changes behind the engine's back (real concurrency is in the e2e suite).
 */
import type { INode } from 'n8n-workflow';

import type { BatchPart } from '../../../nodes/shared/ifs/odata/batch';
import { postDocuments, type EngineOptions } from '../../../nodes/shared/ifs/posting/engine';
import type { PostingSettings } from '../../../nodes/shared/ifs/posting/documents';
import { DEFAULT_PROJECTION_NAMES } from '../../../nodes/shared/ifs/projections';
import { DEFAULT_SETTINGS, IfsRequestError, type EntityRef, type IfsTransport } from '../../../nodes/shared/ifs/transport';
import type { JournalEntryPosting, SupplierInvoicePosting } from '../../../nodes/shared/postings';

const settings: PostingSettings = { names: DEFAULT_PROJECTION_NAMES, voucherLoadType: 'CONCUR', postSupplierInvoices: false, requisitionUnit: 'pcs' };
const options: EngineOptions = { settings, batchSize: 10, referencesPerQuery: 10 };

const invoice: SupplierInvoicePosting = {
	kind: 'supplierInvoice',
	company: '10',
	reference: 'CI-1',
	supplierId: '1000',
	invoiceNo: 'INV-1',
	invoiceDate: '2026-11-02',
	currency: 'USD',
	netAmount: '50.00',
	vatAmount: '0.00',
	text: 'Printer paper',
	lines: [{ account: '6200', codeParts: {}, amount: '50.00', text: 'Paper' }],
	source: { system: 'SAP Concur', type: 'v3-payment-request', id: '1', version: 'v' },
};

const row = (invoiceId: number) => ({ Company: '10', InvoiceId: invoiceId, Identity: '1000', InvoiceNo: 'INV-1', InvoiceDate: '2026-11-02', Objstate: 'Preliminary' });

/** IFS as the engine sees it: `rows` answer every look-up; `onBatch` decides what a `$batch` does. */
function fakeIfs(onBatch: (rows: Array<Record<string, unknown>>) => Array<{ ok: boolean }>) {
	const rows: Array<Record<string, unknown>> = [];
	const transport = {
		settings: DEFAULT_SETTINGS(),
		getAll: async (_ref: EntityRef) => ({ rows: [...rows], attempts: 1 }),
		batch: async (_projection: string, parts: BatchPart[]) => ({
			results: onBatch(rows).map((result) =>
				result.ok
					? { ok: true as const, responses: [] }
					: {
							ok: false as const,
							responses: [],
							error: { status: 500, headers: {}, body: { error: { code: 'DATABASE_ERROR', message: 'ORA-20112: ManSuppInvoice.DUPLICATE: Invoice INV-1 of supplier 1000 already exists.' } } },
						},
			),
			contentIds: parts.map(() => ['1']),
			attempts: 1,
		}),
	};
	return { rows, transport: transport as unknown as IfsTransport };
}

test('a document IFS refuses because another execution created it meanwhile is already posted, not failed', async () => {
	const ifs = fakeIfs((rows) => {
		rows.push(row(100007)); // the other execution's create landed first
		return [{ ok: false }];
	});
	const [outcome] = await postDocuments(ifs.transport, [invoice], options);
	expect(outcome).toMatchObject({ status: 'already-posted', ifs: { invoiceId: 100007 } });
});

test('a document IFS refuses and does not hold fails with IFS’s own message', async () => {
	const ifs = fakeIfs(() => [{ ok: false }]);
	const [outcome] = await postDocuments(ifs.transport, [invoice], options);
	expect(outcome).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('ORA-20112') } });
});

test('a create that lands next to another writer’s copy is reported created, with the duplicate', async () => {
	const ifs = fakeIfs((rows) => {
		rows.push(row(100007), row(100008));
		return [{ ok: true }];
	});
	const [outcome] = await postDocuments(ifs.transport, [invoice], options);
	expect(outcome).toMatchObject({ status: 'created', ifs: { invoiceId: 100007 }, duplicates: [{ invoiceId: 100008 }] });
});

describe('a tenant that offers no top-level external voucher transaction set (404)', () => {
	const node = { name: 'IFS Cloud', type: 'ifsCloud', typeVersion: 1, position: [0, 0], parameters: {} } as unknown as INode;
	const notOffered = new IfsRequestError(node, 'IFS Cloud rejected GET ExtTransactionsSet (HTTP 404): Resource not found.', { status: 404, message: 'Resource not found.', details: [] }, { method: 'GET', entitySet: 'ExtTransactionsSet' }, 1);
	const voucher: JournalEntryPosting = {
		kind: 'journalEntry',
		company: '10',
		reference: 'CX-1',
		voucherType: 'X',
		voucherDate: '2026-11-12',
		text: 'Trip',
		rows: [{ account: '6110', codeParts: {}, currency: 'USD', debit: '1.00', text: 'Taxi' }],
		source: invoice.source,
	};

	/** `generalLedger`: rows VoucherRowsAnalysis shows; the load's own transactions answer through its navigation. */
	function tenant(generalLedger: Array<Record<string, unknown>>) {
		return {
			settings: DEFAULT_SETTINGS(),
			getAll: async (ref: EntityRef, _query: unknown, read: { path?: string } = {}) => {
				if (read.path === "ExtLoadInfoSet(Company='10',LoadId='7')/ExtTransactionsArray") return { rows: [{ Company: '10', LoadId: '7', RecordNo: 1, VoucherType: 'X', AccountingYear: 2026, VoucherNo: 2026000011, TransactionDate: '2026-11-12' }], attempts: 1 };
				if (ref.entitySet === 'ExtTransactionsSet') throw notOffered;
				return { rows: generalLedger, attempts: 1 };
			},
			batch: async () => ({ results: [{ ok: true, responses: [{ status: 201, headers: {}, body: { Company: '10', LoadId: '7' } }] }], contentIds: [['1', '2', '3']], attempts: 1 }),
		} as unknown as IfsTransport;
	}

	test('vouchers already through Update GL are found in VoucherRowsAnalysis, and the run is warned', async () => {
		const warnings: string[] = [];
		const posted = { Company: '10', VoucherType: 'X', AccountingYear: 2026, VoucherNo: 2026000009, RowNo: 1, VoucherDate: '2026-11-12', ReferenceNumber: 'CX-1' };
		const [outcome] = await postDocuments(tenant([posted]), [voucher], { ...options, onWarning: (message) => warnings.push(message) });
		expect(outcome).toMatchObject({ status: 'already-posted', ifs: { voucherNo: 2026000009 } });
		expect(warnings).toEqual([expect.stringContaining('IFS Cloud does not offer ExternalVoucherHandling/ExtTransactionsSet')]);
	});

	test('a voucher just created (in the hold table) is read through its load, never reported failed', async () => {
		const [outcome] = await postDocuments(tenant([]), [voucher], options);
		expect(outcome).toMatchObject({ status: 'created', ifs: { voucherNo: 2026000011, accountingYear: 2026 } });
	});
});
