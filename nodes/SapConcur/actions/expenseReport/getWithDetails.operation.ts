import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/display-options';
import { forEachItem, outputItem } from '../../../shared/concur/items';
import { asObject, concurPath } from '../../../shared/concur/normalize';
import { concurRequest, type ConcurMeta } from '../../../shared/concur/transport';
import { v3Pages } from '../../../shared/concur/paging';
import { allSettledOrThrow } from '../../../shared/concurrency';
import { groupBy } from '../../../shared/group-by';

/** Maximum page size of the v3 entry / itemization / allocation lists. */
const V3_DETAIL_PAGE_SIZE = 100;

const properties: INodeProperties[] = [
	{
		displayName: 'Report ID',
		name: 'reportId',
		type: 'string',
		required: true,
		default: '={{ $json.ID }}',
		description: 'The 20-character expense report ID',
	},
	{
		displayName: 'Owner Login ID',
		name: 'ownerLoginId',
		type: 'string',
		required: true,
		default: '={{ $json.OwnerLoginID }}',
		description: 'Login ID of the report owner; Concur requires it to read a single report (ALL is not accepted here)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['expenseReport'], operation: ['getWithDetails'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, async (itemIndex) => {
		const reportId = String(this.getNodeParameter('reportId', itemIndex)).trim();
		const owner = String(this.getNodeParameter('ownerLoginId', itemIndex)).trim();
		const metas: ConcurMeta[] = [];
		// Report-level list calls: a handful of requests per report, however many entries it has.
		const detailList = async (path: string) => {
			const rows: IDataObject[] = [];
			for await (const page of v3Pages.call(this, { path, qs: { reportID: reportId, limit: V3_DETAIL_PAGE_SIZE } }, ['Items'])) {
				metas.push(page.meta);
				rows.push(...page.rows);
			}
			return rows;
		};
		const [report, entries, itemizations, allocations] = await allSettledOrThrow([
			concurRequest.call(this, { path: concurPath`/api/v3.0/expense/reports/${reportId}`, qs: { user: owner } }, itemIndex),
			detailList('/api/v3.0/expense/entries'),
			detailList('/api/v3.0/expense/itemizations'),
			detailList('/api/v3.0/expense/allocations'),
		]);
		const document = assembleReport(asObject(report.body), entries, itemizations, allocations);
		return [outputItem(document, combinedMeta([report.meta, ...metas]), itemIndex)];
	});
}

/**
 * Report → Entries[] → (Itemizations[] → Allocations[]) | Allocations[]. v3 allocations point at
 * the entry, or at the itemization for itemized entries, through `EntryID`.
 */
export function assembleReport(report: IDataObject, entries: IDataObject[], itemizations: IDataObject[], allocations: IDataObject[]): IDataObject {
	const allocationsOf = groupBy(allocations, (row) => String(row.EntryID));
	const itemizationsOf = groupBy(itemizations, (row) => String(row.EntryID));
	return {
		...report,
		Entries: entries.map((entry) => ({
			...entry,
			Itemizations: (itemizationsOf.get(String(entry.ID)) ?? []).map((itemization) => ({
				...itemization,
				Allocations: allocationsOf.get(String(itemization.ID)) ?? [],
			})),
			Allocations: allocationsOf.get(String(entry.ID)) ?? [],
		})),
	};
}

function combinedMeta(metas: ConcurMeta[]): ConcurMeta & { correlationIds: string[]; requestCount: number } {
	const correlationIds = [...new Set(metas.map((meta) => meta.correlationId).filter((id): id is string => Boolean(id)))];
	const warnings = [...new Set(metas.flatMap((meta) => meta.warnings ?? []))];
	return { correlationId: metas[0].correlationId, correlationIds, requestCount: metas.length, ...(warnings.length ? { warnings } : {}) };
}
