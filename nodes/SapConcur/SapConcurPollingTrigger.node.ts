import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { fisDocTypeOptions, v3Date, v3DateTime } from './actions/common.descriptions';
import { DIGEST_ROW_KEYS } from './actions/paymentRequest/getMany.operation';
import { fisDocument, fisPath } from '../shared/concur/fis';
import { initialState, selectFresh, v3TimeMs, windowStart, type Candidate } from './helpers/cursor';
import { compact } from '../shared/concur/normalize';
import { optionSubtitle, readmeSection } from '../shared/descriptions';
import type { ConcurMeta } from '../shared/concur/transport';
import { collect, numberedPages, v3Pages } from '../shared/concur/paging';

const MINUTE = 60_000;
const FIS_PAGE_SIZE = 100;
const V3_PAGE_SIZE = 100;
const DIGEST_PAGE_SIZE = 1000;

type Row = { row: IDataObject; meta: ConcurMeta };

const EVENTS = [
	{ name: 'Financial Document Ready', value: 'fisDocumentReady', description: 'A document is waiting in the Financial Integration Service (each emitted once until acknowledged)' },
	{ name: 'Expense Report Approved', value: 'expenseReportApproved', description: 'A report reached Approved + Processing Payment (v3 list, for tenants without FIS)' },
	{ name: 'Payment Request Changed', value: 'paymentRequestChanged', description: 'An invoice was modified since the last poll' },
];

export class SapConcurPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SAP Concur Trigger',
		// not "sapConcurTrigger": n8n's node creator would merge it into the SAP Concur node's entry and show this description there
		name: 'sapConcurPollingTrigger',
		icon: { light: 'file:sapConcur.svg', dark: 'file:sapConcur.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: optionSubtitle('event', EVENTS),
		documentationUrl: readmeSection('sap-concur-trigger-node'),
		description: 'Starts the workflow when SAP Concur has documents ready for posting, approved reports or changed invoices',
		defaults: { name: 'SAP Concur Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sapConcurOAuth2Api', required: true }],
		properties: [
			{ displayName: 'Event', name: 'event', type: 'options', options: EVENTS, default: 'fisDocumentReady' },
			{
				displayName: 'Document Type',
				name: 'docType',
				type: 'options',
				options: fisDocTypeOptions,
				default: 'expense',
				displayOptions: { show: { event: ['fisDocumentReady'] } },
			},
			{
				displayName: 'Watch Date',
				name: 'reportDateField',
				type: 'options',
				options: [
					{ name: 'Processing Payment Date', value: 'processingPaymentDate', description: 'When the report became ready for payment (emitted once)' },
					{ name: 'Last Modified Date', value: 'modifiedDate', description: 'Every change of an approved report (each version emitted once)' },
				],
				default: 'processingPaymentDate',
				displayOptions: { show: { event: ['expenseReportApproved'] } },
			},
			{
				displayName: 'Approval Status Code',
				name: 'approvalStatus',
				type: 'string',
				default: '',
				description: 'Only invoices with this tenant-specific approval status (optional)',
				displayOptions: { show: { event: ['paymentRequestChanged'] } },
			},
			{
				displayName: 'Payment Status Code',
				name: 'paymentStatus',
				type: 'string',
				default: '',
				description: 'Only invoices with this tenant-specific payment status (optional)',
				displayOptions: { show: { event: ['paymentRequestChanged'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Overlap (Minutes)',
						name: 'overlapMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 10,
						description: 'Each poll re-reads this much before the last emitted record, to catch late or clock-skewed changes; already emitted records are skipped',
					},
					{
						displayName: 'First Poll Looks Back (Hours)',
						name: 'initialLookbackHours',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 24,
						description: 'How far back the very first poll reads',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as string;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const overlapMs = Number(options.overlapMinutes ?? 10) * MINUTE;
		const lookbackMs = Number(options.initialLookbackHours ?? 24) * 60 * MINUTE;
		const source = pollSource(this, event);
		const staticData = this.getWorkflowStaticData('node');
		const state = initialState(source.scope, staticData.poll);
		const now = Date.now();

		if (this.getMode() === 'manual') {
			// "Fetch test event": a sample, without touching the cursor.
			const sample = await source.fetch(windowStart({ scope: source.scope, seen: {} }, 0, now, lookbackMs), 1);
			return sample.length ? [sample.map((row) => toItem(row, source))] : null;
		}

		const rows = await source.fetch(windowStart(state, overlapMs, now, lookbackMs));
		const candidates: Array<Candidate<Row>> = rows.map((row) => ({ record: row, key: source.keyOf(row.row), time: source.timeOf(row.row) || now }));
		const { fresh, next } = selectFresh(state, candidates, {
			completeListing: source.completeListing,
			horizon: (cursorMs) => source.queryStart(new Date(cursorMs - overlapMs)).getTime(),
		});
		staticData.poll = next as unknown as IDataObject;
		return fresh.length ? [fresh.map((row) => toItem(row, source))] : null;
	}
}

interface PollSource {
	scope: string;
	/** FIS lists every waiting document on each poll, so the emitted-set can follow the listing. */
	completeListing: boolean;
	/** The time the query really starts from (date-only filters start at midnight). */
	queryStart: (since: Date) => Date;
	fetch: (since: Date, limit?: number) => Promise<Row[]>;
	keyOf: (row: IDataObject) => string;
	timeOf: (row: IDataObject) => number;
	present: (row: IDataObject) => IDataObject;
}

const asIs = (row: IDataObject) => row;
const exactly = (since: Date) => since;

function pollSource(context: IPollFunctions, event: string): PollSource {
	if (event === 'fisDocumentReady') {
		const docType = context.getNodeParameter('docType') as string;
		return {
			scope: `fis:${docType}`,
			completeListing: true,
			queryStart: exactly,
			present: fisDocument,
			fetch: async (_since, limit) =>
				await collect(numberedPages.call(context, { path: fisPath(docType), qs: { limit: FIS_PAGE_SIZE }, headers: { DocumentFormatAs: 'json' } }, 0), limit),
			keyOf: (row) => String(row.id),
			timeOf: () => Number.NaN,
		};
	}
	if (event === 'expenseReportApproved') {
		const field = context.getNodeParameter('reportDateField') as 'processingPaymentDate' | 'modifiedDate';
		const rowField = field === 'modifiedDate' ? 'LastModifiedDate' : 'ProcessingPaymentDate';
		return {
			scope: `reports:${field}`,
			completeListing: false,
			queryStart: exactly,
			present: asIs,
			fetch: async (since, limit) => {
				const qs = { user: 'ALL', approvalStatusCode: 'A_APPR', paymentStatusCode: 'P_PROC', limit: V3_PAGE_SIZE, [`${field}After`]: v3DateTime(since.toISOString()) };
				return await collect(v3Pages.call(context, { path: '/api/v3.0/expense/reports', qs }, ['Items']), limit);
			},
			keyOf: (row) => `${String(row.ID)}@${String(row[rowField])}`,
			timeOf: (row) => v3TimeMs(row[rowField]),
		};
	}
	const filters = { approvalStatus: context.getNodeParameter('approvalStatus', ''), paymentStatus: context.getNodeParameter('paymentStatus', '') } as IDataObject;
	return {
		scope: `paymentRequests:${String(filters.approvalStatus)}:${String(filters.paymentStatus)}`,
		completeListing: false,
		queryStart: (since) => new Date(`${since.toISOString().slice(0, 10)}T00:00:00Z`),
		present: asIs,
		fetch: async (since, limit) => {
			// Digest filters are day-precise: the whole day is re-read and de-duplicated.
			const qs = compact({ ...filters, limit: DIGEST_PAGE_SIZE, lastModifiedDateAfter: v3Date(since.toISOString()) });
			return await collect(v3Pages.call(context, { path: '/api/v3.0/invoice/paymentrequestdigests', qs }, DIGEST_ROW_KEYS), limit);
		},
		keyOf: (row) => `${String(row.PaymentRequestId ?? row.ID)}@${String(row.LastModifiedDate)}`,
		timeOf: (row) => v3TimeMs(row.LastModifiedDate),
	};
}

function toItem({ row, meta }: Row, source: PollSource): INodeExecutionData {
	return { json: { ...source.present(row), _concur: { ...meta } } };
}
