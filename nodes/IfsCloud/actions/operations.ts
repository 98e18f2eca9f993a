import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** The Operation dropdown of one resource. */
export function operationProperty(resource: string, options: INodePropertyOptions[], defaultOperation: string): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		default: defaultOperation,
		options,
	};
}
