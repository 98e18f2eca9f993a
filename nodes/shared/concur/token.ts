/**
 * SAP Concur token exchange (OAuth2 password grant with company request tokens or user
 * passwords, refresh-token rotation and geolocation routing). Used by the credential's
 * preAuthentication; the HTTP call is injected so this file stays free of n8n runtime calls.
 * Grants are coordinated per process (grant-ledger.ts): n8n itself does not serialise them.
 */
import { assertAllowedConcurUrl } from './hosts';
import { credentialKey, processGrantLedger, type GrantLedger, type IssuedTokens } from './grant-ledger';
import { redactErrorInPlace } from '../redact';
import { settle } from '../settle';
import { isRedirectStatus } from '../redirects';
import { unreadableBodyKind } from '../response-body';

export interface TokenHttpResponse {
	statusCode: number;
	body: unknown;
	/** The Location header of a redirect answer (never followed). */
	location?: string;
}

export type PostForm = (url: string, form: Record<string, string>) => Promise<TokenHttpResponse>;

export interface ConcurConnection {
	clientId: string;
	clientSecret: string;
	connectionType: 'company' | 'user';
	companyUuid?: string;
	requestToken?: string;
	username?: string;
	password?: string;
	tokenHost: string;
	extraAllowedHosts: string[];
	refreshToken?: string;
	geolocation?: string;
	/** The access token in use (only to keep it out of messages). */
	accessToken?: string;
}

export type ConcurTokens = IssuedTokens;

interface ConcurOAuthError {
	error?: string;
	error_description?: string;
	code?: number | string;
	geolocation?: string;
}

interface Granted {
	tokens: ConcurTokens;
	lifetimeMs: number;
}

type Stage = 'refresh' | 'exchange';

const BAD_REFRESH_TOKEN_CODE = 108;
const LIVES_ELSEWHERE_CODE = 16;
const DEFAULT_ACCESS_TOKEN_SECONDS = 3600;

export class ConcurAuthError extends Error {
	constructor(
		message: string,
		readonly concurCode?: number,
	) {
		super(message);
		this.name = 'ConcurAuthError';
	}
}

/**
 * Concur refused the stored refresh token (code 108), or a request token this process just
 * exchanged: another execution probably just used it. The caller re-reads the stored credential
 * and repeats the request once; a second refusal falls back to the request token (or fails).
 */
export class ConcurRefreshRaceError extends ConcurAuthError {
	constructor(concurText: string, what: 'refresh token' | 'company request token' = 'refresh token') {
		super(
			`SAP Concur refused the stored ${what}${what === 'refresh token' ? ' (code 108)' : ''}: ${concurText}. Another execution using this credential (possibly in another n8n worker) has probably just used it; n8n does not lock credential refreshes across processes. The request is repeated once with the credential as stored now.`,
			BAD_REFRESH_TOKEN_CODE,
		);
		this.name = 'ConcurRefreshRaceError';
	}
}

function grantUrl(host: string): string {
	return `${host}/oauth2/v0/token`;
}

export async function obtainConcurTokens(connection: ConcurConnection, postForm: PostForm, ledger: GrantLedger = processGrantLedger): Promise<ConcurTokens> {
	const obtained = await settle(obtainCoordinated(connection, postForm, ledger));
	if (!obtained.ok) throw redactErrorInPlace(obtained.error, secretsOf(connection));
	return obtained.value;
}

async function obtainCoordinated(connection: ConcurConnection, postForm: PostForm, ledger: GrantLedger): Promise<ConcurTokens> {
	if (connection.refreshToken && connection.geolocation) {
		const refreshed = await refreshOnce(connection, postForm, ledger);
		if (refreshed) return refreshed;
		return await exchangeOnce(connection, postForm, ledger, true);
	}
	return await exchangeOnce(connection, postForm, ledger, false);
}

/** Undefined when Concur refused the refresh token twice (or it was spent twice): exchange instead. */
async function refreshOnce(connection: ConcurConnection, postForm: PostForm, ledger: GrantLedger): Promise<ConcurTokens | undefined> {
	const newer = ledger.newest(connection.clientId, credentialKey(connection.clientId, connection.refreshToken!));
	// Another execution of this process already refreshed: use what it got, unless that is the token just refused.
	if (newer?.usable && newer.tokens.accessToken !== connection.accessToken) return newer.tokens;
	const current = newer ? { ...connection, refreshToken: newer.tokens.refreshToken, geolocation: newer.tokens.geolocation } : connection;
	const spent = credentialKey(current.clientId, current.refreshToken!);
	return await ledger.once(spent, async () => {
		const outcome = await refreshAtGeolocation(current, postForm);
		if ('tokens' in outcome) {
			ledger.record(spent, outcome.tokens, outcome.lifetimeMs);
			return outcome.tokens;
		}
		if (ledger.firstRefusal(spent)) throw new ConcurRefreshRaceError(outcome.refusal);
		return undefined;
	});
}

async function exchangeOnce(connection: ConcurConnection, postForm: PostForm, ledger: GrantLedger, afterRefusedRefresh: boolean): Promise<ConcurTokens> {
	const spent = credentialKey(connection.clientId, connection.tokenHost, ...Object.values(grantForm(connection)));
	return await ledger.once(spent, async () => {
		const granted = await settle(exchangeCredentials(connection, postForm, afterRefusedRefresh));
		if (granted.ok) {
			ledger.spent(spent);
			return granted.value.tokens;
		}
		// A one-shot request token this process exchanged a moment ago: the winner's tokens are being stored.
		if (connection.connectionType === 'company' && isCredentialRefusal(granted.error) && ledger.spentRecently(spent) && ledger.firstRefusal(spent)) {
			throw new ConcurRefreshRaceError((granted.error as Error).message, 'company request token');
		}
		throw granted.error;
	});
}

function isCredentialRefusal(error: unknown): boolean {
	return error instanceof ConcurAuthError && [5, 19, 64].includes(error.concurCode ?? 0);
}

async function refreshAtGeolocation(connection: ConcurConnection, postForm: PostForm): Promise<Granted | { refusal: string }> {
	const geolocation = assertAllowedConcurUrl(connection.geolocation!, connection.extraAllowedHosts, 'the stored geolocation');
	const response = await postForm(grantUrl(geolocation), {
		client_id: connection.clientId,
		client_secret: connection.clientSecret,
		grant_type: 'refresh_token',
		refresh_token: connection.refreshToken!,
	});
	if (isSuccess(response)) return toGranted(response, connection, geolocation, 'refresh');
	const error = oauthError(response);
	if (Number(error.code) === BAD_REFRESH_TOKEN_CODE || error.error === 'invalid_grant') return { refusal: concurTextOf(error, response) };
	throw describeFailure(response, connection, 'refresh', false);
}

async function exchangeCredentials(connection: ConcurConnection, postForm: PostForm, afterRefusedRefresh: boolean): Promise<Granted> {
	const form = grantForm(connection);
	const tokenHost = assertAllowedConcurUrl(connection.tokenHost, connection.extraAllowedHosts, 'the token host');
	let response = await postForm(grantUrl(tokenHost), form);
	let host = tokenHost;
	const error = oauthError(response);
	// Concur code 16 "user lives elsewhere": repeat the grant at the principal's own datacenter.
	if (!isSuccess(response) && Number(error.code) === LIVES_ELSEWHERE_CODE && error.geolocation) {
		host = assertAllowedConcurUrl(error.geolocation, connection.extraAllowedHosts, 'the geolocation Concur redirected to');
		response = await postForm(grantUrl(host), form);
	}
	if (isSuccess(response)) return toGranted(response, connection, host, 'exchange');
	throw describeFailure(response, connection, 'exchange', afterRefusedRefresh);
}

function grantForm(connection: ConcurConnection): Record<string, string> {
	const common = { client_id: connection.clientId, client_secret: connection.clientSecret, grant_type: 'password' };
	if (connection.connectionType === 'company') {
		return { ...common, username: connection.companyUuid ?? '', password: connection.requestToken ?? '', credtype: 'authtoken' };
	}
	return { ...common, username: connection.username ?? '', password: connection.password ?? '', credtype: 'password' };
}

function toGranted(response: TokenHttpResponse, connection: ConcurConnection, fallbackHost: string, stage: Stage): Granted {
	const data = response.body;
	if (!isJsonObject(data) || typeof data.access_token !== 'string' || !data.access_token) {
		throw new ConcurAuthError(
			`SAP Concur's token endpoint answered HTTP ${response.statusCode} with ${isJsonObject(data) ? 'JSON without an access token' : (unreadableBodyKind(data) ?? 'JSON that is not an OAuth answer')} instead of a token. Check the token host in the credential: it must be a SAP Concur token host such as https://us2.api.concursolutions.com.`,
		);
	}
	const refreshToken = typeof data.refresh_token === 'string' && data.refresh_token ? data.refresh_token : undefined;
	if (!refreshToken && stage === 'exchange') {
		throw new ConcurAuthError(
			'SAP Concur answered the token request without a refresh token, so the connection could not renew itself when the access token expires in an hour. Check that the app may use refresh tokens (Concur code 107 means it may not) and that the credential uses a company request token or a login, then save the credential again.',
		);
	}
	const geolocation = assertAllowedConcurUrl(
		typeof data.geolocation === 'string' && data.geolocation ? data.geolocation : fallbackHost,
		connection.extraAllowedHosts,
		'the geolocation in the token response',
	);
	return {
		tokens: {
			accessToken: data.access_token,
			// Concur may rotate the refresh token on every refresh: always keep the newest one.
			refreshToken: refreshToken ?? connection.refreshToken ?? '',
			geolocation,
			connectionRenewBy: epochToIso(data.refresh_expires_in),
		},
		lifetimeMs: secondsOr(data.expires_in, DEFAULT_ACCESS_TOKEN_SECONDS) * 1000,
	};
}

/** Concur sends refresh_expires_in as absolute epoch seconds, as a number or a string. */
function epochToIso(value: unknown): string {
	const seconds = Number(value);
	return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : '';
}

/** expires_in arrives as a string or a number of seconds. */
function secondsOr(value: unknown, fallback: number): number {
	const seconds = Number(value);
	return Number.isFinite(seconds) && seconds > 0 ? seconds : fallback;
}

function isSuccess(response: TokenHttpResponse): boolean {
	return response.statusCode >= 200 && response.statusCode < 300;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oauthError(response: TokenHttpResponse): ConcurOAuthError {
	return isJsonObject(response.body) ? (response.body as ConcurOAuthError) : {};
}

function concurTextOf(error: ConcurOAuthError, response: TokenHttpResponse): string {
	return [error.error, error.error_description].filter(Boolean).join(': ') || `HTTP ${response.statusCode}`;
}

function secretsOf(connection: ConcurConnection): string[] {
	return [connection.clientSecret, connection.requestToken, connection.password, connection.refreshToken, connection.accessToken].filter(
		(value): value is string => typeof value === 'string' && value !== '',
	);
}


const RECONNECT_COMPANY =
	'Generate a new company request token in SAP Concur (Administration → Company → Authentication Admin → Company Request Token) for this app and paste it into the credential.';
const RECONNECT_USER = 'Check the login and password in the credential, then save it again.';

function remedyFor(code: number, connection: ConcurConnection, stage: Stage): string {
	const reconnect = connection.connectionType === 'company' ? RECONNECT_COMPANY : RECONNECT_USER;
	switch (code) {
		case 136:
			return `The company request token was issued for another app (App ID). ${RECONNECT_COMPANY}`;
		case 5:
		case 19:
		case 64:
			return stage === 'exchange' && connection.connectionType === 'company'
				? `The company request token is wrong, expired (they last 24 hours) or already used up, or the client secret is wrong. ${RECONNECT_COMPANY}`
				: `The credentials were rejected. Check the client id and secret. ${reconnect}`;
		case 108:
			return `The stored refresh token was revoked or has expired. ${reconnect}`;
		case 134:
			return 'The company is undergoing scheduled maintenance in SAP Concur. Try again later.';
		case 53:
		case 59:
		case 61:
			return 'The app (client id) is not enabled for this company or is disabled. Check the client id and the app connection in SAP Concur App Center.';
		case 10:
		case 11:
		case 12:
		case 13:
		case 14:
		case 20:
		case 123:
			return 'The Concur account is disabled, locked or not allowed to log on from here. Ask your Concur administrator.';
		default:
			return reconnect;
	}
}

function describeFailure(response: TokenHttpResponse, connection: ConcurConnection, stage: Stage, afterRefusedRefresh: boolean): ConcurAuthError {
	if (isRedirectStatus(response.statusCode)) return redirectRefusal(response, stage);
	if (!isJsonObject(response.body)) return unreadableRefusal(response);
	const error = oauthError(response);
	const code = Number(error.code);
	const codeText = Number.isFinite(code) ? ` (code ${code})` : ` (HTTP ${response.statusCode})`;
	const history = afterRefusedRefresh ? ` ${REFRESH_REFUSED_FIRST}` : '';
	return new ConcurAuthError(
		`SAP Concur refused the token request${codeText}: ${concurTextOf(error, response)}.${history} ${remedyFor(code, connection, stage)}`,
		Number.isFinite(code) ? code : undefined,
	);
}

const REFRESH_REFUSED_FIRST =
	'The stored refresh token had been refused (code 108) twice, so the company request token or login was tried instead. If several n8n workers use this credential, one may have rotated the refresh token at the same moment (n8n does not lock credential refreshes across workers): if other executions succeeded, run this one again.';

function redirectRefusal(response: TokenHttpResponse, stage: Stage): ConcurAuthError {
	const what = stage === 'refresh' ? 'the refresh token' : 'the company request token or password';
	const target = response.location ? ` to ${originOrText(response.location)}` : '';
	return new ConcurAuthError(
		`SAP Concur's token endpoint answered HTTP ${response.statusCode} (a redirect${target}). Token requests carry the client secret and ${what}, so they are never redirected and nothing was sent there. Check the token host in the credential.`,
	);
}

function unreadableRefusal(response: TokenHttpResponse): ConcurAuthError {
	const retry = response.statusCode >= 500 ? 'Try again later; if it keeps failing, check' : 'Check';
	return new ConcurAuthError(
		`SAP Concur's token endpoint answered HTTP ${response.statusCode} with ${unreadableBodyKind(response.body) ?? 'JSON that is not an OAuth answer'} instead of an OAuth answer. ${retry} the token host in the credential: it must be a SAP Concur token host such as https://us2.api.concursolutions.com.`,
	);
}

function originOrText(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return 'an unusable location';
	}
}
