/**
 * The Concur connection's renew-by date: a refresh token unused for six months dies, and every
 * refresh moves the date (Concur's sliding window). Pure, so the rules are tested directly.
 */
const DAY_MS = 24 * 3600 * 1000;

export type RenewalState = { status: 'ok'; renewBy: string; daysLeft: number } | { status: 'renewSoon'; renewBy: string; daysLeft: number } | { status: 'unknown' };

/** `renewBy` is the ISO date the credential stored at its last token refresh (empty: never told). */
export function assessRenewal(renewBy: string, now: number, minDaysLeft: number): RenewalState {
	const at = Date.parse(renewBy);
	if (!renewBy || Number.isNaN(at)) return { status: 'unknown' };
	const daysLeft = Math.floor((at - now) / DAY_MS);
	return { status: daysLeft < minDaysLeft ? 'renewSoon' : 'ok', renewBy: new Date(at).toISOString(), daysLeft };
}

export const RECONNECT_STEPS =
	'generate a new company request token in SAP Concur (Administration → Company → Authentication Admin → Company Request Token), paste it into the credential\'s Company Request Token field and press Test (a user connection: check its login and password and press Test)';

export function renewSoonMessage(credential: string, renewBy: string, daysLeft: number): string {
	const when = daysLeft < 0 ? `expired on ${renewBy.slice(0, 10)}` : `must be renewed by ${renewBy.slice(0, 10)} (${daysLeft} days left)`;
	return `The SAP Concur credential "${credential}" ${when} and refreshing its token did not move that date. Before then, ${RECONNECT_STEPS}.`;
}

export function renewalFailedMessage(credential: string, renewBy: string, concurMessage: string): string {
	const date = renewBy && !concurMessage.includes(renewBy.slice(0, 10)) ? ` It had to be renewed by ${renewBy.slice(0, 10)}.` : '';
	return `The SAP Concur credential "${credential}" could not renew its connection: ${concurMessage}${date} To reconnect, ${RECONNECT_STEPS}.`;
}
