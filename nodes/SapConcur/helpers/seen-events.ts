/**
 * Event ids this n8n process has accepted. ESS delivers at least once, retries for up to 72 h and
 * delivers in parallel, so the same event can arrive twice at the same moment. The check and the
 * record happen in one synchronous step, so two concurrent deliveries of one event can never
 * both pass in the same process. n8n 2.41 gives a webhook no store that is atomic across processes
 * (workflow static data is not saved for production webhooks and is read before another request
 * saves it); a redelivery to another process or after a restart is stopped by the document claim
 * downstream (the FIS acknowledgement). See docs/security.md.
 */

/** ESS keeps retrying an event for 72 hours. */
const REMEMBER_MS = 72 * 60 * 60 * 1000;
const MAX_REMEMBERED = 20_000;

export class SeenEvents {
	private readonly acceptedAt = new Map<string, number>();

	constructor(private readonly now: () => number = Date.now) {}

	/** True for the first delivery of `key` within the window; every later call answers false. */
	claim(key: string): boolean {
		const now = this.now();
		const previous = this.acceptedAt.get(key);
		if (previous !== undefined && now - previous < REMEMBER_MS) return false;
		this.acceptedAt.delete(key);
		this.acceptedAt.set(key, now);
		this.forgetOldest(now);
		return true;
	}

	private forgetOldest(now: number): void {
		for (const [key, at] of this.acceptedAt) {
			if (this.acceptedAt.size <= MAX_REMEMBERED && now - at < REMEMBER_MS) return;
			this.acceptedAt.delete(key);
		}
	}
}

/** The ids this process has accepted, shared by every Event Trigger it runs. */
export const processSeenEvents = new SeenEvents();
