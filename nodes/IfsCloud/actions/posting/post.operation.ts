/**
 * Posting → IFS documents, idempotently: items carry `posting` (from the Concur to IFS node) and
 * `audit`; each leaves with `result` and an updated `audit`, failures on the error output.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { buildAuditRecord, type AuditReason } from '../../../shared/audit';
import { updateDisplayOptions } from '../../../shared/display-options';
import type { IfsPosting } from '../../../shared/postings';
import { redactSecrets } from '../../../shared/redact';
import type { IfsConnection } from '../../helpers/connection';
import { errorItem } from '../../helpers/items';
import type { PostingSettings } from '../../helpers/posting/documents';
import { postDocuments, type PostingOutcome } from '../../helpers/posting/engine';
import { checkPostingItem } from '../../helpers/posting/input';

const properties: INodeProperties[] = [
	{
		displayName: 'Posting Options',
		name: 'postingOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'External Voucher Load Type',
				name: 'voucherLoadType',
				type: 'string',
				default: 'CONCUR',
				description: 'LoadType of the external voucher loads journal entries are created through',
			},
			{
				displayName: 'Post Supplier Invoices',
				name: 'postSupplierInvoices',
				type: 'boolean',
				default: true,
				description: 'Whether to run the invoice Post action in the same change set, so an unbalanced invoice or closed period fails the whole invoice',
			},
			{
				displayName: 'Requisition Unit of Measure',
				name: 'requisitionUnit',
				type: 'string',
				default: 'pcs',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['posting'], operation: ['post'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], connection: IfsConnection): Promise<INodeExecutionData[]> {
	return await postItems.call(this, items, connection);
}

/** Items with `posting` + `audit` → one output item each (failed ones with `error`, for the error output). */
export async function postItems(this: IExecuteFunctions, items: INodeExecutionData[], connection: IfsConnection): Promise<INodeExecutionData[]> {
	const checked = items.map((item) => checkPostingItem(item.json, connection.scope));
	const outcomes = await postDocuments(
		connection.transport,
		checked.map((entry) => ('refused' in entry ? undefined : entry.posting)),
		{ settings: postingSettings(this, connection), batchSize: connection.settings.batchSize, referencesPerQuery: connection.settings.referencesPerQuery },
	);
	const executionId = this.getExecutionId();
	const output: INodeExecutionData[] = [];
	const failures: string[] = [];
	checked.forEach((entry, itemIndex) => {
		const outcome: PostingOutcome =
			'refused' in entry ? { status: 'failed', error: { message: entry.refused, details: [] }, attempts: 0, correlationIds: [] } : outcomes[itemIndex]!;
		const json = outputJson(entry.posting, entry.audit, outcome, executionId);
		if (outcome.status !== 'failed') {
			output.push({ json, pairedItem: { item: itemIndex } });
			return;
		}
		failures.push(`item ${itemIndex}: ${outcome.error.message}`);
		// On the error output the input item's posting stays; the updated audit and result travel in details.
		output.push(errorItem({ error: outcome.error as unknown as IDataObject, details: { result: json.result, audit: json.audit } as IDataObject }, itemIndex));
	});
	if (failures.length && !this.continueOnFail()) {
		throw new NodeOperationError(this.getNode(), `${failures.length} of ${items.length} postings failed; the others were posted or already in IFS`, {
			description: failures.join('\n'),
		});
	}
	return output;
}

function postingSettings(ctx: IExecuteFunctions, connection: IfsConnection): PostingSettings {
	const options = ctx.getNodeParameter('postingOptions', 0, {}) as IDataObject;
	return {
		names: connection.names,
		voucherLoadType: String(options.voucherLoadType ?? 'CONCUR'),
		postSupplierInvoices: options.postSupplierInvoices !== false,
		requisitionUnit: String(options.requisitionUnit ?? 'pcs'),
	};
}

/**
 * `result` says what happened in IFS; `audit` is the input audit record with the outcome applied,
 * ready for Concur's FIS posting confirmation and the audit table.
 */
function outputJson(posting: unknown, audit: IDataObject, outcome: PostingOutcome, executionId: string): IDataObject {
	const typed = posting as Partial<IfsPosting> | undefined;
	const ifs = outcome.status === 'failed' ? undefined : outcome.ifs;
	const result: IDataObject = {
		status: outcome.status,
		kind: typed?.kind,
		company: typed?.company,
		reference: typed?.reference,
		...(ifs ? { ifsKeys: ifs.keys, ...withoutKeys(ifs) } : {}),
		...(outcome.status === 'failed' ? { error: outcome.error as unknown as IDataObject } : {}),
	};
	const updatedAudit = buildAuditRecord({
		source: typed?.source ?? (audit.sourceId ? { id: String(audit.sourceId) } : undefined),
		idempotencyKey: typed?.reference ?? (audit.idempotencyKey as string | undefined),
		action: outcome.status,
		company: typed?.company,
		ifsKeys: ifs ? { ...ifs.keys, ...(ifs.postingDate ? { PostingDate: ifs.postingDate } : {}) } : {},
		correlationIds: outcome.correlationIds,
		attempts: outcome.attempts,
		startedAt: typeof audit.startedAt === 'string' ? audit.startedAt : undefined,
		executionId,
		reasons: [
			...(Array.isArray(audit.reasons) ? (audit.reasons as unknown as AuditReason[]) : []),
			...(outcome.status === 'failed' ? [{ message: outcome.error.message }] : []),
		],
		notes: Array.isArray(audit.notes) ? (audit.notes as string[]) : [],
	});
	return redactSecrets({ posting: posting as IDataObject, audit: { ...audit, ...updatedAudit } as unknown as IDataObject, result });
}

/** The document fields next to `ifsKeys` (voucher number, invoice id, posting date…). */
function withoutKeys(ifs: object): IDataObject {
	return Object.fromEntries(Object.entries(ifs).filter(([name]) => name !== 'keys')) as IDataObject;
}
