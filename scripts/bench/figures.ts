/** Figures derived from the runs' results, shared by the report and its verdicts. */
import type { BenchResults, Flavour, RunResult } from './results';

export const fmt = (n: number | undefined, digits = 1) => (n === undefined || !Number.isFinite(n) ? '–' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
export const int = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '–' : Math.round(n).toLocaleString('en-US'));

/** Documents the per-document figures are divided by: all of them, or those finished before a stop at the time limit. */
export function perDocDenominator(run: RunResult): number {
	return run.stoppedAtLimit ? Math.max(1, run.outcome.postedOnce) : run.size;
}

export function perDoc(run: RunResult) {
	const n = perDocDenominator(run);
	const t = run.traffic;
	return {
		concur: t.concurRequests / n,
		concurData: (t.concurRequests - t.concurTokenRequests) / n,
		ifs: t.ifsRequests / n,
		ifsData: (t.ifsRequests - t.ifsTokenRequests) / n,
		ifsBatchParts: t.ifsBatchParts / n,
	};
}

export function find(results: BenchResults, flavour: Flavour, size: number): RunResult | undefined {
	return results.runs.find((run) => run.flavour === flavour && run.size === size);
}

/** The baseline run of a size when it can be compared with: it finished, or was stopped at the time limit (not one that failed part-way). */
export function comparableBaseline(results: BenchResults, size: number): RunResult | undefined {
	const base = find(results, 'baseline', size);
	return base && (base.status === 'success' || base.stoppedAtLimit) ? base : undefined;
}

/** One target of the report: what was measured, and whether it was met (undefined: not measured in this run). */
export interface Verdict {
	target: string;
	measured: string;
	met: boolean | undefined;
	note: string;
}
