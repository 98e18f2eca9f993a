/** Searchable lists for the Record resource's projection and entity set pickers. */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { DEFAULT_PROJECTION_NAMES } from '../../shared/ifs/projections';
import { chosen, dropdownTransport } from './transport';

/** The projections this package knows; any other projection can be typed by name. */
export async function searchProjections(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const names = [...new Set(Object.values(DEFAULT_PROJECTION_NAMES))].sort();
	return { results: names.filter((name) => matches(name, filter)).map((name) => ({ name, value: name })) };
}

/** Entity sets from the projection's service document. */
export async function searchEntitySets(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const projection = chosen(this, 'projection');
	if (!projection) return { results: [] };
	const transport = await dropdownTransport(this);
	const reply = await transport.send<{ value?: Array<{ name: string; kind?: string }> }>({
		method: 'GET',
		projection,
		path: '',
		attempted: { method: 'GET', entitySet: `${projection}.svc` },
	});
	const sets = (reply.body.value ?? []).filter((entry) => (entry.kind ?? 'EntitySet') === 'EntitySet').map((entry) => entry.name);
	return { results: sets.filter((name) => matches(name, filter)).map((name) => ({ name, value: name })) };
}

function matches(name: string, filter: string | undefined): boolean {
	return !filter || name.toLowerCase().includes(filter.toLowerCase());
}
