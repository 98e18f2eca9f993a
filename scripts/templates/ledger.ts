/**
 * The claim ledger of the posting templates: one row per claim on a Concur document, in the n8n
 * data table `concur_ifs_ledger` (our nodes cannot reach data tables; the core Data Table node
 * can). A claim is written before any IFS write and before the FIS acknowledgement; a document is
 * ours when no other execution holds a fresh claim on it (for FIS sources the acknowledgement
 * decides). Claims not closed within the grace period are stale: the recovery sweep re-reads
 * their documents and posts or closes them. See docs/reliability.md.
 */
import type { IDataObject } from 'n8n-workflow';

import { CONCUR, LEDGER_TABLE, ensureDataTable, ours, rowValues, type ColumnType, type Template } from './nodes';

export type LedgerColumn = 'documentKey' | 'sourceType' | 'sourceId' | 'fisDocumentId' | 'docType' | 'owner' | 'state' | 'claimedAtMs';

const COLUMN_TYPES: Record<LedgerColumn, ColumnType> = {
	documentKey: 'string',
	sourceType: 'string',
	sourceId: 'string',
	fisDocumentId: 'string',
	docType: 'string',
	owner: 'string',
	state: 'string',
	claimedAtMs: 'number',
};

/** Who claims: the execution (a retry of it is a new execution, and claims anew). */
const ME = '={{ $execution.id }}';
/** Claims older than this belong to an execution that died or was abandoned. */
const CUTOFF_MS = "={{ $now.toMillis() - Number($('Settings').first().json.claimGraceMinutes) * 60000 }}";

/** How a document flowing at some point of a template is named in the ledger. */
export interface ClaimOf {
	documentKey: string;
	sourceType: string;
	sourceId: string;
	fisDocumentId: string;
	docType: string;
	/** The item field that equals a ledger column of its claim rows (to tell items and rows apart). */
	match: { item: string; row: LedgerColumn };
}

export const fisClaim: ClaimOf = {
	documentKey: "={{ 'fis-' + $json.docType + ':' + $json.id }}",
	sourceType: "={{ 'fis-' + $json.docType }}",
	sourceId: "={{ ($json.docType === 'invoice' ? $json.document?.requestHeader?.requestId : $json.document?.report?.reportId) ?? '' }}",
	fisDocumentId: '={{ $json.id }}',
	docType: '={{ $json.docType }}',
	match: { item: 'id', row: 'fisDocumentId' },
};

export const v3ReportClaim: ClaimOf = {
	documentKey: "={{ 'v3-report:' + $json.ID }}",
	sourceType: 'v3-report',
	sourceId: '={{ $json.ID }}',
	fisDocumentId: '',
	docType: 'expense',
	match: { item: 'ID', row: 'sourceId' },
};

export const v3PaymentRequestClaim: ClaimOf = {
	documentKey: "={{ 'v3-payment-request:' + ($json.PaymentRequestId ?? $json.ID) }}",
	sourceType: 'v3-payment-request',
	sourceId: '={{ $json.PaymentRequestId ?? $json.ID }}',
	fisDocumentId: '',
	docType: 'invoice',
	match: { item: 'ID', row: 'sourceId' },
};

/** A request id from an event or the id list (`documentId`), a purchase request (`purchaseRequestId`) or a ledger row (`sourceId`). */
const PURCHASE_REQUEST_ID = '($json.purchaseRequestId || $json.documentId || $json.sourceId)';

export const purchaseRequestClaim: ClaimOf = {
	documentKey: `={{ 'purchase-request:' + ${PURCHASE_REQUEST_ID} }}`,
	sourceType: 'purchase-request',
	sourceId: `={{ ${PURCHASE_REQUEST_ID} }}`,
	fisDocumentId: '',
	docType: 'purchaseRequest',
	match: { item: 'purchaseRequestId', row: 'sourceId' },
};

/** A claim row as the sweep reads it back from the ledger. */
const ledgerRowClaim: ClaimOf = {
	documentKey: '={{ $json.documentKey }}',
	sourceType: '={{ $json.sourceType }}',
	sourceId: '={{ $json.sourceId }}',
	fisDocumentId: '={{ $json.fisDocumentId }}',
	docType: '={{ $json.docType }}',
	match: { item: 'documentKey', row: 'documentKey' },
};

const table = { __rl: true, mode: 'name', value: LEDGER_TABLE };

function columns(values: Partial<Record<LedgerColumn, string>>): IDataObject {
	return rowValues(values as Record<string, string>, COLUMN_TYPES);
}

export type Condition = [column: LedgerColumn, condition: 'eq' | 'neq' | 'lt' | 'gte' | 'isNotEmpty', value?: string];

function where(...conditions: Condition[]): IDataObject {
	return {
		matchType: 'allConditions',
		filters: { conditions: conditions.map(([keyName, condition, keyValue]) => ({ keyName, condition, ...(keyValue === undefined ? {} : { keyValue }) })) },
	};
}

export function ensureLedgerTable(template: Template, name: string, at: [number, number]) {
	return ensureDataTable(template, name, at, LEDGER_TABLE, COLUMN_TYPES);
}

/** Passes on only the items for which the ledger holds no row equal to all of these (the Data Table node compares only for equality here). */
function noLedgerRow(template: Template, name: string, at: [number, number], ...conditions: Array<[LedgerColumn, string]>) {
	return template.add(name, 'n8n-nodes-base.dataTable', 1.1, at, {
		resource: 'row',
		operation: 'rowNotExists',
		dataTableId: table,
		matchType: 'allConditions',
		filters: { conditions: conditions.map(([keyName, keyValue]) => ({ keyName, keyValue })) },
	});
}

/** Documents no run has finished (posted and confirmed, or told Concur it failed). */
export function notDone(template: Template, name: string, at: [number, number], claim: ClaimOf) {
	return noLedgerRow(template, name, at, ['documentKey', claim.documentKey], ['state', 'done']);
}

/** A claim column as plain JavaScript over `json`: its expression without `$`, or its constant. */
function asJavaScript(value: string): string {
	const expression = /^=\{\{(.*)\}\}$/s.exec(value)?.[1];
	return expression === undefined ? JSON.stringify(value) : `String(${expression.trim().replaceAll('$json', 'json')} ?? '')`;
}

/** The claim rows of all items in one Code call instead of a column expression per item. */
function claimRowsCode(claim: Omit<ClaimOf, 'match'>): string {
	const fields = Object.entries(claim).map(([column, value]) => `${column}: ${asJavaScript(value)}`);
	return `const owner = $execution.id;
const claimedAtMs = Date.now();
return $input.all().map(({ json }) => ({ json: { ${fields.join(', ')}, owner, state: 'claimed', claimedAtMs } }));`;
}

const CLAIM_ROWS = ': Ledger Rows';

/**
 * Writes this execution's claim for every item coming out of `from` (one insert statement), and
 * passes the items on unchanged once the claims are committed, so nothing is sent anywhere
 * before. Returns the node whose output carries the items.
 */
export function recordClaims(template: Template, from: string | string[], name: string, at: [number, number], { match: _match, ...claim }: ClaimOf): string {
	const rows = `${name}${CLAIM_ROWS}`;
	const passOn = `${name} (Committed)`;
	for (const source of [from].flat()) template.connect(source, passOn, 0, 0).connect(source, rows);
	template
		.add(rows, 'n8n-nodes-base.code', 2, [at[0] - 0.4, at[1] + 0.6], { jsCode: claimRowsCode(claim) })
		.add(name, 'n8n-nodes-base.dataTable', 1.1, [at[0], at[1] + 0.6], {
			resource: 'row',
			operation: 'insert',
			dataTableId: table,
			columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] },
			// the merge below passes the items on, not the inserted rows
			options: { optimizeBulk: true },
		})
		.add(passOn, 'n8n-nodes-base.merge', 3.2, [at[0] + 0.6, at[1]], { mode: 'chooseBranch', chooseBranchMode: 'waitForAll', output: 'specifiedInput', useDataOfInput: 1 })
		.connect(rows, name)
		.connect(name, passOn, 0, 1);
	return passOn;
}

/**
 * Passes on the items coming out of `from` on which no other execution holds a fresh claim (its
 * own claim is in the ledger already): the other executions' fresh claims are read in one query, and the items
 * that match none of them kept. Returns the node whose output carries the items.
 */
export function onlyOurClaims(template: Template, from: string, name: string, at: [number, number], claim: ClaimOf): string {
	const others = `${name}: Other Fresh Claims`;
	template
		.add(
			others,
			'n8n-nodes-base.dataTable',
			1.1,
			[at[0], at[1] + 0.6],
			{ resource: 'row', operation: 'get', dataTableId: table, ...where(['owner', 'neq', ME], ['state', 'eq', 'claimed'], ['claimedAtMs', 'gte', CUTOFF_MS]), returnAll: true },
			// one query for all items; one empty item when there are none, so the anti-join below still runs
			{ executeOnce: true, alwaysOutputData: true },
		)
		.add(name, 'n8n-nodes-base.merge', 3.2, [at[0] + 0.6, at[1]], {
			mode: 'combine',
			combineBy: 'combineByFields',
			fieldsToMatchString: '',
			advanced: true,
			mergeByFields: { values: [{ field1: claim.match.item, field2: claim.match.row }] },
			joinMode: 'keepNonMatches',
			outputDataFrom: 'input1',
			options: {},
		})
		.connect(from, name, 0, 0)
		.connect(from, others)
		.connect(others, name, 0, 1);
	return name;
}

/** What the close needs of a finished document, and no more: the Code step after it reads only these. */
const FINISHED_KEYS_CODE = `// The ledger key of every finished document and how its claim closes: a v3 document held or refused is released for the next run.
return $input.all().map(({ json: { audit, fis } }) => ({
	json: {
		documentKey: audit.sourceType + ':' + (audit.fisDocumentId || audit.sourceId),
		closeAs: ['created', 'already-posted'].includes(audit.action) || fis?.status ? 'done' : 'released',
	},
}));`;

/**
 * The exceptions to "this run's claims are done", as items for a row-by-row update (usually none:
 * then one item that matches no row, so the close after it still runs). A claim on a document this
 * run did not finish (left to the run that acknowledged or claimed it first, or whose
 * acknowledgement answer was lost) stays `claimed` for the recovery sweep, under an owner the
 * close does not match; a v3 document held or refused is released.
 */
function claimExceptionsCode(finishedKeys: string[], claimRows: string[]): string {
	// `$("Node").all(…)` written out per node: n8n's task runner then ships only these nodes' data, not the whole execution's
	const runsOfEach = (names: string[]) => names.map((node) => `runsOf($(${JSON.stringify(node)}).isExecuted, (run) => $(${JSON.stringify(node)}).all(0, run))`).join(', ');
	return `const me = $execution.id;
// every run of a node: it runs again for each branch that reaches it
const runsOf = (executed, itemsOfRun) => {
	let items = [];
	for (let run = 0; executed; run++) {
		try {
			items = items.concat(itemsOfRun(run));
		} catch {
			break;
		}
	}
	return items.map(({ json }) => json);
};
const finished = [${runsOfEach(finishedKeys)}].flat();
const finishedKeys = new Set(finished.map(({ documentKey }) => documentKey));
const claimed = new Set([${runsOfEach(claimRows)}].flat().map(({ documentKey }) => documentKey));
const setAside = [...claimed].filter((key) => !finishedKeys.has(key)).map((documentKey) => ({ documentKey, owner: me + ':unfinished', state: 'claimed' }));
const released = finished.filter(({ closeAs }) => closeAs === 'released').map(({ documentKey }) => ({ documentKey, owner: me, state: 'released' }));
const exceptions = [...setAside, ...released];
return (exceptions.length ? exceptions : [{ documentKey: '', owner: me, state: 'claimed' }]).map((json) => ({ json }));`;
}

/** The Merge that waits for every outcome branch before `closeClaims(template, name, …)` closes the claims. */
export const allOutcomesOf = (name: string) => `${name}: All Outcomes`;

/**
 * Once every outcome branch has finished (`outcomes`: the nodes whose items Concur was told
 * about, with their output), this execution's claims are closed: the exceptions row by row, then
 * all others `done` in one statement. Until then they stay `claimed`, so a run that dies in
 * between leaves them to the recovery sweep. Call it after the template's claims are recorded.
 */
export function closeClaims(template: Template, name: string, at: [number, number], outcomes: Array<[node: string, output: number]>) {
	const claimRows = template.nodes.filter((node) => node.name.endsWith(CLAIM_ROWS)).map((node) => node.name);
	if (claimRows.length === 0) throw new Error(`${template.name}: closeClaims before any recordClaims`);
	const finishedKeys = outcomes.map(([node, output]) => `${name}: Keys of ${node}${output ? ` (Output ${output + 1})` : ''}`);
	const allFinished = allOutcomesOf(name);
	const exceptions = `${name}: Exceptions`;
	const applyExceptions = `${name}: Apply Exceptions`;
	outcomes.forEach(([node, output], input) => {
		template
			.add(finishedKeys[input]!, 'n8n-nodes-base.code', 2, [at[0] - 2, at[1] + 0.5 * input], { jsCode: FINISHED_KEYS_CODE })
			.connect(node, finishedKeys[input]!, output)
			.connect(finishedKeys[input]!, allFinished, 0, input);
	});
	template
		// runs once all outcome branches are done (n8n runs a waiting Merge when nothing else is left), with the inputs that have items
		.add(allFinished, 'n8n-nodes-base.merge', 3.2, [at[0] - 1.5, at[1]], { mode: 'append', numberInputs: outcomes.length })
		.add(exceptions, 'n8n-nodes-base.code', 2, [at[0] - 1, at[1]], { jsCode: claimExceptionsCode(finishedKeys, claimRows) })
		.add(
			applyExceptions,
			'n8n-nodes-base.dataTable',
			1.1,
			[at[0] - 0.5, at[1]],
			{
				resource: 'row',
				operation: 'update',
				dataTableId: table,
				...where(['documentKey', 'eq', '={{ $json.documentKey }}'], ['owner', 'eq', ME], ['state', 'eq', 'claimed']),
				columns: columns({ owner: '={{ $json.owner }}', state: '={{ $json.state }}' }),
				options: {},
			},
			{ alwaysOutputData: true },
		)
		// one (empty) item also when no row was left to close, so whatever follows the close still runs
		.add(name, 'n8n-nodes-base.dataTable', 1.1, at, { resource: 'row', operation: 'update', dataTableId: table, ...where(['owner', 'eq', ME], ['state', 'eq', 'claimed']), columns: columns({ state: 'done' }), options: {} }, { executeOnce: true, alwaysOutputData: true })
		.connect(allFinished, exceptions)
		.connect(exceptions, applyExceptions)
		.connect(applyExceptions, name);
	return template;
}

/** Data Table "get" of the claims older than the grace period (of one document type). */
export function staleClaimsOf(docType?: string, ...more: Condition[]): IDataObject {
	const ofType: Condition[] = docType ? [['docType', 'eq', docType]] : [];
	return { resource: 'row', operation: 'get', dataTableId: table, ...where(['state', 'eq', 'claimed'], ['claimedAtMs', 'lt', CUTOFF_MS], ...ofType, ...more), returnAll: true };
}

/** A document may have several claim rows (concurrent runs): the sweep takes each document once. */
export const ONE_PER_DOCUMENT: IDataObject = { operation: 'removeDuplicateInputItems', compare: 'selectedFields', fieldsToCompare: 'documentKey', options: {} };

/**
 * The ledger-driven recovery sweep for FIS documents: claims older than the grace period
 * (their execution died, or was abandoned unretried) are claimed anew, their financial document
 * is re-read whatever its status, and it goes on to posting when it is still only acknowledged;
 * otherwise its claims are closed. Returns the node whose output 0 carries documents to post.
 */
export function fisRecoverySweep(template: Template, at: [number, number], docType?: 'expense' | 'invoice'): { first: string; toPost: string } {
	const [x, y] = at;
	template
		.add('Stale Claims', 'n8n-nodes-base.dataTable', 1.1, [x, y], staleClaimsOf(docType, ['fisDocumentId', 'isNotEmpty']))
		.add('One per Document', 'n8n-nodes-base.removeDuplicates', 2, [x + 1, y], ONE_PER_DOCUMENT);
	const claimed = recordClaims(template, 'One per Document', 'Claim Stale Documents', [x + 2, y], ledgerRowClaim);
	const recovered = onlyOurClaims(template, claimed, 'Recovered by This Run', [x + 3.2, y], ledgerRowClaim);
	template
		.add(
			'Re-read Document',
			ours('sapConcur'),
			1,
			[x + 4.2, y],
			{ resource: 'financialDocument', operation: 'get', docType: '={{ $json.docType }}', sourceId: '={{ $json.sourceId }}', fisDocumentId: '={{ $json.fisDocumentId }}' },
			{ credentials: CONCUR },
		)
		.add('Still to Post?', 'n8n-nodes-base.if', 2.2, [x + 5.2, y], {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [{ id: `${template.id}-acknowledged`, leftValue: '={{ $json.docStatus }}', rightValue: 'ACKNOWLEDGED', operator: { type: 'string', operation: 'equals' } }],
				combinator: 'and',
			},
			options: {},
		})
		.add('Close Recovered Claims', 'n8n-nodes-base.dataTable', 1.1, [x + 6.2, y + 0.6], {
			resource: 'row',
			operation: 'update',
			dataTableId: table,
			...where(['documentKey', 'eq', fisClaim.documentKey]),
			// READY: acknowledged by nobody, the next read claims it again; anything else: Concur already has its outcome.
			columns: columns({ state: "={{ $json.docStatus === 'READY' ? 'released' : 'done' }}" }),
			options: {},
		});
	template
		.connect('Stale Claims', 'One per Document')
		.connect(recovered, 'Re-read Document')
		.connect('Re-read Document', 'Still to Post?')
		.connect('Still to Post?', 'Close Recovered Claims', 1);
	return { first: 'Stale Claims', toPost: 'Still to Post?' };
}
