import { typedGetMany } from '../typed';
import { codePartEntity } from './entity';

const [codePart] = codePartEntity.keys;

export const { description, execute } = typedGetMany(
	codePartEntity,
	[{ displayName: 'Code Part', name: 'CodePart', type: 'options', options: codePart.choices, default: 'B' }],
	(ctx, itemIndex) => [{ field: 'CodePart', operator: 'eq', valueType: 'string', value: ctx.getNodeParameter('CodePart', itemIndex) as string }],
);
