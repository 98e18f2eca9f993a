/**
 * Record operations over any entity set, shared by the Record resource and the typed resources.
 * A company-scoped target never reads or writes outside its company: keys, bodies and the rows
 * read before a write are checked, and queries are ANDed with the company condition.
 */
import type { IDataObject } from 'n8n-workflow';

import { entityKeys } from './metadata';
import type { Entity } from './odata/etag';
import { buildQuery, compileFilter, companyScopedFilter, type FilterNode, type OrderBy } from './odata/filter';
import { DECIMAL_READ_HEADERS } from './odata/decimals';
import type { EntityRef, IfsTransport, Keys } from './transport';
import { OutcomeUnknownError } from './write-outcome';

export interface RecordTarget {
	ref: EntityRef;
	/** Set when the entity set carries a Company attribute. */
	company?: string;
}

export interface ListOptions {
	filter?: FilterNode;
	select?: string[];
	orderby?: Array<OrderBy | string>;
	limit?: number;
	/** Edm.Decimal values as exact strings (IEEE754Compatible) instead of JSON numbers. */
	exactDecimals?: boolean;
}

export class CompanyMismatchError extends Error {
	constructor(what: string, found: unknown, company: string) {
		super(`${what} names company ${JSON.stringify(found)}, but this node works in company ${company}; nothing was sent`);
		this.name = 'CompanyMismatchError';
	}
}

export async function getRecord(transport: IfsTransport, target: RecordTarget, keys: Keys): Promise<IDataObject> {
	assertKeysInCompany(target, keys);
	const { entity } = await transport.getEntity(target.ref, keys);
	assertEntityInCompany(target, entity);
	return clean(entity);
}

export async function listRecords(transport: IfsTransport, target: RecordTarget, options: ListOptions): Promise<IDataObject[]> {
	const context = { projection: target.ref.projection };
	const userFilter = options.filter && compileFilter(options.filter, context) !== '' ? options.filter : undefined;
	const filter = target.company ? companyScopedFilter(target.company, userFilter, context) : userFilter && compileFilter(userFilter, context);
	const query = buildQuery({ filter: filter || undefined, select: options.select, orderby: options.orderby });
	const { rows } = await transport.getAll(target.ref, query, { limit: options.limit, ...(options.exactDecimals ? { headers: { ...DECIMAL_READ_HEADERS } } : {}) });
	return rows.map(clean);
}

/** Creates once: when IFS's answer is lost the record is read back by its keys, never sent again. */
export async function createRecord(transport: IfsTransport, target: RecordTarget, fields: IDataObject, path?: string): Promise<IDataObject> {
	const body = withCompany(target, fields);
	let failure: unknown;
	try {
		return clean((await transport.create(target.ref, body, path)).body);
	} catch (error) {
		failure = error;
	}
	if (failure instanceof OutcomeUnknownError && !path) return await readBackCreated(transport, target, body, failure);
	throw failure;
}

/** The created record if IFS holds it under the keys the body names; otherwise what the user must check. */
async function readBackCreated(transport: IfsTransport, target: RecordTarget, body: IDataObject, lost: OutcomeUnknownError): Promise<IDataObject> {
	const { entitySet } = target.ref;
	const keyNames = entityKeys(await transport.metadata(target.ref.projection), entitySet);
	if (keyNames.length === 0 || keyNames.some((name) => body[name] === undefined || body[name] === null)) {
		throw new Error(`${lost.message}. IFS assigns the keys of ${entitySet}, so it cannot be read back: check ${entitySet} in IFS before creating this record again`);
	}
	const keys: Keys = Object.fromEntries(keyNames.map((name) => [name, typeof body[name] === 'number' ? { type: 'number', value: String(body[name]) } : String(body[name])]));
	const found = await transport.findEntity(target.ref, keys);
	if (found) return { ...clean(found.entity), confirmedByReadBack: true };
	const described = keyNames.map((name) => `${name}=${String(body[name])}`).join(', ');
	throw new Error(`${lost.message}. Read back: ${entitySet} (${described}) is not in IFS, so nothing was created; run again to create it`);
}

export async function updateRecord(transport: IfsTransport, target: RecordTarget, keys: Keys, fields: IDataObject): Promise<IDataObject> {
	assertKeysInCompany(target, keys);
	const body = target.company && fields.Company === undefined ? fields : withCompany(target, fields);
	const result = await transport.modify(target.ref, keys, (current) => {
		assertEntityInCompany(target, current);
		return { method: 'PATCH', body };
	});
	return { ...clean(result.entity ?? {}), '@odata.etag': result.etag, reappliedAfterConflict: result.reapplied };
}

export async function deleteRecord(transport: IfsTransport, target: RecordTarget, keys: Keys): Promise<IDataObject> {
	assertKeysInCompany(target, keys);
	const result = await transport.modify(target.ref, keys, (current) => {
		assertEntityInCompany(target, current);
		return { method: 'DELETE' };
	});
	return { deleted: true, entitySet: target.ref.entitySet, keys: keys as IDataObject, reappliedAfterConflict: result.reapplied };
}

/** The record, or undefined when it does not exist. */
export async function findRecord(transport: IfsTransport, target: RecordTarget, keys: Keys): Promise<IDataObject | undefined> {
	assertKeysInCompany(target, keys);
	const found = await transport.findEntity(target.ref, keys);
	if (found) assertEntityInCompany(target, found.entity);
	return found && clean(found.entity);
}

/** Update with the ETag when the record exists, else create it with its keys. */
export async function upsertRecord(transport: IfsTransport, target: RecordTarget, keys: Keys, fields: IDataObject): Promise<IDataObject> {
	assertKeysInCompany(target, keys);
	if (await transport.findEntity(target.ref, keys)) return { ...(await updateRecord(transport, target, keys, fields)), upsert: 'updated' };
	const created = await createRecord(transport, target, { ...plainKeys(keys), ...fields });
	return { ...created, upsert: 'created' };
}

function assertKeysInCompany(target: RecordTarget, keys: Keys): void {
	if (target.company && keys.Company !== undefined && plainValue(keys.Company) !== target.company) {
		throw new CompanyMismatchError('The key', plainValue(keys.Company), target.company);
	}
}

function assertEntityInCompany(target: RecordTarget, entity: Entity): void {
	if (target.company && entity.Company !== undefined && entity.Company !== target.company) {
		throw new CompanyMismatchError(`The ${target.ref.entitySet} record`, entity.Company, target.company);
	}
}

export function withCompany(target: RecordTarget, fields: IDataObject): IDataObject {
	if (!target.company) return fields;
	if (fields.Company !== undefined && fields.Company !== target.company) throw new CompanyMismatchError('The body', fields.Company, target.company);
	return { Company: target.company, ...fields };
}

function plainKeys(keys: Keys): IDataObject {
	return Object.fromEntries(Object.entries(keys).map(([name, value]) => [name, plainValue(value)])) as IDataObject;
}

function plainValue(value: Keys[string]): unknown {
	return typeof value === 'object' && value !== null && 'value' in value ? value.value : value;
}

/** Drops the OData context annotation; keeps `@odata.etag` for later writes. */
function clean(entity: Entity): IDataObject {
	return Object.fromEntries(Object.entries(entity).filter(([name]) => name !== '@odata.context')) as IDataObject;
}
