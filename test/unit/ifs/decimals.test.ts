import { buildBatch } from '../../../nodes/shared/ifs/odata/batch';
import { decimalText, decimalValue, ExactDecimal, toJsonText } from '../../../nodes/shared/ifs/odata/decimals';

describe('decimals written to IFS', () => {
	it('are JSON number literals carrying exactly the digits of the decimal string, never a float', () => {
		const body = { CurrencyDebetAmount: decimalValue('12345678901234567.89', 'debit'), CurrencyRate: decimalValue('8.71050', 'rate'), Tiny: decimalValue('-0.000000000000000000001', 'x') };
		expect(toJsonText(body)).toBe('{"CurrencyDebetAmount":12345678901234567.89,"CurrencyRate":8.71050,"Tiny":-0.000000000000000000001}');
	});

	it('leave everything else as JSON.stringify writes it (strings escaped, undefined members dropped, nested arrays)', () => {
		const value = { Text: 'say "412.50"\n', Skip: undefined, Nested: [{ Amount: new ExactDecimal('1.10'), Flag: true, Nothing: null }, undefined], When: new Date('2026-01-02T00:00:00Z'), Count: 3 };
		const text = toJsonText(value);
		expect(text).toBe('{"Text":"say \\"412.50\\"\\n","Nested":[{"Amount":1.10,"Flag":true,"Nothing":null},null],"When":"2026-01-02T00:00:00.000Z","Count":3}');
	});

	it('refuse anything that is not a plain decimal literal, so nothing can be injected into the JSON text', () => {
		for (const injected of ['1,"Company":"99"', '1}', '1e5', 'NaN', '0x10', '+1', '.5', '1.', ' 1', '']) {
			expect(() => new ExactDecimal(injected)).toThrow(/not a plain decimal literal/);
		}
		expect(() => decimalValue('1,"Company":"99"', 'rows[0].debit')).toThrow('rows[0].debit "1,\\"Company\\":\\"99\\"" is not a decimal amount');
	});

	it('go into $batch change sets as number literals with plain application/json', () => {
		const { body } = buildBatch([{ changeSet: [{ method: 'POST', url: 'ManSuppInvoiceSet', body: { NetCurrAmount: decimalValue('99999999999999999.99', 'net') } }] }], {
			newBoundary: (kind) => kind,
		});
		expect(body).toContain('Content-Type: application/json\r\n\r\n{"NetCurrAmount":99999999999999999.99}');
		expect(body).not.toContain('IEEE754Compatible');
	});
});

describe('decimals read from IFS', () => {
	it('are taken as strings or JSON numbers, numbers in their shortest plain form', () => {
		expect(decimalText('412.50', 'Amount')).toBe('412.50');
		expect(decimalText(412.5, 'Amount')).toBe('412.5');
		expect(decimalText(1e-7, 'Rate')).toBe('0.0000001');
		expect(decimalText(-1.5e21, 'Amount')).toBe('-1500000000000000000000');
		expect(decimalText(999999999999999, 'Amount')).toBe('999999999999999');
		expect(decimalText(null, 'Amount')).toBeUndefined();
	});

	it('refuse a JSON number that may have lost digits (more than 15 significant) and anything that is not a decimal', () => {
		expect(() => decimalText(1234567890123456.7, 'Amount')).toThrow(/more than 15 significant digits/);
		expect(() => decimalText('1e5', 'Amount')).toThrow(/not a decimal/);
		expect(() => decimalText(true, 'Amount')).toThrow(/not a decimal/);
	});
});
