import type { TypedEntity } from '../typed';

export const supplierEntity: TypedEntity = {
	resource: 'supplier',
	ref: (names) => ({ projection: names.supplier, entitySet: 'SupplierInfoGeneralSet' }),
	keys: [{ label: 'Supplier ID', attribute: 'SupplierId', valueType: 'string' }],
	companyScoped: false,
};

/** Per-company invoicing data of a supplier (SupplierInvoiceCompanies, key SupplierId + Company). */
export const supplierInvoicingEntity: TypedEntity = {
	resource: 'supplier',
	ref: (names) => ({ projection: names.supplier, entitySet: 'SupplierInvoiceCompanySet' }),
	keys: [{ label: 'Supplier ID', attribute: 'SupplierId', valueType: 'string' }],
	companyScoped: true,
};
