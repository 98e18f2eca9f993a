/**
 * Operations of the typed resources over their default projections: the same record operations
 * as the Record resource, with the entity set, keys and company scope fixed per resource.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../shared/display-options';
import type { IfsPosting } from '../../shared/postings';
import { companyFor, type IfsConnection } from '../../shared/ifs/connection';
import { forEachItem } from '../../shared/ifs/items';
import { fieldsFrom, listParameters } from '../helpers/parameters';
import type { ProjectionNames } from '../../shared/ifs/projections';
import { createRecord, deleteRecord, getRecord, listRecords, updateRecord, type RecordTarget } from '../../shared/ifs/records';
import type { FilterCondition, FilterGroup } from '../../shared/ifs/odata/filter';
import type { EntityRef, Keys } from '../../shared/ifs/transport';
import { companyProperty, fieldsProperty, queryOptionsProperty, returnAllOrLimit } from './common.descriptions';
import { postItemsToOneOutput } from './posting/post.operation';

export interface KeyParameter {
	label: string;
	/** IFS key attribute, also the node parameter's name. */
	attribute: string;
	valueType: 'string' | 'number';
	/** Options instead of free text (e.g. code parts A–J). */
	choices?: Array<{ name: string; value: string }>;
	initial?: string;
}

export interface TypedEntity {
	resource: string;
	ref(names: ProjectionNames): EntityRef;
	/** Key attributes other than Company. */
	keys: KeyParameter[];
	/** Whether Company is an attribute of the entity set (queries filtered, rows checked). */
	companyScoped: boolean;
	/** Company is an attribute but not part of the key (e.g. purchase orders, keyed by OrderNo). */
	companyOutsideKey?: boolean;
}

export interface TypedOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, items: INodeExecutionData[], connection: IfsConnection): Promise<INodeExecutionData[]>;
}

type Show = { resource: string[]; operation: string[] };

function keyProperties(entity: TypedEntity): INodeProperties[] {
	return entity.keys.map((key) => ({
		displayName: key.label,
		name: key.attribute,
		type: key.choices ? ('options' as const) : ('string' as const),
		...(key.choices ? { options: key.choices } : {}),
		default: key.initial ?? '',
		required: true,
	}));
}

function scopeProperties(entity: TypedEntity): INodeProperties[] {
	return entity.companyScoped ? [companyProperty] : [];
}

export function targetOf(ctx: IExecuteFunctions, connection: IfsConnection, entity: TypedEntity, itemIndex: number): RecordTarget {
	return { ref: entity.ref(connection.names), company: entity.companyScoped ? companyFor(ctx, connection, itemIndex) : undefined };
}

export function keysOf(ctx: IExecuteFunctions, entity: TypedEntity, target: RecordTarget, itemIndex: number): Keys {
	const keys: Keys = target.company && !entity.companyOutsideKey ? { Company: target.company } : {};
	for (const key of entity.keys) {
		const value = String(ctx.getNodeParameter(key.attribute, itemIndex));
		keys[key.attribute] = key.valueType === 'number' ? { type: 'number', value } : value;
	}
	return keys;
}

function show(entity: TypedEntity, operation: string): { show: Show } {
	return { show: { resource: [entity.resource], operation: [operation] } };
}

export function typedGet(entity: TypedEntity, extra: INodeProperties[] = [], enrich?: Enricher): TypedOperation {
	return {
		description: updateDisplayOptions(show(entity, 'get'), [...scopeProperties(entity), ...keyProperties(entity), ...extra]),
		async execute(items, connection) {
			return await forEachItem(this, items, async (itemIndex) => {
				const target = targetOf(this, connection, entity, itemIndex);
				const record = await getRecord(connection.transport, target, keysOf(this, entity, target, itemIndex));
				return enrich ? await enrich.call(this, record, connection, itemIndex) : record;
			});
		},
	};
}

export type Enricher = (this: IExecuteFunctions, record: IDataObject, connection: IfsConnection, itemIndex: number) => Promise<IDataObject>;

/** Get Many with optional fixed conditions built from the resource's own filter parameters. */
export function typedGetMany(
	entity: TypedEntity,
	filterProperties: INodeProperties[] = [],
	conditionsOf: (ctx: IExecuteFunctions, itemIndex: number) => FilterCondition[] = () => [],
	operation = 'getMany',
): TypedOperation {
	return {
		description: updateDisplayOptions(show(entity, operation), [...scopeProperties(entity), ...filterProperties, ...returnAllOrLimit, queryOptionsProperty]),
		async execute(items, connection) {
			return await forEachItem(this, items, async (itemIndex) => {
				const target = targetOf(this, connection, entity, itemIndex);
				const filter: FilterGroup = { combinator: 'and', conditions: conditionsOf(this, itemIndex) };
				return await listRecords(connection.transport, target, { filter, ...listParameters(this, itemIndex) });
			});
		},
	};
}

/** Create from the key parameters, the resource's own fields (`fieldsOf`) and Fields (JSON). */
export function typedCreate(entity: TypedEntity, extra: INodeProperties[] = [], fieldsOf?: (ctx: IExecuteFunctions, itemIndex: number) => IDataObject): TypedOperation {
	return {
		description: updateDisplayOptions(show(entity, 'create'), [...scopeProperties(entity), ...keyProperties(entity), ...extra, fieldsProperty]),
		async execute(items, connection) {
			return await forEachItem(this, items, async (itemIndex) => {
				const target = targetOf(this, connection, entity, itemIndex);
				const keyFields = Object.fromEntries(entity.keys.map((key) => [key.attribute, this.getNodeParameter(key.attribute, itemIndex)]));
				const fields = { ...keyFields, ...(fieldsOf?.(this, itemIndex) ?? {}), ...fieldsFrom(this, itemIndex) };
				return await createRecord(connection.transport, target, fields);
			});
		},
	};
}

export function typedUpdate(entity: TypedEntity, extra: INodeProperties[] = [], afterUpdate?: Enricher): TypedOperation {
	return {
		description: updateDisplayOptions(show(entity, 'update'), [...scopeProperties(entity), ...keyProperties(entity), fieldsProperty, ...extra]),
		async execute(items, connection) {
			return await forEachItem(this, items, async (itemIndex) => {
				const target = targetOf(this, connection, entity, itemIndex);
				const fields = fieldsFrom(this, itemIndex);
				const keys = keysOf(this, entity, target, itemIndex);
				const record = Object.keys(fields).length ? await updateRecord(connection.transport, target, keys, fields) : await getRecord(connection.transport, target, keys);
				return afterUpdate ? await afterUpdate.call(this, record, connection, itemIndex) : record;
			});
		},
	};
}

export function typedDelete(entity: TypedEntity): TypedOperation {
	return {
		description: updateDisplayOptions(show(entity, 'delete'), [...scopeProperties(entity), ...keyProperties(entity)]),
		async execute(items, connection) {
			return await forEachItem(this, items, async (itemIndex) => {
				const target = targetOf(this, connection, entity, itemIndex);
				return await deleteRecord(connection.transport, target, keysOf(this, entity, target, itemIndex));
			});
		},
	};
}

/**
 * Create a journal entry / supplier invoice / requisition from the node's parameters through the
 * Posting machinery, so it is created atomically and at most once per reference.
 */
export function typedDocumentCreate(resource: string, kind: IfsPosting['kind'], exampleDocument: string): TypedOperation {
	const properties: INodeProperties[] = [
		companyProperty,
		{ displayName: 'Reference', name: 'reference', type: 'string', default: '', required: true, description: 'Unique reference stored in IFS; a second create with the same reference creates nothing' },
		{ displayName: 'Document (JSON)', name: 'document', type: 'json', default: exampleDocument, description: 'The document as the Posting resource expects it, without kind, company and reference' },
	];
	return {
		description: updateDisplayOptions({ show: { resource: [resource], operation: ['create'] } }, properties),
		async execute(items, connection) {
			const postingItems = items.map((_, itemIndex) => {
				const reference = String(this.getNodeParameter('reference', itemIndex));
				const company = (this.getNodeParameter('company', itemIndex, '') as string).trim() || connection.scope.defaultCompany;
				const document = fieldsFrom(this, itemIndex, 'document');
				const source = { system: 'SAP Concur', type: 'purchase-request', id: reference, version: '' };
				return { json: { posting: { source, ...document, kind, company, reference }, audit: {} } };
			});
			return await postItemsToOneOutput.call(this, postingItems, connection);
		},
	};
}
