/** A transport for dropdowns: same credential, retries and company scope as the node's runs. */
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { DEFAULT_SETTINGS, IFS_CREDENTIAL_TYPE, IfsTransport } from '../../shared/ifs/transport';

export async function dropdownTransport(ctx: ILoadOptionsFunctions): Promise<IfsTransport> {
	const credentials = await ctx.getCredentials(IFS_CREDENTIAL_TYPE);
	return new IfsTransport(ctx, String(credentials.tenantUrl ?? ''), DEFAULT_SETTINGS());
}

/** The chosen projection / entity set of the Record resource (resource locator values). */
export function chosen(ctx: ILoadOptionsFunctions, name: 'projection' | 'entitySet'): string {
	return String(ctx.getNodeParameter(name, '', { extractValue: true }) ?? '').trim();
}
