import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as connection from './actions/connection/Connection.resource';
import * as costCenter from './actions/costCenter/CostCenter.resource';
import * as expenseReport from './actions/expenseReport/ExpenseReport.resource';
import * as financialDocument from './actions/financialDocument/FinancialDocument.resource';
import * as paymentRequest from './actions/paymentRequest/PaymentRequest.resource';
import * as purchaseOrder from './actions/purchaseOrder/PurchaseOrder.resource';
import * as receipt from './actions/receipt/Receipt.resource';
import * as purchaseRequest from './actions/purchaseRequest/PurchaseRequest.resource';
import * as vendor from './actions/vendor/Vendor.resource';

import { actionSubtitle, readmeSection } from '../shared/descriptions';
import { router } from './actions/router';
import { getLists } from './methods/loadOptions';

/** "Get ready expense documents"; just "documents" when the type comes from an expression. */
const READY_DOCUMENTS = '"Get ready " + ({ expense: "expense ", invoice: "invoice ", cashadvance: "cash advance " }[$parameter["docType"]] || "") + "documents"';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Connection', value: 'connection', description: "The credential's connection: keep it alive, see when it must be renewed" },
			{ name: 'Cost Center', value: 'costCenter', description: 'Items of a Concur list (List v4)' },
			{ name: 'Expense Report', value: 'expenseReport' },
			{ name: 'Financial Document', value: 'financialDocument', description: 'Financial Integration Service documents ready for ERP posting' },
			{ name: 'Payment Request', value: 'paymentRequest', description: 'Concur Invoice payment requests' },
			{ name: 'Purchase Order', value: 'purchaseOrder' },
			{ name: 'Purchase Request', value: 'purchaseRequest' },
			{ name: 'Receipt', value: 'receipt', description: 'Receipt images of expense entries' },
			{ name: 'Vendor', value: 'vendor' },
		],
		default: 'financialDocument',
	},
	...financialDocument.description,
	...expenseReport.description,
	...paymentRequest.description,
	...purchaseRequest.description,
	...purchaseOrder.description,
	...receipt.description,
	...vendor.description,
	...costCenter.description,
	...connection.description,
];

export class SapConcur implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SAP Concur',
		name: 'sapConcur',
		icon: { light: 'file:sapConcur.svg', dark: 'file:sapConcur.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: actionSubtitle(properties, { 'financialDocument:getMany': READY_DOCUMENTS }),
		documentationUrl: readmeSection('sap-concur-node'),
		description: 'Read approved expenses, invoices and purchase requests from SAP Concur and report ERP postings back',
		defaults: { name: 'SAP Concur' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sapConcurOAuth2Api', required: true }],
		properties,
	};

	methods = { loadOptions: { getLists } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
