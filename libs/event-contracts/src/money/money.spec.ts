import fc from 'fast-check';
import {
  add,
  compare,
  format,
  lineAmount,
  money,
  negate,
  splitByPercent,
  subtract,
  sum,
  zero,
} from './money';

describe('line amounts (quantity × unit price, half-up to the minor unit)', () => {
  it.each([
    ['8', '100', 'EUR', '800.00'],
    ['1.5', '33.333', 'EUR', '50.00'],
    ['0.333', '0.015', 'EUR', '0.00'],
    ['1', '0.005', 'EUR', '0.01'],
    ['1', '0.0049', 'EUR', '0.00'],
    ['3', '0.335', 'USD', '1.01'],
    ['-1', '0.005', 'EUR', '-0.01'],
    ['-2.5', '10.01', 'EUR', '-25.03'],
    ['1', '0.5', 'JPY', '1'],
    ['1', '1.49', 'JPY', '1'],
    ['3', '333.5', 'JPY', '1001'],
    ['-1', '0.5', 'JPY', '-1'],
    ['1', '0.0005', 'BHD', '0.001'],
    ['2', '1.23449', 'BHD', '2.469'],
    ['-1', '0.0005', 'BHD', '-0.001'],
  ])('%s × %s in %s is %s', (quantity, unitPrice, currency, expected) => {
    expect(format(lineAmount(quantity, unitPrice, currency))).toBe(expected);
  });

  it('is exact where floating point is not (0.1 × 0.2, 1.15 × 100)', () => {
    expect(format(lineAmount('0.1', '0.2', 'EUR'))).toBe('0.02');
    expect(format(lineAmount('1.15', '100', 'EUR'))).toBe('115.00');
    expect(format(lineAmount('19.99', '3', 'EUR'))).toBe('59.97');
  });

  it('is the negation of the positive amount for a negative quantity', () => {
    const digits = fc.stringMatching(/^[1-9]\d{0,5}(\.\d{1,4})?$/);
    fc.assert(
      fc.property(digits, digits, (quantity, unitPrice) => {
        const positive = lineAmount(quantity, unitPrice, 'EUR');
        expect(lineAmount(`-${quantity}`, unitPrice, 'EUR')).toEqual(negate(positive));
      }),
    );
  });
});

describe('money', () => {
  it('writes exactly the currency minor units', () => {
    expect(format(money('1250', 'EUR'))).toBe('1250.00');
    expect(format(money('1250', 'JPY'))).toBe('1250');
    expect(format(money('1.5', 'BHD'))).toBe('1.500');
    expect(format(money('-0.05', 'EUR'))).toBe('-0.05');
  });

  it('rounds a longer amount half-up', () => {
    expect(format(money('10.005', 'EUR'))).toBe('10.01');
    expect(format(money('10.5', 'JPY'))).toBe('11');
  });

  it('adds, subtracts, sums and compares in minor units', () => {
    const a = money('10.10', 'EUR');
    const b = money('0.20', 'EUR');
    expect(format(add(a, b))).toBe('10.30');
    expect(format(subtract(b, a))).toBe('-9.90');
    expect(format(sum('EUR', [a, b, b]))).toBe('10.50');
    expect(format(sum('EUR', []))).toBe('0.00');
    expect(compare(a, b)).toBe(1);
    expect(compare(b, a)).toBe(-1);
    expect(compare(a, money('10.1', 'EUR'))).toBe(0);
    expect(format(zero('JPY'))).toBe('0');
  });

  it('refuses to mix currencies', () => {
    expect(() => add(money('1', 'EUR'), money('1', 'USD'))).toThrow(RangeError);
    expect(() => compare(money('1', 'EUR'), money('1', 'USD'))).toThrow(RangeError);
  });

  it('refuses a currency that is not ISO 4217', () => {
    expect(() => money('1', 'EURO')).toThrow(RangeError);
  });
});

describe('splitting by billing percentages', () => {
  const split = (amount: string, currency: string, percents: string[]) =>
    splitByPercent(money(amount, currency), percents).map(format);

  it('splits by percentage and gives the rounding remainder to the last part', () => {
    expect(split('100.00', 'EUR', ['33.33', '33.33', '33.34'])).toEqual(['33.33', '33.33', '33.34']);
    expect(split('10.00', 'EUR', ['33.33', '33.33', '33.34'])).toEqual(['3.33', '3.33', '3.34']);
    expect(split('0.01', 'EUR', ['50', '50'])).toEqual(['0.01', '0.00']);
    expect(split('1001', 'JPY', ['50', '50'])).toEqual(['501', '500']);
    expect(split('-10.01', 'EUR', ['50', '50'])).toEqual(['-5.01', '-5.00']);
    expect(split('1.000', 'BHD', ['60', '40'])).toEqual(['0.600', '0.400']);
  });

  it('gives the whole amount to a single customer', () => {
    expect(split('123.45', 'EUR', ['100'])).toEqual(['123.45']);
  });

  it('always adds up exactly to the whole, each part within half a minor unit of its exact share', () => {
    const asPercent = (hundredths: number) =>
      `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
    const hundredthsSummingTo100 = fc
      .array(fc.integer({ min: 1, max: 9999 }), { minLength: 1, maxLength: 6 })
      .filter((parts) => parts.reduce((a, b) => a + b, 0) < 10000)
      .map((parts) => [...parts, 10000 - parts.reduce((a, b) => a + b, 0)]);
    const minorUnits = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n });
    fc.assert(
      fc.property(minorUnits, hundredthsSummingTo100, (minor, hundredths) => {
        const parts = splitByPercent({ currency: 'EUR', minor }, hundredths.map(asPercent));
        expect(parts.reduce((total, part) => total + part.minor, 0n)).toBe(minor);
        parts.slice(0, -1).forEach((part, i) => {
          const deviation = part.minor * 10000n - minor * BigInt(hundredths[i]);
          expect(deviation <= 5000n && deviation >= -5000n).toBe(true);
        });
      }),
    );
  });
});
