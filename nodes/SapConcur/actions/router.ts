import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as connection from './connection/Connection.resource';
import * as costCenter from './costCenter/CostCenter.resource';
import * as expenseReport from './expenseReport/ExpenseReport.resource';
import * as financialDocument from './financialDocument/FinancialDocument.resource';
import * as paymentRequest from './paymentRequest/PaymentRequest.resource';
import * as purchaseOrder from './purchaseOrder/PurchaseOrder.resource';
import * as purchaseRequest from './purchaseRequest/PurchaseRequest.resource';
import * as receipt from './receipt/Receipt.resource';
import * as vendor from './vendor/Vendor.resource';

type Operation = { execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[]> };

const resources: Record<string, Record<string, unknown>> = {
	connection,
	costCenter,
	expenseReport,
	financialDocument,
	paymentRequest,
	purchaseOrder,
	purchaseRequest,
	receipt,
	vendor,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation] as Operation | undefined;
	if (!handler || typeof handler.execute !== 'function') {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for "${resource}"`);
	}
	return [await handler.execute.call(this)];
}
