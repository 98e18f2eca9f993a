/** All projections the simulator serves, under their default names. */
import type { ProjectionDef } from '../model';
import { accountingCodePartValueHandling } from './codeParts';
import { docReferenceObjectAttachmentHandling } from './documents';
import { externalVoucherHandling } from './externalVouchers';
import { purchaseOrderHandling, purchaseRequisitionHandling } from './procurement';
import { accountingPeriodHandling, companyHandling, companySiteHandling, currencyCodeHandling, currencyRateHandling } from './reference';
import { manSuppInvoiceHandling } from './supplierInvoices';
import { supplierHandling } from './suppliers';
import { voucherRowsAnalysis } from './voucherRows';

export const PROJECTIONS: ProjectionDef[] = [
	supplierHandling,
	accountingCodePartValueHandling,
	companyHandling,
	companySiteHandling,
	currencyCodeHandling,
	currencyRateHandling,
	accountingPeriodHandling,
	externalVoucherHandling,
	voucherRowsAnalysis,
	docReferenceObjectAttachmentHandling,
	manSuppInvoiceHandling,
	purchaseRequisitionHandling,
	purchaseOrderHandling,
];
