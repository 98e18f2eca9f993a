import { useConcurSimulator } from '../hooks';
import { expenseReports } from '../seed/scenario';
import type { ConcurSimulator } from './index';
import { bearer, companyToken, http, type TokenResponse } from './test-helpers';

describe('Concur simulator: receipt images (Image v1 and its pre-signed URL)', () => {
	let sim: ConcurSimulator;
	let token: TokenResponse;
	const imageUrl = (receiptId: string) => `${token.geolocation}/api/image/v1.0/report/${receiptId}`;

	useConcurSimulator((started) => (sim = started));
	beforeEach(async () => {
		token = await companyToken(sim);
	});

	it('names every receipt of an FIS expense document, answers its id with XML naming a URL that serves the image without (and only without) a bearer', async () => {
		const [receiptId] = sim.receiptIdsOf(expenseReports[0]!.reportId);
		const answer = await http.get(imageUrl(receiptId!), { headers: bearer(token) });
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toMatch(/application\/xml/);
		const url = /<Url>([^<]+)<\/Url>/.exec(String(answer.data))![1]!.replace(/&amp;/g, '&');
		const withBearer = await http.get(url, { headers: bearer(token) });
		expect(withBearer.status).toBe(400);
		const image = await http.get(url, { responseType: 'arraybuffer' });
		expect(image.status).toBe(200);
		expect(Buffer.from(image.data as ArrayBuffer)).toEqual(sim.receipt(receiptId!)!.bytes);
		expect(image.headers['content-length']).toBe(String(sim.receipt(receiptId!)!.sizeBytes));
		const tampered = await http.get(url.replace(/sig=[0-9a-f]+/, 'sig=0000'));
		expect(tampered.status).toBe(403);
	});

	it('answers a removed receipt with 404 and serves a large one whole', async () => {
		const [missing, large] = sim.receiptIdsOf(expenseReports[0]!.reportId);
		sim.removeReceipt(missing!);
		expect((await http.get(imageUrl(missing!), { headers: bearer(token) })).status).toBe(404);
		sim.setReceiptSize(large!, 12 * 1048576);
		const answer = await http.get(imageUrl(large!), { headers: bearer(token) });
		const url = /<Url>([^<]+)<\/Url>/.exec(String(answer.data))![1]!.replace(/&amp;/g, '&');
		const image = await http.get(url, { responseType: 'arraybuffer' });
		expect((image.data as ArrayBuffer).byteLength).toBe(12 * 1048576);
	});
});
