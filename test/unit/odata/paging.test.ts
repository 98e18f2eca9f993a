import { buildQuery, companyScopedFilter } from '../../../nodes/shared/ifs/odata/filter';
import {
	firstPageRequest,
	nextPageRequest,
	PagingError,
	resolveOnTenant,
	type PageState,
} from '../../../nodes/shared/ifs/odata/paging';

const ROOT = 'https://acme.ifs.cloud/main/ifsapplications/projection/v1/VoucherRowsAnalysis.svc';
const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ RowNo: from + i }));

describe('$top/$skip paging', () => {
	const query = buildQuery({ filter: companyScopedFilter('10'), orderby: ['VoucherNo', 'RowNo'] });

	it('builds the first request with $top and no $skip', () => {
		const state = firstPageRequest({ serviceRoot: ROOT, path: 'VoucherRowSet', query, pageSize: 2 });
		expect(state.url).toBe(`${ROOT}/VoucherRowSet?$filter=Company%20eq%20'10'&$orderby=VoucherNo,RowNo&$top=2`);
	});

	it('pages with $skip until a short page', () => {
		let state: PageState | null = firstPageRequest({ serviceRoot: `${ROOT}/`, path: 'VoucherRowSet', pageSize: 2 });
		const pages = [rows(1, 2), rows(3, 2), rows(5, 1)];
		const urls: string[] = [];
		const items: unknown[] = [];
		for (const page of pages) {
			urls.push(state!.url);
			const step: ReturnType<typeof nextPageRequest> = nextPageRequest(state!, { value: page });
			items.push(...step.items);
			state = step.next;
		}
		expect(state).toBeNull();
		expect(items).toEqual(rows(1, 5));
		expect(urls).toEqual([
			`${ROOT}/VoucherRowSet?$top=2`,
			`${ROOT}/VoucherRowSet?$top=2&$skip=2`,
			`${ROOT}/VoucherRowSet?$top=2&$skip=4`,
		]);
	});

	it('stops on an empty page', () => {
		const state = firstPageRequest({ serviceRoot: ROOT, path: 'VoucherRowSet', pageSize: 2 });
		expect(nextPageRequest(state, { value: [] })).toEqual({ items: [], next: null });
	});

	it('respects a limit: shrinks the last $top and trims items', () => {
		const first = firstPageRequest({ serviceRoot: ROOT, path: 'VoucherRowSet', pageSize: 2, limit: 3 });
		const step1 = nextPageRequest(first, { value: rows(1, 2) });
		expect(step1.next!.url).toBe(`${ROOT}/VoucherRowSet?$top=1&$skip=2`);
		// A server ignoring $top must still not push us over the limit.
		const step2 = nextPageRequest(step1.next!, { value: rows(3, 2) });
		expect(step2).toEqual({ items: rows(3, 1), next: null });
	});

	it('uses the limit as $top when no page size is set, and does not page further', () => {
		const state = firstPageRequest({ serviceRoot: ROOT, path: 'VoucherRowSet', limit: 50 });
		expect(state.url).toBe(`${ROOT}/VoucherRowSet?$top=50`);
		expect(nextPageRequest(state, { value: rows(1, 10) }).next).toBeNull();
	});

	it('makes a single request without page size or limit', () => {
		const state = firstPageRequest({ serviceRoot: ROOT, path: 'VoucherRowSet' });
		expect(state.url).toBe(`${ROOT}/VoucherRowSet`);
		expect(nextPageRequest(state, { value: rows(1, 1000) }).next).toBeNull();
	});

	it('refuses $top/$skip in the query and bad sizes', () => {
		expect(() => firstPageRequest({ serviceRoot: ROOT, path: 'S', query: { $top: '5' } })).toThrow(PagingError);
		expect(() => firstPageRequest({ serviceRoot: ROOT, path: 'S', pageSize: 0 })).toThrow(/Page size/);
		expect(() => firstPageRequest({ serviceRoot: ROOT, path: 'S', limit: 2.5 })).toThrow(/Limit/);
	});

	it('rejects a response without a value array', () => {
		const state = firstPageRequest({ serviceRoot: ROOT, path: 'S' });
		expect(() => nextPageRequest(state, {} as never)).toThrow(/"value" array/);
	});
});

describe('@odata.nextLink paging', () => {
	it('follows an absolute nextLink on the tenant origin, without resending the query', () => {
		const state = firstPageRequest({ serviceRoot: ROOT, path: 'VoucherRowSet', pageSize: 2 });
		const link = `${ROOT}/VoucherRowSet?$skiptoken='abc'`;
		const step = nextPageRequest(state, { value: rows(1, 2), '@odata.nextLink': link });
		expect(step.next!.url).toBe(new URL(link).href);
		expect(step.next!.serverDriven).toBe(true);
		// Once IFS drives paging, a page without a nextLink is the last one, even if full.
		expect(nextPageRequest(step.next!, { value: rows(3, 2) }).next).toBeNull();
	});

	it('resolves a relative nextLink against the service root', () => {
		const state = firstPageRequest({ serviceRoot: ROOT, path: 'VoucherRowSet' });
		const step = nextPageRequest(state, { value: rows(1, 1), '@odata.nextLink': 'VoucherRowSet?$skiptoken=2' });
		expect(step.next!.url).toBe(`${ROOT}/VoucherRowSet?$skiptoken=2`);
	});

	it('refuses a nextLink to another origin', () => {
		const state = firstPageRequest({ serviceRoot: ROOT, path: 'VoucherRowSet' });
		for (const link of [
			'https://evil.example.com/main/ifsapplications/projection/v1/VoucherRowsAnalysis.svc/VoucherRowSet?$skiptoken=2',
			'//evil.example.com/steal',
			'http://acme.ifs.cloud/main/VoucherRowSet',
			'https://acme.ifs.cloud:8443/main/VoucherRowSet',
			'https://acme.ifs.cloud.evil.example.com/x',
			'https://evil.example.com\\@acme.ifs.cloud/x',
			'https://acme.ifs.cloud@evil.example.com/x',
		]) {
			expect(() => nextPageRequest(state, { value: [], '@odata.nextLink': link })).toThrow(/outside the tenant https:\/\/acme\.ifs\.cloud/);
		}
	});

	it('refuses a nextLink that repeats the current page', () => {
		const state = firstPageRequest({ serviceRoot: ROOT, path: 'VoucherRowSet' });
		expect(() => nextPageRequest(state, { value: rows(1, 1), '@odata.nextLink': state.url })).toThrow(/loop/);
	});

	it('stops following nextLinks at the limit', () => {
		const state = firstPageRequest({ serviceRoot: ROOT, path: 'VoucherRowSet', limit: 2 });
		const step = nextPageRequest(state, { value: rows(1, 5), '@odata.nextLink': 'VoucherRowSet?$skiptoken=5' });
		expect(step).toEqual({ items: rows(1, 2), next: null });
	});

	it('resolveOnTenant reports an invalid link clearly', () => {
		expect(() => resolveOnTenant('http://[::1', ROOT)).toThrow(/not a valid URL/);
	});
});
