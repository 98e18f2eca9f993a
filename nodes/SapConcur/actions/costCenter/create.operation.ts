import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { forEachItem, outputItem } from '../../../shared/concur/items';
import { asObject, compact } from '../../../shared/concur/normalize';
import { concurRequest } from '../../../shared/concur/transport';
import { DASH_RULE_HINT, dashRuleViolation, listIdParameter } from '../../../shared/concur/lists';

export const codeAndName: INodeProperties[] = [
	{ displayName: 'Code', name: 'shortCode', type: 'string', required: true, default: '', description: 'Cost center code (no "-")' },
	{ displayName: 'Name', name: 'value', type: 'string', required: true, default: '', description: 'Cost center name shown in Concur' },
];

const properties: INodeProperties[] = [
	listIdParameter,
	...codeAndName,
	{ displayName: 'Parent Item ID', name: 'parentId', type: 'string', default: '', description: 'For connected (multi-level) lists: the parent list item ID' },
];

export const description = updateDisplayOptions({ show: { resource: ['costCenter'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, async (itemIndex) => {
		const shortCode = String(this.getNodeParameter('shortCode', itemIndex)).trim();
		assertNoDash(this, shortCode, itemIndex);
		const body = compact({
			listId: this.getNodeParameter('listId', itemIndex) as string,
			shortCode,
			value: String(this.getNodeParameter('value', itemIndex)).trim(),
			parentId: String(this.getNodeParameter('parentId', itemIndex, '')).trim(),
		});
		const response = await concurRequest.call(this, { method: 'POST', path: '/list/v4/items', body }, itemIndex);
		return [outputItem(asObject(response.body), response.meta, itemIndex)];
	});
}

export function assertNoDash(context: IExecuteFunctions, code: string, itemIndex: number): void {
	const violation = dashRuleViolation(code);
	if (violation) throw new NodeOperationError(context.getNode(), violation, { itemIndex, description: DASH_RULE_HINT });
}
