/** The posting path every posting template shares: map → post → confirm in Concur → audit row. */
import { AUDIT_ROW_COLUMNS } from '../../nodes/shared/confirmation';
import { AUDIT_TABLE, CONCUR, IFS, LEDGER_TABLE, ensureDataTable, ours, type Template } from './nodes';
import { exampleMapping } from './example-mapping';
import { closeClaims } from './ledger';
import { receiptsPath } from './receipts';

export function ensureAuditTable(template: Template, name: string, at: [number, number]) {
	return ensureDataTable(template, name, at, AUDIT_TABLE, Object.fromEntries(AUDIT_ROW_COLUMNS.map((column) => [column, 'string'])));
}

/**
 * Writes the audit row each item carries ready-made (`auditRow`, filled in by Concur to IFS, the
 * posting and the confirmation): a Code node lifts the rows out in one call, the Data Table node
 * maps them by column name. Returns the node the items must flow into.
 */
export function writeAuditRows(template: Template, name: string, at: [number, number]): string {
	const rows = `${name}: Rows`;
	template
		.add(rows, 'n8n-nodes-base.code', 2, [at[0] - 0.5, at[1] + 0.4], { jsCode: "return $input.all().map((item) => ({ json: item.json.auditRow }));" })
		.add(name, 'n8n-nodes-base.dataTable', 1.1, at, {
			resource: 'row',
			operation: 'insert',
			dataTableId: { __rl: true, mode: 'name', value: AUDIT_TABLE },
			columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] },
			options: {},
		})
		.connect(rows, name);
	return rows;
}

/** Confirms what the posting output says (its `confirmation` field): no expression per item. */
export const fisConfirmation = { resource: 'financialDocument', operation: 'confirmPosting', fromConfirmation: true, skipWithoutDocumentId: true };

/** Reports read from v3 (no FIS document) leave Processing Payment through the v2 integration status call. */
export const v3IntegrationStatus = {
	resource: 'expenseReport',
	operation: 'postIntegrationStatus',
	fromConfirmation: true,
	failOnRefusal: false,
	skipWithoutReportId: true,
};

/**
 * Adds "Map to IFS" at column x and everything after it (with the receipts step for expense
 * postings); returns the name of the node the Concur documents must flow into.
 */
export function postingPath(template: Template, x: number, y: number, withReceipts = true): string {
	template
		.add('Map to IFS', ours('concurToIfs'), 1, [x, y], exampleMapping, { credentials: IFS })
		.add('Post to IFS', ours('ifsCloud'), 1, [x + 1, y - 0.5], { resource: 'posting', operation: 'post', requestSettings: {} }, { credentials: IFS })
		.add('Confirm Posted in Concur', ours('sapConcur'), 1, [x + 2, y - 1], fisConfirmation, { credentials: CONCUR })
		.add('Mark v3 Report Paid in Concur', ours('sapConcur'), 1, [x + 3, y - 1], v3IntegrationStatus, { credentials: CONCUR })
		.add('Confirm Failed in Concur', ours('sapConcur'), 1, [x + 2, y], fisConfirmation, { credentials: CONCUR })
		.add('Confirm Held in Concur', ours('sapConcur'), 1, [x + 2, y + 1], fisConfirmation, { credentials: CONCUR });
	const audit = writeAuditRows(template, 'Write Audit Rows', [x + 4.5, y]);
	const finished = ['Mark v3 Report Paid in Concur', 'Confirm Failed in Concur', 'Confirm Held in Concur'];
	closeClaims(template, 'Close Claims', [x + 6, y + 1], finished.map((node) => [node, 0]));
	template
		.connect('Map to IFS', 'Post to IFS', 0)
		.connect('Map to IFS', 'Confirm Held in Concur', 1)
		.connect('Post to IFS', 'Confirm Posted in Concur', 0)
		.connect('Post to IFS', 'Confirm Failed in Concur', 1)
		.connect('Confirm Posted in Concur', 'Mark v3 Report Paid in Concur');
	for (const confirmed of finished) template.connect(confirmed, audit);
	if (withReceipts) receiptsPath(template, 'Mark v3 Report Paid in Concur', x + 4, y + 2);
	return 'Map to IFS';
}

export const POSTING_NOTE = `## Posting path
**Map to IFS** turns each Concur document into a balanced IFS posting (or holds it whole, with reasons, on its *Held* output).
**Post to IFS** creates each document once: it looks the Concur reference up in IFS first and reads back any write whose answer was lost, so n8n's *Retry execution* never duplicates anything. Documents IFS refuses leave on its *Failed* output with IFS's own message.
Concur is told the outcome (voucher or invoice number, or the reasons; reports read from v3 are marked Paid with the integration status call), every document gets an audit row in the **${AUDIT_TABLE}** data table, and its claim in **${LEDGER_TABLE}** is closed.
**The mapping values are examples** (the simulated Northwind company): replace accounts, cost-center rules and the company table with yours.`;

export const CLAIMS_NOTE = `## Claims and recovery
Before anything is sent to IFS (or acknowledged in Concur), each document is claimed in the **${LEDGER_TABLE}** data table; a document another execution is working on is left to it. For FIS documents the acknowledgement is the claim: one Concur has already acknowledged (code 101) belongs to another run.
**Recovery sweep**: claims older than *claimGraceMinutes* (Settings; longer than your longest run) belong to a run that died or was never retried. Their documents are re-read from Concur, looked up in IFS, posted if absent and confirmed — so a crashed or failed run heals on the next schedule. *Retry execution* keeps working as well.`;
