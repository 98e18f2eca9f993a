/**
 * The mapping shipped in the templates: the example company of the simulators (Northwind). A real
 * user replaces these values in the "Map to IFS" node; the e2e tests and the demo run them as shipped.
 * Tables are text, one `KEY = VALUE` row per line, as the node's panel shows them.
 */
import type { IDataObject } from 'n8n-workflow';

import { expenseTypes, ledgers } from '../../test/simulators/seed/scenario';

const lines = (rows: string[]) => rows.join('\n');

export const exampleMapping: IDataObject = {
	companyMode: 'table',
	companySourceField: 'ledgerCode',
	companyTable: lines(ledgers.map((ledger) => `${ledger.ledgerCode} = ${ledger.ifsCompany}`)),
	accountByExpenseType: lines(expenseTypes.filter((type) => type.ifsAccount).map((type) => `${type.code} = ${type.ifsAccount}`)),
	balancingAccounts: lines(['employee payable = 2410', 'card clearing = 2420', 'employee receivable = 1580', 'company paid = 2440', 'cash advance clearing = 1590', 'rounding = 8990']),
	// Concur states VAT in the journal with a tax GUID; the expense's country finds the tax account
	taxAccounts: lines(['DE = 2640, VAT19', 'SE = 2640, VAT6']),
	voucherType: 'X',
	companySites: lines(['10 = US01', '20 = DE01']),
};

/** The mapping node of a template: the example mapping for the document kinds the template reads. */
export function mappingFor(documentKinds: Array<'expenseReport' | 'invoice' | 'purchaseRequest'>): IDataObject {
	return { documentKinds, ...exampleMapping };
}
