import { formatIfsError, parseIfsError } from '../../../nodes/shared/ifs/odata/errors';

const ORA = 'ORA-20110: ManSuppInvoice.NOSUPPLIER: Supplier 9999 does not exist in company 10.';

describe('parseIfsError', () => {
	it('reads the IFS envelope with a details array', () => {
		const body = { error: { code: 'DATABASE_ERROR', message: ORA, details: [{ code: 'DATABASE_ERROR', message: ORA }] } };
		expect(parseIfsError(500, body)).toEqual({
			status: 500,
			code: 'DATABASE_ERROR',
			message: ORA,
			details: [{ code: 'DATABASE_ERROR', message: ORA }],
			oraCode: 'ORA-20110',
		});
	});

	it('accepts details as a single object and JSON text bodies', () => {
		const body = JSON.stringify({
			error: { code: 'ODP_BAD_REQUEST', message: 'Malformed Request.', details: { message: "The property 'NotAColumn' is not defined." } },
		});
		expect(parseIfsError(400, body)).toEqual({
			status: 400,
			code: 'ODP_BAD_REQUEST',
			message: 'Malformed Request.',
			details: [{ message: "The property 'NotAColumn' is not defined." }],
		});
	});

	it('takes the ORA code from details when the summary has none', () => {
		expect(parseIfsError(500, { error: { message: 'Error', details: [{ message: 'ORA-20112: X.Y: exists' }] } }).oraCode).toBe('ORA-20112');
	});

	it('handles a missing summary message and missing details', () => {
		expect(parseIfsError(500, { error: { code: 'X', details: [{ message: 'only detail' }, 'junk', {}] } })).toEqual({
			status: 500,
			code: 'X',
			message: 'only detail',
			details: [{ message: 'only detail' }],
		});
		expect(parseIfsError(404, { error: { message: 'Metadata not found.' } })).toEqual({ status: 404, message: 'Metadata not found.', details: [] });
	});

	it('handles Keycloak and non-JSON 401 bodies', () => {
		expect(parseIfsError(401, { error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials' })).toEqual({
			status: 401,
			code: 'invalid_client',
			message: 'Invalid client or Invalid client credentials',
			details: [],
		});
		expect(parseIfsError(401, '<html><body><h1>401 Unauthorized</h1>\n<p>Bearer token expired</p></body></html>').message).toBe(
			'401 Unauthorized Bearer token expired',
		);
		expect(parseIfsError(401, '').message).toBe('HTTP 401 without a response body');
		expect(parseIfsError(undefined, undefined).message).toBe('HTTP error without a response body');
		expect(parseIfsError(502, 'x'.repeat(2000)).message).toHaveLength(501);
	});
});

describe('formatIfsError', () => {
	it('quotes IFS verbatim with method, entity set and keys', () => {
		const error = parseIfsError(500, { error: { code: 'DATABASE_ERROR', message: ORA, details: [{ code: 'DATABASE_ERROR', message: ORA }] } });
		expect(formatIfsError(error, { method: 'post', entitySet: 'ManSuppInvoiceSet' })).toBe(
			`IFS Cloud rejected POST ManSuppInvoiceSet (HTTP 500 DATABASE_ERROR): ${ORA}`,
		);
		expect(formatIfsError(error, { method: 'PATCH', entitySet: 'ManSuppInvoiceSet', keys: { Company: '10', InvoiceId: 4711 } })).toBe(
			`IFS Cloud rejected PATCH ManSuppInvoiceSet(Company='10',InvoiceId=4711) (HTTP 500 DATABASE_ERROR): ${ORA}`,
		);
	});

	it('appends distinct details', () => {
		const error = parseIfsError(400, {
			error: { code: 'ODP_BAD_REQUEST', message: 'Malformed Request.', details: [{ message: 'A' }, { message: 'A' }, { message: 'B' }] },
		});
		expect(formatIfsError(error, { method: 'GET', entitySet: 'VoucherRowSet' })).toBe(
			'IFS Cloud rejected GET VoucherRowSet (HTTP 400 ODP_BAD_REQUEST): Malformed Request. Details: A; B',
		);
	});

	it('never carries headers or tokens: only the body and the attempted operation go in', () => {
		const error = parseIfsError(401, 'Unauthorized');
		const message = formatIfsError(error, { method: 'GET', entitySet: 'CompanySet', keys: '10' });
		expect(message).toBe("IFS Cloud rejected GET CompanySet('10') (HTTP 401): Unauthorized");
	});
});
