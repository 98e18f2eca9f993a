/** The node's "Request Settings" collection: batching, concurrency, retries and the 412 policy. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { AdaptiveLimiter } from '../concurrency';
import { DEFAULT_RETRY_POLICY } from '../retry';
import type { ConflictPolicy, TransportSettings } from './transport';

export const requestSettingsProperty: INodeProperties = {
	displayName: 'Request Settings',
	name: 'requestSettings',
	type: 'collection',
	placeholder: 'Add Setting',
	default: {},
	options: [
		{
			displayName: 'Documents per Batch Request',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 200 },
			default: 50,
			description: 'How many documents (each in its own change set) one $batch request carries',
		},
		{
			displayName: 'Max Attempts per Request',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: 6,
			description: 'For 429, 502, 503, 504, MI_MODIFIED_ERROR and connection resets; IFS business errors are never retried',
		},
		{
			displayName: 'Max Concurrent Requests',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 32 },
			default: 4,
			description: 'Upper bound; the node halves it whenever IFS pushes back (429, 503) and grows it again after successes',
		},
		{
			displayName: 'Max Total Wait (Seconds)',
			name: 'maxTotalWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 120,
			description: 'Budget for all backoff waits of one request, Retry-After included',
		},
		{
			displayName: 'On Concurrent Change (HTTP 412)',
			name: 'onConflict',
			type: 'options',
			default: 'reapply',
			options: [
				{ name: 'Fail the Item', value: 'fail', description: 'Fail with both versions in the error' },
				{
					name: 'Re-Read and Re-Apply Once',
					value: 'reapply',
					description: 'Only when the other change left the fields being written untouched; otherwise the item fails with both versions',
				},
			],
		},
		{
			displayName: 'References per Lookup Query',
			name: 'referencesPerQuery',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 50,
			description: 'How many Concur references one idempotency lookup ORs together',
		},
	],
};

export interface RequestSettings {
	transport: TransportSettings;
	batchSize: number;
	referencesPerQuery: number;
}

export function requestSettingsFrom(raw: IDataObject): RequestSettings {
	const concurrency = positive(raw.concurrency, 4);
	return {
		transport: {
			retryPolicy: {
				...DEFAULT_RETRY_POLICY,
				maxAttempts: positive(raw.maxAttempts, DEFAULT_RETRY_POLICY.maxAttempts),
				maxTotalWaitMs: Math.max(0, Number(raw.maxTotalWaitSeconds ?? DEFAULT_RETRY_POLICY.maxTotalWaitMs / 1000)) * 1000,
			},
			limiter: new AdaptiveLimiter({ initial: concurrency, max: concurrency, increaseAfter: 10 }),
			conflictPolicy: (raw.onConflict === 'fail' ? 'fail' : 'reapply') as ConflictPolicy,
		},
		batchSize: positive(raw.batchSize, 50),
		referencesPerQuery: positive(raw.referencesPerQuery, 50),
	};
}

function positive(value: unknown, fallback: number): number {
	const number = Math.floor(Number(value ?? fallback));
	return Number.isFinite(number) && number >= 1 ? number : fallback;
}
