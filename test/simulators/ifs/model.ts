/** Declarative description of projections, entity sets and their business hooks. */
import type { Store, StoredRow } from './store';
import type { ResolvedOptions, ClientConfig } from './options';

export type Row = Record<string, unknown>;

/** `number`: integer keys and counters; `decimal`: amounts, rates, quantities (exact, stored as canonical decimal strings). */
export type PropKind = 'string' | 'number' | 'decimal' | 'boolean' | 'date' | 'enum';

export interface PropDef {
	name: string;
	kind: PropKind;
	/** Short enum type name; qualified at runtime as IfsApp.<Projection>.<enumType>. */
	enumType?: string;
	mandatory?: boolean;
	/** Defaults to true; false for server-assigned keys, states and derived values. */
	insertable?: boolean;
	/** Defaults to true; keys are never updatable. */
	updatable?: boolean;
	/** Characters (code points), as IFS's character columns count them. */
	maxLength?: number;
}

export interface NavDef {
	name: string;
	/** Entity set name of the child; child keys start with the parent's keys. */
	target: string;
}

export interface HookContext {
	db: Store;
	client: ClientConfig;
	options: ResolvedOptions;
}

export interface ActionDef {
	/** Action name without the `<EntityType>_` prefix, e.g. `CheckAndCreate`. */
	name: string;
	run(ctx: HookContext, row: StoredRow, params: Row): void;
}

export interface EntityDef {
	set: string;
	type: string;
	lu: string;
	keys: string[];
	props: PropDef[];
	navs?: NavDef[];
	actions?: ActionDef[];
	readOnly?: boolean;
	/** A media-stream property (`PUT Set(keys)/<property>` with If-Match); its byte count lands in `sizeProperty`. */
	media?: { property: string; sizeProperty: string };
	/** Company the row belongs to, for row-level security (rows whose company is unknown are hidden); omit for unscoped entities. */
	companyOf?(row: Row, db: Store): string | undefined;
	/** Server-assigned keys and defaults, before mandatory checks. */
	prepareInsert?(ctx: HookContext, row: Row): void;
	validateInsert?(ctx: HookContext, row: Row): void;
	validateUpdate?(ctx: HookContext, row: Row, old: Row): void;
	validateDelete?(ctx: HookContext, row: Row): void;
}

export interface EnumDef {
	name: string;
	members: string[];
}

export interface ProjectionDef {
	/** Default projection name; the served name may be overridden by options.projectionNames. */
	name: string;
	entities: EntityDef[];
	enums: EnumDef[];
}

export function propOf(def: EntityDef, name: string): PropDef | undefined {
	return def.props.find((p) => p.name === name);
}

/** CamelCase attribute → IFS column name (SupplierId → SUPPLIER_ID). */
export function columnName(attr: string): string {
	return attr.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}
