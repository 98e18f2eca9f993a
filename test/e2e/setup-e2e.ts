/**
 * Runs in every e2e test file (setupFilesAfterEnv, same module registry as the tests): after the
 * file, any n8n process started through scripts/n8n-runtime/ that is still alive (an instance
 * nobody stopped, a test abandoned on timeout) is stopped and reported as a failure.
 */
import { stopAllTracked } from '../../scripts/n8n-runtime';

afterAll(async () => {
	const leaked = await stopAllTracked(5000);
	if (leaked.length)
		throw new Error(
			`n8n processes were still running after this test file (now stopped): ${leaked
				.map((p) => `${p.pid} [${p.label}]`)
				.join(', ')} — use withN8n() or call n8n.dispose()/stop() in finally/afterAll`,
		);
}, 60_000);
