/** IFS IAM (Keycloak) client-credentials token endpoint, OpenID discovery and bearer validation. */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { ClientConfig, ResolvedOptions } from './options';

export interface TokenInfo {
	client: ClientConfig;
	expiresAt: number;
}

export interface AuthResponse {
	status: number;
	headers: Record<string, string>;
	body: string;
}

const GRANTED_SCOPE = 'openid audience microprofile-jwt profile email';
const REFRESH_LIFETIME_SECONDS = 1800;

function json(status: number, body: unknown, headers: Record<string, string> = {}): AuthResponse {
	return { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers }, body: JSON.stringify(body) };
}

function base64url(value: string | Buffer): string {
	return Buffer.from(value).toString('base64url');
}

export class Iam {
	private accessTokens = new Map<string, TokenInfo>();
	private refreshTokens = new Map<string, TokenInfo>();
	private signingKey = randomBytes(32);
	issued = 0;

	constructor(
		private options: ResolvedOptions,
		private issuer: () => string,
	) {}

	discovery(): AuthResponse {
		const issuer = this.issuer();
		return json(200, {
			issuer,
			authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
			token_endpoint: `${issuer}/protocol/openid-connect/token`,
			jwks_uri: `${issuer}/protocol/openid-connect/certs`,
			grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token', 'password'],
			token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
			scopes_supported: ['openid', 'microprofile-jwt', 'profile', 'email', 'audience'],
			response_types_supported: ['code'],
		});
	}

	/** POST token: Keycloak checks grant_type presence, then client authentication, then the grant. */
	token(body: string, authorization: string | undefined): AuthResponse {
		const form = new URLSearchParams(body);
		const grantType = form.get('grant_type');
		if (!grantType) return json(400, { error: 'invalid_request', error_description: 'Missing form parameter: grant_type' });
		const client = this.authenticateClient(form, authorization);
		if (!client) return json(401, { error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials' });
		if (grantType === 'refresh_token') return this.refresh(form.get('refresh_token'), client);
		if (grantType !== 'client_credentials') return json(400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant_type' });
		return this.issue(client);
	}

	/** HTTP Basic (client_secret_basic) wins over body parameters (client_secret_post), as in Keycloak. */
	private authenticateClient(form: URLSearchParams, authorization: string | undefined): ClientConfig | undefined {
		let id = form.get('client_id');
		let secret = form.get('client_secret');
		const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '');
		if (basic) {
			const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
			const colon = decoded.indexOf(':');
			id = decodeURIComponent(decoded.slice(0, colon));
			secret = decodeURIComponent(decoded.slice(colon + 1));
		}
		return this.options.clients.find((c) => c.clientId === id && c.clientSecret === secret);
	}

	private refresh(refreshToken: string | null, client: ClientConfig): AuthResponse {
		const info = refreshToken ? this.refreshTokens.get(refreshToken) : undefined;
		if (!info || info.client.clientId !== client.clientId || info.expiresAt < Date.now()) {
			return json(400, { error: 'invalid_grant', error_description: 'Invalid refresh token' });
		}
		return this.issue(client);
	}

	private issue(client: ClientConfig): AuthResponse {
		const now = Math.floor(Date.now() / 1000);
		const lifetime = this.options.tokenLifetimeSeconds;
		const accessToken = this.jwt({ typ: 'Bearer', azp: client.clientId, exp: now + lifetime, iat: now });
		const refreshToken = this.jwt({ typ: 'Refresh', azp: client.clientId, exp: now + REFRESH_LIFETIME_SECONDS, iat: now });
		this.accessTokens.set(accessToken, { client, expiresAt: (now + lifetime) * 1000 });
		this.refreshTokens.set(refreshToken, { client, expiresAt: (now + REFRESH_LIFETIME_SECONDS) * 1000 });
		this.issued++;
		return json(200, {
			access_token: accessToken,
			expires_in: lifetime,
			refresh_expires_in: REFRESH_LIFETIME_SECONDS,
			refresh_token: refreshToken,
			token_type: 'Bearer',
			id_token: this.jwt({ typ: 'ID', azp: client.clientId, exp: now + lifetime, iat: now }),
			'not-before-policy': 0,
			session_state: randomUUID(),
			scope: GRANTED_SCOPE,
		});
	}

	private jwt(claims: Record<string, unknown>): string {
		const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
		const payload = base64url(
			JSON.stringify({ ...claims, jti: randomUUID(), iss: this.issuer(), sub: randomUUID(), preferred_username: `service-account-${claims.azp}`, scope: GRANTED_SCOPE }),
		);
		const signature = createHmac('sha256', this.signingKey).update(`${header}.${payload}`).digest('base64url');
		return `${header}.${payload}.${signature}`;
	}

	/** The client behind a valid bearer token, or undefined (unknown, expired, or not a Bearer header). */
	validate(authorization: string | undefined): ClientConfig | undefined {
		const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
		const info = bearer ? this.accessTokens.get(bearer[1]) : undefined;
		if (!info || info.expiresAt <= Date.now()) return undefined;
		return info.client;
	}

	/** Fault knob: every access token issued so far expires now. */
	expireAll(): void {
		for (const info of this.accessTokens.values()) info.expiresAt = 0;
	}

	unauthorized(): AuthResponse {
		const headers = { 'WWW-Authenticate': `Bearer realm="${this.options.realm}", error="invalid_token"` };
		if (this.options.unauthorizedBody === 'odata') {
			return json(401, { error: { code: 'UNAUTHORIZED', message: 'Access token is missing, invalid or expired.' } }, headers);
		}
		return { status: 401, headers: { 'Content-Type': 'text/plain', ...headers }, body: 'Unauthorized' };
	}
}
