/**
 * A company outside the credential's allowed list (10, 20), named through every resource and
 * every way a request can carry it: keys, filters, bodies, action parameters, $batch change sets,
 * postings, reference-sync selections — with the Record resource's "Company Scoped" switch on and
 * off. The IFS tenant (a recording server) never receives a request naming company 99.
 */
import { journalEntry, postingItem } from '../workflows/ifs/setup';
import { PACKAGE_PREFIX } from '../workflows/harness';
import { RecordingServer, actAsIfs, ifsNode, ifsStore, runNode, type CorpusRun } from './kit';

let ifs: RecordingServer;

beforeAll(async () => {
	ifs = await RecordingServer.start('127.0.0.1');
});
afterAll(async () => await ifs.stop());
beforeEach(() => {
	ifs.reset();
	actAsIfs(ifs);
	// A tenant that answers reads with an empty or company-10 result, so nothing fails before the check.
	ifs.on((request) => (request.method === 'GET' && request.path.includes('.svc/') ? { status: 200, body: request.path.includes('(') ? { Company: '10', '@odata.etag': 'W/"1"' } : { value: [] } } : undefined));
});

const namesCompany99 = () =>
	ifs.requests.filter((request) => /(Company(=|\s+\w+\s+)'99')|("Company"\s*:\s*"99")/.test(`${decodeURIComponent(request.path)}\n${request.body}`));

const OUTSIDE = "Company \"99\" is not in this IFS credential's allowed companies (10, 20); nothing was sent";

const record = {
	resource: 'record',
	projection: { __rl: true, mode: 'name', value: 'AccountingCodePartValueHandling' },
	entitySet: { __rl: true, mode: 'name', value: 'AccountingCodePartValueSet' },
};
const keys99 = { keys: { key: [{ name: 'Company', value: '99', valueType: 'string' }, { name: 'CodePart', value: 'B', valueType: 'string' }, { name: 'CodePartValue', value: 'CC1', valueType: 'string' }] } };
const filter99 = { conditions: { condition: [{ field: 'Company', operator: 'eq', value: '99', valueType: 'string' }] }, returnAll: true };

function expectRefused(run: CorpusRun): void {
	const seen = [run.error?.message, ...run.json('IFS Cloud', 0).map((item) => item.message ?? JSON.stringify(item)), ...run.json('IFS Cloud', 1).map((item) => item.message)];
	expect(seen.join('\n')).toMatch(/Company "99" is not in this IFS credential's allowed companies \(10, 20\)|not in the allowed companies|company 99|names company "99"/i);
	expect(namesCompany99()).toEqual([]);
}

describe('Record resource with "Company Scoped" off: the allowed list still applies', () => {
	test.each([
		['Get by a key naming company 99', { operation: 'get', ...keys99 }],
		['Get Many filtered on company 99', { operation: 'getMany', ...filter99 }],
		['Get Many with company 99 ORed into the filter', { operation: 'getMany', combinator: 'or', conditions: { condition: [{ field: 'Company', operator: 'eq', value: '10', valueType: 'string' }, { field: 'Company', operator: 'eq', value: '99', valueType: 'string' }] }, returnAll: true }],
		['Get Many with contains(Company, 99)', { operation: 'getMany', conditions: { condition: [{ field: 'Company', operator: 'contains', value: '99', valueType: 'string' }] }, returnAll: true }],
		['Create with company 99 in the body (single request)', { operation: 'create', fields: '{"Company":"99","CodePart":"B","CodePartValue":"CC1"}', useBatch: false }],
		['Create with company 99 in the body ($batch)', { operation: 'create', fields: '{"Company":"99","CodePart":"B","CodePartValue":"CC1"}', useBatch: true }],
		['Update of a key naming company 99', { operation: 'update', ...keys99, fields: '{"Description":"x"}' }],
		['Update moving a record into company 99', { operation: 'update', keys: { key: [{ name: 'CodePartValue', value: 'CC1', valueType: 'string' }] }, fields: '{"Company":"99"}' }],
		['Delete of a key naming company 99', { operation: 'delete', ...keys99 }],
		['Create or Update of a key naming company 99', { operation: 'upsert', ...keys99, fields: '{"Description":"x"}' }],
		['an unbound action with company 99 in its parameters', { operation: 'callAction', action: 'Recalculate', bound: false, parameters: '{"Company":"99"}' }],
		['a bound action on a key naming company 99', { operation: 'callAction', action: 'Recalculate', bound: true, entityType: 'AccountingCodePartValue', ...keys99, parameters: '{}' }],
	])('%s is refused before anything is sent', async (_case, parameters) => {
		const run = await runNode(ifsNode({ ...record, companyScoped: false, ...parameters }, 'continueErrorOutput'), ifsStore(ifs.url));
		expectRefused(run);
	});

	test('the same Get Many naming company 10 is sent (the recording tenant sees it)', async () => {
		const run = await runNode(ifsNode({ ...record, companyScoped: false, operation: 'getMany', ...filter99, conditions: { condition: [{ ...filter99.conditions.condition[0], value: '10' }] } }), ifsStore(ifs.url));
		expect(run.status).toBe('success');
		expect(ifs.requests.filter((request) => decodeURIComponent(request.path).includes("Company eq '10'"))).toHaveLength(1);
	});

	test("a quote in a value cannot smuggle company 99 in (escaped, so it is one literal, and IFS finds nothing)", async () => {
		const injected = { conditions: { condition: [{ field: 'CodePartValue', operator: 'eq', value: "x' or Company eq '99", valueType: 'string' }] }, returnAll: true };
		const run = await runNode(ifsNode({ ...record, companyScoped: false, operation: 'getMany', ...injected }), ifsStore(ifs.url));
		expect(run.status).toBe('success');
		const [query] = ifs.requests.filter((request) => request.path.includes('.svc/'));
		expect(decodeURIComponent(query.path)).toContain("$filter=CodePartValue eq 'x'' or Company eq ''99'");
	});
});

describe('Record resource with "Company Scoped" on', () => {
	test.each([
		['the node company 99', { company: '99', operation: 'getMany', returnAll: true }],
		['company 10 with a key naming 99', { company: '10', operation: 'get', ...keys99 }],
		['company 10 with a body naming 99', { company: '10', operation: 'create', fields: '{"Company":"99"}', useBatch: false }],
	])('%s is refused', async (_case, parameters) => {
		const run = await runNode(ifsNode({ ...record, companyScoped: true, ...parameters }, 'continueErrorOutput'), ifsStore(ifs.url));
		expectRefused(run);
	});
});

describe('typed resources, postings and reference sync', () => {
	test.each([
		['Code Part Value: Get Many', { resource: 'codePartValue', operation: 'getMany', CodePart: 'B', company: '99', returnAll: true }],
		['Code Part Value: Create', { resource: 'codePartValue', operation: 'create', CodePart: 'B', CodePartValue: 'CC9', description: 'x', company: '99', fields: '{}' }],
		['Supplier Invoice: Get Many', { resource: 'supplierInvoice', operation: 'getMany', company: '99', returnAll: true }],
		['Purchase Order: Get Many', { resource: 'purchaseOrder', operation: 'getMany', company: '99', returnAll: true }],
		['Journal Entry: Get Vouchers', { resource: 'journalEntry', operation: 'getVouchers', company: '99', reference: 'X', returnAll: true }],
		['Supplier: Create with invoicing data in company 99', { resource: 'supplier', operation: 'create', SupplierId: '9001', name: 'X', fields: '{}', connectInvoicing: true, company: '99', invoicingFields: '{}' }],
	])('%s naming company 99 is refused', async (_case, parameters) => {
		const run = await runNode(ifsNode(parameters, 'continueErrorOutput'), ifsStore(ifs.url));
		expectRefused(run);
	});

	test('Posting: a document for company 99 is held on the error output, nothing sent', async () => {
		const run = await runNode(ifsNode({ resource: 'posting', operation: 'post', requestSettings: {} }, 'continueErrorOutput'), ifsStore(ifs.url), [postingItem(journalEntry('C1', { company: '99' }))]);
		expect(JSON.stringify([run.json('IFS Cloud', 0), run.json('IFS Cloud', 1), run.error?.message])).toMatch(/99/);
		expect(namesCompany99()).toEqual([]);
	});

	test('Reference Sync: selecting company 99 is refused before anything is read or written', async () => {
		const node = {
			name: 'IFS Cloud',
			type: `${PACKAGE_PREFIX}.concurIfsReferenceSync`,
			parameters: { data: 'costCenters', listId: 'list-1', codePart: 'B', options: { companies: '10, 99' } },
			credentials: { ifsCloudOAuth2Api: { id: 'ifs', name: 'ifs' }, sapConcurOAuth2Api: { id: 'concur', name: 'concur' } },
		};
		const store = ifsStore(ifs.url);
		store.add('concur', 'sapConcurOAuth2Api', { clientId: 'c', clientSecret: 's', requestToken: 'r', companyUuid: 'u', loginHost: 'custom', customLoginHost: ifs.url, extraAllowedHosts: '127.0.0.1' });
		const run = await runNode(node, store);
		expect(run.error?.message).toContain(OUTSIDE);
		expect(namesCompany99()).toEqual([]);
	});
});
