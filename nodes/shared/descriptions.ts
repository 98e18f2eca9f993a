import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** Where each node's *Docs* link goes: its section of the package README. */
export const README_URL = 'https://github.com/n8n-nodes-concur-ifs/n8n-nodes-concur-ifs#readme';

/** The README section of a node, by its heading's anchor (`#sap-concur-node`). */
export function readmeSection(anchor: string): string {
	return README_URL.replace('#readme', `#${anchor}`);
}

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

/**
 * A canvas subtitle in words: the chosen operation's `action` text ("Get many vendors"), never the
 * raw ids. `phrases` replaces it for some `resource:operation` keys with an expression fragment;
 * a fragment is evaluated only for its own key (one that reads a parameter holding an expression
 * would fail for every other node).
 */
export function actionSubtitle(properties: INodeProperties[], phrases: Record<string, string> = {}): string {
	const actions: Record<string, string> = {};
	for (const property of properties) {
		if (property.name !== 'operation' || !property.options) continue;
		for (const resource of property.displayOptions?.show?.resource ?? []) {
			for (const option of property.options as INodePropertyOptions[]) actions[`${String(resource)}:${String(option.value)}`] = option.action ?? option.name;
		}
	}
	const key = '$parameter["resource"] + ":" + $parameter["operation"]';
	const special = Object.entries(phrases).map(([phraseKey, fragment]) => `${key} === ${JSON.stringify(phraseKey)} ? ${fragment} : `);
	return `={{ ${special.join('')}(${JSON.stringify(actions)})[${key}] || "" }}`;
}

/** A canvas subtitle naming the chosen option of one parameter ("Financial Document Ready"). */
export function optionSubtitle(parameter: string, options: INodePropertyOptions[]): string {
	const names = Object.fromEntries(options.map((option) => [String(option.value), option.name]));
	return `={{ (${JSON.stringify(names)})[$parameter[${JSON.stringify(parameter)}]] || "" }}`;
}
