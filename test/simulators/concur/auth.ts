/** OAuth2 token endpoint (GLZ + datacenters), bearer-token checks and Profile v1 `me`. */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import * as scenario from '../seed/scenario';
import type { SimContext } from './context';
import { gatewayError, oauthError } from './errors';
import { json, type Route, type SimRequest, type SimResponse } from './http';
import { OTHER_APP_CLIENT_ID } from './seed-builder';
import type { AccessToken, ApiFamily, Datacenter, Principal } from './types';

const REQUEST_TOKEN_TTL_MS = 24 * 3600 * 1000;
const REFRESH_TOKEN_TTL_MS = 182 * 24 * 3600 * 1000;
const JWT_SECRET = randomBytes(32);
const CLIENTS: Record<string, string> = { [scenario.concurApp.clientId]: scenario.concurApp.clientSecret, [OTHER_APP_CLIENT_ID]: 'other-app-secret' };
const CREDENTIAL_PARAMS = ['client_id', 'client_secret', 'username', 'password', 'refresh_token'];
const COMPANY_SCOPES = 'openid EXPRPT LIST INVPMT INVVEN INVPO FISVC expense.report.read spend.list.read spend.listitem.read spend.listitem.write purchaserequest.read events.topic.read company.read';
const USER_SCOPES = 'openid EXPRPT LIST INVPMT user.read expense.report.read spend.list.read';
const APP_SCOPES = 'events.topic.read FISVC expense.report.read';

const badCredentials = () => oauthError(400, 'invalid_grant', 'Incorrect Credentials. Please Retry', 5);
const livesElsewhere = (ctx: SimContext, dc: Datacenter) =>
	oauthError(400, 'invalid_request', 'user lives elsewhere', 16, { 'concur-correlationid': randomUUID(), geolocation: ctx.datacenterUrl(dc) });

function base64Json(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function makeJwt(claims: Record<string, unknown>): string {
	const unsigned = `${base64Json({ alg: 'HS256', typ: 'JWT', kid: 'concur-sim' })}.${base64Json({ ...claims, jti: randomUUID() })}`;
	return `${unsigned}.${createHmac('sha256', JWT_SECRET).update(unsigned).digest('base64url')}`;
}

function principalClaims(ctx: SimContext, principal: Principal) {
	const iat = Math.floor(ctx.now() / 1000);
	const sub = principal.type === 'user' ? principal.userUuid : principal.type === 'company' ? principal.companyUuid : principal.clientId;
	return { sub, 'concur.type': principal.type, 'concur.version': 2, iss: ctx.datacenterUrl(principal.datacenter), iat, nbf: iat };
}

function issueTokens(ctx: SimContext, principal: Principal, grantType: string, withRefresh: boolean): SimResponse {
	const lifetime = ctx.options.tokenLifetimeSeconds;
	const claims = principalClaims(ctx, principal);
	const scope = principal.type === 'company' ? COMPANY_SCOPES : principal.type === 'user' ? USER_SCOPES : APP_SCOPES;
	const accessToken = makeJwt({ ...claims, aud: '*', exp: claims.iat + lifetime, 'concur.scopes': scope.split(' ') });
	ctx.accessTokens.set(accessToken, { ...principal, token: accessToken, expiresAt: ctx.now() + lifetime * 1000, grantType });
	ctx.stats.tokensByGrant[grantType] = (ctx.stats.tokensByGrant[grantType] ?? 0) + 1;
	const body: Record<string, unknown> = {
		// the reference page types expires_in as a string; other guides show a number
		expires_in: ctx.options.expiresInAsNumber ? lifetime : String(lifetime),
		scope, token_type: 'Bearer', access_token: accessToken,
	};
	if (withRefresh) {
		const refreshToken = randomUUID();
		const expiresAt = ctx.now() + REFRESH_TOKEN_TTL_MS;
		ctx.refreshTokens.set(refreshToken, { ...principal, token: refreshToken, expiresAt, valid: true });
		body.refresh_token = refreshToken;
		body.refresh_expires_in = Math.floor(expiresAt / 1000); // absolute epoch seconds, not a duration
		if (ctx.options.issueIdToken) body.id_token = makeJwt({ ...claims, aud: principal.clientId, exp: claims.iat + lifetime });
	}
	body.geolocation = ctx.datacenterUrl(principal.datacenter);
	return json(200, body);
}

function companyGrant(ctx: SimContext, req: SimRequest, form: URLSearchParams, clientId: string): SimResponse {
	const requestToken = ctx.requestTokens.get(form.get('password') ?? '');
	const username = (form.get('username') ?? '').toLowerCase();
	if (!requestToken || requestToken.companyUuid.toLowerCase() !== username) return badCredentials();
	if (requestToken.clientId !== clientId) return oauthError(400, 'invalid_request', 'authtoken was not issued for you', 136);
	if (ctx.now() - requestToken.issuedAt > REQUEST_TOKEN_TTL_MS) return badCredentials();
	if (requestToken.uses >= ctx.options.requestTokenMaxUses) return badCredentials();
	const home = ctx.companyHome(requestToken.companyUuid) as Datacenter;
	if (req.role !== 'token' && req.role !== home) return livesElsewhere(ctx, home);
	requestToken.uses += 1;
	ctx.connectedCompanies.add(requestToken.companyUuid);
	return issueTokens(ctx, { type: 'company', companyUuid: requestToken.companyUuid, clientId, datacenter: home }, 'password:authtoken', true);
}

function userGrant(ctx: SimContext, req: SimRequest, form: URLSearchParams, clientId: string): SimResponse {
	const username = (form.get('username') ?? '').toLowerCase();
	const user = scenario.concurUsers.find((u) => u.loginId === username || u.userUuid === username);
	if (!user || user.password !== form.get('password')) return badCredentials();
	// the user password grant must go to the user's own geolocation, GLZ included
	if (req.role !== user.homeDatacenter) return livesElsewhere(ctx, user.homeDatacenter);
	return issueTokens(ctx, { type: 'user', userUuid: user.userUuid, companyUuid: user.companyUuid, clientId, datacenter: user.homeDatacenter }, 'password', true);
}

function refreshGrant(ctx: SimContext, req: SimRequest, form: URLSearchParams, clientId: string): SimResponse {
	const token = form.get('refresh_token');
	if (!token) return oauthError(400, 'invalid_request', 'refresh_token not supplied', 106);
	const record = ctx.refreshTokens.get(token);
	if (!record || !record.valid || record.expiresAt < ctx.now() || record.clientId !== clientId) {
		return oauthError(400, 'invalid_grant', 'Refresh token is invalid or expired', 108);
	}
	if (req.role !== record.datacenter) return livesElsewhere(ctx, record.datacenter);
	// rotation: a new refresh token every time; whether the old one keeps working is UNVERIFIED (switch)
	if (!ctx.options.oldRefreshTokenStaysValid) record.valid = false;
	ctx.stats.refreshTokensRotated += 1;
	const { token: _old, expiresAt: _exp, valid: _valid, ...principal } = record;
	return issueTokens(ctx, principal, 'refresh_token', true);
}

function tokenEndpoint(ctx: SimContext, req: SimRequest): SimResponse {
	if (CREDENTIAL_PARAMS.some((p) => req.query.has(p))) {
		return oauthError(400, 'invalid_request', 'Credentials must be sent in the request body, not in the URL', 0);
	}
	const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
	const form = new URLSearchParams(isForm ? req.body.toString('utf8') : '');
	const clientId = form.get('client_id');
	if (!clientId) return oauthError(400, 'invalid_request', 'client_id is missing', 62);
	if (!form.get('client_secret')) return oauthError(400, 'invalid_request', 'client_secret is missing', 63);
	if (!form.get('grant_type')) return oauthError(400, 'invalid_request', 'grant_type is missing', 65);
	if (!(clientId in CLIENTS)) return oauthError(401, 'invalid_client', 'client not found', 61);
	if (CLIENTS[clientId] !== form.get('client_secret')) return oauthError(401, 'invalid_client', 'Incorrect client credentials', 19);
	switch (form.get('grant_type')) {
		case 'password': {
			const credtype = form.get('credtype') ?? 'password';
			if (credtype === 'authtoken') return companyGrant(ctx, req, form, clientId);
			if (credtype === 'password') return userGrant(ctx, req, form, clientId);
			return oauthError(400, 'invalid_request', 'credtype is invalid', 120);
		}
		case 'refresh_token': return refreshGrant(ctx, req, form, clientId);
		case 'client_credentials': {
			const datacenter: Datacenter = req.role === 'token' ? 'us2' : req.role;
			return issueTokens(ctx, { type: 'app', clientId, datacenter }, 'client_credentials', false);
		}
		default: return oauthError(400, 'unsupported_grant_type', 'grant_type is not supported', 65);
	}
}

/** Bearer check for data APIs; sets `req.principal` or returns the gateway's refusal. */
export function authenticate(ctx: SimContext, req: SimRequest, route: Route): SimResponse | undefined {
	if (!route.principals) return undefined;
	const header = req.headers.authorization ?? '';
	if (!/^Bearer\s+\S+$/i.test(header)) return gatewayError(401, 'Authorization header is missing or malformed');
	const token: AccessToken | undefined = ctx.accessTokens.get(header.replace(/^Bearer\s+/i, ''));
	if (!token) return gatewayError(401, 'Invalid token');
	// tokens are only good at their own geolocation
	if (token.datacenter !== req.role) return gatewayError(401, 'Token is not valid for this datacenter');
	if (token.expiresAt <= ctx.now()) {
		const status = ctx.options.expiredTokenStatus[route.family as ApiFamily] ?? 403;
		return gatewayError(status, 'Expired token');
	}
	if (!route.principals.includes(token.type)) return gatewayError(403, `A ${token.type} token is not accepted by this API`);
	req.principal = token;
	return undefined;
}

function profileMe(req: SimRequest): SimResponse {
	const principal = req.principal as Principal;
	const company = scenario.concurCompanies.find((c) => c.companyUuid === principal.companyUuid);
	if (principal.type === 'company' && company) {
		return json(200, {
			id: company.companyUuid, name: company.name, companyDomain: 'northwind.example', meta: { principalType: 'company' },
			'com:concur:Expense:0.1': { offeringCode: 'EXP', marketingName: 'Enterprise' },
		});
	}
	const user = scenario.concurUsers.find((u) => u.userUuid === principal.userUuid);
	return json(200, {
		id: user?.userUuid, userName: user?.loginId, displayName: 'AP Clerk', active: true, meta: { principalType: 'user' },
		emails: [{ value: user?.loginId, type: 'work' }], companyId: user?.companyUuid,
	});
}

export function authRoutes(ctx: SimContext): { tokenRoute: Route; dataRoutes: Route[] } {
	const tokenRoute: Route = { method: 'POST', template: '/oauth2/v0/token', family: 'oauth', handler: (req) => tokenEndpoint(ctx, req) };
	const profile: Route = { method: 'GET', template: '/profile/v1/me', family: 'profile', principals: ['company', 'user'], handler: profileMe };
	return { tokenRoute, dataRoutes: [profile] };
}
