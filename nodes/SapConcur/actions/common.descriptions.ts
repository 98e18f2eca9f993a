import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

export { returnAllOrLimit } from '../../shared/descriptions';

/** `undefined` = all pages. */
export function resultLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	return context.getNodeParameter('returnAll', itemIndex, false) ? undefined : (context.getNodeParameter('limit', itemIndex, 50) as number);
}

export const fisDocTypeOptions = [
	{ name: 'Expense Report', value: 'expense' },
	{ name: 'Invoice (Payment Request)', value: 'invoice' },
	{ name: 'Cash Advance', value: 'cashadvance' },
];

export const fisDocType: INodeProperties = {
	displayName: 'Document Type',
	name: 'docType',
	type: 'options',
	options: fisDocTypeOptions,
	default: 'expense',
	description: 'Financial Integration Service transaction type',
};

export const systemId: INodeProperties = {
	displayName: 'System ID',
	name: 'systemId',
	type: 'string',
	default: 'IFS',
	description: 'Name of the ERP system, recorded by Concur with the acknowledgement and confirmations. Use the same value for every call on a document.',
};

export const repeatIsSuccess: INodeProperties = {
	displayName: 'Treat Repeated Calls as Success',
	name: 'repeatIsSuccess',
	type: 'boolean',
	default: true,
	description: 'Whether Concur\'s "already confirmed" answers count as success, so a replayed execution does not fail',
};

/** v3 filters take `yyyy-MM-ddTHH:mm:ss.SSS` without a time zone. */
export function v3DateTime(value: unknown): string | undefined {
	if (!value) return undefined;
	const date = new Date(String(value));
	return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().replace('Z', '');
}

/** Invoice digest filters take `YYYY-MM-DD`. */
export function v3Date(value: unknown): string | undefined {
	if (!value) return undefined;
	const date = new Date(String(value));
	return Number.isNaN(date.getTime()) ? String(value).slice(0, 10) : date.toISOString().slice(0, 10);
}
