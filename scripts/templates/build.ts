/**
 * Writes the importable workflow templates to workflows/*.json. Run `npm run templates` after
 * changing a template; a unit test fails when the committed JSON and this generator disagree.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';

import { DEFAULT_MAX_NEW_IFS_SHARE } from '../../nodes/ReferenceSync/description';
import { concurCostCenterList, ledgers } from '../../test/simulators/seed/scenario';
import { mappingFor } from './example-mapping';
import { CONCUR, IFS, Template, WORKFLOW_IDS, executeWorkflow, ifEquals, manualTrigger, ours, scheduleTrigger, setFields } from './nodes';
import { POSTING_NOTE, ensureAuditTable, postingPath, writeAuditRows } from './posting';
import { connectionHealthTemplate } from './connection-health';
import { reconciliationTemplate } from './reconciliation';

const SYNC_NOTE = `## Reference data sync
Aligns **cost centers** (IFS code part B ↔ a Concur list) and **vendors** (IFS suppliers ↔ Concur vendors) before anything is posted.
IFS is the master: new and renamed IFS values go to Concur; values blocked or outside their validity in IFS are deactivated in Concur (never deleted). Concur-born records are created in IFS only when *Create Concur-Born Records in IFS* is on.
**The first run against a list previews**: it writes nothing and outputs every planned change (per system and company, with the reason); the next run writes. A run that would create more than *Max Share of New IFS Values* (20 %) of a company's values stops instead.
Set the Concur list, its shape (*Cost Center Level*; for a connected list with the companies on level 1: *Company Level* 1, *Cost Center Level* 2 and the *Company Mapping*), the *Dash Rule* (the same as in *Map to IFS*) and the IFS companies. The posting templates call this workflow first (Execute Workflow, id \`${WORKFLOW_IDS.referenceSync}\`).`;

const CREDENTIALS_NOTE = `## Before you start
1. Create the credentials **SAP Concur** (id \`${CONCUR.sapConcurOAuth2Api.id}\`) and **IFS Cloud** (id \`${IFS.ifsCloudOAuth2Api.id}\`) — or import them with those ids first, and every node links itself.
2. Import *Reference Data Sync* before the posting templates.`;

export function referenceSyncTemplate(): Template {
	const template = new Template(WORKFLOW_IDS.referenceSync, 'Concur ↔ IFS: Reference Data Sync');
	const sync = (data: string) => ({
		data,
		...(data === 'costCenters'
			? {
					listId: concurCostCenterList.listId,
					codePart: 'B',
					costCenterLevel: 1,
					companyLevel: 0,
					// used once Company Level is set: the Concur company items and the IFS companies they stand for
					companyMapping: { rows: ledgers.map((ledger) => ({ concurCode: ledger.ledgerCode, ifsCompany: ledger.ifsCompany, concurName: '' })) },
					dashRule: 'substitute',
					dashSubstitute: '_',
				}
			: { addressCode: 'MAIN' }),
		preview: 'firstRun',
		maxNewIfsShare: DEFAULT_MAX_NEW_IFS_SHARE,
		options: { companies: '10, 20', master: 'ifs', createInIfs: false, deactivateInConcur: false, deactivateBlocked: true, ...(data === 'costCenters' ? { createParents: false } : {}) },
	});
	template
		.add('When Called by Another Workflow', 'n8n-nodes-base.executeWorkflowTrigger', 1.1, [0, 0], { inputSource: 'passthrough' })
		.add('Run Now', 'n8n-nodes-base.manualTrigger', 1, [0, 1], {})
		.add('Sync Cost Centers', ours('concurIfsReferenceSync'), 1, [1, 0.5], sync('costCenters'), { credentials: { ...CONCUR, ...IFS }, executeOnce: true })
		.add('Sync Vendors', ours('concurIfsReferenceSync'), 1, [2, 0.5], sync('vendors'), { credentials: { ...CONCUR, ...IFS }, executeOnce: true })
		.connect('When Called by Another Workflow', 'Sync Cost Centers')
		.connect('Run Now', 'Sync Cost Centers')
		.connect('Sync Cost Centers', 'Sync Vendors')
		.note(SYNC_NOTE, [0, -1.9], [620, 380])
		.note(CREDENTIALS_NOTE, [2.8, -1.6], [420, 220]);
	return template;
}

interface PostingSource {
	docType: 'expense' | 'invoice';
	title: string;
	v3: (template: Template, at: [number, number]) => string[];
}

function postingTemplate(id: string, source: PostingSource): Template {
	const template = new Template(id, `Concur → IFS: ${source.title} Posting`);
	const fisRead = source.docType === 'expense' ? 'Ready Expense Documents' : 'Ready Invoice Documents';
	scheduleTrigger(template, [0, 0], 'Every Day at 06:00', 6);
	manualTrigger(template, [0, 1]);
	setFields(template, 'Settings', [1, 0.5], { source: 'fis' });
	executeWorkflow(template, 'Reference Data Sync', [2, 0.5], WORKFLOW_IDS.referenceSync);
	ensureAuditTable(template, 'Ensure Audit Table', [3, 0.5]);
	ifEquals(template, 'Read From FIS?', [4, 0.5], "={{ $('Settings').first().json.source }}", 'fis');
	template
		.add(fisRead, ours('sapConcur'), 1, [5, 0], { resource: 'financialDocument', operation: 'getMany', docType: source.docType, returnAll: true }, { credentials: CONCUR, executeOnce: true })
		.add('Acknowledge in Concur', ours('sapConcur'), 1, [6, 0], { resource: 'financialDocument', operation: 'acknowledge', docType: source.docType, documentIds: '={{ $json.id }}' }, { credentials: CONCUR });
	const [firstV3, lastV3] = source.v3(template, [5, 1.2]);
	const mapNode = postingPath(template, 7, 0.5);
	template
		.setParameters(mapNode, { documentKinds: [source.docType === 'expense' ? 'expenseReport' : 'invoice'] })
		.connect('Every Day at 06:00', 'Settings')
		.connect('Run Now', 'Settings')
		.connect('Settings', 'Reference Data Sync')
		.connect('Reference Data Sync', 'Ensure Audit Table')
		.connect('Ensure Audit Table', 'Read From FIS?')
		.connect('Read From FIS?', fisRead, 0)
		.connect('Read From FIS?', firstV3, 1)
		.connect(fisRead, 'Acknowledge in Concur')
		.connect('Acknowledge in Concur', mapNode)
		.connect(lastV3, mapNode)
		.note(
			`## ${source.title} posting, daily
Runs every day at 06:00 (for **weekly**, set the trigger's interval to *Weeks*) or with *Run Now*.
1. Reference data sync (sub-workflow).
2. Reads ${source.docType} documents that Concur's Financial Integration Service marks ready and acknowledges them at once. Tenants without FIS: set **source** in *Settings* to \`v3\` to read approved ${source.docType === 'expense' ? 'reports (A_APPR / P_PROC)' : 'payment requests'} instead.`,
			[0, -1.7],
			[640, 280],
		)
		.note(POSTING_NOTE, [7, -1.7], [700, 300])
		.note(CREDENTIALS_NOTE, [3, -1.7], [420, 220]);
	return template;
}

export function expensePostingTemplate(): Template {
	return postingTemplate(WORKFLOW_IDS.expensePosting, {
		docType: 'expense',
		title: 'Expense Report',
		v3: (template, [x, y]) => {
			template
				.add(
					'Approved Reports',
					ours('sapConcur'),
					1,
					[x, y],
					{
						resource: 'expenseReport',
						operation: 'getMany',
						returnAll: true,
						filters: { approvalStatusCode: ['A_APPR'], paymentStatusCode: ['P_PROC'], processingPaymentDateAfter: "={{ $now.minus({ days: 14 }).toFormat('yyyy-MM-dd') }}" },
					},
					{ credentials: CONCUR, executeOnce: true },
				)
				.add('Report Details', ours('sapConcur'), 1, [x + 1, y], { resource: 'expenseReport', operation: 'getWithDetails', reportId: '={{ $json.ID }}', ownerLoginId: '={{ $json.OwnerLoginID }}' }, { credentials: CONCUR })
				.connect('Approved Reports', 'Report Details');
			return ['Approved Reports', 'Report Details'];
		},
	});
}

export function invoicePostingTemplate(): Template {
	return postingTemplate(WORKFLOW_IDS.invoicePosting, {
		docType: 'invoice',
		title: 'Invoice',
		v3: (template, [x, y]) => {
			template
				.add(
					'Changed Payment Requests',
					ours('sapConcur'),
					1,
					[x, y],
					{ resource: 'paymentRequest', operation: 'getMany', returnAll: true, filters: { lastModifiedDateAfter: "={{ $now.minus({ days: 14 }).toFormat('yyyy-MM-dd') }}" } },
					{ credentials: CONCUR, executeOnce: true },
				)
				.add('Payment Request Details', ours('sapConcur'), 1, [x + 1, y], { resource: 'paymentRequest', operation: 'get', paymentRequestId: '={{ $json.PaymentRequestId }}' }, { credentials: CONCUR })
				.connect('Changed Payment Requests', 'Payment Request Details');
			return ['Changed Payment Requests', 'Payment Request Details'];
		},
	});
}

export function purchaseRequestTemplate(): Template {
	const template = new Template(WORKFLOW_IDS.purchaseRequests, 'Concur → IFS: Purchase Requests to Requisitions');
	manualTrigger(template, [0, 1]);
	template.add(
		'Purchase Request Events',
		ours('sapConcurEventTrigger'),
		1,
		[0, 0],
		{ topic: 'custom', customTopic: 'public.concur.purchaserequest', options: {} },
		{ credentials: CONCUR, webhookId: 'c0ncur1f-5pr0-4e9e-8a11-purchasereq01' },
	);
	setFields(template, 'Purchase Request IDs', [1, 1], { ids: 'A1B2C3D4E5F60718293A' });
	template
		.add('One Item per ID', 'n8n-nodes-base.code', 2, [2, 1], {
			jsCode: "return $('Purchase Request IDs').first().json.ids.split(/[\\s,]+/).filter(Boolean).map((id) => ({ json: { documentId: id } }));",
		})
		.add('Get Purchase Request', ours('sapConcur'), 1, [3, 0.5], { resource: 'purchaseRequest', operation: 'get', purchaseRequestId: '={{ $json.documentId }}', mode: 'FULL' }, { credentials: CONCUR })
		.add('Map to IFS', ours('concurToIfs'), 1, [4, 0.5], mappingFor(['purchaseRequest']), { credentials: IFS })
		.add('Create Requisition', ours('ifsCloud'), 1, [5, 0], { resource: 'posting', operation: 'post', requestSettings: {} }, { credentials: IFS });
	ensureAuditTable(template, 'Ensure Audit Table', [2, 0]);
	writeAuditRows(template, 'Write Audit Rows', [6, 0.5]);
	return template
		.connect('Run Now', 'Purchase Request IDs')
		.connect('Purchase Request IDs', 'Ensure Audit Table')
		.connect('Ensure Audit Table', 'One Item per ID')
		.connect('Purchase Request Events', 'Get Purchase Request')
		.connect('One Item per ID', 'Get Purchase Request')
		.connect('Get Purchase Request', 'Map to IFS')
		.connect('Map to IFS', 'Create Requisition', 0)
		.connect('Map to IFS', 'Write Audit Rows', 1)
		.connect('Create Requisition', 'Write Audit Rows', 0)
		.connect('Create Requisition', 'Write Audit Rows', 1)
		.note(
			`## Purchase requests → IFS purchase requisitions
Concur Purchasing has no list API: requests come from **events** (SAP Concur Event Trigger; activate the workflow) or from a **list of ids** (*Purchase Request IDs*, comma-separated) with *Run Now*.
Each request becomes one IFS requisition on the company's site, with the Concur reference in its note text, created once however often it is read.`,
			[0, -1.6],
			[640, 240],
		)
		.note(CREDENTIALS_NOTE, [3, -1.6], [420, 220]);
}

export function eventPostingTemplate(): Template {
	const template = new Template(WORKFLOW_IDS.eventPosting, 'Concur → IFS: Event-Driven Posting');
	template
		.add(
			'Concur Ready-for-Integration Events',
			ours('sapConcurEventTrigger'),
			1,
			[0, 0],
			{ topic: 'public.concur.financialintegration', options: {} },
			{ credentials: CONCUR, webhookId: 'c0ncur1f-e55f-4e9e-8a11-readyforinteg' },
		)
		.add('Get Financial Document', ours('sapConcur'), 1, [1, 0], { resource: 'financialDocument', operation: 'get', docType: '={{ $json.documentType }}', sourceId: '={{ $json.documentId }}' }, { credentials: CONCUR });
	scheduleTrigger(template, [0, 1.2], 'Nightly Sweep at 02:00', 2);
	manualTrigger(template, [0, 2.2]);
	template
		.add('Ready Expense Documents', ours('sapConcur'), 1, [1, 1.2], { resource: 'financialDocument', operation: 'getMany', docType: 'expense', returnAll: true }, { credentials: CONCUR, executeOnce: true })
		.add('Ready Invoice Documents', ours('sapConcur'), 1, [2, 1.2], { resource: 'financialDocument', operation: 'getMany', docType: 'invoice', returnAll: true }, { credentials: CONCUR, executeOnce: true })
		.add('Only Ready Documents', 'n8n-nodes-base.filter', 2.2, [2, 0], {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [{ id: `${template.id}-ready`, leftValue: '={{ $json.docStatus }}', rightValue: 'READY', operator: { type: 'string', operation: 'equals' } }],
				combinator: 'and',
			},
			options: {},
		})
		.add('Acknowledge in Concur', ours('sapConcur'), 1, [3, 0.6], { resource: 'financialDocument', operation: 'acknowledge', docType: '={{ $json.docType }}', documentIds: '={{ $json.id }}' }, { credentials: CONCUR });
	ensureAuditTable(template, 'Ensure Audit Table', [3, 1.6]);
	const mapNode = postingPath(template, 4, 0.6);
	return template
		.setParameters(mapNode, { documentKinds: ['expenseReport', 'invoice'] })
		.connect('Concur Ready-for-Integration Events', 'Get Financial Document')
		.connect('Get Financial Document', 'Only Ready Documents')
		.connect('Only Ready Documents', 'Acknowledge in Concur')
		.connect('Nightly Sweep at 02:00', 'Ensure Audit Table')
		.connect('Run Now', 'Ensure Audit Table')
		.connect('Ensure Audit Table', 'Ready Expense Documents')
		.connect('Ready Expense Documents', 'Ready Invoice Documents')
		.connect('Ready Invoice Documents', 'Acknowledge in Concur')
		.connect('Acknowledge in Concur', mapNode)
		.note(
			`## Event-driven posting
Concur's Event Subscription Service calls this workflow's webhook when a report or invoice is ready for integration; the event's signature (\`Concur-Signature\`) is verified and repeated events are ignored. The document is read from FIS, acknowledged and posted like in the scheduled templates.
The **nightly sweep** reads whatever is still ready, in case an event was missed. Events carry no business data; everything is re-read from Concur.
Subscriptions need an app token: create the subscription in Concur (or switch *Manage Subscription* on when your app may).
Activate the workflow after importing *Reference Data Sync* and the credentials.`,
			[0, -1.8],
			[680, 320],
		)
		.note(POSTING_NOTE, [4, -1.8], [700, 300]);
}

export const TEMPLATES: Record<string, () => Template> = {
	'01-reference-data-sync': referenceSyncTemplate,
	'02-expense-posting': expensePostingTemplate,
	'03-invoice-posting': invoicePostingTemplate,
	'04-purchase-requests-to-requisitions': purchaseRequestTemplate,
	'05-event-driven-posting': eventPostingTemplate,
	'06-reconciliation-report': reconciliationTemplate,
	'07-concur-connection-health': connectionHealthTemplate,
};

export const TEMPLATE_DIR = path.join(__dirname, '..', '..', 'workflows');

export function renderTemplate(name: string): string {
	return `${JSON.stringify(TEMPLATES[name]().toJSON(), null, '\t')}\n`;
}

if (process.argv[1] === __filename) {
	for (const name of Object.keys(TEMPLATES)) {
		writeFileSync(path.join(TEMPLATE_DIR, `${name}.json`), renderTemplate(name));
		console.log(`workflows/${name}.json`);
	}
}
