/**
 * SAP Concur token exchange (OAuth2 password grant with company request tokens or user
 * passwords, refresh-token rotation and geolocation routing). Used by the credential's
 * preAuthentication; the HTTP call is injected so this file stays free of n8n runtime calls.
 */
import { assertAllowedConcurUrl } from './hosts';

export interface TokenHttpResponse {
	statusCode: number;
	body: unknown;
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
}

export interface ConcurTokens {
	accessToken: string;
	refreshToken: string;
	geolocation: string;
	connectionRenewBy: string;
}

interface ConcurOAuthError {
	error?: string;
	error_description?: string;
	code?: number | string;
	geolocation?: string;
}

const BAD_REFRESH_TOKEN_CODE = 108;
const LIVES_ELSEWHERE_CODE = 16;

export class ConcurAuthError extends Error {
	constructor(
		message: string,
		readonly concurCode?: number,
	) {
		super(message);
		this.name = 'ConcurAuthError';
	}
}

function grantUrl(host: string): string {
	return `${host}/oauth2/v0/token`;
}

export async function obtainConcurTokens(connection: ConcurConnection, postForm: PostForm): Promise<ConcurTokens> {
	if (connection.refreshToken && connection.geolocation) {
		const refreshed = await refreshAtGeolocation(connection, postForm);
		if (refreshed) return refreshed;
	}
	return await exchangeCredentials(connection, postForm);
}

/** Returns undefined when Concur says the refresh token is no longer good (code 108 / invalid_grant). */
async function refreshAtGeolocation(connection: ConcurConnection, postForm: PostForm): Promise<ConcurTokens | undefined> {
	const geolocation = assertAllowedConcurUrl(connection.geolocation!, connection.extraAllowedHosts, 'the stored geolocation');
	const response = await postForm(grantUrl(geolocation), {
		client_id: connection.clientId,
		client_secret: connection.clientSecret,
		grant_type: 'refresh_token',
		refresh_token: connection.refreshToken!,
	});
	if (isSuccess(response)) return toTokens(response.body, connection, geolocation);
	const error = oauthError(response);
	if (Number(error.code) === BAD_REFRESH_TOKEN_CODE || error.error === 'invalid_grant') return undefined;
	throw describeFailure(response, connection, 'refresh');
}

async function exchangeCredentials(connection: ConcurConnection, postForm: PostForm): Promise<ConcurTokens> {
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
	if (isSuccess(response)) return toTokens(response.body, connection, host);
	throw describeFailure(response, connection, 'exchange');
}

function grantForm(connection: ConcurConnection): Record<string, string> {
	const common = { client_id: connection.clientId, client_secret: connection.clientSecret, grant_type: 'password' };
	if (connection.connectionType === 'company') {
		return { ...common, username: connection.companyUuid ?? '', password: connection.requestToken ?? '', credtype: 'authtoken' };
	}
	return { ...common, username: connection.username ?? '', password: connection.password ?? '', credtype: 'password' };
}

function toTokens(body: unknown, connection: ConcurConnection, fallbackHost: string): ConcurTokens {
	const data = (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown>;
	if (typeof data?.access_token !== 'string' || !data.access_token) {
		throw new ConcurAuthError('SAP Concur answered the token request without an access token. Check the token host in the credential.');
	}
	const geolocation = assertAllowedConcurUrl(
		typeof data.geolocation === 'string' && data.geolocation ? data.geolocation : fallbackHost,
		connection.extraAllowedHosts,
		'the geolocation in the token response',
	);
	return {
		accessToken: data.access_token,
		// Concur may rotate the refresh token on every refresh: always keep the newest one.
		refreshToken: typeof data.refresh_token === 'string' && data.refresh_token ? data.refresh_token : (connection.refreshToken ?? ''),
		geolocation,
		connectionRenewBy: epochToIso(data.refresh_expires_in),
	};
}

/** Concur sends refresh_expires_in as absolute epoch seconds, as a number or a string. */
function epochToIso(value: unknown): string {
	const seconds = Number(value);
	return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : '';
}

function isSuccess(response: TokenHttpResponse): boolean {
	return response.statusCode >= 200 && response.statusCode < 300;
}

function oauthError(response: TokenHttpResponse): ConcurOAuthError {
	const body = response.body;
	if (body && typeof body === 'object') return body as ConcurOAuthError;
	if (typeof body === 'string') {
		try {
			return JSON.parse(body) as ConcurOAuthError;
		} catch {
			return { error_description: body.slice(0, 300) };
		}
	}
	return {};
}

const RECONNECT_COMPANY =
	'Generate a new company request token in SAP Concur (Administration → Company → Authentication Admin → Company Request Token) for this app and paste it into the credential.';
const RECONNECT_USER = 'Check the login and password in the credential, then save it again.';

function remedyFor(code: number, connection: ConcurConnection, stage: 'refresh' | 'exchange'): string {
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

function describeFailure(response: TokenHttpResponse, connection: ConcurConnection, stage: 'refresh' | 'exchange'): ConcurAuthError {
	const error = oauthError(response);
	const code = Number(error.code);
	const concurText = [error.error, error.error_description].filter(Boolean).join(': ') || `HTTP ${response.statusCode}`;
	const codeText = Number.isFinite(code) ? ` (code ${code})` : '';
	const what = stage === 'refresh' ? 'refresh the access token' : 'obtain an access token';
	return new ConcurAuthError(
		`SAP Concur refused to ${what}${codeText}: ${concurText}. ${remedyFor(code, connection, stage)}`,
		Number.isFinite(code) ? code : undefined,
	);
}
