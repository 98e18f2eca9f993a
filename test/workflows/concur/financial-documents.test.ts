import { useConcurSimulator, concurCredentials, expectNoSecrets, requestCount, runConcur, runConcurWithInputs, secretsOf, type ConcurSimulator } from './concur-test-kit';

const FIS_LIST = 'GET /financialintegration/fi/v4/companies/transactiontypes/:docType/transactions';

let sim: ConcurSimulator;
useConcurSimulator((started) => (sim = started));

const readyIds = (docType: string) => sim.inspect().fisDocuments.filter((doc) => doc.docType === docType && doc.status === 'READY').map((doc) => doc.id);

describe('Financial Document', () => {
	test('Get Many pages through more than 1,000 ready documents (0-based pages), each once, with correlation ids', async () => {
		sim.generateExpenseDocuments(1050, 1);
		const store = concurCredentials(sim);
		const run = await runConcur(store, { resource: 'financialDocument', operation: 'getMany', docType: 'expense', returnAll: true });
		expect(run.status).toBe('success');
		const items = run.json('Concur');
		const expected = readyIds('expense');
		expect(expected.length).toBeGreaterThan(1000);
		expect(items.map((item) => item.id).sort()).toEqual([...expected].sort());
		expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
		expect(requestCount(sim, FIS_LIST)).toBe(Math.ceil(expected.length / 100));
		for (const item of items.slice(0, 3)) {
			expect(typeof item.document).toBe('object');
			expect((item._concur as { correlationId: string }).correlationId).toEqual(expect.any(String));
			expect(item.links).toBeUndefined();
		}
		expectNoSecrets(run.run.data, secretsOf(store));
	});

	test('Get Many honours a limit', async () => {
		const run = await runConcur(concurCredentials(sim), { resource: 'financialDocument', operation: 'getMany', docType: 'expense', returnAll: false, limit: 2 });
		expect(run.json('Concur')).toHaveLength(2);
	});

	test('Get by report id ignores the document status and parses the document', async () => {
		const doc = sim.inspect().fisDocuments.find((d) => d.docType === 'invoice')!;
		const run = await runConcur(concurCredentials(sim), { resource: 'financialDocument', operation: 'get', docType: 'invoice', sourceId: doc.sourceId });
		expect(run.status).toBe('success');
		const [item] = run.json('Concur');
		expect(item.id).toBe(doc.id);
		expect((item.document as { requestHeader: { requestId: string } }).requestHeader.requestId).toBe(doc.sourceId);
	});

	test('Acknowledge batches many ids in one call; an unknown id is that item\'s error; a document acknowledged before is owned elsewhere and left out', async () => {
		const ids = readyIds('expense');
		const store = concurCredentials(sim);
		const inputs = [...ids.map((id) => ({ id })), { id: 'ffffffffffffffffffffffffffffffff' }];
		const params = { resource: 'financialDocument', operation: 'acknowledge', docType: 'expense', documentIds: '={{ $json.id }}', systemId: 'IFS' };
		const first = await runConcurWithInputs(store, inputs, params, { onError: 'continueErrorOutput' });
		expect(first.json('Concur', 0).map((item) => (item.fis as { docId: string }).docId)).toEqual(ids);
		expect(first.json('Concur', 0).every((item) => (item.fis as { alreadyAcknowledged: boolean }).alreadyAcknowledged === false)).toBe(true);
		const [failed] = first.json('Concur', 1);
		expect(String(failed.error)).toContain('code 104');
		expect(sim.inspect().acknowledgements).toHaveLength(1);
		expect(first.outputs('Concur')[1][0].pairedItem).toEqual({ item: ids.length });

		// the acknowledgement is the claim: code 101 means another execution (or system) owns the document
		const [newId] = sim.generateExpenseDocuments(1, 1);
		const again = await runConcurWithInputs(store, [{ id: ids[0] }, { id: newId }], params);
		expect(again.json('Concur').map((item) => (item.fis as { docId: string }).docId)).toEqual([newId]);
		expect(again.run.data.resultData.runData.Concur[0].hints).toEqual([expect.objectContaining({ message: expect.stringContaining(`were left out: ${ids[0]}`) })]);

		const replay = await runConcurWithInputs(store, inputs.slice(0, 1), { ...params, alreadyAcknowledged: 'passOn' });
		expect(replay.json('Concur')[0].fis).toMatchObject({ docId: ids[0], alreadyAcknowledged: true, code: 101 });
		const refused = await runConcurWithInputs(store, inputs.slice(0, 1), { ...params, alreadyAcknowledged: 'fail' });
		expect(refused.error?.message).toContain('code 101');
	});

	test('Get with a financial document id returns only that document, and says NOT_FOUND once Concur no longer lists it (recalled)', async () => {
		const doc = sim.inspect().fisDocuments.find((d) => d.docType === 'expense' && d.status === 'READY')!;
		const params = { resource: 'financialDocument', operation: 'get', docType: 'expense', sourceId: doc.sourceId, fisDocumentId: doc.id };
		expect((await runConcur(concurCredentials(sim), params)).json('Concur')).toEqual([expect.objectContaining({ id: doc.id, docStatus: 'READY' })]);
		sim.recall('expense', doc.sourceId);
		expect((await runConcur(concurCredentials(sim), params)).json('Concur')).toEqual([expect.objectContaining({ id: doc.id, docStatus: 'NOT_FOUND', sourceId: doc.sourceId })]);
	});

	test('Confirm Posting success and failure per item; Confirm Payment after success', async () => {
		const [okId, failId] = readyIds('expense');
		const store = concurCredentials(sim);
		await runConcur(store, { resource: 'financialDocument', operation: 'acknowledge', docType: 'expense', documentIds: `${okId},${failId}`, systemId: 'IFS' });
		const confirm = await runConcurWithInputs(
			store,
			[{ id: okId, ok: true }, { id: failId, ok: false }],
			{
				resource: 'financialDocument', operation: 'confirmPosting', docType: 'expense', documentId: '={{ $json.id }}',
				outcome: '={{ $json.ok ? "success" : "error" }}', companyId: '10', documentNumber: 'V-1001', fiscalYear: '2026', postingDate: '2026-11-16',
				errorMessages: 'Account 6999 is blocked\nCost center CC900 is closed', messageId: 'IFS', systemId: 'IFS',
			},
		);
		expect(confirm.status).toBe('success');
		expect(confirm.json('Concur').map((item) => (item.fis as { status: string }).status)).toEqual(['SUCCESS', 'SUCCESS']);
		const [call] = sim.inspect().postingConfirmations;
		const body = call.body as { postingConfirmations: Array<{ overallPostingStatusCode: string; postingDocs: unknown[]; systemMessages: Array<{ messageLongText: string }> }> };
		expect(body.postingConfirmations[0]).toMatchObject({ overallPostingStatusCode: 'success', postingDocs: [{ documentNumber: 'V-1001', companyId: '10', fiscalYear: '2026' }] });
		expect(body.postingConfirmations[1].systemMessages.map((m) => m.messageLongText)).toEqual(['Account 6999 is blocked', 'Cost center CC900 is closed']);

		const payment = await runConcur(store, {
			resource: 'financialDocument', operation: 'confirmPayment', docType: 'expense', documentId: okId, processingStatusCode: 'CP', paymentRef: 'PAY-1',
			clearingDate: '2026-11-20', clearingAmount: '536.90', clearingCurrency: 'USD', companyCode: '10', paymentMethod: 'E', systemId: 'IFS',
		});
		expect(payment.json('Concur')[0].fis).toMatchObject({ docId: okId, status: 'SUCCESS' });
		const failedPayment = await runConcur(store, {
			resource: 'financialDocument', operation: 'confirmPayment', docType: 'expense', documentId: failId, processingStatusCode: 'CP', paymentRef: 'PAY-2',
			clearingDate: '2026-11-20', clearingAmount: '1', clearingCurrency: 'USD', systemId: 'IFS',
		}, { onError: 'continueRegularOutput' });
		expect(String(failedPayment.json('Concur')[0].error)).toContain('code 111');
	});

	test('a per-item failure without continue-on-fail stops the node with Concur\'s own text', async () => {
		const run = await runConcur(concurCredentials(sim), { resource: 'financialDocument', operation: 'acknowledge', docType: 'expense', documentIds: 'ffffffffffffffffffffffffffffffff', systemId: 'IFS' });
		expect(run.status).toBe('error');
		expect(run.error?.message).toContain('Document not found');
	});
});
