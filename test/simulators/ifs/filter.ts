/** $filter parser (OData precedence: not > relational > equality > and > or), type checker and evaluator. */
import { cmp, dec, isDecimalText } from './decimal';
import { malformed, notImplemented } from './errors';
import type { Literal, Token } from './literals';
import { edmTypeName, literalTypeName, tokenize } from './literals';
import type { EntityDef, Row } from './model';
import { propOf } from './model';

export type Expr =
	| { k: 'lit'; lit: Literal }
	| { k: 'prop'; name: string }
	| { k: 'bin'; op: string; l: Expr; r: Expr }
	| { k: 'not'; e: Expr }
	| { k: 'call'; fn: string; args: Expr[] };

const COMPARISON = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];
const STRING_FUNCTIONS: Record<string, { args: number; returns: string }> = {
	contains: { args: 2, returns: 'Edm.Boolean' },
	startswith: { args: 2, returns: 'Edm.Boolean' },
	endswith: { args: 2, returns: 'Edm.Boolean' },
	tolower: { args: 1, returns: 'Edm.String' },
	toupper: { args: 1, returns: 'Edm.String' },
	trim: { args: 1, returns: 'Edm.String' },
	length: { args: 1, returns: 'Edm.Decimal' },
};
/** IFS "Supported Functionalities": no lambda, no `has`, no collection/math/geo functions. */
const UNSUPPORTED = ['any', 'all', 'has', 'mod', 'round', 'floor', 'ceiling', 'geo.distance', 'cast', 'isof'];

export function parseFilter(text: string): Expr {
	const parser = new Parser(tokenize(text), text);
	const expr = parser.parseOr();
	parser.expectEnd();
	return expr;
}

class Parser {
	private i = 0;

	constructor(
		private tokens: Token[],
		private text: string,
	) {}

	parseOr(): Expr {
		let left = this.parseAnd();
		while (this.isWord('or')) left = { k: 'bin', op: 'or', l: left, r: this.parseAnd() };
		return left;
	}

	expectEnd(): void {
		if (this.peek().t !== 'eof') this.fail();
	}

	private parseAnd(): Expr {
		let left = this.parseEquality();
		while (this.isWord('and')) left = { k: 'bin', op: 'and', l: left, r: this.parseEquality() };
		return left;
	}

	private parseEquality(): Expr {
		let left = this.parseRelational();
		for (let op = this.wordOf(['eq', 'ne']); op; op = this.wordOf(['eq', 'ne'])) left = { k: 'bin', op, l: left, r: this.parseRelational() };
		return left;
	}

	private parseRelational(): Expr {
		let left = this.parseUnary();
		for (let op = this.wordOf(['gt', 'ge', 'lt', 'le']); op; op = this.wordOf(['gt', 'ge', 'lt', 'le'])) {
			left = { k: 'bin', op, l: left, r: this.parseUnary() };
		}
		return left;
	}

	private parseUnary(): Expr {
		if (this.isWord('not')) return { k: 'not', e: this.parseUnary() };
		return this.parsePrimary();
	}

	private parsePrimary(): Expr {
		const token = this.next();
		if (token.t === 'lit') return { k: 'lit', lit: token.lit };
		if (token.t === 'punct' && token.v === '(') {
			const inner = this.parseOr();
			this.expectPunct(')');
			return inner;
		}
		if (token.t !== 'id') return this.fail(token);
		if (UNSUPPORTED.includes(token.v)) throw notImplemented(`'${token.v}' is not supported in $filter.`);
		const following = this.peek();
		if (following.t === 'punct' && following.v === '(') return this.parseCall(token.v);
		if (['and', 'or', 'not', ...COMPARISON].includes(token.v)) return this.fail(token);
		return { k: 'prop', name: token.v };
	}

	private parseCall(fn: string): Expr {
		if (!STRING_FUNCTIONS[fn]) throw malformed(`Unknown function '${fn}' in $filter.`);
		this.expectPunct('(');
		const args = [this.parseOr()];
		while (this.peekPunct(',')) {
			this.next();
			args.push(this.parseOr());
		}
		this.expectPunct(')');
		if (args.length !== STRING_FUNCTIONS[fn].args) throw malformed(`The function '${fn}' takes ${STRING_FUNCTIONS[fn].args} argument(s).`);
		return { k: 'call', fn, args };
	}

	private wordOf(words: string[]): string | undefined {
		const token = this.peek();
		if (token.t === 'id' && words.includes(token.v)) {
			this.i++;
			return token.v;
		}
		return undefined;
	}

	private isWord(word: string): boolean {
		return this.wordOf([word]) !== undefined;
	}

	private peekPunct(v: string): boolean {
		const token = this.peek();
		return token.t === 'punct' && token.v === v;
	}

	private expectPunct(v: string): void {
		if (!this.peekPunct(v)) this.fail();
		this.i++;
	}

	private peek(): Token {
		return this.tokens[this.i];
	}

	private next(): Token {
		return this.tokens[this.i++] ?? this.tokens[this.tokens.length - 1];
	}

	private fail(token: Token = this.peek()): never {
		throw malformed(`Syntax error at position ${token.pos} in $filter '${this.text}'.`);
	}
}

/** Returns the EDM type of the expression; throws "Malformed Request." for unknown properties and incompatible operands. */
export function checkTypes(expr: Expr, def: EntityDef, projection: string): string {
	switch (expr.k) {
		case 'lit':
			return literalTypeName(expr.lit);
		case 'prop': {
			const prop = propOf(def, expr.name);
			if (!prop) {
				throw malformed(`The property '${expr.name}', used in a query expression, is not defined in type 'IfsApp.${projection}.${def.type}'.`);
			}
			return edmTypeName(prop, projection);
		}
		case 'not':
			requireBoolean(checkTypes(expr.e, def, projection), 'not');
			return 'Edm.Boolean';
		case 'call':
			expr.args.forEach((a) => requireString(checkTypes(a, def, projection), expr.fn));
			return STRING_FUNCTIONS[expr.fn].returns;
		case 'bin':
			return checkBinary(expr, def, projection);
	}
}

function checkBinary(expr: Extract<Expr, { k: 'bin' }>, def: EntityDef, projection: string): string {
	const left = checkTypes(expr.l, def, projection);
	const right = checkTypes(expr.r, def, projection);
	if (expr.op === 'and' || expr.op === 'or') {
		requireBoolean(left, expr.op);
		requireBoolean(right, expr.op);
	} else if (left !== right && left !== 'null' && right !== 'null' && !(isDateLike(left) && isDateLike(right))) {
		throw malformed(
			`A binary operator with incompatible types was detected. Found operand types '${left}' and '${right}' for operator kind '${expr.op}'.`,
		);
	}
	return 'Edm.Boolean';
}

function isDateLike(type: string): boolean {
	return type === 'Edm.Date' || type === 'Edm.DateTimeOffset';
}

function requireBoolean(type: string, op: string): void {
	if (type !== 'Edm.Boolean') throw malformed(`The operand of '${op}' must be of type 'Edm.Boolean', found '${type}'.`);
}

function requireString(type: string, fn: string): void {
	if (type !== 'Edm.String' && type !== 'null') throw malformed(`No function signature for the function '${fn}' matches the argument type '${type}'.`);
}

export function evaluate(expr: Expr, row: Row): unknown {
	switch (expr.k) {
		case 'lit':
			return expr.lit.kind === 'null' ? null : expr.lit.value;
		case 'prop':
			return row[expr.name] ?? null;
		case 'not':
			return !evaluate(expr.e, row);
		case 'call':
			return callFunction(expr.fn, expr.args.map((a) => evaluate(a, row)));
		case 'bin':
			return evaluateBinary(expr.op, evaluate(expr.l, row), expr.op === 'and' || expr.op === 'or' ? () => evaluate(expr.r, row) : evaluate(expr.r, row));
	}
}

function evaluateBinary(op: string, left: unknown, right: unknown): boolean {
	if (op === 'and') return Boolean(left) && Boolean((right as () => unknown)());
	if (op === 'or') return Boolean(left) || Boolean((right as () => unknown)());
	if (op === 'eq' || op === 'ne') return (compareValues(left, right) === 0) === (op === 'eq');
	if (left === null || right === null) return false;
	const order = compareValues(left, right);
	return { gt: order > 0, ge: order >= 0, lt: order < 0, le: order <= 0 }[op as 'gt'];
}

/** Decimal columns are stored as exact decimal strings; a numeric literal is compared with them exactly. */
export function compareValues(left: unknown, right: unknown): number {
	if (left === right) return 0;
	if (left === null || right === null) return Number.NaN;
	if ((typeof left === 'number' || typeof right === 'number') && (typeof left === 'number' || isDecimalText(left)) && (typeof right === 'number' || isDecimalText(right))) {
		return cmp(dec(left as string | number), dec(right as string | number));
	}
	return (left as string) < (right as string) ? -1 : (left as string) > (right as string) ? 1 : 0;
}

function callFunction(fn: string, args: unknown[]): unknown {
	if (args.some((a) => a === null)) return fn === 'length' ? null : fn.endsWith('with') || fn === 'contains' ? false : null;
	const [a, b] = args as string[];
	switch (fn) {
		case 'contains':
			return a.includes(b);
		case 'startswith':
			return a.startsWith(b);
		case 'endswith':
			return a.endsWith(b);
		case 'tolower':
			return a.toLowerCase();
		case 'toupper':
			return a.toUpperCase();
		case 'trim':
			return a.trim();
		default:
			return a.length;
	}
}
