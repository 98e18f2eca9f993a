/**
 * The mapping shipped in the templates: the example company of the simulators (Northwind). A real
 * user replaces these values in the "Map to IFS" node; the e2e tests and the demo run them as shipped.
 */
import type { IDataObject } from 'n8n-workflow';

import { expenseTypes, ledgers } from '../../test/simulators/seed/scenario';

export const exampleMapping: IDataObject = {
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
	cashAdvanceClearingAccount: '1590',
	// Concur states VAT in the journal with a tax GUID; the expense's country finds the tax account
	taxAccounts: {
		rows: [
			{ taxCode: 'DE', account: '2640', ifsTaxCode: 'VAT19' },
			{ taxCode: 'SE', account: '2640', ifsTaxCode: 'VAT6' },
		],
	},
	roundingAccount: '8990',
	voucherType: 'X',
	companySites: { rows: [{ company: '10', site: 'US01' }, { company: '20', site: 'DE01' }] },
	fixedRequisitioner: '',
	buyerCode: '',
};
