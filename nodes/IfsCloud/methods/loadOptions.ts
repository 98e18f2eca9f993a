/** Attribute names of the chosen entity set, read from the projection's $metadata. */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { entityProperties } from '../../shared/ifs/metadata';
import { chosen, dropdownTransport } from './transport';

export async function getProperties(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const projection = chosen(this, 'projection');
	const entitySet = chosen(this, 'entitySet');
	if (!projection || !entitySet) return [];
	const transport = await dropdownTransport(this);
	const reply = await transport.send<string>({
		method: 'GET',
		projection,
		path: '$metadata',
		headers: { Accept: 'application/xml' },
		attempted: { method: 'GET', entitySet: `${projection}.svc/$metadata` },
	});
	return entityProperties(String(reply.body), entitySet).map((property) => ({ name: property.name, value: property.name, description: property.type }));
}
