import { typedDocumentCreate } from '../typed';

const example = JSON.stringify(
	{
		voucherType: 'X',
		voucherDate: '2026-11-16',
		text: 'Travel expenses',
		rows: [
			{ account: '6110', codeParts: { CodeB: 'CC100' }, currency: 'USD', debit: '100.00', text: 'Hotel' },
			{ account: '2410', codeParts: {}, currency: 'USD', credit: '100.00', text: 'Employee payable' },
		],
	},
	null,
	2,
);

/** External voucher load + rows + CheckAndCreate in one change set, once per reference. */
export const { description, execute } = typedDocumentCreate('journalEntry', 'journalEntry', example);
