import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { properties } from './actions/node.description';
import { router } from './actions/router';
import { listSearch, loadOptions } from './methods';
import { actionSubtitle, readmeSection } from '../shared/descriptions';

export class IfsCloud implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IFS Cloud',
		name: 'ifsCloud',
		icon: { light: 'file:ifsCloud.svg', dark: 'file:ifsCloud.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: actionSubtitle(properties, { 'posting:post': '"Post documents"' }),
		documentationUrl: readmeSection('ifs-cloud-node'),
		description: 'Read and write IFS Cloud records and post Concur documents as journal entries, supplier invoices and requisitions',
		defaults: { name: 'IFS Cloud' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Posting routes documents IFS refused to a second output instead of failing the run.
		outputs: `={{ $parameter["resource"] === "posting" ? [{ "type": "${NodeConnectionTypes.Main}", "displayName": "Posted" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Failed" }] : $parameter["resource"] === "attachment" ? [{ "type": "${NodeConnectionTypes.Main}", "displayName": "Attached" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Not Attached" }] : ["${NodeConnectionTypes.Main}"] }}`,
		credentials: [{ name: 'ifsCloudOAuth2Api', required: true }],
		properties,
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
