/** OData request dispatcher for one projection request (top-level or a $batch part): resolve the resource, then read/write. */
import { businessError, duplicateError, IfsError, metadataNotFound, methodNotAllowed, notFound } from './errors';
import { formatKey, parseKeyPredicate } from './literals';
import { metadataXml, serviceDocument } from './metadata';
import type { ActionDef, EntityDef, HookContext, ProjectionDef, Row } from './model';
import { columnName } from './model';
import type { ClientConfig, DefaultProjectionName, ResolvedOptions } from './options';
import { PROJECTIONS } from './projections';
import { requireCompanyAccess, requireValue } from './projections/rules';
import { filterCandidates } from './filterIndex';
import { filterAndSort, paginate, parseQuery, QueryOptions } from './query';
import type { Store, StoredRow } from './store';
import { etagOf, keyString } from './store';
import { plain, stringifyExact } from './decimal';
import { checkLengths, decodeInput, encodeValue, parseJsonBody, WriteMode } from './values';

const JSON_TYPE = 'application/json;odata.metadata=minimal';
export const PROJECTION_PATH = /^\/(main|int)\/ifsapplications\/projection\/v1\/([^/]+)\.svc(\/.*)?$/;

export interface ODataRequest {
	method: string;
	/** Absolute path without query, still URL-encoded. */
	rawPath: string;
	query: URLSearchParams;
	headers: Record<string, string | undefined>;
	body: string;
	/** The body's bytes, for media streams (absent inside a $batch). */
	rawBody?: Buffer;
	client: ClientConfig;
	origin: string;
}

export interface ODataResponse {
	status: number;
	headers: Record<string, string>;
	body: string;
	/** Set when an entity was created: its path below the service root and ETag (for $batch Content-ID references). */
	created?: { path: string; etag: string };
}

export interface ReadObserver {
	/** Called after rows were returned by a GET (the concurrent-change fault hooks in here). */
	afterRead(set: string, rows: StoredRow[]): void;
}

type Target =
	| { kind: 'collection'; def: EntityDef; parent?: { def: EntityDef; row: StoredRow } }
	| { kind: 'entity'; def: EntityDef; row: StoredRow }
	| { kind: 'missing'; def: EntityDef; key: Row }
	| { kind: 'action'; def: EntityDef; row: StoredRow; action: ActionDef }
	| { kind: 'media'; def: EntityDef; row: StoredRow };

interface Served {
	def: ProjectionDef;
	name: string;
	base: string;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): ODataResponse {
	return { status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: stringifyExact(body) };
}

export function errorResponse(error: IfsError): ODataResponse {
	return jsonResponse(error.status, error.toBody(), error.headers);
}

/** Splits a resource path on '/' outside quoted literals. */
export function splitSegments(path: string): string[] {
	const segments: string[] = [];
	let current = '';
	let quoted = false;
	for (const ch of path) {
		if (ch === "'") quoted = !quoted;
		if (ch === '/' && !quoted) {
			segments.push(current);
			current = '';
		} else current += ch;
	}
	segments.push(current);
	return segments;
}

function splitSegment(segment: string): { name: string; predicate?: string } {
	const open = segment.indexOf('(');
	if (open < 0) return { name: segment };
	if (!segment.endsWith(')')) throw notFound();
	return { name: segment.slice(0, open), predicate: segment.slice(open + 1, -1) };
}

export class ODataService {
	private byServedName = new Map<string, ProjectionDef>();
	private servedNames = new Map<ProjectionDef, string>();

	constructor(
		private options: ResolvedOptions,
		private db: () => Store,
		private observer: ReadObserver,
	) {
		for (const projection of PROJECTIONS) {
			const served = options.projectionNames[projection.name as DefaultProjectionName] ?? projection.name;
			this.byServedName.set(served, projection);
			this.servedNames.set(projection, served);
		}
	}

	handle(req: ODataRequest): ODataResponse {
		try {
			return this.route(req);
		} catch (error) {
			if (error instanceof IfsError) return errorResponse(error);
			throw error;
		}
	}

	/** The served projection for a path, or a 404 "Metadata not found.". */
	projectionFor(rawPath: string, origin: string): Served & { rest: string } {
		const match = PROJECTION_PATH.exec(rawPath);
		if (!match) throw notFound();
		const def = this.byServedName.get(match[2]);
		if (!def) throw metadataNotFound();
		return { def, name: match[2], base: `${origin}/${match[1]}/ifsapplications/projection/v1/${match[2]}.svc`, rest: match[3] ?? '' };
	}

	/** The entity set definition by (global) set name, for inspection. */
	entityDef(set: string): EntityDef | undefined {
		return PROJECTIONS.flatMap((p) => p.entities).find((e) => e.set === set);
	}

	isVisible(def: EntityDef, data: Row, client: ClientConfig): boolean {
		if (!def.companyOf) return true;
		const company = def.companyOf(data, this.db());
		return company !== undefined && client.allowedCompanies.includes(company);
	}

	private route(req: ODataRequest): ODataResponse {
		const served = this.projectionFor(req.rawPath, req.origin);
		const rest = decodeURIComponent(served.rest);
		if (rest === '' || rest === '/') return this.onlyGet(req, () => jsonResponse(200, serviceDocument(served.def, served.base)));
		if (rest === '/$metadata') {
			return this.onlyGet(req, () => ({ status: 200, headers: { 'Content-Type': 'application/xml' }, body: metadataXml(served.def, served.name) }));
		}
		const target = this.resolve(served, splitSegments(rest.slice(1)), req.client);
		return this.dispatch(served, target, req);
	}

	private onlyGet(req: ODataRequest, fn: () => ODataResponse): ODataResponse {
		if (req.method !== 'GET') throw methodNotAllowed(`${req.method} is not allowed on this resource.`);
		return fn();
	}

	private resolve(served: Served, segments: string[], client: ClientConfig): Target {
		const first = splitSegment(segments[0]);
		const def = served.def.entities.find((e) => e.set === first.name);
		if (!def) throw notFound();
		let target: Target = { kind: 'collection', def };
		if (first.predicate !== undefined) target = this.entityTarget(served, def, first.predicate, client);
		for (const segment of segments.slice(1)) target = this.step(served, target, segment, client);
		return target;
	}

	private entityTarget(served: Served, def: EntityDef, predicate: string, client: ClientConfig, parent?: StoredRow): Target {
		const key = parseKeyPredicate(predicate, def, served.name);
		const row = this.db().get(def.set, keyString(def.keys, key));
		const parentMismatch = parent && Object.keys(parent.data).some((k) => k in key && def.keys.includes(k) && key[k] !== parent.data[k]);
		if (!row || parentMismatch || !this.isVisible(def, row.data, client)) return { kind: 'missing', def, key };
		return { kind: 'entity', def, row };
	}

	private step(served: Served, target: Target, segment: string, client: ClientConfig): Target {
		if (target.kind !== 'entity') throw notFound();
		const { name, predicate } = splitSegment(segment);
		if (target.def.media?.property === name && predicate === undefined) return { kind: 'media', def: target.def, row: target.row };
		const nav = target.def.navs?.find((n) => n.name === name);
		if (nav) {
			const child = served.def.entities.find((e) => e.set === nav.target)!;
			if (predicate === undefined) return { kind: 'collection', def: child, parent: { def: target.def, row: target.row } };
			return this.entityTarget(served, child, predicate, client, target.row);
		}
		const action = target.def.actions?.find((a) => name === `IfsApp.${served.name}.${target.def.type}_${a.name}`);
		if (action && predicate === undefined) return { kind: 'action', def: target.def, row: target.row, action };
		throw notFound();
	}

	private dispatch(served: Served, target: Target, req: ODataRequest): ODataResponse {
		const route = `${target.kind} ${req.method}`;
		switch (route) {
			case 'collection GET':
				return this.readCollection(served, target as Extract<Target, { kind: 'collection' }>, req);
			case 'collection POST':
				return this.create(served, target as Extract<Target, { kind: 'collection' }>, req);
			case 'entity GET':
				return this.readEntity(served, target as Extract<Target, { kind: 'entity' }>, req);
			case 'entity PATCH':
				return this.update(served, target as Extract<Target, { kind: 'entity' }>, req);
			case 'missing PATCH':
				return this.upsertInsert(served, target as Extract<Target, { kind: 'missing' }>, req);
			case 'entity DELETE':
				return this.remove(target as Extract<Target, { kind: 'entity' }>, req);
			case 'action POST':
				return this.runAction(target as Extract<Target, { kind: 'action' }>, req);
			case 'media PUT':
				return this.putMedia(target as Extract<Target, { kind: 'media' }>, req);
		}
		if (target.kind === 'missing') throw notFound();
		throw methodNotAllowed(`${req.method} is not allowed on this resource.`);
	}

	private hookContext(req: ODataRequest): HookContext {
		return { db: this.db(), client: req.client, options: this.options };
	}

	private serialize(served: Served, def: EntityDef, stored: StoredRow, query: QueryOptions, req: ODataRequest): Row {
		const ieee754 = this.options.decimalStrings === 'onRequest' && /IEEE754Compatible=true/i.test(req.headers.accept ?? '');
		const out: Row = { '@odata.etag': etagOf(stored) };
		if (!query.select) {
			out.luname = def.lu;
			out.keyref = def.keys.map((k) => `${columnName(k)}=${stored.data[k]}^`).join('');
			out.Objgrants = null;
		}
		for (const prop of def.props) {
			if (!query.select || query.select.includes(prop.name)) out[prop.name] = encodeValue(prop, stored.data[prop.name], ieee754);
		}
		for (const navName of query.expand) {
			const child = served.def.entities.find((e) => e.set === def.navs!.find((n) => n.name === navName)!.target)!;
			const rows = this.children(child, def, stored, req.client);
			out[navName] = rows.map((r) => this.serialize(served, child, r, { orderby: [], skip: 0, count: false, expand: [] }, req));
		}
		return out;
	}

	/** The child rows under a parent row (child keys start with the parent's), in table order, from the store's parent-key index. */
	private childRows(child: EntityDef, parentDef: EntityDef, parent: StoredRow): StoredRow[] {
		return this.db().childrenOf(child.set, Object.fromEntries(parentDef.keys.map((k) => [k, parent.data[k]])));
	}

	private children(child: EntityDef, parentDef: EntityDef, parent: StoredRow, client: ClientConfig): StoredRow[] {
		return this.childRows(child, parentDef, parent).filter((r) => this.isVisible(child, r.data, client));
	}

	/** The set's rows a filter can match (its column indexes narrow a look-up such as `Company eq '10' and ReferenceNumber eq 'X'`), else all. */
	private candidateRows(def: EntityDef, query: QueryOptions): StoredRow[] {
		const keys = query.filter && filterCandidates(query.filter, def.set, this.db());
		return keys ? this.db().inTableOrder(def.set, keys) : this.db().rows(def.set);
	}

	private readCollection(served: Served, target: Extract<Target, { kind: 'collection' }>, req: ODataRequest): ODataResponse {
		const { def, parent } = target;
		const query = parseQuery(req.query, def, served.name, this.options);
		const rows = parent ? this.children(def, parent.def, parent.row, req.client) : this.candidateRows(def, query).filter((r) => this.isVisible(def, r.data, req.client));
		const matching = filterAndSort(rows, (r) => r.data, query);
		const page = paginate(matching, query, this.options.pageLimit);
		const body: Row = { '@odata.context': `${served.base}/$metadata#${def.set}${query.select ? `(${query.select.join(',')})` : ''}` };
		if (query.count) body['@odata.count'] = matching.length;
		body.value = page.items.map((r) => this.serialize(served, def, r, query, req));
		if (page.nextSkiptoken !== undefined) body['@odata.nextLink'] = nextLink(req, page.nextSkiptoken);
		this.observer.afterRead(def.set, page.items);
		return jsonResponse(200, body);
	}

	private readEntity(served: Served, target: Extract<Target, { kind: 'entity' }>, req: ODataRequest): ODataResponse {
		const query = parseQuery(req.query, target.def, served.name, this.options);
		const body = { '@odata.context': `${served.base}/$metadata#${target.def.set}/$entity`, ...this.serialize(served, target.def, target.row, query, req) };
		this.observer.afterRead(target.def.set, [target.row]);
		return jsonResponse(200, body, { ETag: etagOf(target.row) });
	}

	private decode(served: Served, def: EntityDef, req: ODataRequest, mode: WriteMode, current?: Row): Row {
		if (def.readOnly) throw methodNotAllowed(`The entity set '${def.set}' is read-only.`);
		const body = parseJsonBody(req.body, req.headers['content-type']);
		const ieee754 = /IEEE754Compatible=true/i.test(req.headers['content-type'] ?? '');
		return decodeInput(body, { def, projection: served.name, enums: served.def.enums, mode, ieee754, current });
	}

	private create(served: Served, target: Extract<Target, { kind: 'collection' }>, req: ODataRequest): ODataResponse {
		const input = this.decode(served, target.def, req, 'insert');
		// navigation create: the parent's keys come from the URL
		if (target.parent) for (const k of target.parent.def.keys) input[k] = target.parent.row.data[k];
		return this.insertAndRespond(served, target.def, input, req);
	}

	private insertAndRespond(served: Served, def: EntityDef, input: Row, req: ODataRequest): ODataResponse {
		const stored = this.db().atomic(() => this.insertRow(def, input, req));
		const path = `${def.set}${formatKey(def, stored.data, served.name)}`;
		const etag = etagOf(stored);
		const headers = { ETag: etag, Location: `${served.base}/${path}` };
		const response = /return=minimal/.test(req.headers.prefer ?? '')
			? { status: 204, headers, body: '' }
			: jsonResponse(201, { '@odata.context': `${served.base}/$metadata#${def.set}/$entity`, ...this.serialize(served, def, stored, emptyQuery(), req) }, headers);
		return { ...response, created: { path, etag } };
	}

	private insertRow(def: EntityDef, input: Row, req: ODataRequest): StoredRow {
		const ctx = this.hookContext(req);
		const row = { ...input };
		def.prepareInsert?.(ctx, row);
		for (const prop of def.props) if (prop.mandatory) requireValue(def.lu, row, prop.name, columnName(prop.name));
		this.checkParent(def, row, req.client);
		def.validateInsert?.(ctx, row);
		if (!this.isVisible(def, row, req.client)) requireCompanyAccess(ctx, def.companyOf!(row, ctx.db));
		checkLengths(def, row);
		const key = keyString(def.keys, row);
		if (ctx.db.get(def.set, key)) {
			const keyText = def.keys.map((k) => `${k}=${row[k]}`).join(', ');
			throw duplicateError(def.lu, 'EXIST', `The ${def.lu} object (${keyText}) already exists.`);
		}
		return ctx.db.insert(def.set, key, Object.fromEntries(def.props.map((p) => [p.name, row[p.name] ?? null])));
	}

	/** A child row (e.g. ExtTransactions posted to the top-level set) needs an existing, visible parent: ORA-20111 otherwise. */
	private checkParent(def: EntityDef, row: Row, client: ClientConfig): void {
		const parentDef = PROJECTIONS.flatMap((p) => p.entities).find((e) => e.navs?.some((n) => n.target === def.set));
		if (!parentDef) return;
		const parent = this.db().get(parentDef.set, keyString(parentDef.keys, row));
		if (!parent || !this.isVisible(parentDef, parent.data, client)) {
			const keyText = parentDef.keys.map((k) => row[k]).join(', ');
			throw businessError(parentDef.lu, 'NOTEXIST', `The ${parentDef.lu} (${keyText}) does not exist.`, 20111);
		}
	}

	private requireIfMatch(req: ODataRequest, def: EntityDef, row: StoredRow): void {
		const ifMatch = req.headers['if-match'];
		if (!ifMatch) throw missingPrecondition(this.options.missingIfMatchStatus);
		const accepted = ifMatch.split(',').map((s) => s.trim());
		if (!accepted.includes('*') && !accepted.includes(etagOf(row))) throw staleEtag(this.options.staleEtagStatus, def.lu);
	}

	private update(served: Served, target: Extract<Target, { kind: 'entity' }>, req: ODataRequest): ODataResponse {
		const { def, row } = target;
		const upsert = !req.headers['if-match'] && this.options.headerlessPatchUpserts;
		if (!upsert) this.requireIfMatch(req, def, row);
		const changes = this.decode(served, def, req, upsert ? 'upsert-update' : 'update', row.data);
		const updated = this.db().atomic(() => {
			const next = { ...row.data, ...changes };
			def.validateUpdate?.(this.hookContext(req), next, row.data);
			checkLengths(def, next);
			return this.db().update(def.set, keyString(def.keys, next), next);
		});
		const headers = { ETag: etagOf(updated) };
		if (!/return=representation/.test(req.headers.prefer ?? '')) return { status: 204, headers, body: '' };
		return jsonResponse(200, { '@odata.context': `${served.base}/$metadata#${def.set}/$entity`, ...this.serialize(served, def, updated, emptyQuery(), req) }, headers);
	}

	/** [I] PATCH without If-Match on a missing entity inserts it (keys from the URL) when headerlessPatchUpserts is on. */
	private upsertInsert(served: Served, target: Extract<Target, { kind: 'missing' }>, req: ODataRequest): ODataResponse {
		if (req.headers['if-match'] || !this.options.headerlessPatchUpserts) {
			if (!req.headers['if-match']) throw missingPrecondition(this.options.missingIfMatchStatus);
			throw notFound();
		}
		const body = this.decode(served, target.def, req, 'insert');
		for (const k of target.def.keys) delete body[k];
		const keyProps = target.def.props.filter((p) => target.def.keys.includes(p.name));
		const serverKey = keyProps.find((p) => p.insertable === false);
		if (serverKey) throw businessError(target.def.lu, 'NOTINSERTABLE', `Field [${columnName(serverKey.name)}] is not insertable.`, 20122);
		return this.insertAndRespond(served, target.def, { ...body, ...target.key }, req);
	}

	private remove(target: Extract<Target, { kind: 'entity' }>, req: ODataRequest): ODataResponse {
		const { def, row } = target;
		if (def.readOnly) throw methodNotAllowed(`The entity set '${def.set}' is read-only.`);
		this.requireIfMatch(req, def, row);
		this.db().atomic(() => {
			def.validateDelete?.(this.hookContext(req), row.data);
			this.deleteCascade(def, row);
		});
		return { status: 204, headers: {}, body: '' };
	}

	private deleteCascade(def: EntityDef, row: StoredRow): void {
		for (const nav of def.navs ?? []) {
			const child = this.entityDef(nav.target)!;
			const rows = this.childRows(child, def, row);
			rows.forEach((r) => this.deleteCascade(child, r));
		}
		this.db().remove(def.set, keyString(def.keys, row.data));
	}

	/** Replaces the stream's bytes (kept beside the row, see `mediaOf`) and records their size on the row. */
	private putMedia(target: Extract<Target, { kind: 'media' }>, req: ODataRequest): ODataResponse {
		const { def, row } = target;
		this.requireIfMatch(req, def, row);
		const bytes = req.rawBody ?? Buffer.from(req.body, 'utf8');
		if (bytes.length > this.options.maxFileBytes) {
			throw businessError(def.lu, 'FILETOOLARGE', `The file is ${bytes.length} bytes; files larger than ${this.options.maxFileBytes} bytes cannot be checked in.`);
		}
		const key = keyString(def.keys, row.data);
		const updated = this.db().atomic(() => {
			this.db().insert(mediaTable(def), key, { bytes });
			return this.db().update(def.set, key, { ...row.data, [def.media!.sizeProperty]: bytes.length });
		});
		return { status: 204, headers: { ETag: etagOf(updated) }, body: '' };
	}

	/** The bytes of a media stream, for inspection. */
	mediaOf(def: EntityDef, keys: Row): Buffer | undefined {
		return this.db().get(mediaTable(def), keyString(def.keys, keys))?.data.bytes as Buffer | undefined;
	}

	private runAction(target: Extract<Target, { kind: 'action' }>, req: ODataRequest): ODataResponse {
		this.requireIfMatch(req, target.def, target.row);
		const params = plain(parseJsonBody(req.body, req.headers['content-type'])) as Row;
		this.db().atomic(() => target.action.run(this.hookContext(req), target.row, params));
		return { status: 204, headers: {}, body: '' };
	}
}

function mediaTable(def: EntityDef): string {
	return `${def.set}$media`;
}

function emptyQuery(): QueryOptions {
	return { orderby: [], skip: 0, count: false, expand: [] };
}

function nextLink(req: ODataRequest, skiptoken: number): string {
	const params = new URLSearchParams(req.query);
	params.set('$skiptoken', String(skiptoken));
	const query = [...params].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
	return `${req.origin}${req.rawPath}?${query}`;
}

function missingPrecondition(status: number): IfsError {
	return new IfsError(status, 'ODP_MISSING_PRECONDITION', 'The If-Match header is missing.', [
		{ code: 'ODP_MISSING_PRECONDITION', message: 'This request requires an If-Match header with the ETag of the resource.' },
	]);
}

/** [I] stale ETag: 412 with the IFS envelope and the classic "modified by another user" text. */
function staleEtag(status: number, lu: string): IfsError {
	const message = `The ${lu} has been modified by another user. Refresh the object and try again.`;
	return new IfsError(status, 'ODP_PRECONDITION_FAILED', message, [{ code: 'ODP_PRECONDITION_FAILED', message }]);
}
