/** Concur Event Subscription Service in the simulator: subscriptions are managed with an app token (client credentials), outside n8n. */
import axios from 'axios';
import type { Simulators } from '../simulators';

export async function subscribeToFinancialIntegrationEvents(sims: Simulators, id: string, endpoint: string): Promise<void> {
	const { concur } = sims.credentialData;
	const form = new URLSearchParams({ client_id: concur.clientId, client_secret: concur.clientSecret, grant_type: 'client_credentials' });
	const token = await axios.post(`${sims.concur.datacenterUrls.us2}/oauth2/v0/token`, form.toString(), { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
	await axios.put(
		`${sims.concur.datacenterUrls.us2}/events/v4/subscriptions/webhook`,
		{ id, filter: '.*', topic: 'public.concur.financialintegration', webHookConfig: { endpoint } },
		{ headers: { Authorization: `Bearer ${token.data.access_token as string}` } },
	);
}
