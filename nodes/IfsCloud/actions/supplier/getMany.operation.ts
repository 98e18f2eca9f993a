import type { INodeProperties } from 'n8n-workflow';

import { typedGetMany } from '../typed';
import { supplierEntity } from './entity';

const properties: INodeProperties[] = [{ displayName: 'Name Contains', name: 'nameContains', type: 'string', default: '' }];

export const { description, execute } = typedGetMany(supplierEntity, properties, (ctx, itemIndex) => {
	const name = ctx.getNodeParameter('nameContains', itemIndex, '') as string;
	return name ? [{ field: 'Name', operator: 'contains', valueType: 'string', value: name }] : [];
});
