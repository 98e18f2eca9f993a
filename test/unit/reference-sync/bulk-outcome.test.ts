import { bulkOutcome, concurCreateChange, createPart } from '../../../nodes/ReferenceSync/write';

const part = (shortCode: string, parentCode?: string) =>
	createPart(concurCreateChange('costCenters', { code: shortCode, concurCode: shortCode, name: `Name ${shortCode}`, company: '10', parentCode }), shortCode, `Name ${shortCode}`, parentCode);

describe('List v4 bulk answers, part by part', () => {
	const parts = [part('CC100', 'US'), part('CC100', 'EU'), part('CC200', 'EU')];

	it('pins each error on the part with the same parent and short code, and counts the rest as written', () => {
		const outcome = bulkOutcome(parts, [{ message: 'This item code is already used by another item in the same list', listItem: { shortCode: 'CC100', value: 'x', parentCode: 'EU' } }], 'POST');
		expect(outcome.failures.map((failure) => [failure.parentCode, failure.concurCode, failure.message])).toEqual([['EU', 'CC100', 'SAP Concur refused list item CC100: This item code is already used by another item in the same list']]);
		expect(outcome.changes.map((change) => `${change.parentCode}-${change.concurCode}`)).toEqual(['US-CC100', 'EU-CC200']);
	});

	it('falls back to the short code when Concur does not echo the parent, and never drops an error it cannot place', () => {
		const outcome = bulkOutcome(parts, [{ message: 'Parent listItem not found.', listItem: { shortCode: 'CC200' } }, { message: 'Something else', listItem: { shortCode: 'CC999' } }], 'POST');
		expect(outcome.failures.map((failure) => [failure.concurCode, failure.message])).toEqual([
			['CC999', 'SAP Concur reported an error for a list item this request did not send: Something else'],
			['CC200', 'SAP Concur refused list item CC200: Parent listItem not found.'],
		]);
		expect(outcome.changes).toHaveLength(2);
	});
});
