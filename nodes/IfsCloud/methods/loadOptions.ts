/** Attribute names of the chosen entity set, read from the projection's $metadata. */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { entityProperties } from '../../shared/ifs/metadata';
import { chosen, dropdownTransport } from './transport';

export async function getProperties(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const projection = chosen(this, 'projection');
	const entitySet = chosen(this, 'entitySet');
	if (!projection || !entitySet) return [];
	const transport = await dropdownTransport(this);
	return entityProperties(await transport.metadata(projection), entitySet).map((property) => ({ name: property.name, value: property.name, description: property.type }));
}
