/**
 * The mapping node's text tables: what a user types in the panel becomes the rows the mapping
 * uses, and every line it cannot read is named with its number and the format to use.
 */
import {
	BALANCING_ACCOUNTS_TEMPLATE,
	TEXT_TABLES,
	parseBalancingAccounts,
	parseCostCenterSources,
	parsePaymentTypes,
	parseTextTable,
} from '../../../nodes/ConcurToIfs/core/text-tables';

describe('text tables', () => {
	it('reads one row per line, with an optional company, skipping comments and blank lines', () => {
		const text = '# Northwind US\nAIRFR = 6100\n\n  LODNG =  6110 \nLODNG = 61100 @ 20\r\n';
		expect(parseTextTable(TEXT_TABLES.accountByExpenseType, text)).toEqual({
			rows: [
				{ expenseTypeCode: 'AIRFR', account: '6100' },
				{ expenseTypeCode: 'LODNG', account: '6110' },
				{ expenseTypeCode: 'LODNG', account: '61100', company: '20' },
			],
			issues: [],
		});
	});

	it('reads optional values after the required ones', () => {
		expect(parseTextTable(TEXT_TABLES.taxAccounts, 'DE = 2640, VAT19\n19 = 2640\nSE = 26400, VST6 @ 20').rows).toEqual([
			{ taxCode: 'DE', account: '2640', ifsTaxCode: 'VAT19' },
			{ taxCode: '19', account: '2640' },
			{ taxCode: 'SE', account: '26400', ifsTaxCode: 'VST6', company: '20' },
		]);
	});

	it('names each line it cannot read, with the format to use', () => {
		const { rows, issues } = parseTextTable(TEXT_TABLES.taxAccounts, 'DE 2640\n= 2640\nSE =\nAT = 1, 2, 3\nFR = 2640 @ ');
		expect(rows).toEqual([]);
		expect(issues.map((issue) => issue.message)).toEqual([
			'Tax Accounts, line 1 "DE 2640": no "=" — write TAX KEY = ACCOUNT[, IFS TAX CODE][ @ COMPANY], e.g. DE = 2640, VAT19',
			'Tax Accounts, line 2 "= 2640": no tax key — write TAX KEY = ACCOUNT[, IFS TAX CODE][ @ COMPANY], e.g. DE = 2640, VAT19',
			'Tax Accounts, line 3 "SE =": no account — write TAX KEY = ACCOUNT[, IFS TAX CODE][ @ COMPANY], e.g. DE = 2640, VAT19',
			'Tax Accounts, line 4 "AT = 1, 2, 3": more than 2 value(s) after "=" — write TAX KEY = ACCOUNT[, IFS TAX CODE][ @ COMPANY], e.g. DE = 2640, VAT19',
			'Tax Accounts, line 5 "FR = 2640 @": no IFS company after "@" — write TAX KEY = ACCOUNT[, IFS TAX CODE][ @ COMPANY], e.g. DE = 2640, VAT19',
		]);
		expect(issues.every((issue) => issue.setting === 'taxAccounts')).toBe(true);
	});

	it('refuses a company on a table that has none', () => {
		expect(parseTextTable(TEXT_TABLES.companyTable, 'US = 10 @ 20').issues[0].message).toMatch(/line 1 "US = 10 @ 20": this table has no company column/);
	});

	it('asks to re-enter rows saved in the older table format instead of misreading them', () => {
		const { rows, issues } = parseTextTable(TEXT_TABLES.companyTable, { rows: [{ concurValue: 'US', ifsCompany: '10' }] });
		expect(rows).toEqual([]);
		expect(issues[0].message).toMatch(/^Company Table: expected text, one row per line .* enter its rows again$/);
	});

	it('payment types are employee, card or company paid, with an optional credit account', () => {
		expect(parsePaymentTypes('CASH = employee\nCBCP = Card, 24250 @ 20\nCOPD = company paid').rows).toEqual([
			{ paymentTypeCode: 'CASH', kind: 'employee' },
			{ paymentTypeCode: 'CBCP', kind: 'card', account: '24250', company: '20' },
			{ paymentTypeCode: 'COPD', kind: 'companyPaid' },
		]);
		expect(parsePaymentTypes('CASH = cash').issues[0].message).toBe('Payment Types: "cash" for CASH is not a kind — use employee, card or company paid');
	});

	it('balancing accounts: named lines set the flat accounts, "@ company" lines the accounts of one company; empty ones stay unset', () => {
		const text = `${BALANCING_ACCOUNTS_TEMPLATE.replace('employee payable = ', 'employee payable = 2410').replace('rounding = ', 'Rounding = 8990')}\ncard clearing = 24200 @ 20\nemployee payable = 24100 @ 20`;
		expect(parseBalancingAccounts(text)).toEqual({
			accounts: { employeePayableAccount: '2410', roundingAccount: '8990' },
			companyAccounts: [{ company: '20', cardClearingAccount: '24200', employeePayableAccount: '24100' }],
			issues: [],
		});
		expect(parseBalancingAccounts('employee payble = 2410').issues[0].message).toBe(
			'Balancing Accounts: "employee payble" is not one of employee payable, card clearing, employee receivable, company paid, cash advance clearing, rounding',
		);
	});

	it('cost center sources: LEVEL.FIELD in order, separated by commas or lines', () => {
		expect(parseCostCenterSources('allocation.custom1, line.custom1\nemployee.orgUnit2')).toEqual({
			rows: [
				{ level: 'allocation', field: 'custom1' },
				{ level: 'line', field: 'custom1' },
				{ level: 'employee', field: 'orgUnit2' },
			],
			issues: [],
		});
		expect(parseCostCenterSources('entry.custom1, report').issues.map((issue) => issue.message)).toEqual([
			'Cost Center Sources: "entry.custom1" is not LEVEL.FIELD with a level of allocation, line, employee, report (e.g. allocation.custom1)',
			'Cost Center Sources: "report" is not LEVEL.FIELD with a level of allocation, line, employee, report (e.g. allocation.custom1)',
		]);
	});
});
