/**
 * Hostile geolocations: a token response (or a code-16 "lives elsewhere" answer, or a stored
 * value) naming another host in every disguise — user info, look-alike suffixes, IP spellings,
 * IDN homographs, trailing dots, plain http. The bearer token and the refresh token never leave
 * for it; the user is told which value was refused.
 */
import { RecordingServer, CONCUR_SECRETS, concurNode, concurStore, expectNoCredentialReached, expectNoSecret, runNode, userVisible } from './kit';

let concur: RecordingServer;
let other: RecordingServer;

beforeAll(async () => {
	[concur, other] = await Promise.all([RecordingServer.start('127.0.0.1'), RecordingServer.start('127.0.0.2')]);
});
afterAll(async () => Promise.all([concur, other].map(async (server) => await server.stop())));
beforeEach(() => {
	concur.reset();
	other.reset();
	other.on(() => ({ status: 200, body: { PurchaseOrderNumber: 'stolen' } }));
});
afterEach(() => {
	expect(other.requests).toEqual([]);
	expectNoCredentialReached(other);
});

const getPurchaseOrder = { resource: 'purchaseOrder', operation: 'get', purchaseOrderNumber: 'P1' };
const port = () => new URL(other.url).port;

const HOSTILE: Array<[string, () => string]> = [
	['user info before the real host', () => `http://127.0.0.1@127.0.0.2:${port()}`],
	['user info with a Concur host name', () => `https://us2.api.concursolutions.com@127.0.0.2:${port()}`],
	['a Concur-looking suffix', () => `https://us2.api.concursolutions.com.127.0.0.2.nip.io:${port()}`],
	['a Concur domain without the dot', () => `https://evilapi.concursolutions.com`],
	['decimal IP spelling of 127.0.0.2', () => `http://2130706434:${port()}`],
	['hex IP spelling of 127.0.0.2', () => `http://0x7f000002:${port()}`],
	['short IP spelling of 127.0.0.2', () => `http://127.2:${port()}`],
	['IPv4-mapped IPv6', () => `http://[::ffff:127.0.0.2]:${port()}`],
	['an IDN homograph of concursolutions', () => 'https://us2.api.cоncursolutions.com'],
	['a trailing dot', () => 'https://us2.api.concursolutions.com.'],
	['plain http to a Concur host', () => 'http://us2.api.concursolutions.com'],
	['a backslash trick', () => `http://127.0.0.2:${port()}\\@us2.api.concursolutions.com`],
];

test.each(HOSTILE)('a token response naming %s is refused; no token is sent there', async (_case, geolocation) => {
	concur.on((request) =>
		request.path === '/oauth2/v0/token'
			? { status: 200, body: { access_token: CONCUR_SECRETS.accessToken, refresh_token: CONCUR_SECRETS.refreshToken, expires_in: 3600, geolocation: geolocation() } }
			: undefined,
	);
	const run = await runNode(concurNode(getPurchaseOrder), concurStore(concur));
	expect(run.status).toBe('error');
	expect(run.error?.message).toMatch(/^Refusing to use the geolocation in the token response ".*": it is not a SAP Concur host .*No token was sent there\.$/);
	expect(concur.requests.filter((request) => request.path.startsWith('/api/'))).toHaveLength(0);
	expectNoSecret(userVisible(run));
});

test.each(HOSTILE.slice(0, 4))('a code 16 "lives elsewhere" answer naming %s is refused; the form is not re-posted there', async (_case, geolocation) => {
	concur.on((request) =>
		request.path === '/oauth2/v0/token' ? { status: 400, body: { error: 'invalid_request', error_description: 'user lives elsewhere', code: 16, geolocation: geolocation() } } : undefined,
	);
	const run = await runNode(concurNode(getPurchaseOrder), concurStore(concur));
	expect(run.error?.message).toMatch(/^Refusing to use the geolocation Concur redirected to/);
	expect(concur.requests).toHaveLength(1);
});

test('a stored geolocation on another host is refused before the refresh token is sent', async () => {
	const store = concurStore(concur, { refreshToken: CONCUR_SECRETS.refreshToken, geolocation: other.url, accessToken: '' });
	const run = await runNode(concurNode(getPurchaseOrder), store);
	expect(run.error?.message).toMatch(/^Refusing to use the stored geolocation "http:\/\/127\.0\.0\.2:\d+"/);
	expect(concur.requests).toHaveLength(0);
});

test('plain http:// is refused for a listed host that is not loopback', async () => {
	const run = await runNode(concurNode(getPurchaseOrder), concurStore(concur, { customLoginHost: 'http://concur-sim.example.com', extraAllowedHosts: 'concur-sim.example.com' }));
	expect(run.error?.message).toMatch(/^Refusing to use the token host "http:\/\/concur-sim\.example\.com".*plain http:\/\/ is accepted only for loopback hosts/);
});
