import type { INodeProperties } from 'n8n-workflow';

import { typedGetMany } from '../typed';
import { purchaseRequisitionEntity } from './entity';

const properties: INodeProperties[] = [{ displayName: 'Site', name: 'site', type: 'string', default: '', description: 'Only requisitions of this site (Contract)' }];

export const { description, execute } = typedGetMany(purchaseRequisitionEntity, properties, (ctx, itemIndex) => {
	const site = ctx.getNodeParameter('site', itemIndex, '') as string;
	return site ? [{ field: 'Contract', operator: 'eq', valueType: 'string', value: site }] : [];
});
