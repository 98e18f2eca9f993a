/** Fault injection: latency, 429/5xx rates, connection resets, bursts, deprecation headers (seeded dice). */
import type { ServerRole } from './types';
import { seededRandom } from '../seeded-random';

export interface FaultMatch {
	/** RegExp source tested against the path (no query string); omitted = every path. */
	path?: string;
	method?: string;
	/** Which server: `token`, `us2` or `eu2`; omitted = all. */
	server?: ServerRole;
}

export interface FaultRule extends FaultMatch {
	latencyMs?: number;
	/** Fraction (0..1) of matching requests answered 429. */
	rateLimitRate?: number;
	/** `retry-after` header value on injected 429s (default `0`, like List v4). */
	retryAfter?: string;
	/** Fraction (0..1) of matching requests answered with `serverErrorStatus` (default 503). */
	serverErrorRate?: number;
	serverErrorStatus?: number;
	/** Fraction (0..1) of matching requests whose socket is destroyed without an answer. */
	connectionResetRate?: number;
}

export interface BurstFault extends FaultMatch {
	/** The next `count` matching requests fail. */
	count: number;
	/** HTTP status to answer, or `reset` to destroy the connection. */
	status: number | 'reset';
	retryAfter?: string;
}

export interface FaultSettings {
	rules?: FaultRule[];
	burst?: BurstFault;
	/** RegExp sources of paths answered with `x-api-warn` and `sunset` headers. */
	deprecatedPaths?: string[];
	/** Changes the access-token lifetime of tokens issued from now on. */
	tokenLifetimeSeconds?: number;
}

export type FaultAction = { kind: 'status'; status: number; retryAfter?: string } | { kind: 'reset' };

export interface FaultDecision {
	latencyMs: number;
	action?: FaultAction;
	deprecated: boolean;
}

function matches(m: FaultMatch, method: string, path: string, server: ServerRole): boolean {
	return (!m.path || new RegExp(m.path).test(path)) && (!m.method || m.method.toUpperCase() === method) && (!m.server || m.server === server);
}

export class FaultEngine {
	private settings: FaultSettings = {};
	private burstLeft = 0;
	private random: () => number;

	constructor(private readonly seed: number, private readonly baseLatencyMs: () => number) {
		this.random = seededRandom(seed);
	}

	get current(): FaultSettings & { burstRemaining: number } {
		return { ...this.settings, burstRemaining: this.burstLeft };
	}

	/** Replaces the fault settings and re-seeds the dice so a given setting always plays out the same. */
	set(settings: FaultSettings): void {
		this.settings = settings;
		this.burstLeft = settings.burst?.count ?? 0;
		this.random = seededRandom(this.seed);
	}

	clear(): void {
		this.set({});
	}

	decide(method: string, path: string, server: ServerRole): FaultDecision {
		const rules = (this.settings.rules ?? []).filter((r) => matches(r, method, path, server));
		const decision: FaultDecision = {
			latencyMs: this.baseLatencyMs() + rules.reduce((sum, r) => sum + (r.latencyMs ?? 0), 0),
			deprecated: (this.settings.deprecatedPaths ?? []).some((p) => new RegExp(p).test(path)),
		};
		decision.action = this.burstAction(method, path, server) ?? this.ruleAction(rules);
		return decision;
	}

	private burstAction(method: string, path: string, server: ServerRole): FaultAction | undefined {
		const burst = this.settings.burst;
		if (!burst || this.burstLeft <= 0 || !matches(burst, method, path, server)) return undefined;
		this.burstLeft -= 1;
		return burst.status === 'reset' ? { kind: 'reset' } : { kind: 'status', status: burst.status, retryAfter: burst.retryAfter ?? (burst.status === 429 ? '0' : undefined) };
	}

	private ruleAction(rules: FaultRule[]): FaultAction | undefined {
		for (const rule of rules) {
			if (rule.connectionResetRate && this.random() < rule.connectionResetRate) return { kind: 'reset' };
			if (rule.rateLimitRate && this.random() < rule.rateLimitRate) return { kind: 'status', status: 429, retryAfter: rule.retryAfter ?? '0' };
			if (rule.serverErrorRate && this.random() < rule.serverErrorRate) return { kind: 'status', status: rule.serverErrorStatus ?? 503 };
		}
		return undefined;
	}
}
