import type { IDisplayOptions, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

export interface Column {
	name: string;
	displayName: string;
	options?: INodePropertyOptions[];
	placeholder?: string;
}

/** A user-editable mapping table: one fixedCollection of rows with string columns. */
export function mappingTable(name: string, displayName: string, description: string, columns: Column[], displayOptions?: IDisplayOptions): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Row',
		description,
		default: {},
		...(displayOptions ? { displayOptions } : {}),
		options: [
			{
				displayName: 'Row',
				name: 'rows',
				values: columns.map((column) =>
					column.options
						? { displayName: column.displayName, name: column.name, type: 'options' as const, options: column.options, default: column.options[0].value }
						: { displayName: column.displayName, name: column.name, type: 'string' as const, default: '', placeholder: column.placeholder },
				),
			},
		],
	};
}

export function tableRows<T>(ctx: IExecuteFunctions, name: string): T[] {
	const value = ctx.getNodeParameter(name, 0, {}) as { rows?: T[] };
	return value.rows ?? [];
}
