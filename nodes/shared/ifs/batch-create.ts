/**
 * Record Create through `$batch`: each record its own change set, `batchSize` records per request,
 * batches sent with the adaptive pool. Records have no Concur reference here, so a batch whose
 * outcome is unknown fails its items with that warning instead of being resent blindly.
 */
import type { IDataObject } from 'n8n-workflow';

import { runPool } from '../concurrency';
import type { IfsTransport } from './transport';
import { OutcomeUnknownError } from './write-outcome';
import { entityPath } from './odata/literals';
import type { RecordTarget } from './records';
import { withCompany } from './records';

export interface PlannedCreate {
	target: RecordTarget;
	fields: IDataObject;
}

export type CreateResult = { ok: true; record: IDataObject } | { ok: false; error: Error };

export async function createInBatches(transport: IfsTransport, planned: PlannedCreate[], batchSize: number): Promise<CreateResult[]> {
	const results = new Array<CreateResult>(planned.length);
	const indexed = planned.map((plan, index) => ({ ...plan, index }));
	const byProjection = new Map<string, typeof indexed>();
	for (const entry of indexed) byProjection.set(entry.target.ref.projection, [...(byProjection.get(entry.target.ref.projection) ?? []), entry]);
	const batches = [...byProjection.values()].flatMap((entries) =>
		Array.from({ length: Math.ceil(entries.length / batchSize) }, (_, n) => entries.slice(n * batchSize, (n + 1) * batchSize)),
	);
	await runPool(
		batches,
		async (batch) => {
			const sendable = batch.flatMap((entry) => {
				try {
					return [{ entry, body: withCompany(entry.target, entry.fields) }];
				} catch (error) {
					results[entry.index] = { ok: false, error: error as Error };
					return [];
				}
			});
			if (sendable.length === 0) return;
			try {
				const reply = await transport.batch(
					sendable[0].entry.target.ref.projection,
					sendable.map(({ entry, body }) => ({ changeSet: [{ method: 'POST' as const, url: entityPath(entry.target.ref.entitySet), body }] })),
				);
				sendable.forEach(({ entry }, position) => {
					const result = reply.results[position];
					const attempted = { method: 'POST', entitySet: entry.target.ref.entitySet };
					results[entry.index] = result?.ok
						? { ok: true, record: (result.responses[0]?.body ?? {}) as IDataObject }
						: { ok: false, error: transport.partError(result?.error.status, result?.error.body, attempted, reply.attempts) };
				});
			} catch (error) {
				const message =
					error instanceof OutcomeUnknownError ? `${error.message}: check IFS for these records before creating them again` : (error as Error).message;
				for (const { entry } of sendable) results[entry.index] = { ok: false, error: error instanceof OutcomeUnknownError ? new Error(message) : (error as Error) };
			}
		},
		transport.settings.limiter,
	);
	return results;
}
