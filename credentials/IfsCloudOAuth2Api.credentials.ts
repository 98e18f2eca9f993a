import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class IfsCloudOAuth2Api implements ICredentialType {
	name = 'ifsCloudOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'IFS Cloud OAuth2 API';

	icon: Icon = { light: 'file:ifsCloud.svg', dark: 'file:ifsCloud.dark.svg' };

	documentationUrl =
		'https://docs.ifs.com/techdocs/24r2/030_administration/010_security/040_iam_settings/035_iam_clients/020_authenticate_external_integration/300_client_credential_flow';

	properties: INodeProperties[] = [
		{
			displayName: 'Tenant URL',
			name: 'tenantUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://acme.ifs.cloud',
			description: 'The IFS Cloud system URL, without a path',
		},
		{
			displayName: 'Realm (Namespace)',
			name: 'realm',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acme1',
			description:
				'The IAM namespace, as in /auth/realms/<namespace>/ of the token endpoint shown in IFS API Explorer → API Doc → Authorizations',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'An IAM client with Service Accounts enabled and the needed permission sets',
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
			displayName: 'Default Company',
			name: 'defaultCompany',
			type: 'string',
			default: '',
			required: true,
			placeholder: '10',
			description: 'The IFS company used when a node does not name one',
		},
		{
			displayName: 'Allowed Companies',
			name: 'allowedCompanies',
			type: 'string',
			default: '',
			placeholder: '10, 20',
			description:
				'Comma-separated companies this connection may read and write. Nodes refuse any other company before sending anything. Empty means the default company only.',
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'clientCredentials',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: '={{$self["tenantUrl"].replace(/\\/+$/, "")}}/auth/realms/{{$self["realm"]}}/protocol/openid-connect/token',
		},
		{
			displayName: 'Auth URL',
			name: 'authUrl',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: 'openid microprofile-jwt',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			// HTTP Basic, not the form body: n8n's OAuth2 client follows redirects of the token request, and
			// only drops the Authorization header (never the body) when a redirect leaves the host.
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'header',
		},
		// n8n keeps an inherited field at the parent's position, above Tenant URL: hide the generic ones IFS IAM does not need.
		{ displayName: 'Send Additional Body Properties', name: 'sendAdditionalBodyProperties', type: 'hidden', default: false },
		{ displayName: 'Additional Body Properties', name: 'additionalBodyProperties', type: 'hidden', default: '' },
	];

	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			baseURL: '={{$credentials.tenantUrl.replace(/\\/+$/, "")}}',
			url: '/main/ifsapplications/projection/v1/CompanyHandling.svc/CompanySet',
			qs: { $top: 1, $select: 'Company' },
			headers: { Accept: 'application/json' },
			disableFollowRedirect: true,
		},
	};
}
