import type { TypedEntity } from '../typed';

export const purchaseOrderEntity: TypedEntity = {
	resource: 'purchaseOrder',
	ref: (names) => ({ projection: names.purchaseOrder, entitySet: 'PurchaseOrderSet' }),
	keys: [{ label: 'Order Number', attribute: 'OrderNo', valueType: 'string' }],
	companyScoped: true,
	companyOutsideKey: true,
};

/** Order numbers are assigned by IFS on create. */
export const newPurchaseOrderEntity: TypedEntity = { ...purchaseOrderEntity, keys: [] };
