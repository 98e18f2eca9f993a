import { AdaptiveLimiter, allSettledOrThrow, runPool } from '../../nodes/shared/concurrency';

describe('AdaptiveLimiter (AIMD)', () => {
	it('starts at the initial limit, lowered to max', () => {
		expect(new AdaptiveLimiter({ initial: 4, max: 8, increaseAfter: 3 }).limit).toBe(4);
		expect(new AdaptiveLimiter({ initial: 12, max: 8, increaseAfter: 3 }).limit).toBe(8);
	});

	it('rejects nonsense settings', () => {
		expect(() => new AdaptiveLimiter({ initial: 0, max: 8, increaseAfter: 3 })).toThrow(/initial/);
		expect(() => new AdaptiveLimiter({ initial: 2, max: 1.5, increaseAfter: 3 })).toThrow(/max/);
		expect(() => new AdaptiveLimiter({ initial: 2, max: 4, increaseAfter: 0 })).toThrow(/increaseAfter/);
	});

	it('halves on back-pressure, never below 1', () => {
		const limiter = new AdaptiveLimiter({ initial: 8, max: 8, increaseAfter: 3 });
		const seen = [8];
		for (let i = 0; i < 5; i++) {
			limiter.onBackPressure();
			seen.push(limiter.limit);
		}
		expect(seen).toEqual([8, 4, 2, 1, 1, 1]);
	});

	it('grows by one after K consecutive successes, up to max', () => {
		const limiter = new AdaptiveLimiter({ initial: 1, max: 3, increaseAfter: 2 });
		const seen: number[] = [];
		for (let i = 0; i < 8; i++) {
			limiter.onSuccess();
			seen.push(limiter.limit);
		}
		expect(seen).toEqual([1, 2, 2, 3, 3, 3, 3, 3]);
	});

	it('resets the success streak on back-pressure', () => {
		const limiter = new AdaptiveLimiter({ initial: 4, max: 8, increaseAfter: 3 });
		limiter.onSuccess();
		limiter.onSuccess();
		limiter.onBackPressure();
		expect(limiter.limit).toBe(2);
		limiter.onSuccess();
		limiter.onSuccess();
		expect(limiter.limit).toBe(2);
		limiter.onSuccess();
		expect(limiter.limit).toBe(3);
	});
});

/** Workers that finish only when the test says so, recording peak concurrency. */
function controlledWorkers() {
	const pending = new Map<number, (value: string) => void>();
	let active = 0;
	let peak = 0;
	const started: number[] = [];
	const worker = (item: number) =>
		new Promise<string>((resolve) => {
			active++;
			peak = Math.max(peak, active);
			started.push(item);
			pending.set(item, (value) => {
				active--;
				resolve(value);
			});
		});
	const finish = async (item: number) => {
		pending.get(item)!(`done ${item}`);
		pending.delete(item);
		await flush();
	};
	return { worker, finish, started, pending, peak: () => peak };
}

const flush = async () => {
	for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('runPool', () => {
	it('keeps result order and never exceeds the limit', async () => {
		const limiter = new AdaptiveLimiter({ initial: 2, max: 2, increaseAfter: 100 });
		const { worker, finish, started, peak } = controlledWorkers();
		const run = runPool([0, 1, 2, 3, 4], worker, limiter);
		await flush();
		expect(started).toEqual([0, 1]);
		await finish(1);
		expect(started).toEqual([0, 1, 2]);
		await finish(2);
		await finish(0);
		await finish(4);
		await finish(3);
		expect(await run).toEqual(['done 0', 'done 1', 'done 2', 'done 3', 'done 4']);
		expect(peak()).toBe(2);
	});

	it('follows the limit as it shrinks and grows during the run', async () => {
		const limiter = new AdaptiveLimiter({ initial: 4, max: 4, increaseAfter: 1 });
		const { worker, finish, started, pending } = controlledWorkers();
		const run = runPool([0, 1, 2, 3, 4, 5, 6, 7], worker, limiter);
		await flush();
		expect(started).toEqual([0, 1, 2, 3]);
		limiter.onBackPressure(); // 4 → 2
		limiter.onBackPressure(); // 2 → 1
		await finish(0);
		await finish(1);
		await finish(2);
		expect(started).toEqual([0, 1, 2, 3]); // 1 still running, limit 1
		await finish(3);
		expect(started).toEqual([0, 1, 2, 3, 4]);
		expect(pending.size).toBe(1);
		limiter.onSuccess(); // 1 → 2
		await finish(4);
		expect(pending.size).toBe(2);
		for (const item of [5, 6, 7]) await finish(item);
		expect(await run).toHaveLength(8);
	});

	it('stops starting items after a failure and rethrows it once running ones settle', async () => {
		const limiter = new AdaptiveLimiter({ initial: 2, max: 2, increaseAfter: 1 });
		const started: number[] = [];
		const worker = async (item: number) => {
			started.push(item);
			if (item === 0) throw new Error('item 0 failed');
			return item;
		};
		await expect(runPool([0, 1, 2, 3], worker, limiter)).rejects.toThrow('item 0 failed');
		expect(started).toEqual([0, 1]);
	});

	it('handles an empty list', async () => {
		expect(await runPool([], async () => 1, { limit: 3 })).toEqual([]);
	});
});

describe('allSettledOrThrow', () => {
	it('answers like Promise.all when everything succeeds', async () => {
		expect(await allSettledOrThrow([Promise.resolve(1), Promise.resolve('two')])).toEqual([1, 'two']);
	});

	it('rejects only after the siblings of a failure have settled, with the first failure in order', async () => {
		let siblingSettled = false;
		const sibling = new Promise<string>((resolve) => setImmediate(() => {
			siblingSettled = true;
			resolve('late');
		}));
		const all = allSettledOrThrow([Promise.reject(new Error('report not found')), sibling, Promise.reject(new Error('second'))]);
		await expect(all).rejects.toThrow('report not found');
		expect(siblingSettled).toBe(true);
	});
});
