import type { INodeProperties } from 'n8n-workflow';

import { typedCreate } from '../typed';
import { codePartValueEntity } from './entity';

const properties: INodeProperties[] = [{ displayName: 'Description', name: 'description', type: 'string', default: '', required: true }];

/** ValidFrom, ValidUntil and BlockedForPosting can be set in Fields (JSON). */
export const { description, execute } = typedCreate(codePartValueEntity, properties, (ctx, itemIndex) => ({
	Description: ctx.getNodeParameter('description', itemIndex) as string,
}));
