import { IfsError } from './errors';
import { checkTypes, evaluate, parseFilter } from './filter';
import { formatKey, parseKeyPredicate, tokenize } from './literals';
import { splitSegments } from './odata';
import { accountingCodePartValueHandling } from './projections/codeParts';
import { accountingPeriodHandling } from './projections/reference';

const codePartDef = accountingCodePartValueHandling.entities[0];
const periodDef = accountingPeriodHandling.entities[0];

describe('literal lexer, key predicates and $filter evaluator', () => {
	it("tokenizes '' escapes, enum literals, dates, numbers and null", () => {
		const tokens = tokenize("Name eq 'O''Brien' and S eq IfsApp.P.E'Open' and D ge 2026-01-15 and N lt -1.5 and X eq null");
		const lits = tokens.filter((t) => t.t === 'lit').map((t) => (t as { lit: unknown }).lit);
		expect(lits).toEqual([
			{ kind: 'string', value: "O'Brien" },
			{ kind: 'enum', type: 'IfsApp.P.E', value: 'Open' },
			{ kind: 'date', value: '2026-01-15' },
			{ kind: 'number', value: -1.5 },
			{ kind: 'null' },
		]);
	});

	it('parses and formats composite keys round-trip, including quotes and numbers', () => {
		const key = parseKeyPredicate("Company='10',CodePart='B',CodePartValue='CC''X'", codePartDef, 'AccountingCodePartValueHandling');
		expect(key).toEqual({ Company: '10', CodePart: 'B', CodePartValue: "CC'X" });
		expect(formatKey(codePartDef, key, 'AccountingCodePartValueHandling')).toBe("(Company='10',CodePart='B',CodePartValue='CC''X')");
		expect(formatKey(periodDef, { Company: '10', AccountingYear: 2026, AccountingPeriod: 3 }, 'X')).toBe("(Company='10',AccountingYear=2026,AccountingPeriod=3)");
		expect(() => parseKeyPredicate("Company='10'", codePartDef, 'P')).toThrow(IfsError);
		expect(() => parseKeyPredicate("Company='10',CodePart='B',CodePartValue='x',Extra='y'", codePartDef, 'P')).toThrow(IfsError);
	});

	it('applies OData precedence: not > comparison > and > or', () => {
		const expr = parseFilter("CodePart eq 'A' or CodePart eq 'B' and not (BlockedForPosting eq true)");
		expect(checkTypes(expr, codePartDef, 'P')).toBe('Edm.Boolean');
		expect(evaluate(expr, { CodePart: 'A', BlockedForPosting: true })).toBe(true);
		expect(evaluate(expr, { CodePart: 'B', BlockedForPosting: true })).toBe(false);
		expect(evaluate(parseFilter("Description gt null"), { Description: 'x' })).toBe(false);
	});

	it('rejects unsupported constructs and mismatched types', () => {
		expect(() => parseFilter("CodePart has 'A'")).toThrow(IfsError);
		try {
			checkTypes(parseFilter('CodePart eq 1'), codePartDef, 'P');
			throw new Error('expected a type error');
		} catch (error) {
			expect((error as IfsError).details[0].message).toContain("incompatible types was detected. Found operand types 'Edm.String' and 'Edm.Decimal'");
		}
		expect(() => checkTypes(parseFilter("contains(BlockedForPosting,'x')"), codePartDef, 'P')).toThrow(IfsError);
		expect(() => parseFilter("CodePart eq 'A' and")).toThrow(IfsError);
	});

	it('splits resource paths on / outside quoted literals', () => {
		expect(splitSegments("Set(K='a/b')/Nav")).toEqual(["Set(K='a/b')", 'Nav']);
	});
});
