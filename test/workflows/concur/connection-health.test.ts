/** Template 07's node: the Concur connection is used (so its token is refreshed) and fails in time, naming credential, date and remedy. */
import { CREDENTIAL_ID, concurCredentials, expectNoSecrets, runConcur, secretsOf, useConcurSimulator, type ConcurSimulator } from './concur-test-kit';

const check = { resource: 'connection', operation: 'check', minDaysLeft: 30 };
const DAY_S = 24 * 3600;
const DAY_MS = DAY_S * 1000;

let sim: ConcurSimulator;
useConcurSimulator((started) => (sim = started));

const renewBy = (store: ReturnType<typeof concurCredentials>) => Date.parse(String(store.get(CREDENTIAL_ID).connectionRenewBy));

describe('Concur connection health (Connection → Check and Renew)', () => {
	test('a connection unused for 170 days is refreshed by the check, and its renew-by date moves 170 days on', async () => {
		const store = concurCredentials(sim);
		const first = await runConcur(store, check);
		expect(first.status).toBe('success');
		const issued = renewBy(store);
		expect(first.json('Concur')[0]).toMatchObject({ credential: CREDENTIAL_ID, connected: true, renewBy: new Date(issued).toISOString() });
		expect(first.json('Concur')[0].daysLeft).toBeGreaterThan(150);

		sim.advanceTime(170 * DAY_S); // 12 days before the refresh token dies
		const later = await runConcur(store, check);
		expect(later.status).toBe('success');
		expect(sim.statsSnapshot().tokensByGrant.refresh_token).toBe(1);
		expect(renewBy(store) - issued).toBeGreaterThanOrEqual(170 * DAY_MS);
		expect(later.json('Concur')[0]).toMatchObject({ refreshed: true, renewBy: new Date(renewBy(store)).toISOString() });
		expectNoSecrets([first.run.data, later.run.data], secretsOf(store));
	});

	test('a renew-by date a refresh did not move fails the run with the credential, the date and how to reconnect', async () => {
		const store = concurCredentials(sim);
		expect((await runConcur(store, check)).status).toBe('success');
		const soon = new Date(Date.now() + 10 * DAY_MS + 3600_000).toISOString();
		store.merge(CREDENTIAL_ID, { connectionRenewBy: soon });
		const result = await runConcur(store, check);
		expect(result.status).toBe('error');
		const message = result.nodeError('Concur')?.message ?? '';
		expect(message).toContain(`"${CREDENTIAL_ID}"`);
		expect(message).toContain(`must be renewed by ${soon.slice(0, 10)} (10 days left)`);
		expect(message).toContain('Company Request Token');
	});

	test('a connection that can no longer be refreshed fails with the credential, the date it had to be renewed by and how to reconnect', async () => {
		const store = concurCredentials(sim);
		expect((await runConcur(store, check)).status).toBe('success');
		const due = new Date(renewBy(store)).toISOString().slice(0, 10);
		sim.advanceTime(200 * DAY_S);
		const result = await runConcur(store, check);
		expect(result.status).toBe('error');
		const message = result.nodeError('Concur')?.message ?? '';
		expect(message).toContain(`SAP Concur credential "${CREDENTIAL_ID}" could not renew its connection`);
		expect(message).toContain(`renewed by ${due}`);
		expect(message).toContain('Company Request Token');
		expectNoSecrets(message, secretsOf(store));
	});
});
