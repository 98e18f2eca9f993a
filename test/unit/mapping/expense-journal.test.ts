import { type MapItemResult, mapDocuments, type MappingConfig } from '../../../nodes/ConcurToIfs/core';
import type { JournalEntryPosting, SupplierInvoicePosting } from '../../../nodes/shared/postings';
import { fisExpenseEnvelope, NOW, scenarioConfig, scenarioReferenceData, seedReport, v3AssembledReport } from './fixtures/scenario';

function mapOne(input: unknown, config: MappingConfig = scenarioConfig()): MapItemResult {
	return mapDocuments([input], config, scenarioReferenceData(), { executionId: 'exec-42', now: NOW })[0];
}

function journal(input: unknown, config?: MappingConfig): JournalEntryPosting {
	const result = mapOne(input, config);
	if (result.held) throw new Error(`held: ${result.reasons.map((reason) => reason.message).join(' | ')}`);
	return result.posting as JournalEntryPosting;
}

/** account, cost center, D/C, amount — the way a finance user reads a voucher. */
const rows = (posting: JournalEntryPosting) => posting.rows.map((row) => [row.account, row.codeParts.CodeB ?? '', row.debit ? 'D' : 'C', row.debit ?? row.credit]);

describe('expense report → journal entry (FIS)', () => {
	it('posts cash lines to the mapped GL accounts on the employee cost center and credits the employee', () => {
		const posting = journal(fisExpenseEnvelope(seedReport('W4JPA1')));
		expect(posting).toMatchObject({ kind: 'journalEntry', company: '10', reference: 'CX-764428DD6A664AF0BFC1', voucherType: 'X', voucherDate: '2026-11-12', text: 'Concur W4JPA1 Alice Anders' });
		expect(rows(posting)).toEqual([
			['6110', 'CC100', 'D', '412.50'],
			['6120', 'CC100', 'D', '86.40'],
			['6140', 'CC100', 'D', '38.00'],
			['2410', '', 'C', '536.90'],
		]);
		expect(posting.rows[0]).toMatchObject({ currency: 'USD', text: 'Hotel Harbor Hotel' });
		expect(posting.source).toMatchObject({ system: 'SAP Concur', type: 'fis-expense', id: '764428DD6A664AF0BFC1', fisDocumentId: 'fd764428dd6a664af0bfc10000000000', fisDocType: 'expense' });
		expect(posting.source.version).toMatch(/^sha256:[0-9a-f]{64}$/);
	});

	it('splits a company-card line to the cent (extra cent on the largest share) and books a personal card charge as employee receivable', () => {
		const posting = journal(fisExpenseEnvelope(seedReport('W4JPA2')));
		expect(rows(posting)).toEqual([
			['6100', 'CC200', 'D', '33.33'],
			['6100', 'CC300', 'D', '33.33'],
			['6100', 'CC100', 'D', '33.35'],
			['6140', 'CC200', 'D', '34.35'],
			['6140', 'CC300', 'D', '22.90'],
			['1580', '', 'D', '23.90'],
			['2420', '', 'C', '123.91'],
			['2410', '', 'C', '57.25'],
		]);
		// nothing of the personal charge reaches an expense account
		expect(posting.rows.filter((row) => row.account === '6120')).toEqual([]);
	});

	it('posts itemizations under their own expense types and falls back to the Concur journal account', () => {
		const posting = journal(fisExpenseEnvelope(seedReport('W4JPA3')));
		expect(rows(posting)).toEqual([
			['6110', 'CC100', 'D', '300.00'],
			['6120', 'CC100', 'D', '50.00'],
			['6190', 'CC100', 'D', '12.00'],
			['2420', '', 'C', '350.00'],
			['2410', '', 'C', '12.00'],
		]);
		expect(posting.rows[1].sourceLine).toMatch(/^764428DD6A664AF0BFC3000000000001\/764428DD6A664AF0BFC3000000000003\//);
	});

	it('books reclaimable VAT to the tax account, maps the ledger to company 20 and turns CC_400 back into CC-400', () => {
		const posting = journal(fisExpenseEnvelope(seedReport('W4JPA4')));
		expect(posting.company).toBe('20');
		expect(rows(posting)).toEqual([
			['6110', 'CC300', 'D', '200.00'],
			['2640', '', 'D', '38.00'],
			['6130', 'CC-400', 'D', '45.60'],
			['2410', '', 'C', '283.60'],
		]);
		expect(posting.rows[1]).toMatchObject({ taxCode: 'IV19', currency: 'EUR' });
	});

	it('reads a FIS document delivered as a JSON string (DocumentFormatAs: text)', () => {
		const asObject = journal(fisExpenseEnvelope(seedReport('W4JPA2')));
		const asString = journal(fisExpenseEnvelope(seedReport('W4JPA2'), { documentAsString: true }));
		expect(asString).toEqual(asObject);
	});

	it("never puts an entry's exchange rate on a row: a GBP receipt on a USD report is booked in USD at rate 1 in company 10 (USD)", () => {
		const envelope = fisExpenseEnvelope(seedReport('W4JPA1')) as { document: { expenseEntry: Array<Record<string, unknown>> } };
		Object.assign(envelope.document.expenseEntry[0], { entryCurrAlphaCode: 'GBP', reportEntryTransactionAmount: 330, entryExchangeRate: '1.25000000', entryExchangeRateDirection: 'M' });
		const posting = journal(envelope);
		expect(posting.accountingCurrency).toBe('USD');
		expect(posting.rows[0]).toMatchObject({ account: '6110', currency: 'USD', debit: '412.50', accountingDebit: '412.50' });
		expect(posting.rows.every((row) => row.currencyRate === undefined)).toBe(true);
	});

	it('books the cent each row\'s own conversion leaves in the accounting currency to the rounding account, and holds the voucher without one', () => {
		const report = { ...seedReport('W4JPA6'), cashAdvances: [], entries: [
			{ expenseType: 'BUSML', amount: '0.50', paymentType: 'CASH' as const, date: '2026-11-05' },
			{ expenseType: 'TAXIX', amount: '0.50', paymentType: 'CASH' as const, date: '2026-11-05' },
		] };
		const posting = journal(fisExpenseEnvelope(report));
		// SEK 0.50 × 8.7105 / 100 = 0.04355 → 0.04 twice, against 1.00 → 0.09
		expect(posting.rows.map((row) => [row.account, row.debit ?? `-${row.credit}`, row.accountingDebit ?? `-${row.accountingCredit}`, row.currencyRate])).toEqual([
			['6120', '0.50', '0.04', '8.7105'],
			['6140', '0.50', '0.04', '8.7105'],
			['2410', '-1.00', '-0.09', '8.7105'],
			['8990', '0.00', '0.01', '8.7105'],
		]);
		const [held] = mapDocuments([fisExpenseEnvelope(report)], scenarioConfig({ roundingAccount: '' }), scenarioReferenceData(), { now: NOW });
		expect(held.held && held.reasons.map((reason) => reason.message)).toEqual(['In the accounting currency debits and credits differ by -0.01 EUR, and no rounding account is set — adjust the rounding settings']);
	});

	it("takes Concur's rate from a report field when set so, quoted per IFS's conversion factor", () => {
		const envelope = fisExpenseEnvelope(seedReport('W4JPA6')) as { document: { report: Record<string, unknown> } };
		envelope.document.report.reportCustom20Code = '0.0871';
		const config = scenarioConfig({ currencyRateSource: 'concurReportField', currencyRateField: 'custom20' });
		const posting = journal(envelope, config);
		expect(new Set(posting.rows.map((row) => row.currencyRate))).toEqual(new Set(['8.71']));
		expect(posting.rows[0]).toMatchObject({ account: '6110', debit: '3144.00', accountingDebit: '273.84' });
		delete envelope.document.report.reportCustom20Code;
		const [held] = mapDocuments([envelope], config, scenarioReferenceData(), { now: NOW });
		expect(held.held && held.reasons.map((reason) => reason.message)).toEqual(['The report has no rate to the company currency in "custom20" — fill it in Concur or use IFS\'s rates']);
	});

	it.each([
		['reportDate', '2026-11-03'],
		['submitDate', '2026-11-10'],
		['processingDate', '2026-11-12'],
		['postingDate', '2026-11-16'],
	] as const)('voucher date rule %s → %s', (rule, expected) => {
		expect(journal(fisExpenseEnvelope(seedReport('W4JPA1')), scenarioConfig({ voucherDateRule: rule })).voucherDate).toBe(expected);
	});

	it('renders text templates with placeholders only (unknown ones render empty)', () => {
		const config = scenarioConfig({ voucherTextTemplate: 'Exp {reportNumber}/{reportName} {nope} {constructor}', rowTextTemplate: '{lineNumber}: {expenseTypeCode} {transactionDate}' });
		const posting = journal(fisExpenseEnvelope(seedReport('W4JPA1')), config);
		expect(posting.text).toBe('Exp W4JPA1/Customer visit Boston');
		expect(posting.rows.map((row) => row.text)).toEqual(['1: LODNG 2026-11-03', '2: BUSML 2026-11-03', '3: TAXIX 2026-11-04', 'Exp W4JPA1/Customer visit Boston']);
	});

	it('uses a fixed company when configured', () => {
		expect(journal(fisExpenseEnvelope(seedReport('W4JPA4')), scenarioConfig({ companyMode: 'fixed', fixedCompany: '10' })).company).toBe('10');
	});

	it('reads the cost center from a configurable field, translating 32-hex list-item ids through the table', () => {
		const envelope = fisExpenseEnvelope(seedReport('W4JPA1')) as { document: { expenseEntry: Array<{ allocation: Array<Record<string, unknown>> }> } };
		envelope.document.expenseEntry[0].allocation[0].allocationCustom5Code = '2C3D4E5F6A7B4C8D9E0F1A2B3C4D5E6F';
		envelope.document.expenseEntry[1].allocation[0].allocationCustom5Code = '9F8E7D6C5B4A43928170 6F5E4D3C2B1A'.replace(' ', '');
		const config = scenarioConfig({
			costCenterSources: [{ level: 'allocation', field: 'custom5' }, { level: 'employee', field: 'orgUnit2' }],
			costCenterTable: [
				{ concurValue: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', ifsCode: 'CC300' },
				{ concurValue: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a', ifsCode: 'CC-400' },
			],
		});
		expect(rows(journal(envelope, config)).map((row) => row[1])).toEqual(['CC300', 'CC-400', 'CC100', '']);
	});

	/** Concur's own amounts with more decimals than the currency: every journal amount of every line becomes `amount`. */
	function withJournalAmounts(amount: string) {
		const envelope = fisExpenseEnvelope(seedReport('W4JPA1')) as { document: { expenseEntry: Array<{ entryApprovedAmount: unknown; allocation: Array<{ journal: Array<Record<string, unknown>> }> }> } };
		for (const entry of envelope.document.expenseEntry) {
			entry.entryApprovedAmount = amount;
			Object.assign(entry.allocation[0].journal[0], { amountGross: amount, amountNetOfTax: amount, amountNetOfReclaim: amount });
		}
		return envelope;
	}

	it('sends sub-cent differences to the rounding account and reports them', () => {
		const envelope = withJournalAmounts('10.005');
		const result = mapOne(envelope);
		if (result.held) throw new Error(result.reasons[0].message);
		expect(rows(result.posting as JournalEntryPosting)).toEqual([
			['6110', 'CC100', 'D', '10.01'],
			['6120', 'CC100', 'D', '10.01'],
			['6140', 'CC100', 'D', '10.01'],
			['2410', '', 'C', '30.02'],
			['8990', '', 'C', '0.01'],
		]);
		expect(result.notes).toContain('Rounding difference of 0.01 USD posted to account 8990');
	});

	it('holds the report when the difference is larger than the rounding tolerance', () => {
		const envelope = withJournalAmounts('10.005');
		const result = mapOne(envelope, scenarioConfig({ roundingTolerance: '0' }));
		expect(result.held).toBe(true);
		expect(result.held && result.reasons.map((reason) => reason.message)).toEqual(['Debits and credits differ by 0.01 USD, more than the rounding tolerance 0 — correct the report in Concur or adjust the rounding settings']);
	});

	it('skips zero lines (0E-8) and notes a cash advance that is not applied to the report', () => {
		const envelope = fisExpenseEnvelope(seedReport('W4JPA1')) as {
			document: { expenseEntry: Array<{ entryApprovedAmount: unknown; allocation: Array<{ journal: Array<Record<string, unknown>> }> }>; cashAdvanceApplication: unknown[] };
		};
		envelope.document.expenseEntry[2].entryApprovedAmount = '0E-8';
		Object.assign(envelope.document.expenseEntry[2].allocation[0].journal[0], { amountGross: '0E-8', amountNetOfTax: '0E-8', amountNetOfReclaim: '0E-8' });
		envelope.document.cashAdvanceApplication = [{ cashAdvanceId: 'CA1', cashAdvanceApplicationAmount: 100, cashAdvanceTransactionType: 1 }];
		const result = mapOne(envelope);
		if (result.held) throw new Error(result.reasons[0].message);
		expect(rows(result.posting as JournalEntryPosting)).toEqual([
			['6110', 'CC100', 'D', '412.50'],
			['6120', 'CC100', 'D', '86.40'],
			['2410', '', 'C', '498.90'],
		]);
		expect(result.notes).toEqual(['Cash advance CA1 (transaction type 1) is not applied to this report — nothing posted for it']);
	});

	it('audits the mapping with key, version, execution id and time', () => {
		const result = mapOne(fisExpenseEnvelope(seedReport('W4JPA1')));
		expect(result.audit).toMatchObject({
			sourceSystem: 'SAP Concur',
			sourceType: 'fis-expense',
			sourceId: '764428DD6A664AF0BFC1',
			fisDocumentId: 'fd764428dd6a664af0bfc10000000000',
			idempotencyKey: 'CX-764428DD6A664AF0BFC1',
			action: 'mapped',
			company: '10',
			executionId: 'exec-42',
			recordedAt: NOW,
			attempts: 0,
			reasons: [],
		});
		expect(result.audit.documentVersion).toMatch(/^sha256:/);
	});
});

describe('expense report → journal entry (v3 report + entries + allocations)', () => {
	it('produces the same voucher and the same idempotency key as FIS', () => {
		for (const number of ['W4JPA1', 'W4JPA2', 'W4JPA3']) {
			const fromFis = journal(fisExpenseEnvelope(seedReport(number)));
			const fromV3 = journal(v3AssembledReport(seedReport(number)));
			expect(fromV3.reference).toBe(fromFis.reference);
			expect(rows(fromV3)).toEqual(rows(fromFis));
			expect(fromV3.source.type).toBe('v3-report');
		}
	});

	it('matches v3 payment types by name, reads string percentages and the report org unit', () => {
		const posting = journal(v3AssembledReport(seedReport('W4JPA4')));
		// v3 carries no VAT breakdown: the gross goes to the expense account
		expect(rows(posting)).toEqual([
			['6110', 'CC300', 'D', '238.00'],
			['6130', 'CC-400', 'D', '45.60'],
			['2410', '', 'C', '283.60'],
		]);
		expect(posting.voucherDate).toBe('2026-11-14');
	});
});

describe('expense report → supplier invoice to the employee', () => {
	const config = scenarioConfig({ expenseReportTarget: 'supplierInvoice', employeeSupplierField: 'custom17', supplierInvoiceSeries: 'EX' });

	it('invoices the employee-paid lines with the employee as supplier', () => {
		const reference = scenarioReferenceData();
		reference.companies['20'].suppliers.push('S-E300');
		const [result] = mapDocuments([fisExpenseEnvelope(seedReport('W4JPA4'))], config, reference, { now: NOW });
		if (result.held) throw new Error(result.reasons[0].message);
		const posting = result.posting as SupplierInvoicePosting;
		expect(posting).toMatchObject({ kind: 'supplierInvoice', company: '20', supplierId: 'S-E300', invoiceNo: 'CX-764428DD6A664AF0BFC4', seriesId: 'EX', invoiceDate: '2026-11-14', dueDate: '2026-12-14', currency: 'EUR', netAmount: '245.60', vatAmount: '38.00' });
		expect(posting.lines.map((line) => [line.account, line.codeParts.CodeB, line.amount])).toEqual([
			['6110', 'CC300', '200.00'],
			['6130', 'CC-400', '45.60'],
		]);
	});

	it('holds a report with company-card lines rather than dropping them', () => {
		const reference = scenarioReferenceData();
		reference.companies['10'].suppliers.push('S-E200');
		const [result] = mapDocuments([fisExpenseEnvelope(seedReport('W4JPA2'))], config, reference, { now: NOW });
		expect(result.held).toBe(true);
		expect(result.held && result.reasons.map((reason) => [reason.lineNumber, reason.field])).toEqual([
			[1, 'paymentType'],
			[3, 'paymentType'],
		]);
	});
});
