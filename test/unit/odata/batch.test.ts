import { BatchError, buildBatch, parseBatchResponse, type BatchPart } from '../../../nodes/shared/ifs/odata/batch';
import { entityPath } from '../../../nodes/shared/ifs/odata/literals';

const sequentialBoundaries = () => {
	let n = 0;
	return (kind: 'batch' | 'changeset') => `${kind}_${++n}`;
};

/** Two invoices (header + line each, atomic per invoice) and a read-back. */
const parts: BatchPart[] = [
	{
		changeSet: [
			{ method: 'POST', url: 'ManSuppInvoiceSet', headers: { Prefer: 'return=representation' }, body: { Company: '10', Identity: '9999', InvoiceNo: 'CONCUR-PR-1' } },
			{ method: 'POST', url: '$1/InvoiceLines', headers: { 'if-match': '$1' }, body: { Amount: 100.5 } },
		],
	},
	{
		changeSet: [
			{ method: 'POST', url: 'ManSuppInvoiceSet', body: { Company: '10', Identity: 'S1', InvoiceNo: 'CONCUR-PR-2' } },
			{ method: 'POST', url: '$1/InvoiceLines', body: { Amount: 25 } },
		],
	},
	{ get: { url: `${entityPath('SupplierInfoGeneralSet', { SupplierId: 'S1' })}?$select=Name` } },
];

describe('buildBatch', () => {
	const built = buildBatch(parts, { newBoundary: sequentialBoundaries() });

	it('numbers Content-IDs uniquely across the batch', () => {
		expect(built.contentIds).toEqual([['1', '2'], ['3', '4'], ['5']]);
		expect(built.contentType).toBe('multipart/mixed; boundary=batch_1');
	});

	it('produces the exact OData v4 multipart layout with CRLF line ends', () => {
		const expected = [
			'--batch_1',
			'Content-Type: multipart/mixed; boundary=changeset_2',
			'',
			'--changeset_2',
			'Content-Type: application/http',
			'Content-Transfer-Encoding: binary',
			'Content-ID: 1',
			'',
			'POST ManSuppInvoiceSet HTTP/1.1',
			'Accept: application/json',
			'Content-Type: application/json',
			'Prefer: return=representation',
			'',
			'{"Company":"10","Identity":"9999","InvoiceNo":"CONCUR-PR-1"}',
			'--changeset_2',
			'Content-Type: application/http',
			'Content-Transfer-Encoding: binary',
			'Content-ID: 2',
			'',
			'POST $1/InvoiceLines HTTP/1.1',
			'Accept: application/json',
			'Content-Type: application/json',
			'if-match: $1',
			'',
			'{"Amount":100.5}',
			'--changeset_2--',
			'',
			'--batch_1',
			'Content-Type: multipart/mixed; boundary=changeset_3',
			'',
			'--changeset_3',
			'Content-Type: application/http',
			'Content-Transfer-Encoding: binary',
			'Content-ID: 3',
			'',
			'POST ManSuppInvoiceSet HTTP/1.1',
			'Accept: application/json',
			'Content-Type: application/json',
			'',
			'{"Company":"10","Identity":"S1","InvoiceNo":"CONCUR-PR-2"}',
			'--changeset_3',
			'Content-Type: application/http',
			'Content-Transfer-Encoding: binary',
			'Content-ID: 4',
			'',
			'POST $3/InvoiceLines HTTP/1.1',
			'Accept: application/json',
			'Content-Type: application/json',
			'',
			'{"Amount":25}',
			'--changeset_3--',
			'',
			'--batch_1',
			'Content-Type: application/http',
			'Content-Transfer-Encoding: binary',
			'Content-ID: 5',
			'',
			"GET SupplierInfoGeneralSet(SupplierId='S1')?$select=Name HTTP/1.1",
			'Accept: application/json',
			'',
			'',
			'--batch_1--',
			'',
		].join('\r\n');
		expect(built.body).toBe(expected);
		expect(built.body.replace(/\r\n/g, '')).not.toContain('\n');
	});

	it('maps local $n references (URL and If-Match) to the global Content-ID', () => {
		const second = buildBatch(
			[
				{ changeSet: [{ method: 'DELETE', url: "XSet('a')", headers: { 'If-Match': 'W/"x"' } }] },
				{
					changeSet: [
						{ method: 'POST', url: 'HeaderSet', body: {} },
						{ method: 'PATCH', url: '$1', headers: { 'If-Match': '$1' }, body: { Text: 'x' } },
					],
				},
			],
			{ newBoundary: sequentialBoundaries() },
		);
		expect(second.body).toContain('PATCH $2 HTTP/1.1');
		expect(second.body).toContain('If-Match: $2\r\n');
		expect(second.body).toContain('If-Match: W/"x"\r\n');
	});

	it('uses random unique boundaries by default', () => {
		const a = buildBatch(parts);
		const b = buildBatch(parts);
		expect(a.contentType).toMatch(/^multipart\/mixed; boundary=batch_[0-9a-f-]{36}$/);
		expect(a.contentType).not.toBe(b.contentType);
		expect(a.body).toMatch(/boundary=changeset_[0-9a-f-]{36}/);
	});

	it('rejects invalid batches', () => {
		expect(() => buildBatch([])).toThrow(BatchError);
		expect(() => buildBatch([{ changeSet: [] }])).toThrow(/at least one operation/);
		expect(() => buildBatch([{ changeSet: [{ method: 'GET' as 'POST', url: 'X' }] }])).toThrow(/not allowed inside a change set/);
		expect(() => buildBatch([{ changeSet: [{ method: 'POST', url: '$1', body: {} }] }])).toThrow(/not an earlier operation/);
		expect(() => buildBatch([{ changeSet: [{ method: 'POST', url: 'https://evil.example.com/X' }] }])).toThrow(/relative/);
		expect(() => buildBatch([{ changeSet: [{ method: 'POST', url: 'X HTTP/1.1\r\nHost: evil' }] }])).toThrow(/relative/);
		expect(() => buildBatch([{ get: { url: '/main/X' } }])).toThrow(/relative/);
		expect(() => buildBatch([{ get: { url: 'X', headers: { 'X-A': 'ok\r\nAuthorization: x' } } }])).toThrow(/header/);
		expect(() => buildBatch([{ get: { url: 'X', headers: { 'Bad Name': 'v' } } }])).toThrow(/header/);
	});
});

/**
 * What IFS answers for the batch above (hand-written after the OData v4 spec and the IFS batch
 * documentation): change set 1 fails as a whole with a single error part (no Content-ID), change set
 * 2 succeeds with one response per operation, the standalone GET succeeds. CRLF line ends.
 */
const IFS_RESPONSE = [
	'--batchresponse_7d0c1c8e',
	'Content-Type: application/http',
	'Content-Transfer-Encoding: binary',
	'',
	'HTTP/1.1 500 Internal Server Error',
	'Content-Type: application/json;odata.metadata=minimal',
	'OData-Version: 4.0',
	'',
	'{"error":{"code":"DATABASE_ERROR","message":"ORA-20110: ManSuppInvoice.NOSUPPLIER: Supplier 9999 does not exist in company 10.","details":[{"code":"DATABASE_ERROR","message":"ORA-20110: ManSuppInvoice.NOSUPPLIER: Supplier 9999 does not exist in company 10."}]}}',
	'--batchresponse_7d0c1c8e',
	'content-type: multipart/mixed; boundary="changesetresponse_5b1f"',
	'',
	'--changesetresponse_5b1f',
	'Content-Type: application/http',
	'Content-Transfer-Encoding: binary',
	'Content-Id: 3',
	'',
	'HTTP/1.1 201 Created',
	'Content-Type: application/json;odata.metadata=minimal',
	'ETag: W/"Vy8iQUFBU3VwMUFBQkFBQUFBQUE6MjAyNjAxMTUxMDAwMDAi"',
	'Location: https://acme.ifs.cloud/main/ifsapplications/projection/v1/ManSuppInvoiceHandling.svc/ManSuppInvoiceSet(Company=\'10\',InvoiceId=4711)',
	'',
	'{"@odata.context":"$metadata#ManSuppInvoiceSet/$entity","@odata.etag":"W/\\"Vy8iQUFBU3VwMUFBQkFBQUFBQUE6MjAyNjAxMTUxMDAwMDAi\\"","Company":"10","InvoiceId":4711,"Identity":"S1","InvoiceNo":"CONCUR-PR-2"}',
	'--changesetresponse_5b1f',
	'Content-Type: application/http',
	'Content-Transfer-Encoding: binary',
	'CONTENT-ID: 4',
	'',
	'HTTP/1.1 201 Created',
	'content-type: application/json',
	'',
	'{',
	'  "Company": "10",',
	'  "InvoiceId": 4711,',
	'  "ItemId": 1,',
	'  "Amount": 25',
	'}',
	'--changesetresponse_5b1f--',
	'--batchresponse_7d0c1c8e',
	'Content-Type: application/http',
	'Content-Transfer-Encoding: binary',
	'Content-ID: 5',
	'',
	'HTTP/1.1 200 OK',
	'Content-Type: application/json;odata.metadata=minimal',
	'',
	'{"@odata.context":"$metadata#SupplierInfoGeneralSet(Name)/$entity","@odata.etag":"W/\\"abc\\"","Name":"Acme Office Supplies"}',
	'--batchresponse_7d0c1c8e--',
	'',
].join('\r\n');

describe('parseBatchResponse', () => {
	it('round trip: the failed change set, the successful one and the GET', () => {
		const built = buildBatch(parts, { newBoundary: sequentialBoundaries() });
		expect(built.contentIds).toHaveLength(3);
		const results = parseBatchResponse('multipart/mixed; boundary=batchresponse_7d0c1c8e', IFS_RESPONSE);
		expect(results).toHaveLength(3);

		const [failed, created, read] = results;
		expect(failed.ok).toBe(false);
		if (failed.ok) throw new Error('unreachable');
		expect(failed.error.status).toBe(500);
		expect(failed.error.contentId).toBeUndefined();
		expect(failed.error.body).toEqual({
			error: {
				code: 'DATABASE_ERROR',
				message: 'ORA-20110: ManSuppInvoice.NOSUPPLIER: Supplier 9999 does not exist in company 10.',
				details: [{ code: 'DATABASE_ERROR', message: 'ORA-20110: ManSuppInvoice.NOSUPPLIER: Supplier 9999 does not exist in company 10.' }],
			},
		});

		expect(created).toEqual({
			ok: true,
			responses: [
				{
					contentId: '3',
					status: 201,
					headers: {
						'content-type': 'application/json;odata.metadata=minimal',
						etag: 'W/"Vy8iQUFBU3VwMUFBQkFBQUFBQUE6MjAyNjAxMTUxMDAwMDAi"',
						location: "https://acme.ifs.cloud/main/ifsapplications/projection/v1/ManSuppInvoiceHandling.svc/ManSuppInvoiceSet(Company='10',InvoiceId=4711)",
					},
					body: {
						'@odata.context': '$metadata#ManSuppInvoiceSet/$entity',
						'@odata.etag': 'W/"Vy8iQUFBU3VwMUFBQkFBQUFBQUE6MjAyNjAxMTUxMDAwMDAi"',
						Company: '10',
						InvoiceId: 4711,
						Identity: 'S1',
						InvoiceNo: 'CONCUR-PR-2',
					},
				},
				{ contentId: '4', status: 201, headers: { 'content-type': 'application/json' }, body: { Company: '10', InvoiceId: 4711, ItemId: 1, Amount: 25 } },
			],
		});
		expect(created.ok && created.responses.map((r) => r.contentId)).toEqual(built.contentIds[1]);

		expect(read).toMatchObject({ ok: true, responses: [{ contentId: '5', status: 200, body: { Name: 'Acme Office Supplies' } }] });
	});

	it('parses the same response with LF line ends, and sniffs the boundary when the header lacks it', () => {
		const lf = IFS_RESPONSE.replace(/\r\n/g, '\n');
		const expected = parseBatchResponse('multipart/mixed; boundary=batchresponse_7d0c1c8e', IFS_RESPONSE);
		expect(parseBatchResponse('multipart/mixed; boundary=batchresponse_7d0c1c8e', lf)).toEqual(expected);
		expect(parseBatchResponse('multipart/mixed', lf)).toEqual(expected);
	});

	it('ignores preamble and epilogue, keeps non-JSON bodies as text', () => {
		const body = [
			'This is a preamble',
			'--b',
			'Content-Type: application/http',
			'Content-ID: 1',
			'',
			'HTTP/1.1 403 Forbidden',
			'Content-Type: text/plain',
			'',
			'A security error occurred while processing the request.',
			'--b--',
			'epilogue',
		].join('\r\n');
		expect(parseBatchResponse('multipart/mixed;boundary="b"', body)).toEqual([
			{
				ok: false,
				responses: [{ contentId: '1', status: 403, headers: { 'content-type': 'text/plain' }, body: 'A security error occurred while processing the request.' }],
				error: { contentId: '1', status: 403, headers: { 'content-type': 'text/plain' }, body: 'A security error occurred while processing the request.' },
			},
		]);
	});

	it('reports a 204 without body', () => {
		const body = ['--b', 'Content-Type: application/http', 'Content-ID: 1', '', 'HTTP/1.1 204 No Content', '', '', '--b--'].join('\r\n');
		expect(parseBatchResponse('multipart/mixed; boundary=b', body)).toEqual([
			{ ok: true, responses: [{ contentId: '1', status: 204, headers: {}, body: undefined }] },
		]);
	});

	it('refuses a non-multipart answer and garbage parts', () => {
		expect(() => parseBatchResponse('application/json', '{"error":{"message":"Malformed Request."}}')).toThrow(BatchError);
		expect(() => parseBatchResponse('multipart/mixed; boundary=b', '--b\r\nContent-Type: application/http\r\n\r\nnot http\r\n--b--')).toThrow(
			/Unexpected line/,
		);
	});

	it('refuses an answer cut off before its closing delimiter, at any point, also inside a change set', () => {
		for (let end = 1; end < IFS_RESPONSE.length; end += 7) {
			const cut = IFS_RESPONSE.slice(0, end);
			if (cut.includes('--batchresponse_7d0c1c8e--')) continue;
			expect(() => parseBatchResponse('multipart/mixed; boundary=batchresponse_7d0c1c8e', cut)).toThrow(BatchError);
		}
	});
});
