/**
 * Per-process memory of SAP Concur grants. n8n runs `preAuthentication` without any lock, so
 * executions that find the access token expired at the same moment would each spend the same
 * rotating refresh token (or one-shot company request token): the first wins, the others get
 * code 108 (or 5). The ledger lets one grant per spent credential run at a time, remembers what
 * each refresh led to (handing the newer tokens to callers that still hold the spent refresh
 * token), and which request tokens this process has just exchanged. It cannot see other n8n
 * processes (queue-mode workers): see docs/security.md.
 */
import { createHash } from 'crypto';

export interface IssuedTokens {
	accessToken: string;
	refreshToken: string;
	geolocation: string;
	connectionRenewBy: string;
}

interface Grant {
	tokens: IssuedTokens;
	/** When the access token stops being worth handing out (ms since epoch). */
	usableUntil: number;
}

/** A remembered access token is handed out only while it has this much life left. */
const MIN_REMAINING_LIFE_MS = 5 * 60 * 1000;
/** A refusal of a refresh token counts as a possible race for this long. */
const RACE_WINDOW_MS = 10 * 60 * 1000;
const MAX_ENTRIES = 1000;

export class GrantLedger {
	private readonly inFlight = new Map<string, Promise<unknown>>();

	private readonly ledToTokens = new Map<string, Grant>();

	private readonly refusedAt = new Map<string, number>();

	private readonly spentAt = new Map<string, number>();

	constructor(private readonly now: () => number = Date.now) {}

	/** Runs `grant` unless one for the same spent credential is running; then shares its outcome. */
	async once<T>(spentKey: string, grant: () => Promise<T>): Promise<T> {
		const running = this.inFlight.get(spentKey) as Promise<T> | undefined;
		if (running) return await running;
		const started = grant();
		this.inFlight.set(spentKey, started);
		try {
			return await started;
		} finally {
			this.inFlight.delete(spentKey);
		}
	}

	/** The refresh token behind `spentKey` was exchanged for `tokens`, good for `lifetimeMs`. */
	record(spentKey: string, tokens: IssuedTokens, lifetimeMs: number): void {
		this.ledToTokens.set(spentKey, { tokens, usableUntil: this.now() + lifetimeMs - MIN_REMAINING_LIFE_MS });
		trim(this.ledToTokens);
	}

	/** The newest tokens this process obtained by spending `spentKey` (following later rotations), if any. */
	newest(clientId: string, spentKey: string): { tokens: IssuedTokens; usable: boolean } | undefined {
		let grant = this.ledToTokens.get(spentKey);
		for (let hops = 0; grant && hops < MAX_ENTRIES; hops++) {
			const next = this.ledToTokens.get(credentialKey(clientId, grant.tokens.refreshToken));
			if (!next) break;
			grant = next;
		}
		return grant && { tokens: grant.tokens, usable: grant.usableUntil > this.now() };
	}

	/** A one-shot credential (company request token) was exchanged by this process. */
	spent(spentKey: string): void {
		this.spentAt.set(spentKey, this.now());
		trim(this.spentAt);
	}

	/** Whether this process exchanged the credential within the race window. */
	spentRecently(spentKey: string): boolean {
		const at = this.spentAt.get(spentKey);
		return at !== undefined && this.now() - at < RACE_WINDOW_MS;
	}

	/** True the first time (within the race window) Concur refuses this credential. */
	firstRefusal(spentKey: string): boolean {
		const previous = this.refusedAt.get(spentKey);
		if (previous !== undefined && this.now() - previous < RACE_WINDOW_MS) return false;
		this.refusedAt.set(spentKey, this.now());
		trim(this.refusedAt);
		return true;
	}
}

/** Keys never hold a secret: a hash of the app and the spent credential. */
export function credentialKey(clientId: string, ...parts: string[]): string {
	return createHash('sha256').update([clientId, ...parts].join('\n')).digest('hex');
}

function trim(map: Map<string, unknown>): void {
	while (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
}

/** The ledger of this n8n process. */
export const processGrantLedger = new GrantLedger();
