/**
 * `npm run simulators [-- --concur-port 8080 --ifs-port 8090 --latency 25 --ifs-rate-limit 1000]`:
 * starts both simulators until Ctrl+C and prints what to paste into n8n's two credentials.
 */
import { startSimulators } from './index';

function flag(name: string): number | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? Number(process.argv[index + 1]) : undefined;
}

void (async () => {
	const latencyMs = flag('latency');
	const sims = await startSimulators({
		concur: { ports: { tokenHost: flag('concur-port') }, latencyMs },
		ifs: { port: flag('ifs-port'), latencyMs, rateLimitPerMinute: flag('ifs-rate-limit') },
	});
	const print = (title: string, data: Record<string, string>) => {
		console.log(`\n${title}`);
		for (const [key, value] of Object.entries(data)) console.log(`  ${key.padEnd(18)} ${value}`);
	};
	console.log(`SAP Concur simulator: token host ${sims.concur.tokenHostUrl}, datacenters ${JSON.stringify(sims.concur.datacenterUrls)}`);
	console.log(`  control API        ${sims.concur.controlUrl}`);
	console.log(`IFS Cloud simulator:  ${sims.ifs.url} (realm ${sims.ifs.realm})`);
	console.log(`  control API        ${sims.ifs.controlUrl}`);
	print('SAP Concur OAuth2 API credential (Token Host: Custom URL):', sims.credentialData.concur);
	print('IFS Cloud OAuth2 API credential:', sims.credentialData.ifs);
	console.log('\nPress Ctrl+C to stop.');
	const stop = () => void sims.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
})();
