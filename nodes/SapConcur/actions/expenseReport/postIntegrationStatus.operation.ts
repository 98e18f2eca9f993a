/**
 * v2 Post Report Integration Status: tells Concur the ERP posted a report read from the v3 APIs,
 * which moves it from Processing Payment to Paid (as a FIS posting confirmation does on the FIS
 * path). Concur answers `{Status, Message}` in an HTTP 200 also when it refuses.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { withConcurConfirmation, type PostingConfirmation } from '../../../shared/confirmation';
import { forEachItem, outputItem } from '../../../shared/concur/items';
import { asObject, concurPath } from '../../../shared/concur/normalize';
import { concurRequest } from '../../../shared/concur/transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Take Report ID From the Posting Output',
		name: 'fromConfirmation',
		type: 'boolean',
		default: false,
		description:
			"Whether to take the report from the item's `confirmation` field (`v3ReportId`), as the IFS Cloud Posting output carries it: no expression per item. Items of other sources have none there.",
	},
	{
		displayName: 'Report ID',
		name: 'reportId',
		type: 'string',
		required: true,
		default: '',
		description: 'The expense report (v3 report ID) the ERP has posted',
		displayOptions: { show: { fromConfirmation: [false] } },
	},
	{
		displayName: 'Fail When Concur Refuses',
		name: 'failOnRefusal',
		type: 'boolean',
		default: true,
		description:
			'Whether a FAILURE answer fails the item. Off: the item passes on with integrationStatus.status FAILURE and Concur\'s message (e.g. the report was already marked Paid by an earlier run).',
	},
	{
		displayName: 'Pass On Items Without a Report ID',
		name: 'skipWithoutReportId',
		type: 'boolean',
		default: false,
		description: 'Whether items with an empty Report ID (documents from FIS, or not expense reports) pass through unchanged instead of failing',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['expenseReport'], operation: ['postIntegrationStatus'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	return await forEachItem.call(this, async (itemIndex) => {
		const reportId = reportIdOf(this, items[itemIndex].json, itemIndex);
		if (!reportId && this.getNodeParameter('skipWithoutReportId', itemIndex, false)) return [{ json: items[itemIndex].json, pairedItem: { item: itemIndex } }];
		if (!reportId) throw new NodeOperationError(this.getNode(), 'The Report ID is empty', { itemIndex });
		const path = concurPath`/api/expense/expensereport/v2.0/integrationstatus/report/${reportId}`;
		const response = await concurRequest.call(this, { method: 'POST', path }, itemIndex);
		const answer = asObject(response.body);
		const refused = String(answer.Status ?? '').toUpperCase() !== 'SUCCESS';
		if (refused && this.getNodeParameter('failOnRefusal', itemIndex, true)) {
			throw new NodeOperationError(this.getNode(), `SAP Concur did not mark report ${reportId} as integrated: ${String(answer.Message ?? answer.Status ?? 'no answer')}`, {
				itemIndex,
				description: 'The report stays in Processing Payment. Check its status in Concur (only approved reports in Processing Payment can be marked).',
			});
		}
		const status: IDataObject = { reportId, status: refused ? 'FAILURE' : 'SUCCESS', message: String(answer.Message ?? '') };
		const json = withConcurConfirmation({ ...items[itemIndex].json, integrationStatus: status }, `v3 ${String(status.status)} ${String(status.message)}`);
		return [outputItem(json, response.meta, itemIndex)];
	});
}

function reportIdOf(context: IExecuteFunctions, json: IDataObject, itemIndex: number): string {
	if (!context.getNodeParameter('fromConfirmation', itemIndex, false)) return String(context.getNodeParameter('reportId', itemIndex, '') ?? '').trim();
	return String((json.confirmation as PostingConfirmation | undefined)?.v3ReportId ?? '').trim();
}
