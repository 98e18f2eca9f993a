/** Dispatches to `<resource>.<operation>.execute` with one connection for the whole run. */
import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { openConnection, type IfsConnection } from '../../shared/ifs/connection';
import { RESOURCES } from './node.description';

/** Most operations have one output; Posting (Posted, Failed) and Attachment (Attached, Not Attached) have two. */
type Operation = (this: IExecuteFunctions, items: INodeExecutionData[], connection: IfsConnection) => Promise<INodeExecutionData[] | INodeExecutionData[][]>;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = (RESOURCES as Record<string, Record<string, { execute?: Operation } | unknown>>)[resource]?.[operation] as { execute?: Operation } | undefined;
	if (!module?.execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for resource "${resource}"`);
	}
	const connection = await openConnection(this);
	const result = await module.execute.call(this, items, connection);
	return resource === 'posting' || resource === 'attachment' ? (result as INodeExecutionData[][]) : [result as INodeExecutionData[]];
}
