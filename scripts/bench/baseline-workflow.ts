/**
 * The benchmark's baseline: the expense-posting workflow a capable n8n user would build from core
 * nodes only (Manual Trigger, Set, HTTP Request with Retry On Fail, Code, Loop Over Items, Switch),
 * without this package and without OData `$batch`:
 *
 *   Run Now → Settings → IFS Token (client credentials, once) → IFS Currency Rates (the
 *   companies' rates of type 1, once) → Concur Token (company request token, once) → Ready
 *   Expense Documents (FIS GET, HTTP Request pagination, 100 per page) → Acknowledge Page (one FIS
 *   acknowledgement per page) → Build Steps (Code: documents → voucher rows with the same simple
 *   rules as the template's mapping) → Loop Over Steps (batch size 1) →
 *   Route Step (Switch) → one HTTP request per step, each with Retry On Fail:
 *     header  → Create Load        POST ExtLoadInfoSet                               (per document)
 *     row     → Add Voucher Row    POST ExtLoadInfoSet(…)/ExtTransactionsArray        (per voucher row)
 *     check   → Check And Create   POST ExtLoadInfoSet(…)/…ExtLoadInfo_CheckAndCreate (per document, If-Match)
 *     confirm → Confirm Posting    POST FIS postingconfirmations                      (per document)
 *   → back to Loop Over Steps.
 *
 * A report in a currency other than the company's (the generated documents include an employee of
 * the EUR company reimbursed in SEK) is posted as the template's mapping posts it: each row carries
 * IFS's rate for the voucher date and its accounting-currency amount, and the cent that rounding
 * each row leaves goes to the rounding account on a row without transaction amount. Without that,
 * IFS converts every row on its own and refuses the voucher as not balanced in the accounting
 * currency (ExtTransactions.NOTBALANCED, difference 0.01), which stopped the run.
 *
 * One request per loop iteration is what makes n8n's Retry On Fail safe here: it re-runs the whole
 * node, so a node that sent all rows of a document at once would resend the rows that had already
 * succeeded when one of them got a 429. IFS access tokens live 3 minutes (the simulator's default,
 * as in IFS Cloud), so the token fetched at the start is renewed inside the loop before a document
 * when it is within 30 s of expiring ("Renew IFS Token"); without that the run fails with 401s
 * after three minutes. The Concur token lives an hour, longer than any baseline run here.
 *
 * The endpoints and the (simulated) client secrets sit in the Settings node, the way such
 * workflows are usually written; `baselineWorkflow()` fills them in from the running simulators.
 */
import type { IDataObject } from 'n8n-workflow';

import { Template, manualTrigger, setFields, type TemplateNode } from '../templates/nodes';

export const BASELINE_WORKFLOW_ID = 'cifBenchBase0001';

export interface BaselineSettings {
	/** IFS tenant base URL, e.g. http://127.0.0.1:PORT */
	ifsUrl: string;
	ifsRealm: string;
	ifsClientId: string;
	ifsClientSecret: string;
	/** Concur token host (its answer names the company's datacenter in `geolocation`). */
	concurTokenHost: string;
	concurClientId: string;
	concurClientSecret: string;
	concurCompanyUuid: string;
	concurRequestToken: string;
	/** Concur FIS system id recorded with the acknowledgement and the confirmations. */
	systemId?: string;
}

/** Retry On Fail as a careful user sets it for a rate-limited API (n8n allows at most 5 tries, 5 s apart). */
const RETRY_SETTINGS = { retryOnFail: true, maxTries: 5, waitBetweenTries: 1000 };
/** Node settings next to `parameters` (TemplateNode does not list the retry ones). */
const RETRY = RETRY_SETTINGS as unknown as Partial<TemplateNode>;

const HTTP_VERSION = 4.2;
const S = "$('Settings').first().json";
/** The IFS token response most recently fetched (fetched once at the start, renewed in the loop). */
const IFS_TOKEN = "($('Renew IFS Token').isExecuted ? $('Renew IFS Token') : $('IFS Token')).last().json";
const IFS_AUTH = { name: 'Authorization', value: `=Bearer {{ ${IFS_TOKEN}.body.access_token }}` };
const CONCUR_AUTH = { name: 'Authorization', value: "=Bearer {{ $('Concur Token').first().json.access_token }}" };
const EXT_SVC = `{{ ${S}.ifsUrl }}/main/ifsapplications/projection/v1/ExternalVoucherHandling.svc`;
const FIS = "{{ $('Concur Token').first().json.geolocation }}/financialintegration/fi/v4/companies/transactiontypes/expense/transactions";
/** The load created for the current document (the latest run of Create Load). */
const LOAD = "$('Create Load').last().json";
const LOAD_URL = `${EXT_SVC}/ExtLoadInfoSet(Company='{{ ${LOAD}.body.Company }}',LoadId='{{ ${LOAD}.body.LoadId }}')`;

const FULL_RESPONSE = { response: { response: { fullResponse: true } } };

function headers(list: Array<{ name: string; value: string }>): IDataObject {
	return { sendHeaders: true, headerParameters: { parameters: list } };
}

function jsonBody(expression: string): IDataObject {
	return { sendBody: true, specifyBody: 'json', jsonBody: `={{ JSON.stringify(${expression}) }}` };
}

function formBody(fields: Array<[string, string]>): IDataObject {
	return { sendBody: true, contentType: 'form-urlencoded', bodyParameters: { parameters: fields.map(([name, value]) => ({ name, value })) } };
}

/**
 * The Code node a user writes to turn FIS expense documents into IFS external-voucher steps:
 * debit the expense account of the expense type (Concur's journal account when the type is not in
 * the table) on the allocation's cost center (Custom 1; Concur writes CC_400 for IFS's CC-400),
 * credit employee payable (cash) or card clearing (company card), one credit row per account;
 * amounts in cents so a split line still balances. Same accounts as the template's mapping.
 */
export const BUILD_STEPS_CODE = `// FIS expense documents (one item per page of Ready Expense Documents) -> one step per IFS request.
const ACCOUNT_BY_EXPENSE_TYPE = { AIRFR: '6100', LODNG: '6110', BUSML: '6120', CARMI: '6130', TAXIX: '6140', OFCSP: '6200', ITSVC: '6300' };
const LIABILITY_BY_PAYMENT_TYPE = { CASH: '2410', CBCP: '2420' };
const COMPANY_BY_LEDGER = { US: '10', EU: '20' };
const ACCOUNTING_CURRENCY_BY_COMPANY = { '10': 'USD', '20': 'EUR' };
const ROUNDING_ACCOUNT = '8990';
const cents = (value) => Math.round(Number(value) * 100);

// IFS rates (type 1): ConvFactor units of the currency cost CurrencyRate in the company's currency.
const rates = $('IFS Currency Rates').all().flatMap((page) => page.json.value || []);
const rateFor = (company, currency, date) =>
  rates
    .filter((r) => r.Company === company && r.CurrencyCode === currency && String(r.ValidFrom).slice(0, 10) <= date)
    .sort((a, b) => (a.ValidFrom < b.ValidFrom ? 1 : -1))[0];
// exact decimal arithmetic (IFS rounds amount × rate / factor half away from zero, per row)
const decimal = (text) => {
  const [whole, fraction = ''] = String(text).split('.');
  return { units: BigInt(whole + fraction), scale: fraction.length };
};
const toAccountingCents = (amountCents, rate) => {
  const r = decimal(rate.CurrencyRate);
  const f = decimal(rate.ConvFactor ?? '1');
  const numerator = BigInt(Math.abs(amountCents)) * r.units * 10n ** BigInt(f.scale);
  const denominator = f.units * 10n ** BigInt(r.scale);
  return Math.sign(amountCents) * Number((2n * numerator + denominator) / (2n * denominator));
};

const steps = [];
for (const page of $('Ready Expense Documents').all()) {
  for (const fis of page.json.content || []) {
    const doc = typeof fis.document === 'string' ? JSON.parse(fis.document) : fis.document;
    const report = doc.report;
    const company = COMPANY_BY_LEDGER[report.ledgerCode];
    const currency = report.employeeCurrencyAlphaCode;
    const date = String(report.reportPaymentProcessingDate || report.reportSubmitDate).slice(0, 10);
    const reference = 'CX-' + report.reportId;
    const text = (report.reportNumber + ' ' + report.reportName).slice(0, 200);
    const rows = [];
    const credits = {};
    for (const entry of doc.expenseEntry || []) {
      const allocations = entry.allocation || [];
      if (allocations.length === 0) continue; // an itemized entry: its itemizations carry the amounts
      const gross = cents(entry.entryApprovedAmount);
      let left = gross;
      allocations.forEach((allocation, i) => {
        const journal = (allocation.journal || [])[0] || {};
        const share = i === allocations.length - 1 ? left : cents(journal.amountGross);
        left -= share;
        rows.push({
          Account: ACCOUNT_BY_EXPENSE_TYPE[entry.expenseTypeCode] || journal.journalAccountCode,
          CodeB: String(allocation.allocationCustom1Code || doc.employee.employeeOrgUnit2Code).replace(/_/g, '-'),
          CurrencyDebetAmount: share / 100,
          Text: (entry.expenseTypeName || entry.expenseTypeCode) + ' ' + entry.entryDate.slice(0, 10),
        });
      });
      const liability = LIABILITY_BY_PAYMENT_TYPE[entry.reportEntryPaymentTypeCode] || entry.liabilityAccountCode;
      credits[liability] = (credits[liability] || 0) + gross;
    }
    for (const [account, amount] of Object.entries(credits)) rows.push({ Account: account, CurrencyCreditAmount: amount / 100, Text: text });

    // a foreign currency: IFS's rate and the accounting amounts on every row, the rounding cent on its own row
    const rate = currency !== ACCOUNTING_CURRENCY_BY_COMPANY[company] ? rateFor(company, currency, date) : undefined;
    if (rate) {
      let difference = 0;
      for (const row of rows) {
        row.CurrencyRate = Number(rate.CurrencyRate); // a JSON number with the rate's digits
        if (row.CurrencyDebetAmount !== undefined) {
          row.DebetAmount = toAccountingCents(Math.round(row.CurrencyDebetAmount * 100), rate) / 100;
          difference += Math.round(row.DebetAmount * 100);
        } else {
          row.CreditAmount = toAccountingCents(Math.round(row.CurrencyCreditAmount * 100), rate) / 100;
          difference -= Math.round(row.CreditAmount * 100);
        }
      }
      if (difference > 0) rows.push({ Account: ROUNDING_ACCOUNT, CurrencyCreditAmount: 0, CurrencyRate: Number(rate.CurrencyRate), CreditAmount: difference / 100, Text: 'Rounding difference' });
      if (difference < 0) rows.push({ Account: ROUNDING_ACCOUNT, CurrencyDebetAmount: 0, CurrencyRate: Number(rate.CurrencyRate), DebetAmount: -difference / 100, Text: 'Rounding difference' });
    }

    steps.push({ kind: 'header', fisId: fis.id, reference, load: { Company: company, LoadType: 'CONCUR', LoadDate: date, Description: text } });
    for (const row of rows) {
      steps.push({ kind: 'row', fisId: fis.id, reference, row: { VoucherType: 'X', TransactionDate: date, CurrencyCode: currency, ReferenceNumber: reference, ...row } });
    }
    steps.push({ kind: 'check', fisId: fis.id, reference });
    steps.push({ kind: 'confirm', fisId: fis.id, reference, company, date });
  }
}
return steps.map((json) => ({ json }));
`;

/** Switch output: 0 renew the IFS token, then create the load; 1 create the load; 2 row; 3 check; 4 confirm. */
const ROUTE_EXPRESSION =
	`={{ $json.kind === 'header' ` +
	`? ($now.toMillis() > DateTime.fromHTTP(${IFS_TOKEN}.headers.date).toMillis() + (Number(${IFS_TOKEN}.body.expires_in) - 30) * 1000 ? 0 : 1) ` +
	`: ['row', 'check', 'confirm'].indexOf($json.kind) + 2 }}`;

/** The step Create Load works on: its own input, or (after a token renewal) what Route Step sent to the renewal. */
const HEADER_STEP = "($json.kind === 'header' ? $json : $('Route Step').last(0).json)";

export function baselineWorkflow(settings: BaselineSettings): ReturnType<Template['toJSON']> {
	const systemId = settings.systemId ?? 'IFS';
	const t = new Template(BASELINE_WORKFLOW_ID, 'Benchmark baseline: core nodes only (HTTP Request per voucher row)');
	manualTrigger(t, [0, 0]);
	setFields(t, 'Settings', [1, 0], {
		ifsUrl: settings.ifsUrl,
		ifsTokenUrl: `${settings.ifsUrl}/auth/realms/${settings.ifsRealm}/protocol/openid-connect/token`,
		ifsClientId: settings.ifsClientId,
		ifsClientSecret: settings.ifsClientSecret,
		concurTokenUrl: `${settings.concurTokenHost}/oauth2/v0/token`,
		concurClientId: settings.concurClientId,
		concurClientSecret: settings.concurClientSecret,
		concurCompanyUuid: settings.concurCompanyUuid,
		concurRequestToken: settings.concurRequestToken,
		systemId,
	});

	const ifsTokenRequest: IDataObject = {
		method: 'POST',
		url: `={{ ${S}.ifsTokenUrl }}`,
		...formBody([
			['grant_type', 'client_credentials'],
			['client_id', `={{ ${S}.ifsClientId }}`],
			['client_secret', `={{ ${S}.ifsClientSecret }}`],
		]),
		// headers.date = when the token was issued, to renew it before it expires
		options: FULL_RESPONSE,
	};
	t.add('IFS Token', 'n8n-nodes-base.httpRequest', HTTP_VERSION, [2, 0], ifsTokenRequest, { ...RETRY, executeOnce: true });
	t.add(
		'IFS Currency Rates',
		'n8n-nodes-base.httpRequest',
		HTTP_VERSION,
		[2, 1],
		{
			method: 'GET',
			url: `={{ ${S}.ifsUrl }}/main/ifsapplications/projection/v1/CurrencyRateHandling.svc/CurrencyRateSet`,
			sendQuery: true,
			queryParameters: {
				parameters: [
					{ name: '$filter', value: "CurrencyType eq '1'" },
					{ name: '$select', value: 'Company,CurrencyCode,ValidFrom,CurrencyRate,ConvFactor' },
				],
			},
			// rates as decimal strings, not JSON numbers
			...headers([IFS_AUTH, { name: 'Accept', value: 'application/json;IEEE754Compatible=true' }]),
			options: {},
		},
		{ ...RETRY, executeOnce: true },
	);
	t.add(
		'Concur Token',
		'n8n-nodes-base.httpRequest',
		HTTP_VERSION,
		[3, 0],
		{
			method: 'POST',
			url: `={{ ${S}.concurTokenUrl }}`,
			...formBody([
				['grant_type', 'password'],
				['credtype', 'authtoken'],
				['client_id', `={{ ${S}.concurClientId }}`],
				['client_secret', `={{ ${S}.concurClientSecret }}`],
				['username', `={{ ${S}.concurCompanyUuid }}`],
				['password', `={{ ${S}.concurRequestToken }}`],
			]),
			options: {},
		},
		{ ...RETRY, executeOnce: true },
	);
	t.add(
		'Ready Expense Documents',
		'n8n-nodes-base.httpRequest',
		HTTP_VERSION,
		[4, 0],
		{
			method: 'GET',
			url: `=${FIS}`,
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'limit', value: '100' }] },
			...headers([CONCUR_AUTH, { name: 'DocumentFormatAs', value: 'json' }]),
			options: {
				pagination: {
					pagination: {
						paginationMode: 'updateAParameterInEachRequest',
						parameters: { parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount }}' }] },
						paginationCompleteWhen: 'other',
						completeExpression: "={{ !($response.body.links || []).some(link => link.rel === 'next') }}",
					},
				},
			},
		},
		{ ...RETRY, executeOnce: true },
	);
	t.add(
		'Acknowledge Page',
		'n8n-nodes-base.httpRequest',
		HTTP_VERSION,
		[5, 0],
		{
			method: 'POST',
			url: `=${FIS}/acknowledgements`,
			...headers([CONCUR_AUTH]),
			...jsonBody(`{ systemId: ${S}.systemId, ids: ($json.content || []).map(doc => doc.id) }`),
			options: {},
		},
		RETRY,
	);
	t.add('Build Steps', 'n8n-nodes-base.code', 2, [6, 0], { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: BUILD_STEPS_CODE });
	t.add('Loop Over Steps', 'n8n-nodes-base.splitInBatches', 3, [7, 0], { batchSize: 1, options: {} });
	t.add('Route Step', 'n8n-nodes-base.switch', 3.2, [8, 1], { mode: 'expression', numberOutputs: 5, output: ROUTE_EXPRESSION, options: {} });
	t.add('Renew IFS Token', 'n8n-nodes-base.httpRequest', HTTP_VERSION, [9, 0], ifsTokenRequest, RETRY);
	t.add(
		'Create Load',
		'n8n-nodes-base.httpRequest',
		HTTP_VERSION,
		[10, 1],
		{
			method: 'POST',
			url: `=${EXT_SVC}/ExtLoadInfoSet`,
			...headers([IFS_AUTH]),
			...jsonBody(`${HEADER_STEP}.load`),
			// the ETag header is the If-Match of Check And Create
			options: FULL_RESPONSE,
		},
		RETRY,
	);
	t.add(
		'Add Voucher Row',
		'n8n-nodes-base.httpRequest',
		HTTP_VERSION,
		[10, 2],
		{ method: 'POST', url: `=${LOAD_URL}/ExtTransactionsArray`, ...headers([IFS_AUTH]), ...jsonBody('$json.row'), options: {} },
		RETRY,
	);
	t.add(
		'Check And Create',
		'n8n-nodes-base.httpRequest',
		HTTP_VERSION,
		[10, 3],
		{
			method: 'POST',
			url: `=${LOAD_URL}/IfsApp.ExternalVoucherHandling.ExtLoadInfo_CheckAndCreate`,
			...headers([IFS_AUTH, { name: 'If-Match', value: `={{ ${LOAD}.headers.etag }}` }]),
			...jsonBody('{}'),
			options: {},
		},
		RETRY,
	);
	t.add(
		'Confirm Posting',
		'n8n-nodes-base.httpRequest',
		HTTP_VERSION,
		[10, 4],
		{
			method: 'POST',
			url: `=${FIS}/postingconfirmations`,
			...headers([CONCUR_AUTH]),
			...jsonBody(
				`{ systemId: ${S}.systemId, postingConfirmations: [{ docId: $json.fisId, overallPostingStatusCode: 'success', ` +
					`postingDocs: [{ companyId: $json.company, documentNumber: String(${LOAD}.body.LoadId), fiscalYear: $json.date.slice(0, 4), postingDate: $json.date, paymentRelevantLineItems: [] }], systemMessages: [] }] }`,
			),
			options: {},
		},
		RETRY,
	);

	t.connect('Run Now', 'Settings')
		.connect('Settings', 'IFS Token')
		.connect('IFS Token', 'IFS Currency Rates')
		.connect('IFS Currency Rates', 'Concur Token')
		.connect('Concur Token', 'Ready Expense Documents')
		.connect('Ready Expense Documents', 'Acknowledge Page')
		.connect('Acknowledge Page', 'Build Steps')
		.connect('Build Steps', 'Loop Over Steps')
		// output 0 = done (nothing left), output 1 = the next step
		.connect('Loop Over Steps', 'Route Step', 1)
		.connect('Route Step', 'Renew IFS Token', 0)
		.connect('Renew IFS Token', 'Create Load')
		.connect('Route Step', 'Create Load', 1)
		.connect('Route Step', 'Add Voucher Row', 2)
		.connect('Route Step', 'Check And Create', 3)
		.connect('Route Step', 'Confirm Posting', 4);
	for (const node of ['Create Load', 'Add Voucher Row', 'Check And Create', 'Confirm Posting']) t.connect(node, 'Loop Over Steps');
	// make sure the done output exists (empty) so the editor draws both outputs
	(t.connections['Loop Over Steps'] ??= { main: [] }).main[0] ??= [];
	return t.toJSON();
}
