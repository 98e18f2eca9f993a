import type { TypedEntity } from '../typed';

export const supplierInvoiceEntity: TypedEntity = {
	resource: 'supplierInvoice',
	ref: (names) => ({ projection: names.supplierInvoice, entitySet: 'ManSuppInvoiceSet' }),
	keys: [{ label: 'Invoice ID', attribute: 'InvoiceId', valueType: 'number' }],
	companyScoped: true,
};
