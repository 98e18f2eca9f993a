import {
	add,
	allocate,
	compare,
	currencyDecimals,
	DecimalParseError,
	formatAmount,
	formatDecimal,
	formatFixed,
	isZero,
	multiply,
	multiplyByPercent,
	negate,
	parseDecimal,
	roundHalfUp,
	roundToCurrency,
	subtract,
	sum,
	tryParseDecimal,
} from '../../nodes/shared/money';

const d = (value: unknown) => parseDecimal(value);
const show = formatDecimal;

describe('parseDecimal accepts every form Concur sends', () => {
	it.each([
		['50.00', '50'],
		[525.0, '525'],
		['0E-8', '0'],
		['0e-8', '0'],
		['1.5E+2', '150'],
		['-12.3', '-12.3'],
		['  42.10 ', '42.1'],
		['+7', '7'],
		['.5', '0.5'],
		['3.', '3'],
		['100.00000000', '100'],
		['24.30000000', '24.3'],
		[1e21, '1000000000000000000000'],
		['1234567890123456789012345.67', '1234567890123456789012345.67'],
		[0.1, '0.1'],
		[-0, '0'],
		['2.5E-3', '0.0025'],
		[10n, '10'],
	])('%p → %s', (input, expected) => {
		expect(show(d(input))).toBe(expected);
	});

	it.each([['abc'], [''], ['  '], ['1,5'], ['1.2.3'], [null], [undefined], [NaN], [Infinity], [{}], ['1e999'], ['-'], ['.']])('rejects %p with a clear error', (input) => {
		expect(() => parseDecimal(input, 'amountGross')).toThrow(DecimalParseError);
		expect(() => parseDecimal(input, 'amountGross')).toThrow(/^amountGross: .* is not a decimal number$/);
	});

	it('has a non-throwing variant', () => {
		expect(tryParseDecimal('x')).toBeUndefined();
		expect(tryParseDecimal(null)).toBeUndefined();
		expect(show(tryParseDecimal('0E-8') as never)).toBe('0');
	});
});

describe('arithmetic is exact', () => {
	it('0.1 + 0.2 is exactly 0.3 (no float path)', () => {
		expect(show(add(d(0.1), d(0.2)))).toBe('0.3');
		expect(compare(add(d('0.1'), d('0.2')), d('0.3'))).toBe(0);
	});

	it('keeps huge values exact', () => {
		const big = d('9007199254740993.01');
		expect(show(add(big, d('0.99')))).toBe('9007199254740994');
		expect(show(sum([d(1e21), d('0.01'), d('-1e21')]))).toBe('0.01');
	});

	it('subtracts, negates, multiplies and compares', () => {
		expect(show(subtract(d('10'), d('0.01')))).toBe('9.99');
		expect(show(negate(d('-5.5')))).toBe('5.5');
		expect(show(multiply(d('4'), d('79.99')))).toBe('319.96');
		expect(show(multiplyByPercent(d('100.01'), d('33.33')))).toBe('33.333333');
		expect(compare(d('1.10'), d('1.1'))).toBe(0);
		expect(compare(d('-1'), d('0E-8'))).toBe(-1);
		expect(isZero(d('0E-8'))).toBe(true);
	});
});

describe('rounding is half-up (away from zero) per currency', () => {
	it.each([
		['2.345', 2, '2.35'],
		['2.344', 2, '2.34'],
		['-2.345', 2, '-2.35'],
		['0.005', 2, '0.01'],
		['-0.005', 2, '-0.01'],
		['0.0049', 2, '0'],
		['7', 2, '7'],
	])('round(%s, %d) = %s', (value, decimals, expected) => {
		expect(show(roundHalfUp(d(value), decimals))).toBe(expected);
	});

	it('knows currencies with 0 and 3 decimals', () => {
		expect(currencyDecimals('JPY')).toBe(0);
		expect(currencyDecimals('kwd')).toBe(3);
		expect(currencyDecimals('EUR')).toBe(2);
		expect(show(roundToCurrency(d('1234.5'), 'JPY'))).toBe('1235');
		expect(formatAmount(d('1.2345'), 'BHD')).toBe('1.235');
		expect(formatAmount(d('50'), 'USD')).toBe('50.00');
		expect(formatAmount(d('-0.001'), 'USD')).toBe('0.00');
		expect(formatFixed(d('1200'), 0)).toBe('1200');
	});
});

describe('allocate cuts each share to the cent and gives the remainder to the largest share', () => {
	const split = (total: string, percents: string[], decimals = 2) => allocate(d(total), percents.map(d), decimals).map(show);

	it('100.01 over 33.33/33.33/33.34 puts the extra cent on 33.34', () => {
		expect(split('100.01', ['33.33', '33.33', '33.34'])).toEqual(['33.33', '33.33', '33.35']);
	});

	it('ties go to the first largest share', () => {
		expect(split('0.01', ['50', '50'])).toEqual(['0.01', '0']);
		expect(split('10', ['33.33333333', '33.33333333', '33.33333334'])).toEqual(['3.33', '3.33', '3.34']);
		expect(split('0.02', ['33.33333333', '33.33333334', '33.33333333'])).toEqual(['0', '0.02', '0']);
		expect(split('0.03', ['25', '50', '25'])).toEqual(['0', '0.03', '0']);
	});

	it('keeps the total for negative amounts and whole-yen currencies', () => {
		expect(split('-100.01', ['33.33', '33.33', '33.34'])).toEqual(['-33.33', '-33.33', '-33.35']);
		expect(split('1001', ['50', '50'], 0)).toEqual(['501', '500']);
	});

	it('always sums to the rounded total', () => {
		const shares = allocate(d('57.25'), [d('60'), d('40')], 2);
		expect(shares.map(show)).toEqual(['34.35', '22.9']);
		expect(show(sum(allocate(d('0.07'), ['12.5', '12.5', '25', '50'].map(d), 2)))).toBe('0.07');
	});

	it('needs at least one percentage', () => {
		expect(() => allocate(d('1'), [], 2)).toThrow('at least one percentage');
	});
});
