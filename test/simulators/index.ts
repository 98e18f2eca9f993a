/**
 * Starts both simulators together and describes the two n8n credentials that point at them.
 * Used by the workflow tests, the e2e tests, the demo, the benchmark and `npm run simulators`.
 */
import { startConcurSimulator, type ConcurSimulator, type ConcurSimulatorOptions } from './concur';
import { startIfsSimulator, type IfsSimulator, type IfsSimulatorOptions } from './ifs';
import { concurApp, concurCompanies } from './seed/scenario';

export interface Simulators {
	concur: ConcurSimulator;
	ifs: IfsSimulator;
	/** Decrypted data of the two credentials, as typed into n8n (or imported). */
	credentialData: { concur: Record<string, string>; ifs: Record<string, string> };
	stop(): Promise<void>;
}

export async function startSimulators(options: { concur?: ConcurSimulatorOptions; ifs?: IfsSimulatorOptions } = {}): Promise<Simulators> {
	const concur = await startConcurSimulator(options.concur);
	const ifs = await startIfsSimulator(options.ifs).catch(async (error: unknown) => {
		await concur.stop();
		throw error;
	});
	return {
		concur,
		ifs,
		credentialData: { concur: concurCredentialData(concur), ifs: ifsCredentialData(ifs) },
		async stop() {
			await Promise.all([concur.stop(), ifs.stop()]);
		},
	};
}

export function concurCredentialData(concur: ConcurSimulator): Record<string, string> {
	const company = concurCompanies[0];
	return {
		clientId: concurApp.clientId,
		clientSecret: concurApp.clientSecret,
		connectionType: 'company',
		companyUuid: company.companyUuid,
		requestToken: company.requestToken,
		loginHost: 'custom',
		customLoginHost: concur.tokenHostUrl,
		extraAllowedHosts: '127.0.0.1',
	};
}

export function ifsCredentialData(ifs: IfsSimulator): Record<string, string> {
	return {
		tenantUrl: ifs.url,
		realm: ifs.realm,
		clientId: ifs.defaultClient.clientId,
		clientSecret: ifs.defaultClient.clientSecret,
		defaultCompany: '10',
		allowedCompanies: '10, 20',
	};
}
