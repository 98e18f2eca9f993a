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
import {
	ONE_PER_DOCUMENT,
	closeClaims,
	ensureLedgerTable,
	fisClaim,
	fisRecoverySweep,
	notDone,
	onlyOurClaims,
	purchaseRequestClaim,
	recordClaims,
	staleClaimsOf,
	v3PaymentRequestClaim,
	v3ReportClaim,
	type ClaimOf,
} from './ledger';
import { CLAIMS_NOTE, POSTING_NOTE, ensureAuditTable, postingPath, writeAuditRows } from './posting';
import { PREVIEW_SETTING, addPreview } from './preview';
import { PAGE_SETTING, addPageFanOut, pageReadOf } from './pages';
import { N8N_1X_DIR, forN8n1x } from './n8n-1x';
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
	/** The v3 read for tenants without FIS: a list node, then a details node per item. */
	v3: (template: Template, at: [number, number]) => { list: string; details: string };
	v3Claim: ClaimOf;
}

/** The posting settings every posting template starts with (a Set node the user edits). */
const CLAIM_GRACE_MINUTES = '120';

function postingTemplate(id: string, source: PostingSource): Template {
	const template = new Template(id, `Concur → IFS: ${source.title} Posting`);
	const fisRead = source.docType === 'expense' ? 'Ready Expense Documents' : 'Ready Invoice Documents';
	scheduleTrigger(template, [0, 0], 'Every Day at 06:00', 6);
	manualTrigger(template, [0, 1]);
	setFields(template, 'Settings', [1, 0.5], { source: 'fis', claimGraceMinutes: CLAIM_GRACE_MINUTES, ...PAGE_SETTING, ...PREVIEW_SETTING });
	executeWorkflow(template, 'Reference Data Sync', [2, 0.5], WORKFLOW_IDS.referenceSync);
	ensureAuditTable(template, 'Ensure Audit Table', [3, 0.5]);
	ensureLedgerTable(template, 'Ensure Ledger Table', [4, 0.5]);
	const sweep = fisRecoverySweep(template, [5, -1], source.docType);
	ifEquals(template, 'Read From FIS?', [5, 0.5], "={{ $('Settings').first().json.source }}", 'fis');
	template.add(fisRead, ours('sapConcur'), 1, [6, 0.2], { resource: 'financialDocument', operation: 'getMany', docType: source.docType, returnAll: true }, { credentials: CONCUR, executeOnce: true });
	const claimed = recordClaims(template, [fisRead, pageReadOf(fisRead)], 'Claim Ready Documents', [7, 0.2], fisClaim);
	template.add('Acknowledge in Concur', ours('sapConcur'), 1, [8.4, 0.2], { resource: 'financialDocument', operation: 'acknowledge', docType: source.docType, documentIds: '={{ $json.id }}' }, { credentials: CONCUR });
	const { list, details } = source.v3(template, [6, 1.8]);
	notDone(template, 'Not Posted Yet', [7, 1.8], source.v3Claim);
	const v3Claimed = recordClaims(template, details, 'Claim v3 Documents', [9, 1.8], source.v3Claim);
	const v3Ours = onlyOurClaims(template, v3Claimed, 'Only Documents We Claimed', [10.4, 1.8], source.v3Claim);
	const mapNode = postingPath(template, 12, 0.5, source.docType === 'expense');
	template
		.setParameters(mapNode, { documentKinds: [source.docType === 'expense' ? 'expenseReport' : 'invoice'] })
		.connect('Every Day at 06:00', 'Settings')
		.connect('Run Now', 'Settings')
		.connect('Settings', 'Reference Data Sync')
		.connect('Reference Data Sync', 'Ensure Audit Table')
		.connect('Ensure Audit Table', 'Ensure Ledger Table')
		.connect('Ensure Ledger Table', sweep.first)
		.connect('Ensure Ledger Table', 'Read From FIS?')
		.connect(sweep.toPost, mapNode)
		.connect('Read From FIS?', fisRead, 0)
		.connect('Read From FIS?', list, 1)
		.connect(claimed, 'Acknowledge in Concur')
		.connect('Acknowledge in Concur', mapNode)
		.connect(list, 'Not Posted Yet')
		.connect('Not Posted Yet', details)
		.connect(v3Ours, mapNode)
		.note(
			`## ${source.title} posting, daily
Runs every day at 06:00 (for **weekly**, set the trigger's interval to *Weeks*) or with *Run Now*.
1. Reference data sync (sub-workflow).
2. Recovery sweep (top): documents whose claim went stale are re-read and finished.
3. Reads ${source.docType} documents that Concur's Financial Integration Service marks ready, claims and acknowledges them. Tenants without FIS: set **source** in *Settings* to \`v3\` to read approved ${source.docType === 'expense' ? 'reports (A_APPR / P_PROC)' : 'payment requests'} instead.
**Large runs:** set **pageSize** in *Settings* (e.g. 200): the FIS documents are posted one page at a time, each page an execution of this workflow (*Post Next Page*), so memory stays flat. Publish the workflow for scheduled runs; retry a failed page's own execution.`,
			[0, -2.9],
			[640, 340],
		)
		.note(CLAIMS_NOTE, [2, -2.7], [700, 300])
		.note(POSTING_NOTE, [12, -1.7], [700, 300])
		.note(CREDENTIALS_NOTE, [3, 2.2], [420, 220]);
	addPageFanOut(template, { fullRun: 'Reference Data Sync', fisDecision: 'Read From FIS?', fullRead: fisRead, docType: source.docType, closed: 'Close Claims', at: [6, -0.4], summaryAt: [17.5, 1.5] });
	return addPreview(template, {
		start: { previewTo: 'Read From FIS?', at: [1.5, 1.6] },
		skips: [
			{ from: fisRead, to: mapNode, name: 'Preview Only? (FIS)', at: [6.5, -0.5] },
			{ from: list, to: details, name: 'Preview Only? (v3 List)', at: [6.5, 2.6] },
			{ from: details, to: mapNode, name: 'Preview Only? (v3)', at: [8.5, 2.6] },
		],
		mapNode,
		at: [13, 3],
	});
}

export function expensePostingTemplate(): Template {
	return postingTemplate(WORKFLOW_IDS.expensePosting, {
		docType: 'expense',
		title: 'Expense Report',
		v3Claim: v3ReportClaim,
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
				.add('Report Details', ours('sapConcur'), 1, [x + 2, y], { resource: 'expenseReport', operation: 'getWithDetails', reportId: '={{ $json.ID }}', ownerLoginId: '={{ $json.OwnerLoginID }}' }, { credentials: CONCUR });
			return { list: 'Approved Reports', details: 'Report Details' };
		},
	});
}

export function invoicePostingTemplate(): Template {
	return postingTemplate(WORKFLOW_IDS.invoicePosting, {
		docType: 'invoice',
		title: 'Invoice',
		v3Claim: v3PaymentRequestClaim,
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
				.add('Payment Request Details', ours('sapConcur'), 1, [x + 2, y], { resource: 'paymentRequest', operation: 'get', paymentRequestId: '={{ $json.PaymentRequestId }}' }, { credentials: CONCUR });
			return { list: 'Changed Payment Requests', details: 'Payment Request Details' };
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
	setFields(template, 'Settings', [1, 0.5], { ids: 'A1B2C3D4E5F60718293A', claimGraceMinutes: CLAIM_GRACE_MINUTES, ...PREVIEW_SETTING }, { includeOtherFields: true });
	ensureAuditTable(template, 'Ensure Audit Table', [2, 0.5]);
	ensureLedgerTable(template, 'Ensure Ledger Table', [3, 0.5]);
	template
		.add('Stale Claims', 'n8n-nodes-base.dataTable', 1.1, [4, -0.5], staleClaimsOf('purchaseRequest'))
		.add('One per Document', 'n8n-nodes-base.removeDuplicates', 2, [5, -0.5], ONE_PER_DOCUMENT)
		.add('Requests to Post', 'n8n-nodes-base.code', 2, [4, 0.5], {
			jsCode:
				"// An event names one request; a manual run the comma-separated ids in Settings.\nconst settings = $('Settings').first().json;\nconst ids = settings.documentId ? [settings.documentId] : String(settings.ids ?? '').split(/[\\s,]+/).filter(Boolean);\nreturn ids.map((id) => ({ json: { documentId: id } }));",
		});
	notDone(template, 'Not Posted Yet', [6, 0.5], purchaseRequestClaim);
	template.add('Get Purchase Request', ours('sapConcur'), 1, [7, 0.5], { resource: 'purchaseRequest', operation: 'get', purchaseRequestId: '={{ $json.documentId || $json.sourceId }}', mode: 'FULL' }, { credentials: CONCUR });
	const claimed = recordClaims(template, 'Get Purchase Request', 'Claim Requests', [8, 0.5], purchaseRequestClaim);
	const ourRequests = onlyOurClaims(template, claimed, 'Only Requests We Claimed', [9.4, 0.5], purchaseRequestClaim);
	template
		.add('Map to IFS', ours('concurToIfs'), 1, [10.4, 0.5], mappingFor(['purchaseRequest']), { credentials: IFS })
		.add('Create Requisition', ours('ifsCloud'), 1, [11.4, 0], { resource: 'posting', operation: 'post', requestSettings: {} }, { credentials: IFS });
	const audit = writeAuditRows(template, 'Write Audit Rows', [12.9, 0.5]);
	const finished: Array<[string, number]> = [['Map to IFS', 1], ['Create Requisition', 0], ['Create Requisition', 1]];
	closeClaims(template, 'Close Claims', [14.4, 1.5], finished);
	for (const [from, output] of finished) template.connect(from, audit, output);
	template
		.connect('Run Now', 'Settings')
		.connect('Purchase Request Events', 'Settings')
		.connect('Settings', 'Ensure Audit Table')
		.connect('Ensure Audit Table', 'Ensure Ledger Table')
		.connect('Ensure Ledger Table', 'Stale Claims')
		.connect('Ensure Ledger Table', 'Requests to Post')
		.connect('Stale Claims', 'One per Document')
		.connect('One per Document', 'Not Posted Yet')
		.connect('Requests to Post', 'Not Posted Yet')
		.connect('Not Posted Yet', 'Get Purchase Request')
		.connect(ourRequests, 'Map to IFS')
		.connect('Map to IFS', 'Create Requisition', 0)
		.note(
			`## Purchase requests → IFS purchase requisitions
Concur Purchasing has no list API: requests come from **events** (SAP Concur Event Trigger; activate the workflow) or from a **list of ids** (*ids* in *Settings*, comma-separated) with *Run Now*.
Each request becomes one IFS requisition on the company's site, with the Concur reference in its note text, created once however often it is read. Requests whose claim went stale (a run died) are read again and finished by the next run.`,
			[0, -2.2],
			[640, 260],
		)
		.note(CLAIMS_NOTE, [4, -2.2], [700, 300])
		.note(CREDENTIALS_NOTE, [8, -2.2], [420, 220]);
	return addPreview(template, {
		start: { previewTo: 'Requests to Post', at: [1.5, 1.6] },
		skips: [
			{ from: 'Requests to Post', to: 'Get Purchase Request', name: 'Preview Only? (Ids)', at: [5, 1.4] },
			{ from: 'Get Purchase Request', to: 'Map to IFS', name: 'Preview Only? (Read)', at: [7.5, -0.5] },
		],
		mapNode: 'Map to IFS',
		at: [11.4, 2.5],
	});
}

export function eventPostingTemplate(): Template {
	const template = new Template(WORKFLOW_IDS.eventPosting, 'Concur → IFS: Event-Driven Posting');
	const trigger = 'Concur Ready-for-Integration Events';
	template.add(trigger, ours('sapConcurEventTrigger'), 1, [0, 0], { topic: 'public.concur.financialintegration', options: {} }, { credentials: CONCUR, webhookId: 'c0ncur1f-e55f-4e9e-8a11-readyforinteg' });
	ensureAuditTable(template, 'Ensure Audit Table (Event)', [1, 0]);
	ensureLedgerTable(template, 'Ensure Ledger Table (Event)', [2, 0]);
	template
		.add(
			'Get Financial Document',
			ours('sapConcur'),
			1,
			[3, 0],
			{ resource: 'financialDocument', operation: 'get', docType: `={{ $('${trigger}').first().json.documentType }}`, sourceId: `={{ $('${trigger}').first().json.documentId }}` },
			{ credentials: CONCUR, executeOnce: true },
		)
		.add('Only Ready Documents', 'n8n-nodes-base.filter', 2.2, [4, 0], {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [{ id: `${template.id}-ready`, leftValue: '={{ $json.docStatus }}', rightValue: 'READY', operator: { type: 'string', operation: 'equals' } }],
				combinator: 'and',
			},
			options: {},
		});
	const eventClaimed = recordClaims(template, 'Only Ready Documents', 'Claim Event Document', [5, 0], fisClaim);
	scheduleTrigger(template, [0, 2], 'Nightly Sweep at 02:00', 2);
	manualTrigger(template, [0, 3]);
	setFields(template, 'Settings', [1, 2.5], { claimGraceMinutes: CLAIM_GRACE_MINUTES, ...PREVIEW_SETTING });
	ensureAuditTable(template, 'Ensure Audit Table', [2, 2.5]);
	ensureLedgerTable(template, 'Ensure Ledger Table', [3, 2.5]);
	const sweep = fisRecoverySweep(template, [4, 4]);
	template
		.add('Document Types', 'n8n-nodes-base.code', 2, [4, 2.5], { jsCode: "// Expenses and invoices are read independently: one item per FIS document type.\nreturn [{ json: { docType: 'expense' } }, { json: { docType: 'invoice' } }];" })
		.add('Ready Documents', ours('sapConcur'), 1, [5, 2.5], { resource: 'financialDocument', operation: 'getMany', docType: '={{ $json.docType }}', returnAll: true }, { credentials: CONCUR });
	const sweepClaimed = recordClaims(template, 'Ready Documents', 'Claim Ready Documents', [6, 2.5], fisClaim);
	template.add('Acknowledge in Concur', ours('sapConcur'), 1, [8, 1.2], { resource: 'financialDocument', operation: 'acknowledge', docType: '={{ $json.docType }}', documentIds: '={{ $json.id }}' }, { credentials: CONCUR });
	const mapNode = postingPath(template, 9, 1.2);
	template
		.setParameters(mapNode, { documentKinds: ['expenseReport', 'invoice'] })
		.connect(trigger, 'Ensure Audit Table (Event)')
		.connect('Ensure Audit Table (Event)', 'Ensure Ledger Table (Event)')
		.connect('Ensure Ledger Table (Event)', 'Get Financial Document')
		.connect('Get Financial Document', 'Only Ready Documents')
		.connect(eventClaimed, 'Acknowledge in Concur')
		.connect('Nightly Sweep at 02:00', 'Settings')
		.connect('Run Now', 'Settings')
		.connect('Settings', 'Ensure Audit Table')
		.connect('Ensure Audit Table', 'Ensure Ledger Table')
		.connect('Ensure Ledger Table', 'Document Types')
		.connect('Ensure Ledger Table', sweep.first)
		.connect('Document Types', 'Ready Documents')
		.connect(sweepClaimed, 'Acknowledge in Concur')
		.connect(sweep.toPost, mapNode)
		.connect('Acknowledge in Concur', mapNode)
		.note(
			`## Event-driven posting
Concur's Event Subscription Service calls this workflow's webhook when a report or invoice is ready for integration; the event's signature (\`Concur-Signature\`) is verified and repeated events are ignored. The document is read from FIS, claimed, acknowledged and posted like in the scheduled templates.
The **nightly sweep** reads whatever expense and invoice documents are still ready (each type on its own, in case an event was missed) and finishes documents whose claim went stale. Events carry no business data; everything is re-read from Concur.
Subscriptions need an app token: create the subscription in Concur (or switch *Manage Subscription* on when your app may).
Activate the workflow after importing *Reference Data Sync* and the credentials.`,
			[0, -2],
			[680, 340],
		)
		.note(CLAIMS_NOTE, [4, -2], [700, 300])
		.note(POSTING_NOTE, [9, -2], [700, 300]);
	return addPreview(template, {
		start: { previewTo: 'Document Types', at: [1.5, 3.6] },
		skips: [{ from: 'Ready Documents', to: mapNode, name: 'Preview Only? (Read)', at: [5.5, 3.2] }],
		mapNode,
		at: [10, 4],
	});
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
		writeFileSync(path.join(N8N_1X_DIR, `${name}.json`), `${JSON.stringify(forN8n1x(TEMPLATES[name]().toJSON()), null, '\t')}\n`);
		console.log(`workflows/${name}.json, workflows/n8n-1.x/${name}.json`);
	}
}
