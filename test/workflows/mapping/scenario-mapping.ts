/** The mapping a finance user would enter for the seeded scenario (see test/simulators/seed/scenario.ts). */
import type { IDataObject } from 'n8n-workflow';

import { expenseTypes, ledgers } from '../../simulators/seed/scenario';

export const scenarioMappingParameters: IDataObject = {
	companyMode: 'table',
	companySourceField: 'ledgerCode',
	companyTable: { rows: ledgers.map((ledger) => ({ concurValue: ledger.ledgerCode, ifsCompany: ledger.ifsCompany })) },
	accountByExpenseType: {
		rows: expenseTypes.filter((type) => type.ifsAccount).map((type) => ({ expenseTypeCode: type.code, account: type.ifsAccount })),
	},
	employeePayableAccount: '2410',
	cardClearingAccount: '2420',
	employeeReceivableAccount: '1580',
	companyPaidAccount: '2440',
	taxAccounts: { rows: [{ taxCode: 'VAT19', account: '2640', ifsTaxCode: 'VAT19' }] },
	roundingAccount: '8990',
	voucherType: 'X',
	companySites: { rows: [{ company: '10', site: 'US01' }, { company: '20', site: 'DE01' }] },
};
