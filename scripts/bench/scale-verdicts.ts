/**
 * Issue 16's volume targets, from runs of the same bench run: throughput and peak memory at the
 * largest size against 1,000 documents, and how close a rate-limited run gets to IFS's bound.
 */
import { find, fmt, int, perDoc, perDocDenominator, type Verdict } from './figures';
import type { BenchResults, RunResult } from './results';

const MIN_THROUGHPUT_KEPT = 0.8;
const MAX_RSS_GROWTH = 1.25;
const MIN_SHARE_OF_RATE_BOUND = 0.8;
/** The simulators' default IFS limit; a bench run with a lower one is meant to make the limit bind. */
const DEFAULT_IFS_LIMIT_PER_MINUTE = 1000;

const peakRssMb = (run: RunResult) => Math.max(run.memory.serverPeakRssMb, run.memory.runnerPeakRssMb);

/** Documents per second IFS's limit allows at the run's accepted IFS requests per document (a 429 takes no token of the limit). */
const rateBound = (run: RunResult, limitPerMinute: number) => limitPerMinute / 60 / (perDoc(run).ifs - run.traffic.ifs429 / perDocDenominator(run));

export function scaleVerdicts(results: BenchResults): Verdict[] {
	const small = find(results, 'ours', 1000);
	const largest = results.runs.filter((run) => run.flavour === 'ours' && run.size > 1000).sort((a, b) => b.size - a.size)[0];
	const volume = small && largest ? [throughputKept(small, largest, results), memoryGrowth(small, largest, results)] : notMeasuredVolume();
	return [...volume, rateBoundVerdict(results)];
}

const THROUGHPUT_TARGET = `documents per second at the largest size ≥ ${MIN_THROUGHPUT_KEPT * 100} % of that at 1,000`;
const MEMORY_TARGET = `peak RSS of any n8n process at the largest size ≤ ${MAX_RSS_GROWTH}× that at 1,000`;

/** The *pageSize* of a run of ours: its own, or the bench's for results written before --page-from. */
const pageSizeOf = (run: RunResult, results: BenchResults) => run.pageSize ?? results.settings.pageSize ?? 0;

/** What the two runs compared ran with, when it is not the same. */
export function pagesNote(small: RunResult, large: RunResult, results: BenchResults): string {
	const [from, to] = [pageSizeOf(small, results), pageSizeOf(large, results)];
	if (from === to) return '';
	const describe = (pageSize: number) => (pageSize ? `pages of ${int(pageSize)}` : 'one execution, as shipped');
	return ` Compared as a user runs them (--page-from): ${int(small.size)} documents in ${describe(from)}, ${int(large.size)} in ${describe(to)}.`;
}

function throughputKept(small: RunResult, large: RunResult, results: BenchResults): Verdict {
	const pageSize = pageSizeOf(large, results);
	const kept = large.documentsPerSecond / small.documentsPerSecond;
	return {
		target: THROUGHPUT_TARGET,
		measured: `${fmt(kept * 100, 0)} % at ${int(large.size)} (${fmt(large.documentsPerSecond, 2)} vs ${fmt(small.documentsPerSecond, 2)} docs/s)`,
		met: kept >= MIN_THROUGHPUT_KEPT,
		note: (pageSize
			? `Pages of ${int(pageSize)} (--page-size): every page an execution of its own, which n8n saves and *Post Next Page* reads back whole (to trace paired items): that cost weighs most on small runs.`
			: 'One execution holds every document of a run (no --page-size): per-run work that grows faster than the documents shows here.') + pagesNote(small, large, results),
	};
}

function memoryGrowth(small: RunResult, large: RunResult, results: BenchResults): Verdict {
	const pageSize = pageSizeOf(large, results);
	const growth = peakRssMb(large) / peakRssMb(small);
	return {
		target: MEMORY_TARGET,
		measured: `${fmt(growth, 2)}× at ${int(large.size)} (${int(peakRssMb(large))} vs ${int(peakRssMb(small))} MB)`,
		met: growth <= MAX_RSS_GROWTH,
		note: (pageSize
			? `Pages of ${int(pageSize)}: n8n holds one page's items at a time and the run one summary per page.`
			: 'n8n keeps every node’s output items until the execution ends, so without --page-size one run’s memory grows with its documents.') + pagesNote(small, large, results),
	};
}

function notMeasuredVolume(): Verdict[] {
	const measured = 'not measured (needs ours at 1,000 and at a larger size)';
	return [THROUGHPUT_TARGET, MEMORY_TARGET].map((target) => ({ target, measured, met: undefined, note: '' }));
}

function rateBoundVerdict(results: BenchResults): Verdict {
	const limit = results.settings.ifsRateLimitPerMinute;
	const target = `≥ ${MIN_SHARE_OF_RATE_BOUND * 100} % of the rate-limit bound (limit ÷ IFS requests per document) when IFS's limit binds`;
	const runs = results.runs.filter((run) => run.flavour === 'ours' && run.size >= 1000);
	if (limit >= DEFAULT_IFS_LIMIT_PER_MINUTE || runs.length === 0) {
		return { target, measured: `not measured (needs a run with --rate-limit below ${int(DEFAULT_IFS_LIMIT_PER_MINUTE)}, e.g. 120, on 1,000 documents or more)`, met: undefined, note: '' };
	}
	const shares = runs.map((run) => ({ run, bound: rateBound(run, limit), share: run.documentsPerSecond / rateBound(run, limit) }));
	return {
		target,
		measured: shares.map(({ run, bound, share }) => `${fmt(share * 100, 0)} % at ${int(run.size)} (${fmt(run.documentsPerSecond, 2)} of ${fmt(bound, 2)} docs/s)`).join('; '),
		met: shares.every(({ share }) => share >= MIN_SHARE_OF_RATE_BOUND),
		note: `IFS limit ${int(limit)} requests/min. The bound counts every IFS request of the run that IFS accepted (token, reference data, look-ups, writes, read-backs; not the 429s); the limiter's burst at the start lets a short run come close to or past it.`,
	};
}
