/**
 * Template 6: Concur vs IFS per company × period × currency, for expense reports and invoices,
 * with the documents that need attention (held, failed, not posted, amounts differ).
 */
import { AUDIT_TABLE, CONCUR, IFS, Template, WORKFLOW_IDS, manualTrigger, ours, setFields } from './nodes';
import { ensureAuditTable } from './posting';

/** Re-emits the company items, so each IFS read runs once per company whatever the read before it returned. */
const COMPANY_ITEMS = "return $('Companies').all().map((item) => ({ json: item.json }));";

const COMPANIES = `// One item per IFS company of the ledger table, with the period's first and last day.
const settings = $('Period and Companies').first().json;
const [year, month] = String(settings.period).split('-').map(Number);
const from = \`\${year}-\${String(month).padStart(2, '0')}-01\`;
const to = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
const companies = [...new Set(String(settings.ledgers).split(',').map((pair) => pair.split('=')[1]?.trim()).filter(Boolean))];
return companies.map((company) => ({ json: { company, from, to } }));`;

const BUILD_TABLE = `// One row per company × currency of the period: Concur's approved totals against what IFS holds, in exact decimals.
const settings = $('Period and Companies').first().json;
const { from, to } = $('Companies').first().json;
const ledgerCompany = Object.fromEntries(String(settings.ledgers).split(',').map((pair) => pair.split('=').map((part) => part.trim())).filter((pair) => pair.length === 2 && pair[0]));
const companies = [...new Set(Object.values(ledgerCompany))];
const rowsOf = (name) => $(name).all().map((item) => item.json).filter((json) => Object.keys(json).length > 0 && !json.error);
const inPeriod = (value) => { const day = String(value ?? '').slice(0, 10); return day >= from && day <= to; };

// exact decimals: integers of 10^-8, formatted with the currency's decimals from IFS
const SCALE = 8;
const units = (value) => {
	const text = String(value ?? '0').trim();
	const match = /^(-?)(\\d*)(?:\\.(\\d*))?(?:[eE]([+-]?\\d+))?$/.exec(text);
	if (!match) throw new Error('Not a decimal: ' + text);
	const [, sign, whole, fraction = '', exponent = '0'] = match;
	const shift = SCALE + Number(exponent) - fraction.length;
	const digits = BigInt((whole + fraction) || '0');
	const scaled = shift >= 0 ? digits * 10n ** BigInt(shift) : digits / 10n ** BigInt(-shift);
	return sign === '-' ? -scaled : scaled;
};
const decimalsOf = {};
for (const row of rowsOf('IFS Currencies')) decimalsOf[row.Company + '|' + row.CurrencyCode] = Number(row.Decimals ?? 2);
const format = (value, company, currency) => {
	const decimals = decimalsOf[company + '|' + currency] ?? 2;
	const step = 10n ** BigInt(SCALE - decimals);
	const negative = value < 0n;
	const magnitude = negative ? -value : value;
	const rounded = (magnitude + step / 2n) / step;
	const text = rounded.toString().padStart(decimals + 1, '0');
	const whole = text.slice(0, text.length - decimals);
	return (negative && rounded !== 0n ? '-' : '') + whole + (decimals ? '.' + text.slice(text.length - decimals) : '');
};

// Concur: approved reports processed in the period, approved invoices dated in the period
const concur = [
	...rowsOf('Concur Approved Reports').filter((report) => ledgerCompany[report.LedgerName] !== undefined).map((report) => ({
		kind: 'expense', sourceId: report.ID, name: report.Name, reference: 'CX-' + report.ID, company: ledgerCompany[report.LedgerName], currency: report.CurrencyCode, amount: units(report.TotalApprovedAmount ?? report.Total),
	})),
	...rowsOf('Invoice Details').filter((invoice) => ledgerCompany[invoice.LedgerCode] !== undefined && inPeriod(invoice.InvoiceDate) && String(invoice.IsPaymentRequestDeleted) !== 'true').map((invoice) => ({
		kind: 'invoice', sourceId: invoice.ID, name: invoice.InvoiceNumber, reference: 'CI-' + invoice.ID, company: ledgerCompany[invoice.LedgerCode], currency: invoice.CurrencyCode, amount: units(invoice.InvoiceAmount ?? invoice.TotalApprovedAmount),
	})),
];

// IFS: per reference, the debits of its live voucher (a changed report's reversed version does not count), and invoices
const ifs = new Map();
const vouchers = new Map();
for (const row of rowsOf('IFS Concur Vouchers')) {
	const key = row.Company + '|' + row.VoucherType + '|' + row.AccountingYear + '|' + row.VoucherNo;
	const voucher = vouchers.get(key) ?? { company: String(row.Company), reference: row.ReferenceNumber, marker: row.ReferenceSerie ?? '', currency: row.CurrencyCode, amount: 0n };
	voucher.amount += units(row.CurrencyDebetAmount ?? 0);
	vouchers.set(key, voucher);
}
const count = (marker) => [...vouchers.values()].filter((voucher) => voucher.marker === marker).length;
for (const voucher of vouchers.values()) {
	if (voucher.marker.startsWith('R:') || (voucher.marker.startsWith('V:') && count(voucher.marker) <= count('R:' + voucher.marker.slice(2)))) continue;
	const posted = ifs.get(voucher.reference) ?? { kind: 'expense', company: voucher.company, currency: voucher.currency, amount: 0n };
	posted.amount += voucher.amount;
	ifs.set(voucher.reference, posted);
}
for (const invoice of rowsOf('IFS Concur Invoices')) {
	const reference = String(invoice.VoucherText ?? '').split(' ')[0];
	ifs.set(reference, { kind: 'invoice', company: String(invoice.Company), currency: invoice.Currency, amount: units(invoice.NetCurrAmount) + units(invoice.VatCurrAmount ?? 0) });
}

const lastAudit = new Map();
for (const row of rowsOf('Audit Rows')) lastAudit.set(row.sourceId, row);
const accountingCurrency = Object.fromEntries(rowsOf('IFS Companies').map((row) => [String(row.Company), row.CurrencyCode]));

const rows = [];
for (const company of companies) {
	const mine = (item) => item.company === company;
	const currencies = [...new Set([...concur.filter(mine).map((doc) => doc.currency), ...[...ifs.values()].filter(mine).map((doc) => doc.currency)])].sort();
	for (const currency of currencies.length ? currencies : [accountingCurrency[company] ?? '']) {
		const row = { period: settings.period, company, currency };
		const attention = [];
		for (const kind of ['expense', 'invoice']) {
			const documents = concur.filter((doc) => mine(doc) && doc.currency === currency && doc.kind === kind);
			const posted = [...ifs.entries()].filter(([, doc]) => mine(doc) && doc.currency === currency && doc.kind === kind);
			const concurTotal = documents.reduce((total, doc) => total + doc.amount, 0n);
			const ifsTotal = posted.reduce((total, [, doc]) => total + doc.amount, 0n);
			const label = kind === 'expense' ? 'Expenses' : 'Invoices';
			Object.assign(row, {
				['concur' + label]: format(concurTotal, company, currency),
				['ifs' + label]: format(ifsTotal, company, currency),
				[kind + 'Difference']: format(concurTotal - ifsTotal, company, currency),
				['concur' + label + 'Count']: documents.length,
				['ifs' + label + 'Count']: posted.length,
			});
			for (const doc of documents) {
				const inIfs = ifs.get(doc.reference);
				if (inIfs && inIfs.amount === doc.amount) continue;
				const audit = lastAudit.get(doc.sourceId);
				const status = inIfs ? 'posted, amounts differ' : audit ? audit.action : 'not posted';
				attention.push({ kind, sourceId: doc.sourceId, name: doc.name, concurTotal: format(doc.amount, company, currency), ifsTotal: inIfs ? format(inIfs.amount, company, currency) : '', status, reasons: audit && !inIfs ? audit.reasons : '' });
			}
			const known = new Set(documents.map((doc) => doc.reference));
			for (const [reference, doc] of posted) if (!known.has(reference)) attention.push({ kind, sourceId: reference, name: '', concurTotal: '', ifsTotal: format(doc.amount, company, currency), status: 'in IFS only (not approved in Concur in this period)', reasons: '' });
		}
		rows.push({ ...row, attention });
	}
}
return rows.map((json) => ({ json }));`;

export function reconciliationTemplate(): Template {
	const template = new Template(WORKFLOW_IDS.reconciliation, 'Concur ↔ IFS: Reconciliation Report');
	const ifsRead = (name: string, at: [number, number], projection: string, entitySet: string, conditions: Array<Record<string, string>>) =>
		template.add(
			name,
			ours('ifsCloud'),
			1,
			at,
			{
				resource: 'record',
				operation: 'getMany',
				projection: { __rl: true, mode: 'name', value: projection },
				entitySet: { __rl: true, mode: 'name', value: entitySet },
				company: '={{ $json.company }}',
				conditions: { condition: conditions },
				combinator: 'and',
				returnAll: true,
				queryOptions: { exactDecimals: true },
			},
			{ credentials: IFS, alwaysOutputData: true },
		);
	const code = (name: string, at: [number, number], jsCode: string) => template.add(name, 'n8n-nodes-base.code', 2, at, { jsCode });
	const period = (field: string) => [
		{ field, operator: 'ge', value: '={{ $json.from }}', valueType: 'date' },
		{ field, operator: 'le', value: '={{ $json.to }}', valueType: 'date' },
	];
	manualTrigger(template, [0, 0]);
	setFields(template, 'Period and Companies', [1, 0], {
		period: "={{ $now.minus({ months: 1 }).toFormat('yyyy-MM') }}",
		ledgers: 'US=10, EU=20',
		invoiceApprovalStatus: 'A_APPR',
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
					processingPaymentDateAfter: "={{ $('Period and Companies').first().json.period + '-01' }}",
					processingPaymentDateBefore: "={{ DateTime.fromISO($('Period and Companies').first().json.period + '-01').endOf('month').toFormat('yyyy-MM-dd') }}",
				},
			},
			{ credentials: CONCUR, executeOnce: true, alwaysOutputData: true },
		)
		.add(
			'Concur Approved Invoices',
			ours('sapConcur'),
			1,
			[4, 0],
			{
				resource: 'paymentRequest',
				operation: 'getMany',
				returnAll: true,
				filters: {
					approvalStatus: "={{ $('Period and Companies').first().json.invoiceApprovalStatus }}",
					createDateAfter: "={{ $('Period and Companies').first().json.period + '-01' }}",
				},
			},
			{ credentials: CONCUR, executeOnce: true, alwaysOutputData: true },
		)
		.add('Invoice Details', ours('sapConcur'), 1, [5, 0], { resource: 'paymentRequest', operation: 'get', paymentRequestId: '={{ $json.PaymentRequestId }}' }, { credentials: CONCUR, alwaysOutputData: true, onError: 'continueRegularOutput' });
	code('Companies', [6, 0], COMPANIES);
	ifsRead('IFS Concur Vouchers', [7, 0], 'VoucherRowsAnalysis', 'VoucherRowSet', [{ field: 'ReferenceNumber', operator: 'startswith', value: 'CX-', valueType: 'string' }, ...period('VoucherDate')]);
	code('Each Company (Invoices)', [8, 0], COMPANY_ITEMS);
	ifsRead('IFS Concur Invoices', [9, 0], 'ManSuppInvoiceHandling', 'ManSuppInvoiceSet', [{ field: 'VoucherText', operator: 'startswith', value: 'CI-', valueType: 'string' }, ...period('InvoiceDate')]);
	code('Each Company (Currencies)', [10, 0], COMPANY_ITEMS);
	ifsRead('IFS Currencies', [11, 0], 'CurrencyCodeHandling', 'CurrencyCodeSet', []);
	code('Each Company (Companies)', [12, 0], COMPANY_ITEMS);
	ifsRead('IFS Companies', [13, 0], 'CompanyHandling', 'CompanySet', []);
	template
		.add('Audit Rows', 'n8n-nodes-base.dataTable', 1.1, [14, 0], { resource: 'row', operation: 'get', dataTableId: { __rl: true, mode: 'name', value: AUDIT_TABLE }, returnAll: true }, { executeOnce: true, alwaysOutputData: true });
	code('Build Reconciliation Table', [15, 0], BUILD_TABLE);
	template
		.add(
			'E-mail the Report (Off)',
			'n8n-nodes-base.emailSend',
			2.1,
			[16, 0],
			{ fromEmail: 'n8n@example.com', toEmail: 'finance@example.com', subject: "={{ 'Concur ↔ IFS reconciliation ' + $json.period }}", emailFormat: 'text', text: '={{ JSON.stringify($input.all().map((item) => item.json), null, 2) }}', options: {} },
			{ disabled: true },
		)
		.connect('Run Now', 'Period and Companies')
		.connect('Period and Companies', 'Ensure Audit Table')
		.connect('Ensure Audit Table', 'Concur Approved Reports')
		.connect('Concur Approved Reports', 'Concur Approved Invoices')
		.connect('Concur Approved Invoices', 'Invoice Details')
		.connect('Invoice Details', 'Companies')
		.connect('Companies', 'IFS Concur Vouchers')
		.connect('IFS Concur Vouchers', 'Each Company (Invoices)')
		.connect('Each Company (Invoices)', 'IFS Concur Invoices')
		.connect('IFS Concur Invoices', 'Each Company (Currencies)')
		.connect('Each Company (Currencies)', 'IFS Currencies')
		.connect('IFS Currencies', 'Each Company (Companies)')
		.connect('Each Company (Companies)', 'IFS Companies')
		.connect('IFS Companies', 'Audit Rows')
		.connect('Audit Rows', 'Build Reconciliation Table')
		.connect('Build Reconciliation Table', 'E-mail the Report (Off)')
		.note(
			`## Reconciliation per company × period × currency
Set **period** (yyyy-MM; default: last month) and the **ledgers** (Concur ledger = IFS company, comma-separated) in *Period and Companies*, and run it.
*Build Reconciliation Table* gives one row per company and currency: Concur's approved expense reports (processed in the period) and invoices (dated in the period) against the Concur vouchers and supplier invoices IFS holds for the period — totals in exact decimals with the currency's decimals from IFS, never added across currencies — and under *attention* every document that is held, failed, not posted, posted with other amounts, or only in IFS, with the reasons from the audit table. A period with nothing on one side still gives its rows.
Delivery by e-mail (or any chat node) is off: enable *E-mail the Report* and give it SMTP credentials.
Workflow id \`${WORKFLOW_IDS.reconciliation}\`.`,
			[0, -1.6],
			[720, 300],
		);
	return template;
}
