/**
 * Posting → IFS documents, idempotently: items carry `posting` (from the Concur to IFS node) and
 * `audit`; each leaves with `result` and an updated `audit`.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { buildAuditRecord, type AuditReason, type AuditRecord } from '../../../shared/audit';
import { auditRowOf, confirmationOf } from '../../../shared/confirmation';
import { updateDisplayOptions } from '../../../shared/display-options';
import type { IfsPosting } from '../../../shared/postings';
import { redactSecrets } from '../../../shared/redact';
import type { IfsConnection } from '../../../shared/ifs/connection';
import { errorItem } from '../../../shared/ifs/items';
import type { IfsDocumentKeys, PostingSettings } from '../../../shared/ifs/posting/documents';
import { postDocuments, type PostingOutcome } from '../../../shared/ifs/posting/engine';
import { checkPostingItem } from '../../../shared/ifs/posting/input';
import { previewItems } from './dry-run';

const properties: INodeProperties[] = [
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description:
			'Whether to only read: look up what IFS already holds and output per document what would be posted (rows, amounts, held reasons), without writing to IFS. Everything leaves on the first output, so nothing after the Failed output runs.',
	},
	{
		displayName: 'Posting Options',
		name: 'postingOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Changed Documents',
				name: 'changedDocuments',
				type: 'options',
				options: [
					{ name: 'Hold (Failed Output, With Both Totals)', value: 'hold' },
					{ name: 'Reverse the Old Voucher and Post the New One', value: 'reverse' },
				],
				default: 'hold',
				description:
					'When IFS already holds the Concur reference with other content (a report changed and resubmitted). Reversal applies to journal entries; changed invoices and requisitions are always held.',
			},
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

/**
 * Two outputs: "Posted" (created or already in IFS) and "Failed" (IFS refused the document, with
 * its message, or it changed in Concur after it was posted and is held). An outage that outlasts
 * the retries throws instead, so the execution fails and n8n's "Retry execution" can post the rest
 * later without duplicates.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], connection: IfsConnection): Promise<INodeExecutionData[][]> {
	if (this.getNodeParameter('dryRun', 0, false) === true) return [await previewItems.call(this, items, connection, postingSettings(this, connection)), []];
	const { posted, failed } = await postItems.call(this, items, connection);
	return [posted, failed.map(({ json, itemIndex }) => ({ json, pairedItem: { item: itemIndex } }))];
}

/** Single-output callers (typed Create operations): failures become error items, or fail the node. */
export async function postItemsToOneOutput(this: IExecuteFunctions, items: INodeExecutionData[], connection: IfsConnection): Promise<INodeExecutionData[]> {
	const { posted, failed } = await postItems.call(this, items, connection);
	if (failed.length && !this.continueOnFail()) {
		throw new NodeOperationError(this.getNode(), `${failed.length} of ${items.length} postings failed; the others were posted or already in IFS`, {
			description: failed.map(({ json, itemIndex }) => `item ${itemIndex}: ${String(json.message)}`).join('\n'),
		});
	}
	const errors = failed.map(({ json, itemIndex }) =>
		// On the error output the input item's posting stays; the updated audit and result travel in details.
		errorItem({ error: (json.result as IDataObject).error as IDataObject, details: { result: json.result, audit: json.audit } as IDataObject }, itemIndex),
	);
	return [...posted, ...errors].sort((a, b) => itemIndexOf(a) - itemIndexOf(b));
}

function itemIndexOf(item: INodeExecutionData): number {
	return (item.pairedItem as { item: number }).item;
}

/** Items with `posting` + `audit` → posted items, and failed ones with IFS's reason. */
async function postItems(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	connection: IfsConnection,
): Promise<{ posted: INodeExecutionData[]; failed: Array<{ json: IDataObject; itemIndex: number }> }> {
	const checked = items.map((item) => checkPostingItem(item.json, connection.scope));
	const warnings = new Set<string>();
	const outcomes = await postDocuments(
		connection.transport,
		checked.map((entry) => ('refused' in entry ? undefined : entry.posting)),
		{
			settings: postingSettings(this, connection),
			batchSize: connection.settings.batchSize,
			referencesPerQuery: connection.settings.referencesPerQuery,
			onWarning: (message) => warnings.add(message),
		},
	);
	if (warnings.size) this.addExecutionHints(...[...warnings].map((message) => ({ message, type: 'warning' as const, location: 'outputPane' as const })));
	const executionId = this.getExecutionId();
	const posted: INodeExecutionData[] = [];
	const failed: Array<{ json: IDataObject; itemIndex: number }> = [];
	const duplicates = new Set<string>();
	checked.forEach((entry, itemIndex) => {
		const outcome: PostingOutcome =
			'refused' in entry ? { status: 'failed', error: { message: entry.refused, details: [] }, attempts: 0, correlationIds: [] } : outcomes[itemIndex]!;
		const warning = 'ifs' in outcome && outcome.duplicates ? duplicateWarning(entry.posting as IfsPosting, outcome.ifs, outcome.duplicates) : undefined;
		if (warning) duplicates.add(warning);
		const json = outputJson(entry.posting, entry.audit, outcome, executionId, warning);
		if ('error' in outcome) failed.push({ json: { ...json, message: outcome.error.message }, itemIndex });
		else posted.push({ json, pairedItem: { item: itemIndex } });
	});
	if (duplicates.size) this.addExecutionHints(...[...duplicates].map((message) => ({ message, type: 'danger' as const, location: 'outputPane' as const })));
	return { posted, failed };
}

/** Said loudly wherever the item goes: IFS holds the document more than once. */
function duplicateWarning(posting: IfsPosting, first: IfsDocumentKeys, others: IfsDocumentKeys[]): string {
	const name = (document: IfsDocumentKeys) => Object.entries(document.keys).map(([key, value]) => `${key} ${String(value)}`).join(', ');
	return (
		`DUPLICATE: IFS Cloud holds ${others.length + 1} documents with reference ${posting.reference} in company ${posting.company}: ` +
		`${[first, ...others].map((document) => `(${name(document)})`).join(', ')}. Only the first is reported as the posting; reverse the others in IFS.`
	);
}

export function postingSettings(ctx: IExecuteFunctions, connection: IfsConnection): PostingSettings {
	const options = ctx.getNodeParameter('postingOptions', 0, {}) as IDataObject;
	return {
		names: connection.names,
		voucherLoadType: String(options.voucherLoadType ?? 'CONCUR'),
		postSupplierInvoices: options.postSupplierInvoices !== false,
		requisitionUnit: String(options.requisitionUnit ?? 'pcs'),
		changedDocuments: options.changedDocuments === 'reverse' ? 'reverse' : 'hold',
	};
}

/**
 * `result` says what happened in IFS; `audit` is the input audit record with the outcome applied;
 * `confirmation` and `auditRow` are Concur's FIS posting confirmation and the audit table row, ready-made.
 */
function outputJson(posting: unknown, audit: IDataObject, outcome: PostingOutcome, executionId: string, duplicateWarning?: string): IDataObject {
	const typed = posting as Partial<IfsPosting> | undefined;
	const ifs = 'ifs' in outcome ? outcome.ifs : undefined;
	const error = 'error' in outcome ? outcome.error : undefined;
	const result: IDataObject = {
		status: outcome.status,
		kind: typed?.kind,
		company: typed?.company,
		reference: typed?.reference,
		...(ifs ? { ifsKeys: ifs.keys, ...withoutKeys(ifs) } : {}),
		...('ifs' in outcome && outcome.duplicates ? { duplicates: outcome.duplicates.map((document) => document.keys), warning: duplicateWarning } : {}),
		...(error ? { error: error as unknown as IDataObject } : {}),
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
			...(error ? [{ message: error.message }] : []),
			...(duplicateWarning ? [{ message: duplicateWarning }] : []),
		],
		notes: Array.isArray(audit.notes) ? (audit.notes as string[]) : [],
	});
	const merged = { ...audit, ...updatedAudit } as unknown as AuditRecord;
	const confirmation = confirmationOf(merged, ifs ? { company: typed?.company, ...ifs } : undefined, error?.message);
	return redactSecrets({
		posting: posting as IDataObject,
		audit: merged as unknown as IDataObject,
		result,
		confirmation: confirmation as unknown as IDataObject,
		auditRow: auditRowOf(merged, executionId) as unknown as IDataObject,
	});
}

/** The document fields next to `ifsKeys` (voucher number, invoice id, posting date…). */
function withoutKeys(ifs: object): IDataObject {
	return Object.fromEntries(Object.entries(ifs).filter(([name]) => name !== 'keys')) as IDataObject;
}
