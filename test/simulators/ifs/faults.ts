/**
 * Fault injection (outage, connection reset, MI_MODIFIED_ERROR, 5xx, latency, concurrent change,
 * answers lost or mangled after the write was applied) and the 429 token bucket.
 */

export interface CountOrRate {
	/** The next N data requests fail. */
	next: number;
	/** Probability (0..1) that any data request fails, drawn from the seeded PRNG. */
	rate: number;
}

export interface FaultSettings {
	latencyMs: number;
	/** Every data request answers 503 until healed. */
	outage: boolean;
	/** The outage begins with the next `$batch` (the first write of a posting run) — an outage mid-run. */
	outageAtNextBatch: boolean;
	connectionReset: CountOrRate;
	/** 503 (or 500) MI_MODIFIED_ERROR "Service metadata already modified."; succeeds on retry. */
	miModified: CountOrRate;
	serverError: CountOrRate & { status: number };
	/** The next `next` GETs (of `entitySet`, or any set) are followed by a modification by another user. */
	concurrentChange: { next: number; entitySet?: string };
	/** The next `next` writes (`$batch` requests, or any write) are applied and committed, then their answer is lost or mangled. */
	afterCommit: AfterCommitFault;
}

/**
 * What the client gets instead of the answer to a committed write: the connection closed without
 * an answer (`drop`) or reset (`reset`), a gateway's HTML error page (`html500`), a 200 HTML page
 * (`html200`, e.g. an SSO interstitial), or the real answer cut in half (`truncate`).
 */
export type AfterCommitMode = 'drop' | 'reset' | 'html500' | 'html200' | 'truncate';

export interface AfterCommitFault {
	next: number;
	mode: AfterCommitMode;
	/** `batch`: only `$batch` requests; `write`: any POST/PATCH/PUT/DELETE, `$batch` included. */
	on: 'batch' | 'write';
}

export type FaultPatch = {
	latencyMs?: number;
	outage?: boolean;
	outageAtNextBatch?: boolean;
	connectionReset?: Partial<CountOrRate>;
	miModified?: Partial<CountOrRate>;
	serverError?: Partial<FaultSettings['serverError']>;
	concurrentChange?: Partial<FaultSettings['concurrentChange']>;
	afterCommit?: Partial<AfterCommitFault>;
};

export type InjectedFault = 'outage' | 'connectionReset' | 'miModified' | 'serverError';

export function defaultFaults(latencyMs: number): FaultSettings {
	return {
		latencyMs,
		outage: false,
		outageAtNextBatch: false,
		connectionReset: { next: 0, rate: 0 },
		miModified: { next: 0, rate: 0 },
		serverError: { next: 0, rate: 0, status: 503 },
		concurrentChange: { next: 0 },
		afterCommit: { next: 0, mode: 'drop', on: 'batch' },
	};
}

export function mergeFaults(current: FaultSettings, patch: FaultPatch): FaultSettings {
	return {
		latencyMs: patch.latencyMs ?? current.latencyMs,
		outage: patch.outage ?? current.outage,
		outageAtNextBatch: patch.outageAtNextBatch ?? current.outageAtNextBatch,
		connectionReset: { ...current.connectionReset, ...patch.connectionReset },
		miModified: { ...current.miModified, ...patch.miModified },
		serverError: { ...current.serverError, ...patch.serverError },
		concurrentChange: { ...current.concurrentChange, ...patch.concurrentChange },
		afterCommit: { ...current.afterCommit, ...patch.afterCommit },
	};
}

/** Consumes one "next" count or draws against the rate. */
function fires(knob: CountOrRate, random: () => number): boolean {
	if (knob.next > 0) {
		knob.next--;
		return true;
	}
	return knob.rate > 0 && random() < knob.rate;
}

/** Picks the fault for one data request, in gateway order: outage, reset, MI_MODIFIED, 5xx. */
export function pickFault(faults: FaultSettings, random: () => number): InjectedFault | undefined {
	if (faults.outage) return 'outage';
	if (fires(faults.connectionReset, random)) return 'connectionReset';
	if (fires(faults.miModified, random)) return 'miModified';
	if (fires(faults.serverError, random)) return 'serverError';
	return undefined;
}

/** Consumes one after-commit fault when this applied request is one it targets. */
export function pickAfterCommitFault(faults: FaultSettings, request: { batch: boolean; method: string }): AfterCommitMode | undefined {
	const fault = faults.afterCommit;
	const write = request.batch || ['POST', 'PATCH', 'PUT', 'DELETE'].includes(request.method);
	if (fault.next <= 0 || !write || (fault.on === 'batch' && !request.batch)) return undefined;
	fault.next--;
	return fault.mode;
}

/** Token bucket holding `perMinute` tokens, refilled continuously. */
export class RateLimiter {
	private tokens: number;
	private last = Date.now();

	constructor(readonly perMinute: number) {
		this.tokens = perMinute;
	}

	/** Takes a token; returns 0 when allowed, else the seconds until the next token. */
	take(): number {
		const now = Date.now();
		this.tokens = Math.min(this.perMinute, this.tokens + ((now - this.last) * this.perMinute) / 60_000);
		this.last = now;
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return 0;
		}
		return Math.max(1, Math.ceil(((1 - this.tokens) * 60) / this.perMinute));
	}
}
