import {
	booleanLiteral,
	dateLiteral,
	encodePathSegment,
	entityPath,
	enumLiteral,
	keyPredicate,
	literal,
	numberLiteral,
	ODataLiteralError,
	stringLiteral,
} from '../../../nodes/shared/ifs/odata/literals';
import { tokenize } from './tokenize';

describe('stringLiteral', () => {
	it('quotes and doubles single quotes', () => {
		expect(stringLiteral("O'Brien")).toBe("'O''Brien'");
		expect(stringLiteral('')).toBe("''");
		expect(stringLiteral("''")).toBe("''''''");
	});

	it('keeps an injection attempt inside one literal', () => {
		const attack = "x' or Company eq '90";
		const expression = `Company eq ${stringLiteral(attack)}`;
		const tokens = tokenize(expression);
		expect(tokens.map((token) => token.kind)).toEqual(['word', 'word', 'string']);
		expect(tokens[2].value).toBe(attack);
	});

	it('keeps Unicode as is', () => {
		expect(stringLiteral('Ærøskøbing – 東京 😀')).toBe("'Ærøskøbing – 東京 😀'");
	});

	it('rejects control characters and broken UTF-16', () => {
		expect(() => stringLiteral('a\nb')).toThrow(ODataLiteralError);
		expect(() => stringLiteral('a\u0000')).toThrow(/control character/);
		expect(() => stringLiteral('\ud800x')).toThrow(/not valid Unicode/);
	});

	it('rejects non-strings', () => {
		expect(() => stringLiteral(42 as unknown as string)).toThrow(/Expected a string/);
	});
});

describe('numberLiteral', () => {
	it('passes decimal strings through without float conversion', () => {
		expect(numberLiteral('12345678901234567890.123456789')).toBe('12345678901234567890.123456789');
		expect(numberLiteral('0.10')).toBe('0.10');
		expect(numberLiteral('+5')).toBe('5');
		expect(numberLiteral('-0.5')).toBe('-0.5');
		expect(numberLiteral('0E-8')).toBe('0E-8');
	});

	it('accepts finite numbers and bigints', () => {
		expect(numberLiteral(2026000017)).toBe('2026000017');
		expect(numberLiteral(12.5)).toBe('12.5');
		expect(numberLiteral(BigInt('90071992547409931'))).toBe('90071992547409931');
	});

	it('rejects anything that is not a number', () => {
		for (const bad of ['1 or 1 eq 1', '', '1,5', '0x10', 'NaN', Number.NaN, Number.POSITIVE_INFINITY]) {
			expect(() => numberLiteral(bad)).toThrow(ODataLiteralError);
		}
	});
});

describe('booleanLiteral and dateLiteral', () => {
	it('normalises booleans', () => {
		expect(booleanLiteral(true)).toBe('true');
		expect(booleanLiteral('FALSE')).toBe('false');
		expect(() => booleanLiteral('yes')).toThrow(ODataLiteralError);
	});

	it('accepts only real Edm.Date values', () => {
		expect(dateLiteral('2026-01-31')).toBe('2026-01-31');
		expect(dateLiteral('2024-02-29')).toBe('2024-02-29');
		for (const bad of ['2026-02-29', '2026-13-01', '2026-1-5', '2026-01-15T00:00:00Z', "2026-01-01' or 1 eq 1"]) {
			expect(() => dateLiteral(bad)).toThrow(/YYYY-MM-DD/);
		}
	});
});

describe('enumLiteral', () => {
	it('qualifies the value with the projection and enum type', () => {
		expect(enumLiteral('SupplierHandling', 'PartyType', 'Supplier')).toBe("IfsApp.SupplierHandling.PartyType'Supplier'");
		expect(literal({ type: 'enum', projection: 'CustomerOrderHandling', enumType: 'CustomerOrderState', value: 'Released' })).toBe(
			"IfsApp.CustomerOrderHandling.CustomerOrderState'Released'",
		);
	});

	it('validates identifiers and member names', () => {
		expect(() => enumLiteral('Supplier.Handling', 'PartyType', 'Supplier')).toThrow(/projection/);
		expect(() => enumLiteral('SupplierHandling', "PartyType'x", 'Supplier')).toThrow(/enumeration type/);
		expect(() => enumLiteral('SupplierHandling', 'PartyType', "Supplier' or 1 eq 1")).toThrow(/Invalid value/);
	});
});

describe('keyPredicate', () => {
	it('builds composite keys with strings, numbers and enums', () => {
		expect(keyPredicate({ Company: '10', CodePart: 'B' })).toBe("(Company='10',CodePart='B')");
		expect(
			keyPredicate({
				Company: '10',
				VoucherType: 'M',
				AccountingYear: 2026,
				VoucherNo: { type: 'number', value: '2026000017' },
			}),
		).toBe("(Company='10',VoucherType='M',AccountingYear=2026,VoucherNo=2026000017)");
		expect(
			keyPredicate({
				Company: 'C1',
				Identity: 'S1',
				PartyType: { type: 'enum', projection: 'SupplierHandling', enumType: 'PartyType', value: 'Supplier' },
			}),
		).toBe("(Company='C1',Identity='S1',PartyType=IfsApp.SupplierHandling.PartyType'Supplier')");
	});

	it('supports the single unnamed key form', () => {
		expect(keyPredicate('S1')).toBe("('S1')");
		expect(keyPredicate(123)).toBe('(123)');
		expect(keyPredicate({ type: 'date', value: '2026-01-15' })).toBe('(2026-01-15)');
	});

	it('treats a key named "type" as a key, not as a typed value', () => {
		expect(keyPredicate({ type: 'X1' })).toBe("(type='X1')");
	});

	it('escapes quotes in key values and validates key names', () => {
		expect(keyPredicate({ SupplierId: "O'Brien" })).toBe("(SupplierId='O''Brien')");
		expect(() => keyPredicate({ "SupplierId='x'": 'a' })).toThrow(/key name/);
		expect(() => keyPredicate({})).toThrow(/At least one key/);
		expect(() => keyPredicate({ SupplierId: null as unknown as string })).toThrow(/key value is required/);
	});
});

describe('entityPath and URL encoding', () => {
	it('keeps the predicate readable and encodes hostile characters in values', () => {
		expect(entityPath('SupplierInfoGeneralSet', { SupplierId: 'S1' })).toBe("SupplierInfoGeneralSet(SupplierId='S1')");
		expect(entityPath('ManSuppInvoiceSet', { Company: '10', InvoiceNo: 'A/B#C?D%E F&G$H+I' })).toBe(
			"ManSuppInvoiceSet(Company='10',InvoiceNo='A%2FB%23C%3FD%25E%20F%26G%24H%2BI')",
		);
		expect(entityPath('SupplierInfoGeneralSet')).toBe('SupplierInfoGeneralSet');
	});

	it('round-trips through URL decoding to the exact OData text', () => {
		const key = { Company: '10', InvoiceNo: "it's/50% #1 & more?" };
		const path = entityPath('ManSuppInvoiceSet', key);
		expect(path).not.toMatch(/[/?#& ]/);
		expect(decodeURIComponent(path)).toBe(`ManSuppInvoiceSet${keyPredicate(key)}`);
		const url = new URL(`https://acme.ifs.cloud/main/ifsapplications/projection/v1/X.svc/${path}`);
		expect(url.search).toBe('');
		expect(url.hash).toBe('');
		expect(url.pathname.split('/').pop()).toBe(path);
	});

	it('encodes the enum literal of a key without breaking it', () => {
		const path = entityPath('SupplierPayments', {
			Company: 'C1',
			PartyType: { type: 'enum', projection: 'SupplierHandling', enumType: 'PartyType', value: 'Supplier' },
		});
		expect(path).toBe("SupplierPayments(Company='C1',PartyType=IfsApp.SupplierHandling.PartyType'Supplier')");
	});

	it('rejects an entity set name that is not an identifier', () => {
		expect(() => entityPath('Set/../Other', { Id: '1' })).toThrow(/entity set/);
	});

	it('encodes raw path text consistently', () => {
		expect(encodePathSegment("A(x='1 2',y=3)")).toBe("A(x='1%202',y=3)");
	});
});
