import { assessRenewal, renewSoonMessage } from '../../../nodes/shared/concur/renewal';

const NOW = Date.parse('2026-12-04T12:00:00Z');

describe('Concur connection renew-by date', () => {
	it('is fine with more days left than the threshold, due soon with fewer, unknown when Concur never stated one', () => {
		expect(assessRenewal('2027-06-04T12:00:00.000Z', NOW, 30)).toEqual({ status: 'ok', renewBy: '2027-06-04T12:00:00.000Z', daysLeft: 182 });
		expect(assessRenewal('2026-12-20T12:00:00.000Z', NOW, 30)).toMatchObject({ status: 'renewSoon', daysLeft: 16 });
		expect(assessRenewal('2026-12-01T12:00:00.000Z', NOW, 30)).toMatchObject({ status: 'renewSoon', daysLeft: -3 });
		expect(assessRenewal('', NOW, 30)).toEqual({ status: 'unknown' });
		expect(assessRenewal('soon', NOW, 30)).toEqual({ status: 'unknown' });
	});

	it('says which credential, by when and how to reconnect; a date in the past is an expiry', () => {
		expect(renewSoonMessage('Concur Prod', '2026-12-20T12:00:00.000Z', 16)).toMatch(/^The SAP Concur credential "Concur Prod" must be renewed by 2026-12-20 \(16 days left\).*Company Request Token/);
		expect(renewSoonMessage('Concur Prod', '2026-12-01T12:00:00.000Z', -3)).toContain('"Concur Prod" expired on 2026-12-01');
	});
});
