import { connectedCostCenterList } from '../seed/connected-list';
import * as scenario from '../seed/scenario';
import { useConcurSimulator } from '../hooks';
import type { ConcurSimulator } from './index';
import { bearer, companyToken, http, type TokenResponse } from './test-helpers';

type Json = Record<string, any>;

const CC_LIST = scenario.concurCostCenterList.listId;
const CONNECTED = connectedCostCenterList.listId;

describe('Concur simulator: Vendor v3.1 and List v4', () => {
	let sim: ConcurSimulator;
	let token: TokenResponse;
	const call = (method: string, path: string, data?: unknown, headers: Json = {}) =>
		http.request({ method, url: path.startsWith('http') ? path : `${token.geolocation}${path}`, data, headers: { ...bearer(token), ...headers } });

	useConcurSimulator((started) => (sim = started));
	beforeEach(async () => {
		token = await companyToken(sim);
	});

	describe('vendors', () => {
		it('lists vendors under Vendor with filters, searchType and NextPage paging', async () => {
			const all = await call('GET', '/api/v3.1/invoice/vendors');
			expect(all.data).toMatchObject({ Items: null, TotalCount: 3 });
			expect(all.data.Vendor.map((v: Json) => v.VendorName)).toEqual(['Acme Office Supplies', 'Nordic IT Services AB (old name)', 'Only in Concur: Initech Consulting']);
			expect((await call('GET', '/api/v3.1/invoice/vendors?vendorCode=1001')).data.Vendor[0].VendorName).toBe('Nordic IT Services AB (old name)');
			expect((await call('GET', '/api/v3.1/invoice/vendors?vendorName=nordic&searchType=begins')).data.TotalCount).toBe(1);
			expect((await call('GET', '/api/v3.1/invoice/vendors?vendorName=nordic')).data.TotalCount).toBe(0);
			const page = await call('GET', '/api/v3.1/invoice/vendors?limit=2&sortBy=VendorCode');
			expect(page.data.Vendor.map((v: Json) => v.VendorCode)).toEqual(['1000', '1001']);
			expect((await call('GET', page.data.NextPage)).data.Vendor.map((v: Json) => v.VendorCode)).toEqual(['2001']);
		});

		it('creates a batch with per-record StatusList inside HTTP 200', async () => {
			const res = await call('POST', '/api/v3.1/invoice/vendors', { Vendor: [
				{ VendorCode: '1002', AddressCode: 'MAIN', VendorName: 'Globex Logistics', CountryCode: 'DE', CurrencyCode: 'EUR' },
				{ VendorCode: '1003', AddressCode: 'MAIN', VendorName: 'No country', CurrencyCode: 'EUR' },
				{ VendorCode: '1004', AddressCode: 'MAIN', VendorName: 'No currency', CountryCode: 'US' },
				{ VendorCode: '1000', AddressCode: 'MAIN', VendorName: 'Duplicate', CountryCode: 'US', CurrencyCode: 'USD' },
			] });
			expect(res.status).toBe(200);
			const statuses = res.data.Vendor.map((v: Json) => v.StatusList[0]);
			expect(statuses.map((s: Json) => [s.RecordNumber, s.Type])).toEqual([[1, 'SUCCESS'], [2, 'ERROR'], [3, 'ERROR'], [4, 'ERROR']]);
			expect(statuses[0].Code).toBe(0);
			expect(statuses[1].Message).toContain('CountryCode');
			expect(statuses[2].Message).toContain('CurrencyCode');
			expect(statuses[3].Message).toContain('already exists');
			expect((await call('GET', '/api/v3.1/invoice/vendors')).data.TotalCount).toBe(4);
		});

		it('updates existing vendors, reports unknown ones, and deletes by vendorCode+addressCode', async () => {
			const put = await call('PUT', '/api/v3.1/invoice/vendors', { Vendor: [
				{ VendorCode: '1001', AddressCode: 'MAIN', VendorName: 'Nordic IT Services AB', CountryCode: 'SE', CurrencyCode: 'SEK' },
				{ VendorCode: '9999', AddressCode: 'MAIN', VendorName: 'Ghost', CountryCode: 'SE', CurrencyCode: 'SEK' },
			] });
			expect(put.data.Vendor.map((v: Json) => v.StatusList[0].Type)).toEqual(['SUCCESS', 'ERROR']);
			expect((await call('GET', '/api/v3.1/invoice/vendors?vendorCode=1001')).data.Vendor[0].VendorName).toBe('Nordic IT Services AB');
			const noAddress = await call('DELETE', '/api/v3.1/invoice/vendors?vendorCode=2001');
			expect(noAddress.status).toBe(400);
			expect(noAddress.data).toEqual({ Message: expect.stringContaining('addressCode') });
			expect((await call('DELETE', '/api/v3.1/invoice/vendors?vendorCode=2001&addressCode=MAIN')).status).toBe(200);
			expect((await call('GET', '/api/v3.1/invoice/vendors')).data.TotalCount).toBe(2);
			expect((await call('POST', '/api/v3.1/invoice/vendors', [{ VendorCode: 'x' }])).data).toEqual({ Message: expect.any(String) });
		});
	});

	describe('lists', () => {
		it('lists lists and a list by id, 1-based pages', async () => {
			const lists = await call('GET', '/list/v4/lists');
			expect(lists.data.page).toEqual({ size: 100, totalElements: 3, totalPages: 1, number: 1 });
			expect(lists.data.content.map((l: Json) => [l.value, l.levelCount])).toEqual([['Cost Centers', 1], ['Projects', 1], ['Cost Centers by Company', 2]]);
			expect((await call('GET', `/list/v4/lists/${CC_LIST}`)).data).toMatchObject({ id: CC_LIST, value: 'Cost Centers', levelCount: 1 });
			const missing = await call('GET', '/list/v4/lists/00000000-0000-0000-0000-000000000000');
			expect(missing.status).toBe(404);
			expect(missing.data).toMatchObject({ httpStatus: '404 - Not Found', error: { id: 'list.not.found' } });
		});

		it('pages children 100 at a time starting at page 1, sorted by value unless told otherwise', async () => {
			const first = await call('GET', `/list/v4/lists/${CC_LIST}/children`);
			expect(first.data.content.map((i: Json) => i.shortCode)).toEqual(['CC200', 'CC300', 'CC500', 'CC100', 'CC_400']);
			expect((await call('GET', `/list/v4/lists/${CC_LIST}/children?sortBy=shortCode&sortDirection=desc`)).data.content.map((i: Json) => i.shortCode)).toEqual(['CC_400', 'CC500', 'CC300', 'CC200', 'CC100']);
			expect((await call('GET', `/list/v4/lists/${CC_LIST}/children?shortCodeOrValue=sw:cc1`)).data.content.map((i: Json) => i.shortCode)).toEqual(['CC100']);
			expect(first.data.content[3]).toMatchObject({ code: 'CC100', level: 1, parentId: null, isDeleted: false, lists: [{ id: CC_LIST, hasChildren: false }] });
			const requests = Array.from({ length: 150 }, (_v, i) => ({ shortCode: `X${String(i).padStart(3, '0')}`, value: `Extra ${i}` }));
			expect((await call('POST', `/list/v4/lists/${CC_LIST}/bulk`, { requests })).status).toBe(201);
			const page1 = await call('GET', `/list/v4/lists/${CC_LIST}/children?page=1`);
			expect(page1.data.page).toEqual({ size: 100, totalElements: 155, totalPages: 2, number: 1 });
			expect(page1.data.content).toHaveLength(100);
			const page2 = await call('GET', page1.data.links.find((l: Json) => l.rel === 'next').href);
			expect(page2.data.content).toHaveLength(55);
			expect(page2.data.page.number).toBe(2);
			const page0 = await call('GET', `/list/v4/lists/${CC_LIST}/children?page=0`);
			expect(page0.status).toBe(400);
			expect(page0.data.error.id).toBe('request.validation.error');
		});

		it('creates, reads (with ETag), updates and deletes items; rejects "-" in codes and names', async () => {
			const hyphen = await call('POST', '/list/v4/items', { listId: CC_LIST, shortCode: 'CC-400', value: 'Shared services' });
			expect(hyphen.status).toBe(400);
			expect(hyphen.data).toMatchObject({ httpStatus: '400 - Bad Request', error: { id: 'request.validation.error' }, validationErrors: [{ source: 'shortCode' }] });
			const created = await call('POST', '/list/v4/items', { listId: CC_LIST, shortCode: 'CC800', value: 'Logistics' });
			expect(created.status).toBe(201);
			expect(created.headers.location).toBe(`${token.geolocation}/list/v4/items/${created.data.id}`);
			const read = await call('GET', `/list/v4/items/${created.data.id}`);
			expect(read.data.value).toBe('Logistics');
			expect((await call('GET', `/list/v4/items/${created.data.id}`, undefined, { 'if-none-match': read.headers.etag })).status).toBe(304);
			expect((await call('PUT', `/list/v4/items/${created.data.id}`, { shortCode: 'CC800', value: 'Logistics - EU' })).status).toBe(400);
			expect((await call('PUT', `/list/v4/items/${created.data.id}`, { shortCode: 'CC800', value: 'Logistics EU' })).data.value).toBe('Logistics EU');
			expect((await call('POST', '/list/v4/items', { listId: CC_LIST, shortCode: 'CC800', value: 'Again' })).data.error.id).toBe('item.duplicate.code');
			expect((await call('DELETE', `/list/v4/items/${created.data.id}`)).status).toBe(204);
			expect((await call('GET', `/list/v4/items/${created.data.id}`)).data.isDeleted).toBe(true);
		});

		it('runs bulk parts in order with partial success, and rejects >250 parts and hyphens with the List v4 body', async () => {
			const create = await call('POST', `/list/v4/lists/${CC_LIST}/bulk`, { requests: [
				{ shortCode: 'CC800', value: 'Logistics' }, { shortCode: 'CC100', value: 'Duplicate' }, { shortCode: 'CC810', value: 'Child', parentCode: 'CC800' },
			] });
			expect(create.status).toBe(206);
			expect(create.data).toEqual({ status: 'PARTIAL_SUCCESS', recordsSucceeded: 1, recordsFailed: 2, errors: [
				{ id: 'item.duplicate.code', message: 'This item code is already used by another item in the same list', listItem: { shortCode: 'CC100', value: 'Duplicate' } },
				{ id: 'item.max.level.exceeded', message: 'Parent at max level. List items cannot be added to this parent.', listItem: { shortCode: 'CC810', value: 'Child', parentCode: 'CC800' } },
			] });
			const update = await call('PATCH', `/list/v4/lists/${CC_LIST}/bulk`, { requests: [{ code: 'CC300', value: 'Marketing' }, { code: 'CC500', deleted: true }, { code: 'CC500', value: 'Again' }, { code: 'cc800', value: 'Logistics renamed' }] });
			expect(update.status).toBe(206);
			expect(update.data.errors).toEqual([{ id: 'item.deleted', message: 'The list item has been deleted', listItem: { code: 'CC500', value: 'Again' } }]);
			const allFail = await call('PATCH', `/list/v4/lists/${CC_LIST}/bulk`, { requests: [{ code: 'NOPE', value: 'x' }] });
			expect(allFail.status).toBe(400);
			expect(allFail.data.status).toBe('FAILURE');
			const tooMany = await call('POST', `/list/v4/lists/${CC_LIST}/bulk`, { requests: Array.from({ length: 251 }, (_v, i) => ({ shortCode: `Y${i}`, value: `Y${i}` })) });
			expect(tooMany.status).toBe(400);
			expect(tooMany.data).toMatchObject({ httpStatus: '400 - Bad Request', error: { id: 'request.validation.error', message: 'Please check your request parameter' }, validationErrors: [{ source: 'requests', message: 'size must be between 1 and 250' }], path: `/list/v4/lists/${CC_LIST}/bulk` });
			const hyphen = await call('POST', `/list/v4/lists/${CC_LIST}/bulk`, { requests: [{ shortCode: 'OK1', value: 'fine' }, { shortCode: 'CC-400', value: 'Shared' }] });
			expect(hyphen.status).toBe(400);
			expect(hyphen.data.validationErrors).toEqual([{ source: 'requests[1].shortCode', message: 'must not contain "-"' }]);
			const children = (await call('GET', `/list/v4/lists/${CC_LIST}/children`)).data.content.map((i: Json) => i.shortCode);
			expect(children).not.toContain('OK1');
			expect(children).toContain('CC800');
		});

		it('serves a connected list level by level: companies first, then each company\'s children, with long codes and parents', async () => {
			const companies = (await call('GET', `/list/v4/lists/${CONNECTED}/children?sortBy=shortCode`)).data;
			expect(companies.content.map((i: Json) => [i.code, i.level, i.parentId, i.lists[0].hasChildren])).toEqual([['EU', 1, null, true], ['UK', 1, null, true], ['US', 1, null, true], ['XX', 1, null, true]]);
			const us = companies.content.find((i: Json) => i.shortCode === 'US');
			const byList = await call('GET', `/list/v4/lists/${CONNECTED}/items/${us.id}/children?sortBy=shortCode`);
			expect(byList.data.content.map((i: Json) => [i.code, i.shortCode, i.level, i.parentId])).toEqual([
				['US-CC100', 'CC100', 2, us.id], ['US-CC200', 'CC200', 2, us.id], ['US-CC300', 'CC300', 2, us.id], ['US-CC510', 'CC510', 2, us.id],
			]);
			expect(byList.data.page).toEqual({ size: 100, totalElements: 4, totalPages: 1, number: 1 });
			expect((await call('GET', `/list/v4/items/${us.id}/children?sortBy=shortCode`)).data.content).toEqual(byList.data.content);
			expect((await call('GET', `/list/v4/lists/${CC_LIST}/items/${us.id}/children`)).status).toBe(404);
			expect((await call('GET', `/list/v4/lists/${CONNECTED}/children?hasChildren=false`)).data.content).toEqual([]);
		});

		it('creates children under a parent given by long code, refuses a missing parent and a level beyond the list\'s, and cascades deletion', async () => {
			const created = await call('POST', `/list/v4/lists/${CONNECTED}/bulk`, { requests: [
				{ shortCode: 'FR', value: 'Northwind France' },
				{ shortCode: 'CC100', value: 'Ventes', parentCode: 'FR' },
				{ shortCode: 'CC100', value: 'Again', parentCode: 'fr' },
				{ shortCode: 'CC200', value: 'Nowhere', parentCode: 'DE' },
				{ shortCode: 'CC101', value: 'Too deep', parentCode: 'FR-CC100' },
			] });
			expect(created.status).toBe(206);
			expect(created.data.errors.map((e: Json) => e.id)).toEqual(['item.duplicate.code', 'item.parent.not.found', 'item.max.level.exceeded']);
			expect(created.data.errors[1].message).toBe('Parent listItem not found.');
			const fr = sim.inspect().listItems.find((i) => i.listId === CONNECTED && i.shortCode === 'FR')!;
			expect((await call('GET', `/list/v4/items/${fr.id}/children`)).data.content.map((i: Json) => [i.code, i.value, i.level])).toEqual([['FR-CC100', 'Ventes', 2]]);
			expect((await call('POST', '/list/v4/items', { listId: CONNECTED, shortCode: 'CC200', value: 'By id', parentId: fr.id })).status).toBe(201);
			expect((await call('POST', '/list/v4/items', { listId: CC_LIST, shortCode: 'CC200', value: 'Wrong list', parentId: fr.id })).data.error.id).toBe('item.list.id.not.match.parent');

			const deleted = await call('PATCH', `/list/v4/lists/${CONNECTED}/bulk`, { requests: [{ code: 'FR', deleted: true }, { code: 'FR-CC100', value: 'Renamed' }] });
			expect(deleted.data.errors).toEqual([{ id: 'item.deleted', message: 'The list item has been deleted', listItem: { code: 'FR-CC100', value: 'Renamed' } }]);
			expect((await call('GET', `/list/v4/items/${fr.id}/children`)).data.content).toEqual([]);
			const kept = (await call('GET', `/list/v4/items/${fr.id}/children?isDeleted=true&sortBy=shortCode`)).data.content;
			expect(kept.map((i: Json) => [i.code, i.isDeleted])).toEqual([['FR-CC100', true], ['FR-CC200', true]]);
			const again = await call('POST', `/list/v4/lists/${CONNECTED}/bulk`, { requests: [{ shortCode: 'CC300', value: 'Under a deleted parent', parentCode: 'FR' }] });
			expect(again.data.errors.map((e: Json) => e.id)).toEqual(['item.parent.deleted']);
		});

		it('answers injected list rate limits with 429, retry-after: 0 and the documented body', async () => {
			sim.setFaults({ rules: [{ path: '^/list/v4/', rateLimitRate: 1 }] });
			const res = await call('POST', `/list/v4/lists/${CC_LIST}/bulk`, { requests: [{ shortCode: 'Z1', value: 'Z1' }] });
			expect(res.status).toBe(429);
			expect(res.headers['retry-after']).toBe('0');
			expect(res.data).toEqual({ timestamp: expect.stringMatching(/\+00:00$/), httpStatus: '429 - Too Many Requests', error: { id: 'security.rate.limit.reached', message: 'Too many requests' }, path: `/list/v4/lists/${CC_LIST}/bulk` });
			expect(sim.statsSnapshot().rateLimitedResponses).toBe(1);
		});
	});
});
