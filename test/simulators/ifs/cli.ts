/** Standalone start: node scripts/run-ts.js test/simulators/ifs/cli.ts [--port 8090] [--latency 20] [--rate-limit 600] [--page-limit 100] */
import { startIfsSimulator } from './index';

function flag(name: string): number | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? Number(process.argv[index + 1]) : undefined;
}

void (async () => {
	const sim = await startIfsSimulator({ port: flag('port'), latencyMs: flag('latency'), rateLimitPerMinute: flag('rate-limit'), pageLimit: flag('page-limit') });
	console.log(`IFS Cloud simulator on ${sim.url}`);
	console.log(`  token URL   ${sim.tokenUrl}`);
	console.log(`  client      ${sim.defaultClient.clientId} / ${sim.defaultClient.clientSecret}`);
	console.log(`  control API ${sim.controlUrl}/stats`);
	process.on('SIGINT', () => void sim.stop().then(() => process.exit(0)));
})();
