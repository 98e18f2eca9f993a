import type { INodeProperties } from 'n8n-workflow';

import { projectionNamesProperty } from '../../shared/ifs/projections';
import { requestSettingsProperty } from '../../shared/ifs/settings';
import * as attachment from './attachment/Attachment.resource';
import * as codePartValue from './codePartValue/CodePartValue.resource';
import * as journalEntry from './journalEntry/JournalEntry.resource';
import * as posting from './posting/Posting.resource';
import * as purchaseOrder from './purchaseOrder/PurchaseOrder.resource';
import * as purchaseRequisition from './purchaseRequisition/PurchaseRequisition.resource';
import * as record from './record/Record.resource';
import * as supplier from './supplier/Supplier.resource';
import * as supplierInvoice from './supplierInvoice/SupplierInvoice.resource';

export const RESOURCES = { attachment, codePartValue, journalEntry, posting, purchaseOrder, purchaseRequisition, record, supplier, supplierInvoice };

/** Every parameter of the node: resource picker, each resource's operations, shared settings. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'posting',
		options: [
			{ name: 'Attachment', value: 'attachment', description: 'Files (receipts) attached to vouchers through document management' },
			{ name: 'Code Part Value', value: 'codePartValue', description: 'Accounts (code part A), cost centers (B) and other code parts' },
			{ name: 'Journal Entry', value: 'journalEntry', description: 'External voucher loads, checked and created as vouchers' },
			{ name: 'Posting', value: 'posting', description: 'Concur postings from the Concur to IFS node, created exactly once' },
			{ name: 'Purchase Order', value: 'purchaseOrder' },
			{ name: 'Purchase Requisition', value: 'purchaseRequisition' },
			{ name: 'Record', value: 'record', description: 'Any entity set of any projection' },
			{ name: 'Supplier', value: 'supplier' },
			{ name: 'Supplier Invoice', value: 'supplierInvoice', description: 'Manual supplier invoices with posting lines' },
		],
	},
	...attachment.description,
	...codePartValue.description,
	...journalEntry.description,
	...posting.description,
	...purchaseOrder.description,
	...purchaseRequisition.description,
	...record.description,
	...supplier.description,
	...supplierInvoice.description,
	projectionNamesProperty,
	requestSettingsProperty,
];
