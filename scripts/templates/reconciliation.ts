/** Template 6: Concur totals vs IFS posted totals per period and company, with held and failed documents. */
import { AUDIT_TABLE, CONCUR, IFS, Template, WORKFLOW_IDS, manualTrigger, ours, setFields } from './nodes';
import { ensureAuditTable } from './posting';

const BUILD_TABLE = `// One row per Concur report approved in the period: Concur total, what IFS holds, and why not.
const settings = $('Period and Company').first().json;
const reports = $('Concur Approved Reports').all().map((item) => item.json).filter((report) => !settings.concurLedger || report.LedgerName === settings.concurLedger);
const voucherRows = $('IFS Concur Vouchers').all().map((item) => item.json);
const audit = $('Audit Rows').all().map((item) => item.json);
const cents = (value) => Math.round(Number(value || 0) * 100);
const money = (value) => (value / 100).toFixed(2);

const debitByReference = new Map();
for (const row of voucherRows) {
	const reference = row.ReferenceNumber;
	debitByReference.set(reference, (debitByReference.get(reference) || 0) + cents(row.CurrencyDebetAmount));
}
const lastAudit = new Map();
for (const row of audit) lastAudit.set(row.sourceId, row);

const rows = reports.map((report) => {
	const reference = 'CX-' + report.ID;
	const posted = debitByReference.get(reference);
	const auditRow = lastAudit.get(report.ID);
	const concurTotal = cents(report.TotalApprovedAmount ?? report.Total);
	const status = posted !== undefined ? (posted === concurTotal ? 'posted' : 'posted, amounts differ') : auditRow ? auditRow.action : 'not posted';
	return {
		period: settings.period,
		company: settings.company,
		reportId: report.ID,
		reportName: report.Name,
		currency: report.CurrencyCode,
		concurTotal: money(concurTotal),
		ifsPostedTotal: posted === undefined ? '' : money(posted),
		difference: posted === undefined ? money(concurTotal) : money(concurTotal - posted),
		status,
		reasons: auditRow && posted === undefined ? auditRow.reasons : '',
	};
});
const total = (field) => money(rows.reduce((sum, row) => sum + cents(row[field]), 0));
rows.push({ period: settings.period, company: settings.company, reportId: 'TOTAL', reportName: rows.length + ' reports', currency: '', concurTotal: total('concurTotal'), ifsPostedTotal: total('ifsPostedTotal'), difference: total('difference'), status: rows.filter((row) => row.status !== 'posted').length + ' need attention', reasons: '' });
return rows.map((json) => ({ json }));`;

export function reconciliationTemplate(): Template {
	const template = new Template(WORKFLOW_IDS.reconciliation, 'Concur ↔ IFS: Reconciliation Report');
	manualTrigger(template, [0, 0]);
	setFields(template, 'Period and Company', [1, 0], {
		period: "={{ $now.minus({ months: 1 }).toFormat('yyyy-MM') }}",
		company: '10',
		concurLedger: 'US',
	});
	ensureAuditTable(template, 'Ensure Audit Table', [2, 0]);
	template
		.add(
			'Concur Approved Reports',
			ours('sapConcur'),
			1,
			[3, 0],
			{
				resource: 'expenseReport',
				operation: 'getMany',
				returnAll: true,
				filters: {
					approvalStatusCode: ['A_APPR'],
					processingPaymentDateAfter: "={{ $('Period and Company').first().json.period + '-01' }}",
					processingPaymentDateBefore: "={{ DateTime.fromISO($('Period and Company').first().json.period + '-01').endOf('month').toFormat('yyyy-MM-dd') }}",
				},
			},
			{ credentials: CONCUR, executeOnce: true },
		)
		.add(
			'IFS Concur Vouchers',
			ours('ifsCloud'),
			1,
			[4, 0],
			{
				resource: 'record',
				operation: 'getMany',
				projection: { __rl: true, mode: 'name', value: 'VoucherRowsAnalysis' },
				entitySet: { __rl: true, mode: 'name', value: 'VoucherRowSet' },
				company: "={{ $('Period and Company').first().json.company }}",
				conditions: { condition: [{ field: 'ReferenceNumber', operator: 'startswith', value: 'CX-', valueType: 'string' }] },
				combinator: 'and',
				returnAll: true,
			},
			{ credentials: IFS, executeOnce: true },
		)
		.add('Audit Rows', 'n8n-nodes-base.dataTable', 1.1, [5, 0], { resource: 'row', operation: 'get', dataTableId: { __rl: true, mode: 'name', value: AUDIT_TABLE }, returnAll: true }, { executeOnce: true, alwaysOutputData: true })
		.add('Build Reconciliation Table', 'n8n-nodes-base.code', 2, [6, 0], { jsCode: BUILD_TABLE })
		.add(
			'E-mail the Report (Off)',
			'n8n-nodes-base.emailSend',
			2.1,
			[7, 0],
			{ fromEmail: 'n8n@example.com', toEmail: 'finance@example.com', subject: "={{ 'Concur ↔ IFS reconciliation ' + $json.period }}", emailFormat: 'text', text: '={{ JSON.stringify($input.all().map((item) => item.json), null, 2) }}', options: {} },
			{ disabled: true },
		)
		.connect('Run Now', 'Period and Company')
		.connect('Period and Company', 'Ensure Audit Table')
		.connect('Ensure Audit Table', 'Concur Approved Reports')
		.connect('Concur Approved Reports', 'IFS Concur Vouchers')
		.connect('IFS Concur Vouchers', 'Audit Rows')
		.connect('Audit Rows', 'Build Reconciliation Table')
		.connect('Build Reconciliation Table', 'E-mail the Report (Off)')
		.note(
			`## Reconciliation per period and company
Set **period** (yyyy-MM; default: last month), **company** and the **Concur ledger** that posts to it in *Period and Company* and run it. The output of *Build Reconciliation Table* lists every Concur report approved in the period with its Concur total, what IFS posted under its Concur reference, the difference, and — for documents not in IFS — the held or failed reason from the audit table.
Delivery by e-mail (or any chat node) is off: enable *E-mail the Report* and give it SMTP credentials.
Workflow id \`${WORKFLOW_IDS.reconciliation}\`.`,
			[0, -1.6],
			[680, 260],
		);
	return template;
}
