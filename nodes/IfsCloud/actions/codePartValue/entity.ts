import type { TypedEntity } from '../typed';

const CODE_PARTS = [
	{ name: 'A (Account)', value: 'A' },
	{ name: 'B (Cost Center by Default)', value: 'B' },
	...['C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'].map((part) => ({ name: part, value: part })),
];

export const codePartValueEntity: TypedEntity = {
	resource: 'codePartValue',
	ref: (names) => ({ projection: names.codePartValue, entitySet: 'AccountingCodePartValueSet' }),
	keys: [
		{ label: 'Code Part', attribute: 'CodePart', valueType: 'string', choices: CODE_PARTS, initial: 'B' },
		{ label: 'Value', attribute: 'CodePartValue', valueType: 'string' },
	],
	companyScoped: true,
};

/** Get Many needs only the code part, not a value. */
export const codePartEntity: TypedEntity = { ...codePartValueEntity, keys: [codePartValueEntity.keys[0]] };
