/** Parameters shared by several operations (record target, keys, conditions, company). */
import type { INodeProperties } from 'n8n-workflow';

export const companyProperty: INodeProperties = {
	displayName: 'Company',
	name: 'company',
	type: 'string',
	default: '',
	placeholder: '10',
	description: "IFS company code. Empty uses the credential's default company; a company outside the credential's allowed list is refused before anything is sent.",
};

export const projectionProperty: INodeProperties = {
	displayName: 'Projection',
	name: 'projection',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchProjections', searchable: true } },
		{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'SupplierHandling' },
	],
	description: 'The projection (API) as shown in IFS API Explorer, without ".svc"',
};

export const entitySetProperty: INodeProperties = {
	displayName: 'Entity Set',
	name: 'entitySet',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchEntitySets', searchable: true } },
		{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'SupplierInfoGeneralSet' },
	],
};

export const companyScopedProperty: INodeProperties = {
	displayName: 'Company Scoped',
	name: 'companyScoped',
	type: 'boolean',
	default: true,
	description:
		"Whether the entity set has a Company attribute: queries are filtered to the company, keys and bodies naming another company are refused, and created records get the company. Either way, no request naming a company outside the credential's allowed companies is sent.",
};

const valueTypeOptions = [
	{ name: 'Text', value: 'string' },
	{ name: 'Number', value: 'number' },
	{ name: 'Date (YYYY-MM-DD)', value: 'date' },
	{ name: 'Boolean', value: 'boolean' },
	{ name: 'Enumeration', value: 'enum' },
];

const enumTypeField: INodeProperties = {
	displayName: 'Enumeration Type',
	name: 'enumType',
	type: 'string',
	default: '',
	placeholder: 'PartyType',
	description: 'Sent as IfsApp.&lt;Projection&gt;.&lt;Enumeration Type&gt;\'&lt;Value&gt;\', as IFS requires for enumerations',
	displayOptions: { show: { valueType: ['enum'] } },
};

export const keysProperty: INodeProperties = {
	displayName: 'Keys',
	name: 'keys',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Key',
	default: {},
	description: 'The key attributes of the record, e.g. Company and InvoiceId',
	options: [
		{
			displayName: 'Key',
			name: 'key',
			values: [
				{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'SupplierId' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				{ displayName: 'Value Type', name: 'valueType', type: 'options', default: 'string', options: valueTypeOptions.filter((o) => o.value !== 'boolean') },
				enumTypeField,
			],
		},
	],
};

export const fieldsProperty: INodeProperties = {
	displayName: 'Fields (JSON)',
	name: 'fields',
	type: 'json',
	default: '{}',
	description: 'Attribute values as IFS names them, e.g. {"Name": "Acme"}; enumerations as their plain member name',
};

export const conditionsProperties: INodeProperties[] = [
	{
		displayName: 'Conditions',
		name: 'conditions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Condition',
		default: {},
		description: 'Values are escaped; they can never change the query',
		options: [
			{
				displayName: 'Condition',
				name: 'condition',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'field',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getProperties', loadOptionsDependsOn: ['projection.value', 'entitySet.value'] },
						default: '',
						description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						default: 'eq',
						options: [
							{ name: 'Contains', value: 'contains' },
							{ name: 'Ends With', value: 'endswith' },
							{ name: 'Equals', value: 'eq' },
							{ name: 'Greater or Equal', value: 'ge' },
							{ name: 'Greater Than', value: 'gt' },
							{ name: 'Less or Equal', value: 'le' },
							{ name: 'Less Than', value: 'lt' },
							{ name: 'Not Equals', value: 'ne' },
							{ name: 'Starts With', value: 'startswith' },
						],
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					{ displayName: 'Value Type', name: 'valueType', type: 'options', default: 'string', options: valueTypeOptions },
					enumTypeField,
				],
			},
		],
	},
	{
		displayName: 'Combine Conditions',
		name: 'combinator',
		type: 'options',
		default: 'and',
		options: [
			{ name: 'All Must Match (AND)', value: 'and' },
			{ name: 'Any May Match (OR)', value: 'or' },
		],
	},
];

export { returnAllOrLimit } from '../../shared/descriptions';

export const queryOptionsProperty: INodeProperties = {
	displayName: 'Query Options',
	name: 'queryOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Exact Decimals',
			name: 'exactDecimals',
			type: 'boolean',
			default: false,
			description: 'Whether amounts and other decimals come back as exact decimal strings (OData IEEE754Compatible) instead of numbers, which lose digits beyond about 15',
		},
		{
			displayName: 'Fields to Return Names or IDs',
			name: 'select',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getProperties', loadOptionsDependsOn: ['projection.value', 'entitySet.value'] },
			default: [],
			description: 'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		},
		{
			displayName: 'Sort By',
			name: 'orderBy',
			type: 'string',
			default: '',
			placeholder: 'InvoiceDate desc, InvoiceId',
			description: 'Comma-separated fields, each optionally followed by asc or desc',
		},
	],
};
