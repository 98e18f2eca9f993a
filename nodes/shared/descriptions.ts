import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** The usual n8n "Return All / Limit" pair, for every list operation of both services. */
export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** What happens to "-" in cost-center codes, the same choice in the Reference Sync and the mapping node. */
export const dashRuleOptions: INodePropertyOptions[] = [
	{ name: 'Drop', value: 'drop', description: 'IFS K-100 is K100 in Concur; read back through the IFS codes it came from' },
	{ name: 'Substitute', value: 'substitute', description: 'IFS CC-400 is CC_400 in Concur (with the dash substitute) and reads back as CC-400' },
];
