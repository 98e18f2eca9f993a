import { typedDocumentCreate } from '../typed';

const example = JSON.stringify(
	{
		site: 'US01',
		requisitioner: 'ALICE',
		requisitionDate: '2026-11-16',
		text: 'Laptops',
		lines: [{ description: 'Laptop', quantity: '2', unitPrice: '1200.00', currency: 'USD' }],
	},
	null,
	2,
);

/** Header + lines in one change set, once per reference (kept at the start of the note text). */
export const { description, execute } = typedDocumentCreate('purchaseRequisition', 'purchaseRequisition', example);
