/** JSON payload ↔ attribute values: type checks, enum members, exact IEEE754Compatible decimals, insertable/updatable flags. */
import { dec, isDecimalText, JsonNumber, parseJsonExact, text } from './decimal';
import { deserializationError, IfsError, notImplemented, readOnlyAttributeError } from './errors';
import type { EntityDef, EnumDef, PropDef, Row } from './model';
import { columnName, propOf } from './model';

const META_ATTRIBUTES = ['luname', 'keyref', 'Objgrants'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type WriteMode = 'insert' | 'update' | 'upsert-update';

export interface DecodeContext {
	def: EntityDef;
	projection: string;
	enums: EnumDef[];
	mode: WriteMode;
	/** Content-Type carried IEEE754Compatible=true: decimals may arrive as strings. */
	ieee754: boolean;
	/** Current row on update: unchanged keys in the body are tolerated. */
	current?: Row;
}

export function parseJsonBody(body: string, contentType: string | undefined): Row {
	if (contentType && !/^application\/json/i.test(contentType)) throw deserializationError(`Unsupported content type '${contentType}'.`);
	if (body.trim() === '') return {};
	let parsed: unknown;
	try {
		parsed = parseJsonExact(body);
	} catch (error) {
		throw deserializationError(`Invalid JSON: ${(error as Error).message}`);
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw deserializationError('The request body must be a JSON object.');
	return parsed as Row;
}

export function decodeInput(body: Row, ctx: DecodeContext): Row {
	const out: Row = {};
	for (const [name, value] of Object.entries(body)) {
		if (name.includes('@')) continue; // instance annotations such as @odata.etag are ignored
		const prop = propOf(ctx.def, name);
		if (!prop) rejectUnknown(name, ctx);
		if (!isWritable(prop, value, ctx)) continue;
		out[name] = decodeValue(prop, value, ctx);
	}
	return out;
}

function rejectUnknown(name: string, ctx: DecodeContext): never {
	if (META_ATTRIBUTES.includes(name)) throw readOnlyAttributeError(ctx.def.lu, name.toUpperCase(), ctx.mode === 'insert' ? 'insertable' : 'updatable');
	if (ctx.def.navs?.some((n) => n.name === name)) throw notImplemented(`Deep insert/update of '${name}' is not supported.`);
	throw deserializationError(`The property '${name}' does not exist on type 'IfsApp.${ctx.projection}.${ctx.def.type}'.`);
}

/** false = silently ignored; throws ORA-20122 for attributes that may not be written. */
function isWritable(prop: PropDef, value: unknown, ctx: DecodeContext): boolean {
	if (ctx.mode === 'insert') {
		if (prop.insertable === false) throw readOnlyAttributeError(ctx.def.lu, columnName(prop.name), 'insertable');
		return true;
	}
	if (prop.updatable !== false && !ctx.def.keys.includes(prop.name)) return true;
	// upsert: "an update ignoring non-updatable attributes"; unchanged keys in a PATCH body are harmless
	if (ctx.mode === 'upsert-update' || ctx.current?.[prop.name] === value) return false;
	throw readOnlyAttributeError(ctx.def.lu, columnName(prop.name), 'updatable');
}

function decodeValue(prop: PropDef, value: unknown, ctx: DecodeContext): unknown {
	if (value === null) return null;
	const fail = (): never => {
		throw deserializationError(`Cannot convert the value ${JSON.stringify(value)} of property '${prop.name}' to the expected type.`);
	};
	switch (prop.kind) {
		case 'string':
			return typeof value === 'string' ? value : fail();
		case 'boolean':
			return typeof value === 'boolean' ? value : fail();
		case 'date':
			return typeof value === 'string' && DATE.test(value) && !isNaN(Date.parse(value)) ? value : fail();
		case 'number':
			if (value instanceof JsonNumber && Number.isSafeInteger(Number(value.text))) return Number(value.text);
			return ctx.ieee754 && typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : fail();
		case 'decimal':
			// a JSON number keeps its exact digits; a decimal string only with IEEE754Compatible=true
			if (value instanceof JsonNumber) return text(dec(value.text));
			return ctx.ieee754 && isDecimalText(value) ? text(dec(value)) : fail();
		case 'enum': {
			const members = ctx.enums.find((e) => e.name === prop.enumType)?.members ?? [];
			// POST bodies carry the plain member name, not the qualified literal
			return typeof value === 'string' && members.includes(value) ? value : fail();
		}
	}
}

/** Oracle rejects values longer than the column (ORA-12899, characters), surfaced as a DATABASE_ERROR. */
export function checkLengths(def: EntityDef, row: Row): void {
	for (const prop of def.props) {
		const value = row[prop.name];
		const length = typeof value === 'string' ? [...value].length : 0;
		if (prop.maxLength && length > prop.maxLength) {
			const message = `ORA-12899: value too large for column "IFSAPP"."${columnName(def.lu)}_TAB"."${columnName(prop.name)}" (actual: ${length}, maximum: ${prop.maxLength})`;
			throw new IfsError(500, 'DATABASE_ERROR', message, [{ code: 'DATABASE_ERROR', message }]);
		}
	}
}

/** IFS NUMBER is Edm.Decimal: with IEEE754Compatible=true in Accept a string, else a JSON number with the stored digits. */
export function encodeValue(prop: PropDef, value: unknown, ieee754: boolean): unknown {
	if (value === undefined || value === null) return null;
	if (prop.kind !== 'number' && prop.kind !== 'decimal') return value;
	return ieee754 ? String(value) : new JsonNumber(String(value));
}
