/**
 * The IFS simulator's cost per document as its store grows, in-process (no HTTP, no latency):
 * per block of 50 documents, the template's look-ups (VoucherRowSet and ExtTransactionsSet by
 * Company and 50 ReferenceNumbers, five of them already posted), the writes (load, 6 rows,
 * CheckAndCreate per document) and the read-back (each load's ExtTransactionsArray); with
 * `receipts`, one receipt document per voucher, connected to it (DocReferenceObjectSet).
 *
 *   node scripts/run-ts.js scripts/bench/ifs-sim-growth.ts 20000 [receipts]
 *   node --cpu-prof --cpu-prof-dir=tmp/prof scripts/run-ts.js scripts/bench/ifs-sim-growth.ts 5000
 *
 * Per-document times that stay flat as the documents grow = no scan of the growing tables.
 */
import { DEFAULT_CLIENT, resolveOptions } from '../../test/simulators/ifs/options';
import { IfsSimulator } from '../../test/simulators/ifs/simulator';
import type { ODataRequest } from '../../test/simulators/ifs/odata';

const total = Number(process.argv[2] ?? 20000);
const withReceipts = process.argv[3] === 'receipts';
const BLOCK = 50;
const sim = new IfsSimulator(resolveOptions({}));
const origin = 'http://127.0.0.1';
const call = (method: string, path: string, query: Record<string, string> = {}, body?: unknown, headers: Record<string, string> = {}) => {
	const req: ODataRequest = {
		method, rawPath: `/main/ifsapplications/projection/v1/${path}`, query: new URLSearchParams(query),
		headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? '' : JSON.stringify(body), client: DEFAULT_CLIENT, origin,
	};
	const res = sim.odata.handle(req);
	if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.body}`);
	return res;
};
const times = { lookup: 0, write: 0, readBack: 0, receipts: 0 };
let lookupRows = 0;
const t0 = process.hrtime.bigint();
let mark = { ...times, at: process.hrtime.bigint(), docs: 0 };
for (let start = 0; start < total; start += BLOCK) {
	const company = (start / BLOCK) % 2 === 0 ? '10' : '20';
	const refs = Array.from({ length: BLOCK }, (_, i) => `CX-${String(start + i).padStart(8, '0')}`);
	// look-ups (the block's references plus some that exist already)
	const filter = `Company eq '${company}' and (${refs.map((r, i) => `ReferenceNumber eq '${i % 10 === 0 && start >= 2 * BLOCK ? `CX-${String(start - 2 * BLOCK + i).padStart(8, '0')}` : r}'`).join(' or ')})`;
	let t = process.hrtime.bigint();
	for (const set of ['VoucherRowsAnalysis.svc/VoucherRowSet', 'ExternalVoucherHandling.svc/ExtTransactionsSet']) {
		const res = call('GET', set, { $filter: filter, $select: 'Company,ReferenceNumber,VoucherNo' });
		lookupRows += (JSON.parse(res.body).value as unknown[]).length;
	}
	times.lookup += Number(process.hrtime.bigint() - t) / 1e6;
	t = process.hrtime.bigint();
	const loads: string[] = [];
	for (const ref of refs) {
		const load = JSON.parse(call('POST', 'ExternalVoucherHandling.svc/ExtLoadInfoSet', {}, { Company: company, LoadType: 'CONCUR', LoadDate: '2026-11-16', Description: ref }).body);
		const path = `ExternalVoucherHandling.svc/ExtLoadInfoSet(Company='${company}',LoadId='${load.LoadId}')`;
		for (let r = 0; r < 5; r++) call('POST', `${path}/ExtTransactionsArray`, {}, { VoucherType: 'X', TransactionDate: '2026-11-16', Account: '6100', CodeB: 'CC100', CurrencyCode: company === '10' ? 'USD' : 'EUR', CurrencyDebetAmount: 10.25, Text: 'row', ReferenceNumber: ref });
		call('POST', `${path}/ExtTransactionsArray`, {}, { VoucherType: 'X', TransactionDate: '2026-11-16', Account: '2410', CurrencyCode: company === '10' ? 'USD' : 'EUR', CurrencyCreditAmount: 51.25, Text: 'credit', ReferenceNumber: ref });
		const etag = call('GET', path).headers.ETag;
		call('POST', `${path}/IfsApp.ExternalVoucherHandling.ExtLoadInfo_CheckAndCreate`, {}, {}, { 'if-match': etag });
		loads.push(path);
	}
	times.write += Number(process.hrtime.bigint() - t) / 1e6;
	t = process.hrtime.bigint();
	const vouchers = loads.map((path) => JSON.parse(call('GET', `${path}/ExtTransactionsArray`, { $select: 'Company,LoadId,RecordNo,ReferenceNumber,VoucherType,AccountingYear,VoucherNo' }).body).value[0]);
	times.readBack += Number(process.hrtime.bigint() - t) / 1e6;
	t = process.hrtime.bigint();
	for (const voucher of withReceipts ? vouchers : []) {
		const doc = JSON.parse(call('POST', 'DocReferenceObjectAttachmentHandling.svc/DocIssueSet', {}, { DocClass: 'RECEIPT', Title: `receipt ${voucher.ReferenceNumber}` }).body);
		const keyRef = `ACCOUNTING_YEAR=${voucher.AccountingYear}^COMPANY=${voucher.Company}^VOUCHER_NO=${voucher.VoucherNo}^VOUCHER_TYPE=${voucher.VoucherType}^`;
		call('POST', 'DocReferenceObjectAttachmentHandling.svc/DocReferenceObjectSet', {}, { LuName: 'Voucher', KeyRef: keyRef, DocClass: 'RECEIPT', DocNo: doc.DocNo, DocSheet: doc.DocSheet, DocRev: doc.DocRev });
	}
	times.receipts += Number(process.hrtime.bigint() - t) / 1e6;
	const docs = start + BLOCK;
	if ([1000, 2000, 5000, 10000, 20000, 40000].includes(docs) || docs === total) {
		const span = docs - mark.docs;
		const per = (k: keyof typeof times) => ((times[k] - mark[k]) / span).toFixed(3);
		console.log(`${String(docs).padStart(6)} docs: per document (last ${span}) lookup ${per('lookup')} ms, write ${per('write')} ms, read-back ${per('readBack')} ms${withReceipts ? `, receipts ${per('receipts')} ms` : ''}; cumulative ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`);
		mark = { ...times, at: process.hrtime.bigint(), docs };
	}
}
console.log(`total ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s, lookup rows found ${lookupRows}; lookup ${(times.lookup / 1000).toFixed(1)} s, write ${(times.write / 1000).toFixed(1)} s, read-back ${(times.readBack / 1000).toFixed(1)} s, receipts ${(times.receipts / 1000).toFixed(1)} s`);
