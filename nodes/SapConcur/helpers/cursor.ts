/**
 * Polling bookkeeping, free of n8n calls: a timestamp cursor that only moves past what was
 * emitted, an overlap window re-read on every poll, and a bounded set of recently emitted
 * record versions so the overlap never emits anything twice.
 */

export interface PollState {
	/** What the state belongs to; a different trigger configuration starts afresh. */
	scope: string;
	/** ISO time of the newest record emitted so far. */
	cursor?: string;
	/** Emitted record version keys → record time (ms). */
	seen: Record<string, number>;
}

export interface Candidate<T> {
	record: T;
	/** Stable per version: id plus version/timestamp (or just the id when the source has no versions). */
	key: string;
	/** Record time in ms; for sources without time (FIS) use the poll time. */
	time: number;
}

export const MAX_SEEN = 5000;

export function initialState(scope: string, stored: unknown): PollState {
	const state = stored as Partial<PollState> | undefined;
	if (!state || state.scope !== scope || typeof state.seen !== 'object' || state.seen === null) return { scope, seen: {} };
	return { scope, cursor: state.cursor, seen: { ...state.seen } };
}

/** Where the next query starts: cursor minus the overlap, or the initial look-back on the first poll. */
export function windowStart(state: PollState, overlapMs: number, now: number, initialLookbackMs: number): Date {
	const cursor = state.cursor ? Date.parse(state.cursor) : Number.NaN;
	return new Date(Number.isNaN(cursor) ? now - initialLookbackMs : cursor - overlapMs);
}

export interface Retention {
	/** Earliest record time the next poll's query can return, given the new cursor (ms). */
	horizon: (cursorMs: number) => number;
	/** The source lists everything still pending on every poll (FIS): forget whatever it no longer lists. */
	completeListing: boolean;
}

/** Records not emitted before (oldest first) and the state after emitting them. */
export function selectFresh<T>(state: PollState, candidates: Array<Candidate<T>>, retention: Retention): { fresh: T[]; next: PollState } {
	const fresh = dedupe(candidates.filter((candidate) => !(candidate.key in state.seen))).sort((a, b) => a.time - b.time);
	const seen = { ...state.seen };
	for (const candidate of fresh) seen[candidate.key] = candidate.time;
	const newest = Math.max(state.cursor ? Date.parse(state.cursor) : Number.NEGATIVE_INFINITY, ...fresh.map((candidate) => candidate.time));
	const cursor = Number.isFinite(newest) ? new Date(newest).toISOString() : state.cursor;
	const listed = new Set(candidates.map((candidate) => candidate.key));
	const horizon = cursor ? retention.horizon(Date.parse(cursor)) : Number.NEGATIVE_INFINITY;
	const keep = (key: string, time: number) => listed.has(key) || (!retention.completeListing && time >= horizon);
	return { fresh: fresh.map((candidate) => candidate.record), next: { scope: state.scope, cursor, seen: prune(seen, keep) } };
}

function dedupe<T>(candidates: Array<Candidate<T>>): Array<Candidate<T>> {
	const byKey = new Map(candidates.map((candidate) => [candidate.key, candidate]));
	return [...byKey.values()];
}

/** Keeps what the next poll can still return, at most MAX_SEEN entries (newest kept). */
function prune(seen: Record<string, number>, keep: (key: string, time: number) => boolean): Record<string, number> {
	const kept = Object.entries(seen)
		.filter(([key, time]) => keep(key, time))
		.sort((a, b) => b[1] - a[1])
		.slice(0, MAX_SEEN);
	return Object.fromEntries(kept);
}

/** v3 timestamps carry no zone (`2013-09-02T19:05:57.687`); Concur means UTC. */
export function v3TimeMs(value: unknown): number {
	if (typeof value !== 'string' || !value) return Number.NaN;
	return Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`);
}
