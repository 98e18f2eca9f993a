import {
	buildQuery,
	companyCondition,
	companyScopedFilter,
	compileFilter,
	toQueryString,
	type FilterGroup,
} from '../../../nodes/shared/ifs/odata/filter';
import { ODataLiteralError } from '../../../nodes/shared/ifs/odata/literals';
import { tokenize } from './tokenize';

describe('compileFilter', () => {
	it('compiles each operator and value type', () => {
		const cases: Array<[Parameters<typeof compileFilter>[0], string]> = [
			[{ field: 'SupplierId', operator: 'eq', valueType: 'string', value: 'S1' }, "SupplierId eq 'S1'"],
			[{ field: 'Amount', operator: 'ge', valueType: 'number', value: '100.50' }, 'Amount ge 100.50'],
			[{ field: 'AccountingYear', operator: 'lt', valueType: 'number', value: 2026 }, 'AccountingYear lt 2026'],
			[{ field: 'Blocked', operator: 'ne', valueType: 'boolean', value: 'true' }, 'Blocked ne true'],
			[{ field: 'VoucherDate', operator: 'gt', valueType: 'date', value: '2026-01-01' }, 'VoucherDate gt 2026-01-01'],
			[{ field: 'ValidUntil', operator: 'eq', valueType: 'null' }, 'ValidUntil eq null'],
			[{ field: 'Name', operator: 'contains', valueType: 'string', value: "O'Brien" }, "contains(Name,'O''Brien')"],
			[{ field: 'Name', operator: 'startswith', valueType: 'string', value: 'Acme' }, "startswith(Name,'Acme')"],
			[{ field: 'Name', operator: 'endswith', valueType: 'string', value: 'AB' }, "endswith(Name,'AB')"],
			[{ field: 'SupplierRef/Name', operator: 'eq', valueType: 'string', value: 'x' }, "SupplierRef/Name eq 'x'"],
			[
				{ field: 'Objstate', operator: 'eq', valueType: 'enum', enumType: 'PurchaseOrderState', value: 'Released' },
				"Objstate eq IfsApp.PurchaseOrderHandling.PurchaseOrderState'Released'",
			],
		];
		for (const [condition, expected] of cases) {
			expect(compileFilter(condition, { projection: 'PurchaseOrderHandling' })).toBe(expected);
		}
	});

	it('lets a condition name its own enum projection', () => {
		expect(
			compileFilter({ field: 'PartyType', operator: 'eq', valueType: 'enum', enumType: 'PartyType', projection: 'SupplierHandling', value: 'Supplier' }),
		).toBe("PartyType eq IfsApp.SupplierHandling.PartyType'Supplier'");
	});

	it('parenthesises nested groups', () => {
		const group: FilterGroup = {
			combinator: 'and',
			conditions: [
				{ field: 'CodePart', operator: 'eq', valueType: 'string', value: 'B' },
				{
					combinator: 'or',
					conditions: [
						{ field: 'CodePartValue', operator: 'startswith', valueType: 'string', value: 'CC1' },
						{
							combinator: 'and',
							conditions: [
								{ field: 'CodePartValue', operator: 'ge', valueType: 'string', value: 'CC5' },
								{ field: 'CodePartValue', operator: 'lt', valueType: 'string', value: 'CC6' },
							],
						},
					],
				},
				{ combinator: 'or', conditions: [] },
			],
		};
		expect(compileFilter(group)).toBe(
			"CodePart eq 'B' and (startswith(CodePartValue,'CC1') or (CodePartValue ge 'CC5' and CodePartValue lt 'CC6'))",
		);
	});

	it('compiles an empty group to an empty string', () => {
		expect(compileFilter({ combinator: 'and', conditions: [] })).toBe('');
	});

	it('keeps injection attempts inside literals', () => {
		const filter = compileFilter({
			combinator: 'or',
			conditions: [
				{ field: 'Name', operator: 'eq', valueType: 'string', value: "x' or Company eq '90" },
				{ field: 'Name', operator: 'contains', valueType: 'string', value: "') or true or ('" },
			],
		});
		expect(tokenize(filter).map((token) => token.kind)).toEqual([
			'word', 'word', 'string', 'word', 'word', 'punct', 'word', 'punct', 'string', 'punct',
		]);
	});

	it('rejects field names and operators that could inject syntax', () => {
		const bad = [
			{ field: "Name eq 'x' or Company", operator: 'eq', valueType: 'string', value: 'y' },
			{ field: 'Name)', operator: 'eq', valueType: 'string', value: 'y' },
			{ field: '1Name', operator: 'eq', valueType: 'string', value: 'y' },
			{ field: 'Name', operator: 'eq or', valueType: 'string', value: 'y' },
			{ field: 'Name', operator: 'eq', valueType: 'raw', value: 'y' },
		];
		for (const condition of bad) {
			expect(() => compileFilter(condition as never)).toThrow(ODataLiteralError);
		}
		expect(() => compileFilter({ combinator: 'xor' as 'and', conditions: [] })).toThrow(/combinator/);
	});

	it('rejects operator/value combinations OData or IFS would reject', () => {
		expect(() => compileFilter({ field: 'Amount', operator: 'contains', valueType: 'number', value: 1 })).toThrow(/text value/);
		expect(() => compileFilter({ field: 'Blocked', operator: 'gt', valueType: 'boolean', value: true })).toThrow(/eq or ne/);
		expect(() => compileFilter({ field: 'X', operator: 'lt', valueType: 'null' })).toThrow(/eq or ne/);
		expect(() => compileFilter({ field: 'Objstate', operator: 'eq', valueType: 'enum', value: 'Released' })).toThrow(/projection/);
		expect(() => compileFilter({ field: 'Name', operator: 'eq', valueType: 'string' })).toThrow(/value is required/);
		expect(() => compileFilter({ field: 'Amount', operator: 'eq', valueType: 'number', value: '1e' })).toThrow(/not a number/);
	});
});

describe('company scope', () => {
	it('builds the company condition with an escaped literal', () => {
		expect(companyCondition('10')).toBe("Company eq '10'");
		expect(companyCondition("1'0")).toBe("Company eq '1''0'");
		expect(() => companyCondition(' ')).toThrow(/company code/);
	});

	it('ANDs the company outside the parenthesised user group', () => {
		const userFilter: FilterGroup = {
			combinator: 'or',
			conditions: [
				{ field: 'Company', operator: 'eq', valueType: 'string', value: '90' },
				{ field: 'CodePart', operator: 'eq', valueType: 'string', value: 'B' },
			],
		};
		expect(companyScopedFilter('10', userFilter)).toBe("Company eq '10' and (Company eq '90' or CodePart eq 'B')");
		expect(companyScopedFilter('10')).toBe("Company eq '10'");
		expect(companyScopedFilter('10', { combinator: 'and', conditions: [] })).toBe("Company eq '10'");
	});
});

describe('buildQuery and toQueryString', () => {
	it('builds $-parameters with validated names', () => {
		const query = buildQuery({
			filter: companyScopedFilter('10', { field: 'Name', operator: 'contains', valueType: 'string', value: 'A&B #1' }),
			select: ['SupplierId', 'Name', 'SupplierRef/Country'],
			orderby: ['SupplierId', 'Name desc', { field: 'CreationDate', direction: 'asc' }],
			top: 100,
			skip: 200,
			count: true,
		});
		expect(query).toEqual({
			$filter: "Company eq '10' and (contains(Name,'A&B #1'))",
			$select: 'SupplierId,Name,SupplierRef/Country',
			$orderby: 'SupplierId,Name desc,CreationDate asc',
			$top: '100',
			$skip: '200',
			$count: 'true',
		});
		expect(toQueryString(query)).toBe(
			"$filter=Company%20eq%20'10'%20and%20(contains(Name,'A%26B%20%231'))" +
				'&$select=SupplierId,Name,SupplierRef/Country&$orderby=SupplierId,Name%20desc,CreationDate%20asc' +
				'&$top=100&$skip=200&$count=true',
		);
	});

	it('encodes so that URL parsing yields the exact filter back', () => {
		const filter = compileFilter({ field: 'Text', operator: 'eq', valueType: 'string', value: "50% off+more & 'quotes' #x ?y=z" });
		const url = new URL(`https://acme.ifs.cloud/X.svc/Set?${toQueryString(buildQuery({ filter }))}`);
		expect(url.searchParams.get('$filter')).toBe(filter);
		expect([...url.searchParams.keys()]).toEqual(['$filter']);
		expect(url.hash).toBe('');
	});

	it('omits empty options and rejects invalid ones', () => {
		expect(buildQuery({ select: [], orderby: [], count: false })).toEqual({});
		expect(() => buildQuery({ select: ['Name,Secret'] })).toThrow(/field name/);
		expect(() => buildQuery({ orderby: ['Name sideways'] })).toThrow(/direction/);
		expect(() => buildQuery({ orderby: ['Name desc extra'] })).toThrow(/Invalid sort/);
		expect(() => buildQuery({ top: -1 })).toThrow(/\$top/);
		expect(() => buildQuery({ skip: 1.5 })).toThrow(/\$skip/);
	});
});
