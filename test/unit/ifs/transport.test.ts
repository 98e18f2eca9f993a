/**
 * `$batch` answers that do not account for every part sent: IFS may have applied the missing
 * ones (a proxy cut the answer) or stopped after a failed change set (continue-on-error ignored);
 * either way the outcome is unknown and the documents are read back, never reported failed.
 */
import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { DEFAULT_SETTINGS, IfsTransport } from '../../../nodes/shared/ifs/transport';
import { OutcomeUnknownError } from '../../../nodes/shared/ifs/write-outcome';

const node = { name: 'IFS Cloud', type: 'ifsCloud', typeVersion: 1, position: [0, 0], parameters: {} } as unknown as INode;

function answering(body: string, contentType: string, statusCode = 200) {
	const ctx = {
		getNode: () => node,
		getCredentials: async () => ({ defaultCompany: '10', clientSecret: 'secret' }),
		helpers: { httpRequestWithAuthentication: async () => ({ body, headers: { 'content-type': contentType }, statusCode }) },
	};
	return new IfsTransport(ctx as unknown as IExecuteFunctions, 'https://tenant.example', DEFAULT_SETTINGS());
}

const oneCreated = ['--b', 'Content-Type: application/http', 'Content-ID: 1', '', 'HTTP/1.1 201 Created', 'Content-Type: application/json', '', '{}', '--b--'].join('\r\n');
const twoChangeSets = [1, 2].map((n) => ({ changeSet: [{ method: 'POST' as const, url: 'ExtLoadInfoSet', body: { n } }] }));

test('an answer with fewer parts than were sent is an unknown outcome', async () => {
	await expect(answering(oneCreated, 'multipart/mixed; boundary=b').batch('ExternalVoucherHandling', twoChangeSets)).rejects.toBeInstanceOf(OutcomeUnknownError);
});

test('an HTML page answered with 200 is an unknown outcome', async () => {
	const transport = answering('<!DOCTYPE html><html><body>Signing you in…</body></html>', 'text/html');
	await expect(transport.batch('ExternalVoucherHandling', twoChangeSets)).rejects.toThrow(/did not confirm the \$batch \(HTTP 200\); whether it was applied is unknown/);
});

test('a complete answer is parsed per part', async () => {
	const reply = await answering(oneCreated, 'multipart/mixed; boundary=b').batch('ExternalVoucherHandling', twoChangeSets.slice(0, 1));
	expect(reply.results).toEqual([{ ok: true, responses: [expect.objectContaining({ status: 201 })] }]);
});
