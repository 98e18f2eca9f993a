import { useConcurSimulator } from '../hooks';
import { startConcurSimulator, type ConcurSimulator } from './index';
import { bearer, company, companyToken, FIS, http, type TokenResponse } from './test-helpers';

type Json = Record<string, any>;

describe('Concur simulator: Financial Integration Service v4', () => {
	let sim: ConcurSimulator;
	let token: TokenResponse;
	const url = (docType: string, suffix = '') => `${token.geolocation}${FIS}/${docType}/transactions${suffix}`;
	const get = (docType: string, query = '', headers: Json = {}) => http.get(`${url(docType)}${query}`, { headers: { ...bearer(token), ...headers } });
	const post = (docType: string, suffix: string, body: unknown) => http.post(url(docType, suffix), body, { headers: bearer(token) });
	const ack = (docType: string, ids: string[]) => post(docType, '/acknowledgements', { systemId: 'IFS', ids });
	const confirm = (docType: string, docId: string, overallPostingStatusCode = 'success', systemId = 'IFS') =>
		post(docType, '/postingconfirmations', { systemId, postingConfirmations: [{ docId, overallPostingStatusCode, postingDocs: [{ companyId: '10', documentNumber: '4711', fiscalYear: '2026', postingDate: '2026-11-16' }], systemMessages: [] }] });
	const readyExpense = async (): Promise<Json[]> => (await get('expense', '?limit=100')).data.content;

	useConcurSimulator((started) => (sim = started));
	beforeEach(async () => {
		token = await companyToken(sim);
	});

	it('lists READY documents with 0-based pages, default limit 25 and first/self/next/last links', async () => {
		const all = await get('expense');
		expect(all.status).toBe(200);
		expect(all.data.page).toEqual({ size: 25, totalElements: 6, totalPages: 1, number: 0 });
		const page1 = await get('expense', '?page=1&limit=2');
		expect(page1.data.page).toEqual({ size: 2, totalElements: 6, totalPages: 3, number: 1 });
		expect(page1.data.links.map((l: Json) => l.rel)).toEqual(['first', 'self', 'next', 'last']);
		expect(page1.data.links.find((l: Json) => l.rel === 'next').href).toContain('page=2');
		expect(page1.data.links[0].href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
		const item = page1.data.content[0];
		expect(item).toMatchObject({ docType: 'expense', companyId: company.companyId, entityId: company.entityId, companyUuid: company.companyUuid, erpSystemId: null, docStatus: 'READY', links: [] });
		expect(item.id).toMatch(/^[0-9a-f]{32}$/);
		expect(item.id).not.toBe(item.document.report.reportId);
		expect((await get('invoice')).data.page.totalElements).toBe(2);
		expect((await get('cashadvance')).data.content).toEqual([]);
		expect((await get('nonsense')).status).toBe(400);
		expect((await get('expense', '?page=-1')).status).toBe(400);
		sim.setOptions({ fisMaxLimit: 50 });
		expect((await get('expense', '?limit=51')).status).toBe(400);
		expect((await get('expense', '?limit=50')).status).toBe(200);
	});

	it('returns the document as a JSON string with DocumentFormatAs: text and writes BigDecimal zeros as 0E-8', async () => {
		const res = await http.get(url('expense'), { headers: { ...bearer(token), DocumentFormatAs: 'text' }, transformResponse: (raw) => raw });
		expect(res.data).toContain('0E-8');
		const parsed = JSON.parse(res.data);
		expect(typeof parsed.content[0].document).toBe('string');
		expect(JSON.parse(parsed.content[0].document).report.reportId).toBe('764428DD6A664AF0BFC1');
	});

	it('builds balanced expense journals consistent with the scenario', async () => {
		const docs = await readyExpense();
		const byReport = Object.fromEntries(docs.map((d) => [d.document.report.reportId, d.document]));
		for (const doc of docs) {
			for (const entry of doc.document.expenseEntry) {
				if (!entry.allocation.length) continue;
				// journal amounts are in the report currency, as is the approved amount (the transaction amount is the receipt's)
				const gross = entry.allocation.flatMap((a: Json) => a.journal).reduce((s: number, j: Json) => s + j.amountGross, 0);
				expect(gross).toBeCloseTo(entry.entryApprovedAmount, 6);
			}
		}
		const boston = byReport['764428DD6A664AF0BFC1'];
		expect(boston.employee).toMatchObject({ employeeId: 'E100', employeeOrgUnit2Code: 'CC100' });
		expect(boston.expenseEntry[0].allocation[0]).toMatchObject({ allocationCustom1Code: 'CC100', journal: [{ journalAccountCode: '6110', journalPayer: 'COMP', journalPayee: 'EMPL' }] });
		const offsite = byReport['764428DD6A664AF0BFC2'].expenseEntry;
		expect(offsite[0].allocation.map((a: Json) => a.allocationCustom1Code)).toEqual(['CC200', 'CC300', 'CC100']);
		expect(offsite[0].allocation.map((a: Json) => a.journal[0].amountGross)).toEqual([33.333333, 33.333333, 33.343334]);
		expect(offsite[0].allocation[0].journal[0]).toMatchObject({ journalAccountCode: '6100', journalPayer: 'COMP', journalPayee: 'CBCP' });
		expect(offsite[2]).toMatchObject({ entryIsPersonal: 'Y', allocation: [{ journal: [{ journalAccountCode: '2420', journalPayer: 'EMPL', journalPayee: 'COMP' }] }] });
		const hotel = byReport['764428DD6A664AF0BFC3'].expenseEntry;
		expect(hotel[0].allocation).toEqual([]);
		expect(hotel.filter((e: Json) => e.parentEntryId === hotel[0].entryId).map((e: Json) => e.expenseTypeCode)).toEqual(['LODNG', 'BUSML']);
		expect(hotel[3].allocation[0].journal[0].journalAccountCode).toBe('6190');
		const berlin = byReport['764428DD6A664AF0BFC4'];
		expect(berlin.report.employeeCurrencyAlphaCode).toBe('EUR');
		expect(berlin.expenseEntry[0].allocation[0].journal[0]).toMatchObject({ amountGross: 238, amountTax: 38, amountNetOfTax: 200, amountNetOfReclaim: 200, taxGuid: [expect.stringMatching(/^[0-9A-F]{32}$/)] });
		// VAT lives in the journal: no tax[] array
		expect(berlin.expenseEntry[0].allocation[0]).not.toHaveProperty('tax');
		const london = byReport['764428DD6A664AF0BFC6'];
		expect(london.report.employeeCurrencyAlphaCode).toBe('SEK');
		expect(london.expenseEntry[0]).toMatchObject({ entryCurrAlphaCode: 'GBP', reportEntryTransactionAmount: 240, entryExchangeRate: 13.1, entryApprovedAmount: 3144, entryCountryCode: 'GB' });
		expect(london.expenseEntry[0].allocation[0].journal[0]).toMatchObject({ amountGross: 3144, amountTax: 524, amountNetOfTax: 2620, amountNetOfReclaim: 3144 });
		expect(london.expenseEntry[1].allocation.map((a: Json) => a.journal[0].amountGross)).toEqual([1393.28, 1393.28, 1393.69]);
		expect(london.cashAdvanceApplication).toEqual([{ cashAdvanceClearingAccountCode: '1590', cashAdvanceId: '6A107A548D1B4B49BBF370DF02EC8906', cashAdvanceApplicationAmount: -1000, cashAdvanceTransactionType: 2 }]);
		expect(berlin.expenseEntry[1].allocation[0].allocationCustom1Code).toBe('CC_400');
		expect(byReport['764428DD6A664AF0BFC5'].expenseEntry[1].allocation[0].allocationCustom1Code).toBe('CC500');
	});

	it('shapes invoice documents with a journal object, padded expense type and the MM/dd/yyyy date quirk', async () => {
		const [first, second] = (await get('invoice')).data.content;
		expect(first.document.requestHeader).toMatchObject({ requestId: '9B1D30723CBF4F86A571', invoiceDate: '11/02/2026', vendorInvoiceNumber: 'INV-25688', poNumber: 'P1001' });
		expect(first.document.vendor).toMatchObject({ vendorCode: '1000', vendorRemitToAddressCode: 'MAIN' });
		const line = first.document.lineItem[0];
		expect(line.expenseTypeCode).toBe('OFCSP  ');
		expect(line.allocation[0].journal).toMatchObject({ accountCode: '6200', amountGross: 50 });
		expect(Array.isArray(line.allocation[0].journal)).toBe(false);
		expect(second.document.lineItem[0].allocation.map((a: Json) => a.allocationCustom1Code)).toEqual(['CC200', 'CC300']);
		sim.setOptions({ fisInvoiceDateFormat: 'yyyy-MM-dd' });
		expect((await get('invoice')).data.content[0].document.requestHeader.invoiceDate).toBe('2026-11-02');
	});

	it('acknowledges with per-document codes inside HTTP 200 and removes acked documents from the queue', async () => {
		const [a, b] = await readyExpense();
		const res = await ack('expense', [a.id, 'f'.repeat(32)]);
		expect(res.status).toBe(200);
		expect(res.data).toEqual([
			{ code: 0, docId: a.id, systemId: null, acknowledgeResult: 'SUCCESS', errorMessage: '' },
			expect.objectContaining({ code: 104, acknowledgeResult: 'FAILURE' }),
		]);
		expect((await ack('expense', [a.id])).data[0]).toMatchObject({ code: 101, acknowledgeResult: 'FAILURE', errorMessage: 'This document was previously acknowledged by SystemId: IFS.' });
		const ready = await readyExpense();
		expect(ready.map((d) => d.id)).not.toContain(a.id);
		expect(ready[0].id).toBe(b.id);
		const byDocId = await get('expense', `?docId=${a.document.report.reportId}&ignoreDocumentStatus=yes`);
		expect(byDocId.data.content.map((d: Json) => d.docStatus)).toEqual(['ACKNOWLEDGED']);
		expect((await get('expense', `?docId=${a.document.report.reportId}`)).data.content).toEqual([]);
		expect((await post('expense', '/acknowledgements', { systemId: 'IFS' })).status).toBe(400);
	});

	it('posting confirmations: 111 before ack, 0 after, 113 twice, 116 unknown, 99 other system, 198 bad status; report status follows', async () => {
		const [a, b] = await readyExpense();
		expect((await confirm('expense', a.id)).data[0]).toMatchObject({ code: 111, postingConfirmationResult: 'NOT_YET_ACKNOWLEDGED' });
		await ack('expense', [a.id, b.id]);
		expect((await confirm('expense', a.id, 'maybe')).data[0]).toMatchObject({ code: 198, postingConfirmationResult: 'FAILURE' });
		expect((await confirm('expense', a.id, 'success', 'SAP')).data[0]).toMatchObject({ code: 99 });
		expect((await confirm('expense', a.id)).data[0]).toEqual({ code: 0, docId: a.id, systemId: null, postingConfirmationResult: 'SUCCESS', errorMessage: '', detailMessage: '' });
		expect((await confirm('expense', a.id)).data[0]).toMatchObject({ code: 113, postingConfirmationResult: 'FAILURE' });
		expect((await confirm('expense', 'e'.repeat(32))).data[0]).toMatchObject({ code: 116, postingConfirmationResult: 'DOCUMENT_NOT_FOUND' });
		expect((await confirm('expense', b.id, 'error')).data[0].code).toBe(0);
		const statuses = Object.fromEntries(sim.inspect().fisDocuments.map((d) => [d.id, d.status]));
		expect(statuses[a.id]).toBe('POSTING_CONFIRMED_SUCCESS');
		expect(statuses[b.id]).toBe('POSTING_CONFIRMED_FAILURE');
		const reports = await http.get(`${token.geolocation}/api/v3.0/expense/reports?user=ALL&paymentStatusCode=P_PAID,P_PFAIL`, { headers: bearer(token) });
		expect(reports.data.Items.map((r: Json) => [r.ID, r.PaymentStatusCode])).toEqual([
			[a.document.report.reportId, 'P_PAID'], [b.document.report.reportId, 'P_PFAIL'], ['764428DD6A664AF0BFD3', 'P_PAID'],
		]);
		expect(sim.inspect().postingConfirmations.length).toBe(7);
	});

	it('payment confirmations: 0, then 213 for the same paymentRef, 298 for invoices; CP moves the report to P_PAYC', async () => {
		const [a] = await readyExpense();
		await ack('expense', [a.id]);
		await confirm('expense', a.id);
		const body = { systemId: 'IFS', processingConfirmation: [{ docId: a.id, processingStatusCode: 'CP', clearingDetails: [{ clearingDate: '20261120', clearingAmount: 536.9, clearingCurrency: 'USD', clearingReference: { companyCode: '10', financialDocumentId: '4711', fiscalYear: '2026', paymentRef: 'PAY-1', paymentMethod: 'E' } }] }] };
		expect((await post('expense', '/paymentconfirmations', body)).data[0]).toMatchObject({ code: 0, paymentConfirmationResult: 'SUCCESS', paymentRef: 'PAY-1' });
		expect((await post('expense', '/paymentconfirmations', body)).data[0]).toMatchObject({ code: 213 });
		expect((await post('invoice', '/paymentconfirmations', body)).data[0]).toMatchObject({ code: 298 });
		expect(sim.inspect().reports.find((r) => r.reportId === a.document.report.reportId)?.paymentStatus).toBe('P_PAYC');
	});

	it('recall and resubmit: old id answers 102/112, a new FIS id appears for the same report id', async () => {
		const [a, b] = await readyExpense();
		const reportId = a.document.report.reportId;
		await ack('expense', [b.id]);
		sim.recall('expense', b.document.report.reportId);
		expect((await confirm('expense', b.id)).data[0]).toMatchObject({ code: 112, postingConfirmationResult: 'WAS_RECALLED' });
		const fresh = sim.recallAndResubmit('expense', reportId);
		expect(fresh.id).not.toBe(a.id);
		expect(fresh.sourceId).toBe(reportId);
		expect((await ack('expense', [a.id])).data[0]).toMatchObject({ code: 102, acknowledgeResult: 'FAILURE' });
		const again = await get('expense', `?docId=${reportId}`);
		expect(again.data.content.map((d: Json) => d.id)).toEqual([fresh.id]);
		expect(again.data.content[0].document.report.revisionNumber).toBe(2);
		expect((await ack('expense', [fresh.id])).data[0].code).toBe(0);
	});

	it('generates extra READY documents deterministically, balanced per entry', async () => {
		const ids = sim.generateExpenseDocuments(30, 4);
		expect(ids).toHaveLength(30);
		const page = await get('expense', '?limit=50');
		expect(page.data.page.totalElements).toBe(36);
		const generated = page.data.content.filter((d: Json) => ids.includes(d.id));
		for (const doc of generated) {
			expect(doc.document.expenseEntry).toHaveLength(4);
			for (const entry of doc.document.expenseEntry) {
				const gross = entry.allocation.flatMap((a: Json) => a.journal).reduce((s: number, j: Json) => s + j.amountGross, 0);
				expect(gross).toBeCloseTo(entry.entryApprovedAmount, 6);
				for (const a of entry.allocation) expect(['CC100', 'CC200', 'CC300']).toContain(a.allocationCustom1Code);
			}
		}
		const twin = await startConcurSimulator({ generatedExpenseDocuments: { count: 30, linesPerDocument: 4 } });
		try {
			expect(twin.fisDocuments.filter((d) => d.docType === 'expense').slice(6).map((d) => d.id)).toEqual(ids);
		} finally {
			await twin.stop();
		}
	});
});
