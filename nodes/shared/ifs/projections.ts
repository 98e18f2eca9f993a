/**
 * Projection names IFS does not document publicly are configuration ("IFS Projection Names"
 * options collection), defaulting to design §6. Entity-set names follow the projections.
 */
import type { INodeProperties } from 'n8n-workflow';

import { assertIdentifier } from './odata/literals';

export const DEFAULT_PROJECTION_NAMES = {
	supplier: 'SupplierHandling',
	codePartValue: 'AccountingCodePartValueHandling',
	externalVoucher: 'ExternalVoucherHandling',
	voucherRows: 'VoucherRowsAnalysis',
	supplierInvoice: 'ManSuppInvoiceHandling',
	purchaseRequisition: 'PurchaseRequisitionHandling',
	purchaseOrder: 'PurchaseOrderHandling',
};

export type ProjectionNames = typeof DEFAULT_PROJECTION_NAMES;

const LABELS: Record<keyof ProjectionNames, string> = {
	supplier: 'Suppliers',
	codePartValue: 'Code Part Values',
	externalVoucher: 'External Vouchers',
	voucherRows: 'Voucher Rows (Read-Back)',
	supplierInvoice: 'Manual Supplier Invoices',
	purchaseRequisition: 'Purchase Requisitions',
	purchaseOrder: 'Purchase Orders',
};

export const projectionNamesProperty: INodeProperties = {
	displayName: 'IFS Projection Names',
	name: 'projectionNames',
	type: 'collection',
	placeholder: 'Override Projection',
	default: {},
	description: "Projection names differ between IFS releases; look them up in the tenant's API Explorer",
	options: (Object.keys(DEFAULT_PROJECTION_NAMES) as Array<keyof ProjectionNames>).map((key) => ({
		displayName: LABELS[key],
		name: key,
		type: 'string' as const,
		default: DEFAULT_PROJECTION_NAMES[key],
	})),
};

/** Defaults overlaid with the node's overrides, each checked to be a plain identifier. */
export function projectionNamesFrom(overrides: Partial<Record<string, unknown>> | undefined): ProjectionNames {
	const names = { ...DEFAULT_PROJECTION_NAMES };
	for (const key of Object.keys(names) as Array<keyof ProjectionNames>) {
		const value = overrides?.[key];
		if (typeof value === 'string' && value.trim() !== '') names[key] = assertIdentifier(value.trim(), 'projection');
	}
	return names;
}
