/** Everything an operation needs for one node run: the transport, the company scope and the settings. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { IFS_CREDENTIAL_TYPE, IfsTransport } from './transport';
import { companyScopeOf, resolveCompany, type CompanyScope } from './company';
import { projectionNamesFrom, type ProjectionNames } from './projections';
import { requestSettingsFrom, type RequestSettings } from './settings';

export interface IfsConnection {
	transport: IfsTransport;
	scope: CompanyScope;
	settings: RequestSettings;
	names: ProjectionNames;
}

export async function openConnection(ctx: IExecuteFunctions): Promise<IfsConnection> {
	const credentials = await ctx.getCredentials(IFS_CREDENTIAL_TYPE);
	const settings = requestSettingsFrom(ctx.getNodeParameter('requestSettings', 0, {}) as IDataObject);
	return {
		transport: new IfsTransport(ctx, String(credentials.tenantUrl ?? ''), settings.transport),
		scope: companyScopeOf(credentials),
		settings,
		names: projectionNamesFrom(ctx.getNodeParameter('projectionNames', 0, {}) as IDataObject),
	};
}

/** The item's company (node parameter, else the credential default), refused unless allowed. */
export function companyFor(ctx: IExecuteFunctions, connection: IfsConnection, itemIndex: number): string {
	return resolveCompany(connection.scope, ctx.getNodeParameter('company', itemIndex, '') as string);
}
