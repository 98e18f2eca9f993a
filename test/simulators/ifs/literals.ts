/** OData URL lexer shared by key predicates and $filter: quoted strings with '' escaping, numbers, dates, enum literals. */
import { malformed } from './errors';
import type { EntityDef, PropDef, Row } from './model';
import { propOf } from './model';

export type Literal =
	| { kind: 'string'; value: string }
	| { kind: 'number'; value: number }
	| { kind: 'boolean'; value: boolean }
	| { kind: 'date'; value: string }
	| { kind: 'timestamp'; value: string }
	| { kind: 'null' }
	| { kind: 'enum'; type: string; value: string };

export type Token =
	| { t: 'lit'; lit: Literal; pos: number }
	| { t: 'id'; v: string; pos: number }
	| { t: 'punct'; v: '(' | ')' | ',' | '='; pos: number }
	| { t: 'eof'; pos: number };

const DATE = /^\d{4}-\d{2}-\d{2}/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/;
const IDENT = /^[A-Za-z_$][A-Za-z0-9_.]*/;

export function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let pos = 0;
	while (pos < text.length) {
		const ch = text[pos];
		if (ch === ' ' || ch === '\t') {
			pos++;
		} else if ('(),='.includes(ch)) {
			tokens.push({ t: 'punct', v: ch as '(' | ')' | ',' | '=', pos });
			pos++;
		} else if (ch === "'") {
			const [value, end] = readQuoted(text, pos);
			tokens.push({ t: 'lit', lit: { kind: 'string', value }, pos });
			pos = end;
		} else {
			pos = readWord(text, pos, tokens);
		}
	}
	tokens.push({ t: 'eof', pos });
	return tokens;
}

/** Reads '...' where '' is an escaped quote; returns the value and the index after the closing quote. */
function readQuoted(text: string, start: number): [string, number] {
	let value = '';
	let pos = start + 1;
	while (pos < text.length) {
		if (text[pos] === "'") {
			if (text[pos + 1] === "'") {
				value += "'";
				pos += 2;
				continue;
			}
			return [value, pos + 1];
		}
		value += text[pos++];
	}
	throw malformed(`Unterminated string literal at position ${start} in '${text}'.`);
}

function readWord(text: string, pos: number, tokens: Token[]): number {
	const rest = text.slice(pos);
	const timestamp = TIMESTAMP.exec(rest);
	if (timestamp) return push(tokens, { kind: 'timestamp', value: timestamp[0] }, pos, timestamp[0].length);
	const date = DATE.exec(rest);
	if (date && !/^[\d.]/.test(rest.slice(10))) return push(tokens, { kind: 'date', value: date[0] }, pos, 10);
	const number = NUMBER.exec(rest);
	if (number) return push(tokens, { kind: 'number', value: Number(number[0]) }, pos, number[0].length);
	const ident = IDENT.exec(rest);
	if (!ident) throw malformed(`Syntax error at position ${pos} in '${text}'.`);
	const word = ident[0];
	const after = pos + word.length;
	// enum literal: IfsApp.<Projection>.<EnumType>'<Value>'
	if (text[after] === "'" && word.includes('.')) {
		const [value, end] = readQuoted(text, after);
		tokens.push({ t: 'lit', lit: { kind: 'enum', type: word, value }, pos });
		return end;
	}
	if (word === 'true' || word === 'false') return push(tokens, { kind: 'boolean', value: word === 'true' }, pos, word.length);
	if (word === 'null') return push(tokens, { kind: 'null' }, pos, word.length);
	tokens.push({ t: 'id', v: word, pos });
	return after;
}

function push(tokens: Token[], lit: Literal, pos: number, length: number): number {
	tokens.push({ t: 'lit', lit, pos });
	return pos + length;
}

export function edmTypeName(prop: PropDef, projection: string): string {
	if (prop.kind === 'enum') return `IfsApp.${projection}.${prop.enumType}`;
	return { string: 'Edm.String', number: 'Edm.Decimal', decimal: 'Edm.Decimal', boolean: 'Edm.Boolean', date: 'Edm.Date' }[prop.kind];
}

export function literalTypeName(lit: Literal): string {
	if (lit.kind === 'enum') return lit.type;
	return {
		string: 'Edm.String',
		number: 'Edm.Decimal',
		boolean: 'Edm.Boolean',
		date: 'Edm.Date',
		timestamp: 'Edm.DateTimeOffset',
		null: 'null',
	}[lit.kind];
}

/** Converts a literal to a property value, or throws when the types do not match (plain strings for enums fail, per reference). */
export function literalValue(lit: Literal, prop: PropDef, projection: string): unknown {
	const expected = edmTypeName(prop, projection);
	if (lit.kind === 'null') return null;
	if (literalTypeName(lit) !== expected) {
		throw malformed(`The literal of type '${literalTypeName(lit)}' is not compatible with the property '${prop.name}' of type '${expected}'.`);
	}
	if (lit.kind === 'enum') return lit.value;
	return lit.value;
}

/** Parses `(Company='10',LoadId='5')` content (without the parentheses) into a full key row. */
export function parseKeyPredicate(text: string, def: EntityDef, projection: string): Row {
	const tokens = tokenize(text);
	if (tokens.length === 2 && tokens[0].t === 'lit' && def.keys.length === 1) {
		return { [def.keys[0]]: literalValue(tokens[0].lit, propOf(def, def.keys[0])!, projection) };
	}
	const key: Row = {};
	let i = 0;
	while (tokens[i].t !== 'eof') {
		const name = tokens[i];
		const eq = tokens[i + 1];
		const value = tokens[i + 2];
		if (name.t !== 'id' || eq.t !== 'punct' || eq.v !== '=' || value.t !== 'lit') {
			throw malformed(`Invalid key predicate '(${text})' for entity set '${def.set}'.`);
		}
		const prop = def.keys.includes(name.v) ? propOf(def, name.v) : undefined;
		if (!prop) throw malformed(`The key property '${name.v}' is not defined in type 'IfsApp.${projection}.${def.type}'.`);
		key[name.v] = literalValue(value.lit, prop, projection);
		i += 3;
		const sep = tokens[i];
		if (sep.t === 'punct' && sep.v === ',') i++;
		else if (sep.t !== 'eof') throw malformed(`Invalid key predicate '(${text})' for entity set '${def.set}'.`);
	}
	const missing = def.keys.filter((k) => !(k in key));
	if (missing.length > 0) throw malformed(`The key predicate '(${text})' does not specify the key properties ${missing.join(', ')} of '${def.set}'.`);
	return key;
}

/** Formats a key predicate the way IFS does: strings quoted with '' escaping, numbers bare, enums qualified. */
export function formatKey(def: EntityDef, row: Row, projection: string): string {
	const parts = def.keys.map((k) => `${k}=${formatLiteral(propOf(def, k)!, row[k], projection)}`);
	return `(${parts.join(',')})`;
}

function formatLiteral(prop: PropDef, value: unknown, projection: string): string {
	if (prop.kind === 'number' || prop.kind === 'decimal' || prop.kind === 'boolean' || prop.kind === 'date') return String(value);
	const quoted = `'${String(value).replace(/'/g, "''")}'`;
	return prop.kind === 'enum' ? `IfsApp.${projection}.${prop.enumType}${quoted}` : quoted;
}
