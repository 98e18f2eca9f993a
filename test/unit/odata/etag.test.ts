import { describeEtagConflict, etagOf } from '../../../nodes/shared/ifs/odata/etag';

describe('etagOf', () => {
	it('reads @odata.etag, else the ETag header in any case', () => {
		expect(etagOf({ '@odata.etag': 'W/"a"', Company: '10' })).toBe('W/"a"');
		expect(etagOf({ ETag: 'W/"b"' })).toBe('W/"b"');
		expect(etagOf({ etag: ['W/"c"'] })).toBe('W/"c"');
		expect(etagOf({ Company: '10' })).toBeUndefined();
		expect(etagOf(undefined)).toBeUndefined();
	});
});

describe('describeEtagConflict', () => {
	it('names both versions and the fields that changed, ignoring IFS bookkeeping', () => {
		const ours = { '@odata.etag': 'W/"v1"', Objversion: '1', SupplierId: 'S1', Name: 'Acme', PayTermId: '30' };
		const theirs = { '@odata.etag': 'W/"v2"', Objversion: '2', SupplierId: 'S1', Name: 'Acme AB', PayTermId: '30', Country: 'SE' };
		expect(describeEtagConflict(ours, theirs)).toEqual({
			message: 'The record was changed in IFS Cloud after it was read (we sent If-Match W/"v1", IFS now has W/"v2"; changed fields: Country, Name)',
			ours: 'W/"v1"',
			theirs: 'W/"v2"',
			changedFields: ['Country', 'Name'],
		});
	});

	it('works with bare ETags and unknown versions', () => {
		expect(describeEtagConflict('W/"v1"', undefined)).toEqual({
			message: 'The record was changed in IFS Cloud after it was read (we sent If-Match W/"v1", IFS now has (unknown))',
			ours: 'W/"v1"',
			changedFields: [],
		});
	});
});
