/**
 * One mapping for a group whose companies use different charts of accounts: company 10 books on
 * 4-digit accounts, company 20 on 5-digit ones. Rows with a company win for that company; rows
 * without one apply everywhere. (The README's mapping example is this configuration.)
 */
import { mapDocuments, type MappingConfig } from '../../../nodes/ConcurToIfs/core';
import type { JournalEntryPosting } from '../../../nodes/shared/postings';
import { fisExpenseEnvelope, NOW, scenarioConfig, scenarioReferenceData, seedReport } from './fixtures/scenario';

const FIVE_DIGIT_CHART = ['61000', '61100', '61200', '61300', '61400', '61900', '24100', '24200', '24250', '15800', '15900', '26400', '89900'];

function twoCharts(): MappingConfig {
	return scenarioConfig({
		accountByExpenseType: [
			{ expenseTypeCode: 'AIRFR', account: '6100' },
			{ expenseTypeCode: 'LODNG', account: '6110' },
			{ expenseTypeCode: 'BUSML', account: '6120' },
			{ expenseTypeCode: 'CARMI', account: '6130' },
			{ expenseTypeCode: 'TAXIX', account: '6140' },
			{ expenseTypeCode: 'AIRFR', account: '61000', company: '20' },
			{ expenseTypeCode: 'LODNG', account: '61100', company: '20' },
			{ expenseTypeCode: 'BUSML', account: '61200', company: '20' },
			{ expenseTypeCode: 'CARMI', account: '61300', company: '20' },
			{ expenseTypeCode: 'TAXIX', account: '61400', company: '20' },
		],
		employeePayableAccount: '2410',
		cardClearingAccount: '2420',
		employeeReceivableAccount: '1580',
		cashAdvanceClearingAccount: '1590',
		roundingAccount: '8990',
		companyAccounts: [
			{ company: '20', employeePayableAccount: '24100', cardClearingAccount: '24200', employeeReceivableAccount: '15800', cashAdvanceClearingAccount: '15900', roundingAccount: '89900' },
		],
		paymentTypeKinds: [
			{ paymentTypeCode: 'CASH', kind: 'employee' },
			{ paymentTypeCode: 'CBCP', kind: 'card' },
			// company 20 clears company-card charges on an account of their own
			{ paymentTypeCode: 'CBCP', kind: 'card', account: '24250', company: '20' },
		],
		taxAccounts: [
			{ taxCode: 'DE', account: '2640', ifsTaxCode: 'IV19' },
			{ taxCode: 'DE', account: '26400', ifsTaxCode: 'VST19', company: '20' },
			{ taxCode: 'SE', account: '26400', ifsTaxCode: 'VST6', company: '20' },
		],
	});
}

function referenceData() {
	const reference = scenarioReferenceData();
	reference.companies['20'].accounts = FIVE_DIGIT_CHART.map((code) => ({ code }));
	return reference;
}

const rows = (posting: JournalEntryPosting) => posting.rows.map((row) => [row.account, row.codeParts.CodeB ?? '', row.debit ? 'D' : 'C', row.debit ?? row.credit]);

describe('one mapping, two companies, two charts', () => {
	const results = mapDocuments(['W4JPA1', 'W4JPA4', 'W4JPA6'].map((number) => fisExpenseEnvelope(seedReport(number))), twoCharts(), referenceData(), { now: NOW });
	const posting = (index: number) => {
		const result = results[index];
		if (result.held) throw new Error(result.reasons.map((reason) => reason.message).join(' | '));
		return result.posting as JournalEntryPosting;
	};

	it('books company 10 on its 4-digit chart', () => {
		expect(posting(0).company).toBe('10');
		expect(rows(posting(0))).toEqual([
			['6110', 'CC100', 'D', '412.50'],
			['6120', 'CC100', 'D', '86.40'],
			['6140', 'CC100', 'D', '38.00'],
			['2410', '', 'C', '536.90'],
		]);
	});

	it('books company 20 on its 5-digit chart: expense, tax, payable, card, receivable and cash-advance accounts', () => {
		expect(posting(1).company).toBe('20');
		expect(rows(posting(1))).toEqual([
			['61100', 'CC300', 'D', '200.00'],
			['26400', '', 'D', '38.00'],
			['61300', 'CC-400', 'D', '45.60'],
			['24100', '', 'C', '283.60'],
		]);
		expect(posting(1).rows[1].taxCode).toBe('VST19');
		expect(rows(posting(2)).map(([account]) => account)).toEqual(['61100', '61000', '61000', '61000', '61200', '61400', '26400', '15800', '15900', '24100', '24250']);
	});

	it('a company-20 account missing from its chart holds the report, naming the company', () => {
		const reference = referenceData();
		reference.companies['20'].accounts = reference.companies['20'].accounts.filter((account) => account.code !== '24250');
		const [result] = mapDocuments([fisExpenseEnvelope(seedReport('W4JPA6'))], twoCharts(), reference, { now: NOW });
		expect(result.held && result.reasons.map((reason) => reason.message)).toEqual([
			'Credit row for lines 2, 5: account "24250" does not exist in IFS company 20 — create it in IFS or correct the GL account table',
		]);
	});
});
