/**
 * ETags for IFS optimistic concurrency: read `@odata.etag` (or the `ETag` header), send it as
 * `If-Match`, and on 412 describe both versions to the user.
 */
import { headerValue } from '../../retry';

export type Entity = Record<string, unknown>;

export interface EtagConflict {
	message: string;
	ours?: string;
	theirs?: string;
	/** Fields whose values differ between the version we read and IFS's current one. */
	changedFields: string[];
}

/** IFS bookkeeping that changes on every write and says nothing to the user. */
const META_FIELDS = new Set(['luname', 'keyref', 'Objgrants', 'Objversion', 'Objid', 'Objkey']);

/** `@odata.etag` of an entity, else the `ETag` header of a response (any header case). */
export function etagOf(entityOrHeaders: Entity | undefined): string | undefined {
	const annotated = entityOrHeaders?.['@odata.etag'];
	if (typeof annotated === 'string' && annotated !== '') return annotated;
	return headerValue(entityOrHeaders, 'etag');
}

/** `ours` is what we read (entity or ETag), `theirs` what IFS holds now (entity or ETag). */
export function describeEtagConflict(ours: Entity | string | undefined, theirs: Entity | string | undefined): EtagConflict {
	const ourEtag = typeof ours === 'string' ? ours : etagOf(ours);
	const theirEtag = typeof theirs === 'string' ? theirs : etagOf(theirs);
	const changedFields = typeof ours === 'object' && typeof theirs === 'object' ? differingFields(ours, theirs) : [];
	const versions = `we sent If-Match ${ourEtag ?? '(none)'}, IFS now has ${theirEtag ?? '(unknown)'}`;
	const changed = changedFields.length ? `; changed fields: ${changedFields.join(', ')}` : '';
	return {
		message: `The record was changed in IFS Cloud after it was read (${versions}${changed})`,
		...(ourEtag ? { ours: ourEtag } : {}),
		...(theirEtag ? { theirs: theirEtag } : {}),
		changedFields,
	};
}

function differingFields(ours: Entity, theirs: Entity): string[] {
	const names = new Set([...Object.keys(ours), ...Object.keys(theirs)]);
	return [...names]
		.filter((name) => !name.startsWith('@odata.') && !META_FIELDS.has(name))
		.filter((name) => JSON.stringify(ours[name]) !== JSON.stringify(theirs[name]))
		.sort();
}
