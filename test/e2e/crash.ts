/**
 * Crash tests need what scripts/n8n-runtime.ts does not offer: kill the running n8n at once
 * (SIGKILL of its process group, server and task runner, as an OOM kill or a host crash does) and
 * start it again on the same user folder, database and executions included.
 */
import type { N8nInstance } from './n8n';

/** SIGKILL to the n8n server's process group; callable synchronously from a simulator hook. */
export function killN8n(n8n: N8nInstance): void {
	const pid = n8n.serverPid();
	if (!pid) throw new Error('n8n is not running');
	process.kill(-pid, 'SIGKILL');
}

/** After killN8n: wait for the processes to be gone, then start n8n again and log in. */
export async function restartAfterKill(n8n: N8nInstance, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (n8n.running) {
		if (Date.now() > deadline) throw new Error('n8n was killed but its server process did not exit');
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	await n8n.stop();
	await n8n.start({ owner: false });
	await n8n.login();
}
