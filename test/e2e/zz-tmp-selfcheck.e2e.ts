import { withN8n, N8nInstance } from './n8n';
import { createThrowawayPackage } from './throwaway-package';
const pkg = createThrowawayPackage();
test('genuinely failing test with server running', async () => {
	await withN8n({ packages: [pkg], start: { owner: false } }, async () => {
		expect(1).toBe(2);
	});
});
test('hangs past its timeout with n8n running (abandoned by jest)', async () => {
	const n8n = await N8nInstance.create({ packages: [pkg] });
	await n8n.start({ owner: false });
	await new Promise(() => undefined);
}, 40_000);
