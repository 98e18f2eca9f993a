import type { TypedEntity } from '../typed';

/** Requisitions belong to a company through their site (Contract); IFS row security applies. */
export const purchaseRequisitionEntity: TypedEntity = {
	resource: 'purchaseRequisition',
	ref: (names) => ({ projection: names.purchaseRequisition, entitySet: 'PurchaseRequisitionSet' }),
	keys: [{ label: 'Requisition Number', attribute: 'RequisitionNo', valueType: 'string' }],
	companyScoped: false,
};
