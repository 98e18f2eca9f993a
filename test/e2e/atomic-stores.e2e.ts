/**
 * What n8n 2.41.1 gives a community workflow to claim a document, measured in a real n8n with
 * concurrent executions (figures in docs/reliability.md). By default one n8n on SQLite; with
 * `N8N_E2E_POSTGRES=<host>:<port>` (a PostgreSQL with an empty database `n8n`, user `postgres`,
 * trust authentication) two n8n processes share that database, as n8n workers do:
 * - `helpers.getDataTableProxy` from a community node: refused (only n8n's own Data Table nodes);
 * - `helpers.checkProcessedAndRecord`: read-modify-write of one JSON blob per workflow, no lock;
 * - the core Data Table node's upsert: update-else-insert, no unique key;
 * - the shipped claim protocol (claim row, then "no other fresh claim"), built with the same
 *   template code the posting templates use: never two owners.
 */
import { Template, manualTrigger, setFields } from '../../scripts/templates/nodes';
import { ensureLedgerTable, onlyOurClaims, recordClaims, type ClaimOf } from '../../scripts/templates/ledger';
import { runFromTrigger, type Execution } from '../../scripts/deploy';
import { ensureRuntime } from '../../scripts/n8n-runtime';
import { N8nInstance, projectPackageDir } from './n8n';
import { PROBE_NODE_TYPE, createStoreProbePackage } from './store-probe';

const CONCURRENT = 8;
const KEYS = 20;


const POSTGRES = process.env.N8N_E2E_POSTGRES;
const DATABASE = POSTGRES ? 'PostgreSQL, two n8n processes sharing it' : 'SQLite, one n8n';

/** The n8n processes; executions alternate between them. */
const instances: N8nInstance[] = [];
let n8n: N8nInstance;
let turn = 0;
const next = () => instances[turn++ % instances.length];
const figures: string[] = [];

beforeAll(async () => {
	const [host, port] = (POSTGRES ?? '').split(':');
	const env = POSTGRES ? { DB_TYPE: 'postgresdb', DB_POSTGRESDB_HOST: host, DB_POSTGRESDB_PORT: port, DB_POSTGRESDB_DATABASE: 'n8n', DB_POSTGRESDB_USER: 'postgres' } : {};
	const packages = [projectPackageDir(), createStoreProbePackage()];
	const runtime = await ensureRuntime();
	n8n = await N8nInstance.create({ packages, runtime, env });
	instances.push(n8n);
	await n8n.importWorkflow([tableProbeWorkflow(), dedupeProbeWorkflow(), claimWorkflow(), upsertWorkflow()]);
	await n8n.publishWorkflow(DEDUPE_WORKFLOW);
	await n8n.publishWorkflow(CLAIM_WORKFLOW);
	await n8n.start();
	if (POSTGRES) {
		const second = await N8nInstance.create({ packages, runtime, env, brokerPort: 5680 });
		instances.push(second);
		await second.start({ owner: false });
		await second.login();
	}
}, 600_000);

afterAll(async () => {
	if (figures.length) process.stdout.write(`\nClaim stores in n8n 2.41.1 (${CONCURRENT} concurrent executions, ${DATABASE})\n${figures.map((line) => `- ${line}`).join('\n')}\n`);
	for (const instance of instances.reverse()) await instance.dispose();
});

const runTogether = async (workflowId: string) => await Promise.all(Array.from({ length: CONCURRENT }, () => runFromTrigger(next(), workflowId)));

function outputsOf(execution: Execution, node: string): Array<Record<string, unknown>> {
	return (execution.data?.resultData?.runData?.[node] ?? []).flatMap((run) => (run.data?.main?.[0] ?? []).map((item) => item.json));
}

it('a community node cannot reach data tables: getDataTableProxy is refused', async () => {
	const execution = await runFromTrigger(n8n, 'e2eProbeTable001');
	const [probe] = outputsOf(execution, 'Store Probe');
	figures.push(`getDataTableProxy from a community node: ${String(probe.outcome)} — ${String(probe.message ?? '')}`);
	expect(probe).toMatchObject({ outcome: 'error', message: expect.stringContaining('only available for Data table nodes') });
});

it('checkProcessedAndRecord is not a claim: concurrent first records and lost updates, measured', async () => {
	const shared = await Promise.all(Array.from({ length: CONCURRENT }, async () => await dedupe(['shared'])));
	const sharedOutcomes = shared.map((outcomes) => outcomes[0]);
	figures.push(`checkProcessedAndRecord, ${CONCURRENT} executions record the same new key at once: ${JSON.stringify(count(sharedOutcomes))}`);

	const own = Array.from({ length: CONCURRENT }, (_, n) => `own-${n}`);
	const recorded = await Promise.all(own.map(async (key) => (await dedupe([key]))[0]));
	const lost = (await dedupe(own)).filter((outcome) => outcome === 'new').length;
	figures.push(
		`checkProcessedAndRecord, ${CONCURRENT} executions each record their own key at once: ${JSON.stringify(count(recorded))}; afterwards ${lost} of the ${CONCURRENT} records were gone (lost update). Its scope is one workflow: another template never sees them`,
	);
	expect(shared).toHaveLength(CONCURRENT);
});

it('the Data Table upsert is no claim either: concurrent upserts of one key, measured', async () => {
	await runFromTrigger(n8n, 'e2eUpsertRace001', 'Count Rows'); // creates the table: table creation is not what is measured
	const runs = await runTogether('e2eUpsertRace001');
	const failed = runs.filter((execution) => execution.status !== 'success').length;
	const count = await runFromTrigger(n8n, 'e2eUpsertRace001', 'Count Rows');
	const rows = outputsOf(count, 'Rows of the Key').length;
	figures.push(`Data Table upsert of one key by ${CONCURRENT} executions at once: ${rows} row(s) for the key, ${failed} execution(s) failed`);
	expect(rows).toBeGreaterThanOrEqual(1);
});

describe('the shipped claim protocol (a claim row, then "no other fresh claim"), with the template code of the posting templates', () => {
	beforeAll(async () => {
		expect(await claim(['warm-up'])).toEqual(['warm-up']); // creates the ledger table
	});

	it.each([2, CONCURRENT])('%i executions claiming the same 20 documents at once: never two owners; a contested document waits for the recovery sweep', async (executions) => {
		const keys = Array.from({ length: KEYS }, (_, n) => `${executions}-D${n}`);
		const results = await Promise.all(Array.from({ length: executions }, async () => await claim(keys).catch((error: Error) => error)));
		const failed = results.filter((result) => result instanceof Error);
		const owners = new Map<string, number>();
		for (const won of results) if (Array.isArray(won)) for (const key of won) owners.set(key, (owners.get(key) ?? 0) + 1);
		const once = [...owners.values()].filter((n) => n === 1).length;
		const twice = [...owners.values()].filter((n) => n > 1).length;
		const deferred = KEYS - owners.size;
		// once the contested claims are stale, one run (the recovery sweep does the same) takes every one of them
		await sleep(PROTOCOL_GRACE_MINUTES * 60_000 + 1000);
		const recovered = await claim(keys.filter((key) => !owners.has(key)));
		figures.push(
			`claim protocol, ${executions} executions × ${KEYS} documents at once: ${once} claimed by exactly one, ${twice} by two or more, ${deferred} by none; after the grace period one run claimed ${recovered.length} of those ${deferred}; ${failed.length} execution(s) failed ${failed.map((error) => String(error)).join('; ')}`,
		);
		expect([twice, failed.length, recovered.length]).toEqual([0, 0, deferred]);
	});
});

function count(values: string[]): Record<string, number> {
	return values.reduce<Record<string, number>>((counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }), {});
}

const DEDUPE_WORKFLOW = 'e2eProbeDedupe01';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One execution (webhook call) recording `keys` with checkProcessedAndRecord: 'new' / 'processed' / 'error' per key. */
async function dedupe(keys: string[]): Promise<string[]> {
	const response = await next().callWebhook('probe-dedupe', { keys }, { waitRegisteredMs: 60_000 });
	if (response.status !== 200) return keys.map(() => `HTTP ${response.status}`);
	return (response.data as Array<{ outcome: string }>).map((item) => item.outcome);
}

function tableProbeWorkflow() {
	const template = new Template('e2eProbeTable001', 'probe data table proxy');
	manualTrigger(template, [0, 0]);
	template.add('Ensure Table', 'n8n-nodes-base.dataTable', 1.1, [1, 0], { resource: 'table', operation: 'create', tableName: 'probe_table', columns: { column: [{ name: 'key', type: 'string' }] }, options: { createIfNotExists: true } });
	template.add('Store Probe', PROBE_NODE_TYPE, 1, [2, 0], { probe: 'dataTable', key: "={{ $('Ensure Table').first().json.id }}" });
	return template.connect('Run Now', 'Ensure Table').connect('Ensure Table', 'Store Probe').toJSON();
}

function dedupeProbeWorkflow() {
	const template = new Template(DEDUPE_WORKFLOW, 'probe deduplication store');
	template
		.add('Webhook', 'n8n-nodes-base.webhook', 2.1, [0, 0], { httpMethod: 'POST', path: 'probe-dedupe', responseMode: 'lastNode', responseData: 'allEntries', options: {} }, { webhookId: 'e2e-probe-dedupe' })
		.add('Keys', 'n8n-nodes-base.code', 2, [1, 0], { jsCode: 'return $json.body.keys.map((key) => ({ json: { key } }));' })
		.add('Store Probe', PROBE_NODE_TYPE, 1, [2, 0], { probe: 'dedupe', key: '={{ $json.key }}' });
	return template.connect('Webhook', 'Keys').connect('Keys', 'Store Probe').toJSON();
}

const CLAIM_WORKFLOW = 'e2eClaimProto001';
/** Short, so contested claims go stale within the test. */
const PROTOCOL_GRACE_MINUTES = 0.1;

/** One execution claiming `keys`: the keys it owns. */
async function claim(keys: string[]): Promise<string[]> {
	const response = await next().callWebhook('probe-claim', { keys }, { waitRegisteredMs: 60_000 });
	if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${JSON.stringify(response.data).slice(0, 300)}`);
	return (Array.isArray(response.data) ? (response.data as Array<{ documentId?: string }>) : []).map((item) => String(item.documentId)).filter((key) => key !== 'undefined');
}

const probeClaim: ClaimOf = {
	documentKey: "={{ 'probe:' + $json.documentId }}",
	sourceType: 'probe',
	sourceId: '={{ $json.documentId }}',
	fisDocumentId: '',
	docType: 'probe',
	match: { item: 'documentId', row: 'sourceId' },
};

function claimWorkflow() {
	const template = new Template(CLAIM_WORKFLOW, 'probe claim protocol');
	template.add('Webhook', 'n8n-nodes-base.webhook', 2.1, [0, 0], { httpMethod: 'POST', path: 'probe-claim', responseMode: 'lastNode', responseData: 'allEntries', options: {} }, { webhookId: 'e2e-probe-claim' });
	setFields(template, 'Settings', [1, 0], { claimGraceMinutes: String(PROTOCOL_GRACE_MINUTES) }, { includeOtherFields: true });
	ensureLedgerTable(template, 'Ensure Ledger Table', [2, 0]);
	template.add('Documents', 'n8n-nodes-base.code', 2, [3, 0], { jsCode: "return $('Webhook').first().json.body.keys.map((documentId) => ({ json: { documentId } }));" });
	const claimed = recordClaims(template, 'Documents', 'Claim', [4, 0], probeClaim);
	onlyOurClaims(template, claimed, 'Only Our Claims', [5.4, 0], probeClaim);
	return template.connect('Webhook', 'Settings').connect('Settings', 'Ensure Ledger Table').connect('Ensure Ledger Table', 'Documents').toJSON();
}

function upsertWorkflow() {
	const template = new Template('e2eUpsertRace001', 'probe upsert race');
	const table = { __rl: true, mode: 'name', value: 'probe_upsert' };
	const filter = { matchType: 'allConditions', filters: { conditions: [{ keyName: 'key', condition: 'eq', keyValue: 'same' }] } };
	manualTrigger(template, [0, 0]);
	manualTrigger(template, [0, 1], 'Count Rows');
	const ensure = { resource: 'table', operation: 'create', tableName: 'probe_upsert', columns: { column: [{ name: 'key', type: 'string' }, { name: 'owner', type: 'string' }] }, options: { createIfNotExists: true } };
	template
		.add('Ensure Table', 'n8n-nodes-base.dataTable', 1.1, [1, 0], ensure)
		.add('Ensure Table Too', 'n8n-nodes-base.dataTable', 1.1, [1, 1], ensure)
		.add('Upsert', 'n8n-nodes-base.dataTable', 1.1, [2, 0], {
			resource: 'row',
			operation: 'upsert',
			dataTableId: table,
			...filter,
			columns: {
				mappingMode: 'defineBelow',
				value: { key: 'same', owner: '={{ $execution.id }}' },
				matchingColumns: [],
				schema: ['key', 'owner'].map((id) => ({ id, displayName: id, required: false, defaultMatch: false, display: true, type: 'string', canBeUsedToMatch: true })),
			},
			options: {},
		})
		.add('Rows of the Key', 'n8n-nodes-base.dataTable', 1.1, [2, 1], { resource: 'row', operation: 'get', dataTableId: table, ...filter, returnAll: true });
	return template.connect('Run Now', 'Ensure Table').connect('Ensure Table', 'Upsert').connect('Count Rows', 'Ensure Table Too').connect('Ensure Table Too', 'Rows of the Key').toJSON();
}
