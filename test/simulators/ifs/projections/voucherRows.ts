/** VoucherRowsAnalysis: read-only voucher rows (key Company, VoucherType, AccountingYear, VoucherNo, RowNo; confirmed EDMX). */
import type { ProjectionDef } from '../model';
import { date, decimal, num, SERVER, str, CODE_PARTS_B_TO_J } from './props';

export const VOUCHER_ROW_KEYS = ['Company', 'VoucherType', 'AccountingYear', 'VoucherNo', 'RowNo'];

export const voucherRowsAnalysis: ProjectionDef = {
	name: 'VoucherRowsAnalysis',
	enums: [],
	entities: [
		{
			set: 'VoucherRowSet',
			type: 'VoucherRow',
			lu: 'VoucherRow',
			keys: VOUCHER_ROW_KEYS,
			readOnly: true,
			companyOf: (row) => String(row.Company),
			props: [
				str('Company', SERVER),
				str('VoucherType', SERVER),
				num('AccountingYear', SERVER),
				num('VoucherNo', SERVER),
				num('RowNo', SERVER),
				date('VoucherDate', SERVER),
				num('AccountingPeriod', SERVER),
				str('Account', SERVER),
				...CODE_PARTS_B_TO_J.map((name) => str(name, SERVER)),
				str('CurrencyCode', SERVER),
				decimal('CurrencyRate', SERVER),
				decimal('CurrencyDebetAmount', SERVER),
				decimal('CurrencyCreditAmount', SERVER),
				decimal('CurrencyAmount', SERVER),
				decimal('DebetAmount', SERVER),
				decimal('CreditAmount', SERVER),
				decimal('Amount', SERVER),
				str('Text', SERVER),
				str('OptionalCode', SERVER),
				str('ReferenceNumber', SERVER),
				str('ReferenceSerie', SERVER),
			],
		},
	],
};
