import { type LineReason, type MapItemResult, mapDocuments, MappingConfigError, type MappingConfig } from '../../../nodes/ConcurToIfs/core';
import { fisExpenseEnvelope, fisInvoiceEnvelope, NOW, scenarioConfig, scenarioReferenceData, seedInvoice, seedReport, v3AssembledReport } from './fixtures/scenario';

type Envelope = { document: { report: Record<string, unknown>; expenseEntry: Array<Record<string, unknown> & { allocation: Array<Record<string, unknown>> }> } };

function heldReasons(input: unknown, config: MappingConfig = scenarioConfig(), reference = scenarioReferenceData()): LineReason[] {
	const [result] = mapDocuments([input], config, reference, { executionId: 'exec-7', now: NOW });
	if (!result.held) throw new Error('expected the document to be held');
	expect(result).not.toHaveProperty('posting');
	expect(result.audit).toMatchObject({ action: 'held', reasons: result.reasons.map((reason) => expect.objectContaining({ message: reason.message })) });
	return result.reasons;
}

describe('a document with one bad line is held whole, naming line, field and value', () => {
	it('unknown cost center (CC500 exists only in Concur)', () => {
		const reasons = heldReasons(fisExpenseEnvelope(seedReport('W4JPA5')));
		expect(reasons).toEqual([
			{
				lineNumber: 2,
				entryId: '764428DD6A664AF0BFC5000000000002',
				allocationId: '764428DD6A664AF0BFC5000000000002A1',
				allocationNumber: 1,
				field: 'costCenter',
				value: 'CC500',
				message: 'Line 2 (entry 7644…, allocation 1): cost center "CC500" does not exist in IFS company 10 — create it in IFS (code part B) or map it in the cost-center table',
			},
		]);
	});

	it('the same report from v3 is held for the same reason', () => {
		expect(heldReasons(v3AssembledReport(seedReport('W4JPA5'))).map((reason) => [reason.lineNumber, reason.field, reason.value])).toEqual([[2, 'costCenter', 'CC500']]);
	});

	it('blocked account', () => {
		const config = scenarioConfig({ accountByExpenseType: [...scenarioConfig().accountByExpenseType.filter((row) => row.expenseTypeCode !== 'BUSML'), { expenseTypeCode: 'BUSML', account: '6999' }] });
		const reasons = heldReasons(fisExpenseEnvelope(seedReport('W4JPA1')), config);
		expect(reasons).toEqual([expect.objectContaining({ lineNumber: 2, field: 'account', value: '6999', message: expect.stringMatching(/^Line 2 \(entry 7644…, allocation 1\): account "6999" is blocked in IFS company 10/) })]);
	});

	it('blocked cost center', () => {
		const envelope = fisExpenseEnvelope(seedReport('W4JPA1')) as Envelope;
		envelope.document.expenseEntry[2].allocation[0].allocationCustom1Code = 'CC900';
		expect(heldReasons(envelope)).toEqual([expect.objectContaining({ lineNumber: 3, field: 'costCenter', value: 'CC900', message: expect.stringContaining('is blocked in IFS company 10') })]);
	});

	it('closed period', () => {
		const envelope = fisExpenseEnvelope(seedReport('W4JPA1')) as Envelope;
		envelope.document.report.reportPaymentProcessingDate = '2025-12-31T10:00:00.000Z';
		expect(heldReasons(envelope)).toEqual([
			expect.objectContaining({ field: 'voucherDate', value: '2025-12-31', message: 'Voucher date 2025-12-31 is not in an open period of IFS company 10 — open the period in IFS or change the date rule' }),
		]);
	});

	it('unknown supplier', () => {
		const input = fisInvoiceEnvelope({ ...seedInvoice('9B1D30723CBF4F86A571'), vendorCode: '2001' });
		expect(heldReasons(input)).toEqual([expect.objectContaining({ field: 'supplier', value: '2001', message: expect.stringContaining('Supplier "2001" is not connected to IFS company 10') })]);
	});

	it('unknown currency', () => {
		const envelope = fisExpenseEnvelope(seedReport('W4JPA1')) as Envelope;
		envelope.document.report.employeeCurrencyAlphaCode = 'JPY';
		expect(heldReasons(envelope)).toEqual([expect.objectContaining({ field: 'currency', value: 'JPY', message: 'Currency "JPY" is not defined in IFS company 10 — add it in IFS' })]);
	});

	it('unknown expense type without a Concur journal account, and an unmapped payment type', () => {
		const envelope = fisExpenseEnvelope(seedReport('W4JPA1')) as Envelope & { document: { expenseEntry: Array<{ allocation: Array<{ journal: Array<Record<string, unknown>> }> }> } };
		envelope.document.expenseEntry[0].expenseTypeCode = 'PARKG';
		envelope.document.expenseEntry[0].allocation[0].journal[0].journalAccountCode = null;
		envelope.document.expenseEntry[1].reportEntryPaymentTypeCode = 'XPAY';
		expect(heldReasons(envelope).map((reason) => [reason.lineNumber, reason.field, reason.value])).toEqual([
			[1, 'account', 'PARKG'],
			[2, 'paymentType', 'XPAY'],
		]);
	});

	it('a company the integration may not post to', () => {
		const config = scenarioConfig({ companyTable: [{ concurValue: 'US', ifsCompany: '90' }] });
		expect(heldReasons(fisExpenseEnvelope(seedReport('W4JPA1')), config)).toEqual([expect.objectContaining({ field: 'company', value: '90' })]);
	});

	it('a ledger missing from the company table', () => {
		expect(heldReasons(fisExpenseEnvelope(seedReport('W4JPA4')), scenarioConfig({ companyTable: [{ concurValue: 'US', ifsCompany: '10' }] }))).toEqual([
			expect.objectContaining({ field: 'ledgerCode', value: 'EU', message: 'Concur ledgerCode "EU" is not in the company table — add a row that maps it to an IFS company' }),
		]);
	});

	it("an allocation whose Concur journal amount contradicts its percentage (FIS)", () => {
		const envelope = fisExpenseEnvelope(seedReport('W4JPA2')) as Envelope;
		envelope.document.expenseEntry[1].allocation[1].allocationPercentage = 30;
		expect(heldReasons(envelope)).toEqual([
			expect.objectContaining({
				lineNumber: 2,
				allocationNumber: 2,
				field: 'allocationPercentage',
				value: '30',
				message: "Line 2 (entry 7644…, allocation 2): Concur's journal puts 22.90 USD on this allocation, but 30 % of 57.25 USD is 17.18 USD — correct the allocation in Concur",
			}),
		]);
	});

	it('allocations that do not add up to 100 % (v3: percentages only)', () => {
		const report = v3AssembledReport(seedReport('W4JPA2')) as { Entries: Array<{ Allocations: Array<{ Percentage: string }> }> };
		report.Entries[1].Allocations[1].Percentage = '30.00000000';
		expect(heldReasons(report)).toEqual([expect.objectContaining({ lineNumber: 2, field: 'allocationPercentage', value: '90' })]);
	});
});

describe('unusable input and incomplete configuration', () => {
	it('fails an unreadable item with the field named, and maps the others', () => {
		const broken = { id: 'fd-broken', docType: 'expense', document: '{not json' };
		const noReport = { id: 'fd-empty', docType: 'expense', document: { expenseEntry: [] } };
		const badAmount = fisExpenseEnvelope(seedReport('W4JPA1')) as Envelope & { document: { expenseEntry: Array<{ allocation: Array<{ journal: Array<Record<string, unknown>> }> }> } };
		badAmount.document.expenseEntry[0].allocation[0].journal[0].amountGross = 'twelve';
		const results: MapItemResult[] = mapDocuments([broken, noReport, badAmount, fisExpenseEnvelope(seedReport('W4JPA1'))], scenarioConfig(), scenarioReferenceData(), { now: NOW });
		expect(results.map((result) => (result.held ? result.reasons[0].message : 'posted'))).toEqual([
			'The Concur document cannot be read: document: is a string that is not valid JSON',
			'The Concur document cannot be read: document.report: is missing or not an object',
			'The Concur document cannot be read: document.expenseEntry[0].allocation[0].journal[0].amountGross: "twelve" is not a number',
			'posted',
		]);
		// an unreadable FIS document still names its financial document, so Concur is told the posting failed
		expect(results[0].audit).toMatchObject({ action: 'failed', sourceType: 'fis-expense', fisDocumentId: 'fd-broken', sourceId: '' });
		expect(results[2].audit).toMatchObject({ action: 'failed', sourceType: 'fis-expense', sourceId: seedReport('W4JPA1').reportId });
		expect(mapDocuments([{ ID: 'v3-broken' }], scenarioConfig(), scenarioReferenceData(), { now: NOW })[0].audit).toMatchObject({ sourceType: 'unknown', sourceId: 'v3-broken' });
	});

	it('throws when settings the items need are missing', () => {
		const config = scenarioConfig({ cardClearingAccount: '' });
		expect(() => mapDocuments([fisExpenseEnvelope(seedReport('W4JPA1'))], config, scenarioReferenceData())).toThrow(MappingConfigError);
		expect(() => mapDocuments([fisExpenseEnvelope(seedReport('W4JPA1'))], config, scenarioReferenceData())).toThrow(/cardClearingAccount/);
		// invoices do not need expense settings
		expect(() => mapDocuments([fisInvoiceEnvelope(seedInvoice('9B1D30723CBF4F86A571'))], config, scenarioReferenceData(), { now: NOW })).not.toThrow();
	});
});
