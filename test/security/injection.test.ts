/**
 * OData (and URL) injection through every value a user or SAP Concur controls: IFS keys, filter
 * values, field, projection, entity-set, action and enum names, sort clauses, Concur document
 * references that become IFS look-ups, and ids that become Concur paths and query parameters.
 * What the remote side received is asserted: one literal, quotes doubled, nothing spliced.
 */
import { journalEntry, postingItem } from '../workflows/ifs/setup';
import { RecordingServer, actAsConcur, actAsIfs, concurNode, concurStore, ifsNode, ifsStore, runNode, useRecordingServers } from './kit';

let ifs: RecordingServer;
let concur: RecordingServer;

useRecordingServers(['127.0.0.1', '127.0.0.1'], (servers) => ([ifs, concur] = servers));
beforeEach(() => {
	actAsIfs(ifs);
	ifs.on((request) => (request.method === 'GET' && request.path.includes('.svc/') ? { status: 200, body: request.path.includes('Set(') ? { SupplierId: 'S' } : { value: [] } } : undefined));
	actAsConcur(concur);
	concur.on((request) => (request.path.startsWith('/api/') || request.path.startsWith('/financialintegration/') ? { status: 200, body: { content: [], page: { totalPages: 1 } } } : undefined));
});

const dataRequests = (server: RecordingServer, marker: string) => server.requests.filter((request) => request.path.includes(marker));
const supplierSet = {
	resource: 'record',
	companyScoped: false,
	projection: { __rl: true, mode: 'name', value: 'SupplierHandling' },
	entitySet: { __rl: true, mode: 'name', value: 'SupplierInfoGeneralSet' },
};
const HOSTILE_TEXT = ["x' or Company eq '99", "S1')/Delete?x=('", "a'; DROP", "%27) or (1 eq 1", "S1#frag?$filter=1", "a/../../CompanySet"];

describe('IFS Cloud: user values', () => {
	test.each(HOSTILE_TEXT)('a key value %j is one escaped, encoded literal in one entity path', async (value) => {
		await runNode(ifsNode({ ...supplierSet, operation: 'get', keys: { key: [{ name: 'SupplierId', value, valueType: 'string' }] } }), ifsStore(ifs.url));
		const [read] = dataRequests(ifs, '.svc/');
		const path = read.path.split('?')[0];
		expect(path.startsWith('/main/ifsapplications/projection/v1/SupplierHandling.svc/SupplierInfoGeneralSet(SupplierId=')).toBe(true);
		expect(decodeURIComponent(path)).toBe(`/main/ifsapplications/projection/v1/SupplierHandling.svc/SupplierInfoGeneralSet(SupplierId='${value.replace(/'/g, "''")}')`);
		expect(read.path).not.toContain('?');
	});

	test.each(HOSTILE_TEXT)('a filter value %j stays one literal', async (value) => {
		await runNode(ifsNode({ ...supplierSet, operation: 'getMany', returnAll: true, conditions: { condition: [{ field: 'Name', operator: 'eq', value, valueType: 'string' }] } }), ifsStore(ifs.url));
		const [query] = dataRequests(ifs, '.svc/');
		const filter = new URLSearchParams(query.path.split('?')[1]).get('$filter');
		expect(filter).toBe(`Name eq '${value.replace(/'/g, "''")}'`);
	});

	test.each([
		['a field name carrying a condition', { operation: 'getMany', returnAll: true, conditions: { condition: [{ field: "Name eq 'a' or Company", operator: 'eq', value: '99', valueType: 'string' }] } }, /^Invalid field name "Name eq 'a' or Company"/m],
		['a number value carrying a condition', { operation: 'getMany', returnAll: true, conditions: { condition: [{ field: 'Amount', operator: 'eq', value: '1 or Company eq 99', valueType: 'number' }] } }, /^"1 or Company eq 99" is not a number/m],
		['an enum type carrying a path', { operation: 'getMany', returnAll: true, conditions: { condition: [{ field: 'State', operator: 'eq', value: 'Open', valueType: 'enum', enumType: "X'/../Y" }] } }, /^Invalid enumeration type "X'\/\.\.\/Y"/m],
		['a sort clause carrying a filter', { operation: 'getMany', returnAll: true, queryOptions: { orderBy: "Name desc&$filter=Company eq '99'" } }, /^Invalid sort "Name desc&\$filter=Company eq '99'"/m],
		['an action name carrying a path', { operation: 'callAction', action: '../CompanySet', bound: false, parameters: '{}' }, /^Invalid action "\.\.\/CompanySet"/m],
	])('%s is refused before anything is sent', async (_case, parameters, message) => {
		const run = await runNode(ifsNode({ ...supplierSet, ...parameters }, 'continueErrorOutput'), ifsStore(ifs.url));
		const seen = [run.error?.message, ...run.json('IFS Cloud', 0).map((item) => String(item.message ?? '')), ...run.json('IFS Cloud', 1).map((item) => String(item.message ?? ''))].join('\n');
		expect(seen).toMatch(message);
		expect(dataRequests(ifs, '.svc/')).toEqual([]);
	});

	test.each([
		['projection', { ...supplierSet, projection: { __rl: true, mode: 'name', value: 'SupplierHandling.svc/../CompanyHandling' } }],
		['entity set', { ...supplierSet, entitySet: { __rl: true, mode: 'name', value: "SupplierInfoGeneralSet?$filter=Company eq '99'" } }],
	])('a %s name with path or query syntax is refused', async (_case, parameters) => {
		const run = await runNode(ifsNode({ ...parameters, operation: 'getMany', returnAll: true }, 'continueErrorOutput'), ifsStore(ifs.url));
		expect(JSON.stringify([run.error?.message, run.json('IFS Cloud', 1)])).toMatch(/Invalid (projection|entity set) .*: expected letters, digits and _ only/);
		expect(dataRequests(ifs, '.svc/')).toEqual([]);
	});
});

describe('IFS Cloud: values that come from SAP Concur', () => {
	test('a Concur report id with quotes becomes one escaped literal in the posting look-up', async () => {
		const hostile = "R1' or ReferenceNumber ne 'x";
		await runNode(ifsNode({ resource: 'posting', operation: 'post', requestSettings: {} }, 'continueErrorOutput'), ifsStore(ifs.url), [postingItem(journalEntry(hostile))]);
		const lookups = dataRequests(ifs, '.svc/').filter((request) => request.method === 'GET').map((request) => new URLSearchParams(request.path.split('?')[1]).get('$filter') ?? '');
		expect(lookups.length).toBeGreaterThan(0);
		for (const filter of lookups) {
			expect(filter).toContain("Company eq '10'");
			expect(filter).toContain(`'CX-R1'' or ReferenceNumber ne ''x'`);
			expect(filter).not.toMatch(/ReferenceNumber ne 'x'(?!')/);
		}
	});
});

describe('SAP Concur: ids in paths and query parameters', () => {
	test.each(["../../oauth2/v0/token", "P1?user=ALL&limit=1000", "P1#x", "P 1/2", "%2e%2e%2f"])('a purchase order number %j stays one path segment', async (value) => {
		await runNode(concurNode({ resource: 'purchaseOrder', operation: 'get', purchaseOrderNumber: value }, 'continueRegularOutput'), concurStore(concur));
		const [read] = dataRequests(concur, '/api/');
		expect(read.path).toBe(`/api/v3.0/invoice/purchaseorders/${encodeURIComponent(value)}`);
	});

	test('an event document id with query syntax is one docId parameter', async () => {
		const hostile = 'DOC1&docType=invoice&ignoreDocumentStatus=no';
		await runNode(concurNode({ resource: 'financialDocument', operation: 'get', docType: 'expense', sourceId: hostile }, 'continueRegularOutput'), concurStore(concur));
		const [read] = dataRequests(concur, '/financialintegration/');
		const query = new URLSearchParams(read.path.split('?')[1]);
		expect(query.getAll('docId')).toEqual([hostile]);
		expect(query.getAll('ignoreDocumentStatus')).toEqual(['yes']);
	});
});
