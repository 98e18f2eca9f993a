import { useConcurSimulator, concurCredentials, runConcur, type ConcurSimulator } from './concur-test-kit';

let sim: ConcurSimulator;
useConcurSimulator((started) => (sim = started));

describe('Payment Request', () => {
	test('Get Many reads digests from PaymentRequestDigest with date filters', async () => {
		const run = await runConcur(concurCredentials(sim), { resource: 'paymentRequest', operation: 'getMany', returnAll: true, filters: { lastModifiedDateAfter: '2026-01-01' } });
		expect(run.status).toBe('success');
		const ids = run.json('Concur').map((item) => item.PaymentRequestId);
		expect(ids.sort()).toEqual(sim.inspect().invoices.map((i) => i.requestId).sort());
	});

	test('Get always returns LineItems.LineItem and Allocations.Allocation as arrays', async () => {
		for (const invoice of sim.inspect().invoices) {
			const run = await runConcur(concurCredentials(sim), { resource: 'paymentRequest', operation: 'get', paymentRequestId: invoice.requestId });
			const [item] = run.json('Concur') as Array<{ LineItems: { LineItem: Array<{ Allocations: { Allocation: unknown[] } }> } }>;
			expect(Array.isArray(item.LineItems.LineItem)).toBe(true);
			for (const line of item.LineItems.LineItem) expect(Array.isArray(line.Allocations.Allocation)).toBe(true);
		}
	});
});

describe('Purchasing', () => {
	test('Purchase Request (v4) and Purchase Order (v3) by id', async () => {
		const store = concurCredentials(sim);
		const request = await runConcur(store, { resource: 'purchaseRequest', operation: 'get', purchaseRequestId: 'A1B2C3D4E5F60718293A', mode: 'FULL' });
		const [pr] = request.json('Concur') as Array<{ purchaseRequestNumber: string; purchaseOrders: Array<{ purchaseOrderNumber: string }> }>;
		expect(pr.purchaseRequestNumber).toBe('PR-000123');
		const order = await runConcur(store, { resource: 'purchaseOrder', operation: 'get', purchaseOrderNumber: 'P1001' });
		const [po] = order.json('Concur') as Array<{ PurchaseOrderNumber: string; LineItem: Array<{ Allocation: unknown[] }> }>;
		expect(po.PurchaseOrderNumber).toBe('P1001');
		expect(po.LineItem.every((line) => Array.isArray(line.Allocation))).toBe(true);
	});

	test('an unknown purchase request fails with the Request v4 error code', async () => {
		const run = await runConcur(concurCredentials(sim), { resource: 'purchaseRequest', operation: 'get', purchaseRequestId: 'NOPE', mode: 'COMPACT' }, { onError: 'continueRegularOutput' });
		const [item] = run.json('Concur');
		expect(item.error).toContain('notFound');
		expect(item.details).toMatchObject({ concurCode: 'notFound', httpCode: 404 });
	});
});
