import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { assertAllowedConcurUrl, parseHostList } from '../nodes/shared/concur/hosts';
import { headerValue, parseJsonText } from '../nodes/shared/retry';
import { obtainConcurTokens, type ConcurConnection } from '../nodes/shared/concur/token';

const DOCUMENTED_TOKEN_HOSTS = [
	{ name: 'Global Landing Zone (glz) — Recommended', value: 'https://glz.api.concursolutions.com' },
	{ name: 'US2', value: 'https://us2.api.concursolutions.com' },
	{ name: 'EU2', value: 'https://eu2.api.concursolutions.com' },
	{ name: 'APJ1', value: 'https://apj1.api.concursolutions.com' },
	{ name: 'US Public Sector (usg)', value: 'https://usg.api.concursolutions.com' },
	{ name: 'US (Legacy)', value: 'https://us.api.concursolutions.com' },
	{ name: 'EMEA (Legacy)', value: 'https://emea.api.concursolutions.com' },
	{ name: 'China (cn)', value: 'https://cn.api.concurcdc.cn' },
	{ name: 'Custom URL', value: 'custom' },
];

export class SapConcurOAuth2Api implements ICredentialType {
	name = 'sapConcurOAuth2Api';

	displayName = 'SAP Concur OAuth2 API';

	icon: Icon = { light: 'file:sapConcur.svg', dark: 'file:sapConcur.dark.svg' };

	documentationUrl = 'https://developer.concur.com/api-reference/authentication/apidoc.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'The App ID of your SAP Concur app (from App Center or the Concur partner team)',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Connection Type',
			name: 'connectionType',
			type: 'options',
			options: [
				{
					name: 'Company (Company Request Token)',
					value: 'company',
					description: 'Recommended: a company-level connection, required for Financial Integration Service',
				},
				{ name: 'User (Login and Password)', value: 'user' },
			],
			default: 'company',
		},
		{
			displayName: 'Company UUID',
			name: 'companyUuid',
			type: 'string',
			default: '',
			displayOptions: { show: { connectionType: ['company'] } },
			description: 'Shown next to the company request token in Concur Authentication Admin',
		},
		{
			displayName: 'Company Request Token',
			name: 'requestToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { connectionType: ['company'] } },
			description:
				'Generated in Concur under Administration → Company → Authentication Admin → Company Request Token. It is valid for 24 hours and is exchanged once; after that the connection renews itself.',
		},
		{
			displayName: 'Login ID',
			name: 'username',
			type: 'string',
			default: '',
			displayOptions: { show: { connectionType: ['user'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { connectionType: ['user'] } },
		},
		{
			displayName: 'Token Host',
			name: 'loginHost',
			type: 'options',
			options: DOCUMENTED_TOKEN_HOSTS,
			default: 'https://glz.api.concursolutions.com',
			description: 'Where the first token is requested. Data calls always go to the datacenter Concur names in its answer.',
		},
		{
			displayName: 'Custom Token Host URL',
			name: 'customLoginHost',
			type: 'string',
			default: '',
			placeholder: 'https://us2.api.concursolutions.com',
			displayOptions: { show: { loginHost: ['custom'] } },
		},
		{
			displayName: 'Extra Allowed Hosts',
			name: 'extraAllowedHosts',
			type: 'string',
			default: '',
			placeholder: '127.0.0.1',
			description:
				'Comma-separated host names, besides *.api.concursolutions.com and *.api.concurcdc.cn, that may receive the token (for example a local Concur simulator). Leave empty in production.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Geolocation',
			name: 'geolocation',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Connection Renew By (Filled In by n8n)',
			name: 'connectionRenewBy',
			type: 'string',
			default: '',
			placeholder: 'Stored at the first token refresh',
			description:
				'When SAP Concur drops this connection if it is not used (six months after the last token refresh); each refresh moves it. The Concur Connection Health template keeps it moving and warns in time. Leave it as it is.',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const postForm = async (url: string, form: Record<string, string>) => {
			const response = await this.helpers.httpRequest({
				method: 'POST',
				url,
				// Concur rejects "charset=utf-8" in the token request's content type.
				headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
				body: new URLSearchParams(form).toString(),
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				// The form carries the client secret and a refresh or request token: never re-post it elsewhere.
				disableFollowRedirect: true,
				json: false,
			});
			return { statusCode: response.statusCode, body: typeof response.body === 'string' ? parseJsonText(response.body) : response.body, location: headerValue(response.headers, 'location') };
		};
		try {
			return { ...(await obtainConcurTokens(toConnection(credentials), postForm)) };
		} catch (error) {
			// Shown by the credential's Test too: when the connection had to be renewed.
			const renewBy = String(credentials.connectionRenewBy ?? '');
			if (renewBy && error instanceof Error) error.message += ` This connection had to be renewed by ${renewBy.slice(0, 10)}.`;
			throw error;
		}
	}

	authenticate: IAuthenticate = async (credentials, requestOptions: IHttpRequestOptions) => {
		const allowed = parseHostList(credentials.extraAllowedHosts as string);
		const geolocation = assertAllowedConcurUrl(credentials.geolocation as string, allowed, 'the stored geolocation');
		const target = isAbsolute(requestOptions.url) ? requestOptions.url : (requestOptions.baseURL ?? geolocation);
		assertAllowedConcurUrl(target, allowed, 'the request URL');
		return {
			...requestOptions,
			baseURL: requestOptions.baseURL ?? geolocation,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${credentials.accessToken as string}` },
		};
	};

	test: ICredentialTestRequest = {
		request: { method: 'GET', url: '/profile/v1/me', headers: { Accept: 'application/json' }, disableFollowRedirect: true },
	};
}

function toConnection(credentials: ICredentialDataDecryptedObject): ConcurConnection {
	const tokenHost = credentials.loginHost === 'custom' ? (credentials.customLoginHost as string) : (credentials.loginHost as string);
	return {
		clientId: credentials.clientId as string,
		clientSecret: credentials.clientSecret as string,
		connectionType: credentials.connectionType === 'user' ? 'user' : 'company',
		companyUuid: credentials.companyUuid as string,
		requestToken: credentials.requestToken as string,
		username: credentials.username as string,
		password: credentials.password as string,
		tokenHost: tokenHost || 'https://glz.api.concursolutions.com',
		extraAllowedHosts: parseHostList(credentials.extraAllowedHosts as string),
		refreshToken: credentials.refreshToken as string,
		geolocation: credentials.geolocation as string,
		accessToken: credentials.accessToken as string,
	};
}

function isAbsolute(url: string): boolean {
	return /^https?:\/\//i.test(url);
}
