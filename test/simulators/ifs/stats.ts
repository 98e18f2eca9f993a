/** Request log and counters per method + path template; $batch parts are counted separately from the $batch request. */

export type RequestKind = 'token' | 'discovery' | 'odata' | 'batch' | 'batch-part';

export interface RequestLogEntry {
	seq: number;
	at: string;
	kind: RequestKind;
	method: string;
	path: string;
	/** e.g. `ExternalVoucherHandling.svc/ExtLoadInfoSet(…)/ExtTransactionsArray`. */
	template: string;
	status: number;
	clientId?: string;
	/** Shared by a $batch request and its parts. */
	batchId?: number;
	fault?: string;
	/** A batch part's Content-Type and body exactly as received. */
	contentType?: string;
	body?: string;
}

export interface SimulatorStats {
	/** HTTP requests received (batch parts not included). */
	requests: number;
	batchParts: number;
	/** Key `${method} ${template}`; batch parts are prefixed `[batch] `. */
	byRoute: Record<string, number>;
	byStatus: Record<string, number>;
	tokensIssued: number;
	throttled: number;
	maxConcurrency: number;
	inFlight: number;
	faultsInjected: Record<string, number>;
	concurrentChanges: number;
}

const LOG_LIMIT = 20_000;

/** Replaces key predicates with (…) and drops the deployment prefix. */
export function pathTemplate(path: string): string {
	const svc = /\/ifsapplications\/projection\/v1\/(.*)$/.exec(path);
	const tail = svc ? svc[1] : path;
	return tail.replace(/\((?:[^()']|'(?:[^']|'')*')*\)/g, '(…)');
}

export class Stats {
	private log: RequestLogEntry[] = [];
	private seq = 0;
	private batches = 0;
	private httpRequests = 0;
	private batchParts = 0;
	byRoute: Record<string, number> = {};
	byStatus: Record<string, number> = {};
	throttled = 0;
	maxConcurrency = 0;
	inFlight = 0;
	faultsInjected: Record<string, number> = {};
	concurrentChanges = 0;

	record(entry: Omit<RequestLogEntry, 'seq' | 'at' | 'template'>): RequestLogEntry {
		const template = pathTemplate(decodeURIComponentSafe(entry.path.split('?')[0]));
		const full: RequestLogEntry = { ...entry, seq: ++this.seq, at: new Date().toISOString(), template };
		this.log.push(full);
		if (this.log.length > LOG_LIMIT) this.log.shift();
		const route = `${entry.kind === 'batch-part' ? '[batch] ' : ''}${entry.method} ${template}`;
		this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
		this.byStatus[entry.status] = (this.byStatus[entry.status] ?? 0) + 1;
		if (entry.kind === 'batch-part') this.batchParts++;
		else this.httpRequests++;
		if (entry.status === 429) this.throttled++;
		if (entry.fault) this.faultsInjected[entry.fault] = (this.faultsInjected[entry.fault] ?? 0) + 1;
		return full;
	}

	nextBatchId(): number {
		return ++this.batches;
	}

	enter(): void {
		this.inFlight++;
		this.maxConcurrency = Math.max(this.maxConcurrency, this.inFlight);
	}

	leave(): void {
		this.inFlight--;
	}

	entries(sinceSeq = 0): RequestLogEntry[] {
		return this.log.filter((e) => e.seq > sinceSeq);
	}

	snapshot(tokensIssued: number): SimulatorStats {
		return {
			requests: this.httpRequests,
			batchParts: this.batchParts,
			byRoute: { ...this.byRoute },
			byStatus: { ...this.byStatus },
			tokensIssued,
			throttled: this.throttled,
			maxConcurrency: this.maxConcurrency,
			inFlight: this.inFlight,
			faultsInjected: { ...this.faultsInjected },
			concurrentChanges: this.concurrentChanges,
		};
	}
}

function decodeURIComponentSafe(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}
