/**
 * Bounded, adaptive concurrency without timers: an AIMD limiter (additive increase after a run of
 * successes, multiplicative decrease on back-pressure) and a promise pool that obeys it.
 */

export interface AdaptiveLimiterOptions {
	/** Concurrency to start with (lowered to max if above it). */
	initial: number;
	/** Upper bound the limit may grow back to. */
	max: number;
	/** Consecutive successes needed before the limit grows by one. */
	increaseAfter: number;
}

export class AdaptiveLimiter {
	private current: number;
	private successStreak = 0;

	constructor(private readonly options: AdaptiveLimiterOptions) {
		for (const name of ['initial', 'max', 'increaseAfter'] as const) {
			if (!Number.isInteger(options[name]) || options[name] < 1) {
				throw new Error(`Concurrency ${name} must be an integer ≥ 1, got ${options[name]}`);
			}
		}
		this.current = Math.min(options.initial, options.max);
	}

	get limit(): number {
		return this.current;
	}

	/** A request completed without the server pushing back. */
	onSuccess(): void {
		this.successStreak += 1;
		if (this.successStreak < this.options.increaseAfter) return;
		this.successStreak = 0;
		this.current = Math.min(this.options.max, this.current + 1);
	}

	/** The server pushed back (429, 503, MI_MODIFIED_ERROR…): halve, never below 1. */
	onBackPressure(): void {
		this.successStreak = 0;
		this.current = Math.max(1, Math.floor(this.current / 2));
	}
}

/**
 * Runs `worker` over `items` with at most `limiter.limit` workers in flight (re-read before each
 * start, so back-pressure reported by the workers takes effect immediately). Results keep the
 * order of `items`. The pool does not report outcomes itself: the transport calls
 * `onSuccess` / `onBackPressure` per HTTP response. If a worker rejects, no new item starts and
 * the first rejection is rethrown once the running ones have settled.
 */
export async function runPool<T, R>(
	items: readonly T[],
	worker: (item: T, index: number) => Promise<R>,
	limiter: { readonly limit: number },
): Promise<R[]> {
	const results = new Array<R>(items.length);
	const running = new Set<Promise<void>>();
	let failure: { error: unknown } | undefined;
	let next = 0;

	const start = (index: number) => {
		const task: Promise<void> = Promise.resolve()
			.then(async () => worker(items[index], index))
			.then(
				(result) => {
					results[index] = result;
				},
				(error: unknown) => {
					failure ??= { error };
				},
			)
			.finally(() => running.delete(task));
		running.add(task);
	};

	while (next < items.length && !failure) {
		while (running.size < Math.max(1, limiter.limit) && next < items.length) start(next++);
		await Promise.race(running);
	}
	await Promise.all(running);
	if (failure) throw failure.error;
	return results;
}

/**
 * Promise.all that waits for every promise before it rejects (with the first failure in order):
 * a failed request never leaves its siblings running, and retrying, after its item has reported.
 */
export async function allSettledOrThrow<T extends readonly unknown[] | []>(promises: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
	const settled = (await Promise.allSettled(promises)) as Array<PromiseSettledResult<unknown>>;
	const values: unknown[] = [];
	for (const result of settled) {
		if (result.status === 'rejected') throw result.reason;
		values.push(result.value);
	}
	return values as { -readonly [K in keyof T]: Awaited<T[K]> };
}
