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

describe('splitting by billing percentages (remainder to the last customer, docs/product.md 2)', () => {
  const split = (amount: string, currency: string, percents: string[]) =>
    splitByPercent(money(amount, currency), percents).map(format);

  it('gives each part its exact share when the percentages divide the amount', () => {
    expect(split('100.00', 'EUR', ['33.33', '33.33', '33.34'])).toEqual(['33.33', '33.33', '33.34']);
    expect(split('1.000', 'BHD', ['60', '40'])).toEqual(['0.600', '0.400']);
  });

  it('rounds every part but the last half-up and gives the last what is left', () => {
    expect(split('10.00', 'EUR', ['33.33', '33.33', '33.34'])).toEqual(['3.33', '3.33', '3.34']);
    expect(split('0.10', 'EUR', ['36', '32', '32'])).toEqual(['0.04', '0.03', '0.03']);
    expect(split('200.03', 'EUR', ['33.33', '66.67'])).toEqual(['66.67', '133.36']);
    expect(split('0.01', 'EUR', ['50', '50'])).toEqual(['0.01', '0.00']);
    expect(split('1001', 'JPY', ['50', '50'])).toEqual(['501', '500']);
  });

  it('gives a part only what is left where rounding half-up would hand out more than the whole', () => {
    expect(split('0.05', 'EUR', ['30', '30', '30', '10'])).toEqual(['0.02', '0.02', '0.01', '0.00']);
    expect(split('0.03', 'EUR', ['45', '45', '10'])).toEqual(['0.01', '0.01', '0.01']);
  });

  it('splits a negative amount as the negation of its absolute value', () => {
    expect(split('-10.01', 'EUR', ['50', '50'])).toEqual(['-5.01', '-5.00']);
  });

  it('gives the whole amount to a single customer and nothing to a customer at 0 %', () => {
    expect(split('123.45', 'EUR', ['100'])).toEqual(['123.45']);
    expect(split('0.03', 'EUR', ['0', '100'])).toEqual(['0.00', '0.03']);
    expect(split('0.03', 'EUR', ['100', '0'])).toEqual(['0.03', '0.00']);
  });

  it('refuses percentages that are negative or do not sum to 100', () => {
    expect(() => split('1.00', 'EUR', ['60', '50'])).toThrow(RangeError);
    expect(() => split('1.00', 'EUR', ['110', '-10'])).toThrow(RangeError);
    expect(() => split('1.00', 'EUR', [])).toThrow(RangeError);
  });

  describe('for any amount and any percentages with two decimals that sum to 100', () => {
    const asPercent = (hundredths: number) =>
      `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
    const hundredthsSummingTo100 = fc
      .array(fc.integer({ min: 0, max: 9999 }), { minLength: 0, maxLength: 6 })
      .filter((parts) => parts.reduce((a, b) => a + b, 0) <= 10000)
      .map((parts) => [...parts, 10000 - parts.reduce((a, b) => a + b, 0)]);
    const minorUnits = fc.oneof(
      fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
      fc.bigInt({ min: -20n, max: 20n }),
    );
    const splitOf = (minor: bigint, hundredths: number[]) =>
      splitByPercent({ currency: 'EUR', minor }, hundredths.map(asPercent)).map((part) => part.minor);
    /** A part's distance from its exact share, in ten-thousandths of a minor unit. */
    const deviation = (part: bigint, minor: bigint, hundredths: number) =>
      part * 10000n - minor * BigInt(hundredths);

    it('adds up exactly to the whole', () => {
      fc.assert(
        fc.property(minorUnits, hundredthsSummingTo100, (minor, hundredths) => {
          expect(splitOf(minor, hundredths).reduce((total, part) => total + part, 0n)).toBe(minor);
        }),
      );
    });

    it('rounds every part but the last half-up unless that hands out more than the whole, and makes none negative', () => {
      fc.assert(
        fc.property(minorUnits, hundredthsSummingTo100, (minor, hundredths) => {
          const magnitude = minor < 0n ? -minor : minor;
          const parts = splitOf(magnitude, hundredths);
          let left = magnitude;
          parts.slice(0, -1).forEach((part, i) => {
            const off = deviation(part, magnitude, hundredths[i]);
            const halfUp = off > -5000n && off <= 5000n;
            expect(halfUp || part === left).toBe(true);
            left -= part;
          });
          parts.forEach((part) => expect(part >= 0n).toBe(true));
        }),
      );
    });

    it('keeps the last part within half a minor unit per other part of its exact share when nothing is capped', () => {
      fc.assert(
        fc.property(minorUnits, hundredthsSummingTo100, (minor, hundredths) => {
          const magnitude = minor < 0n ? -minor : minor;
          const parts = splitOf(magnitude, hundredths);
          const last = parts.length - 1;
          const capped = parts.slice(0, -1).some((part, i) => {
            const off = deviation(part, magnitude, hundredths[i]);
            return off <= -5000n || off > 5000n;
          });
          if (capped) return;
          const off = deviation(parts[last], magnitude, hundredths[last]);
          const bound = 5000n * BigInt(last);
          expect(off >= -bound && off <= bound).toBe(true);
        }),
      );
    });

    it('splits a negative amount into the negated parts of its absolute value', () => {
      fc.assert(
        fc.property(minorUnits, hundredthsSummingTo100, (minor, hundredths) => {
          expect(splitOf(-minor, hundredths)).toEqual(splitOf(minor, hundredths).map((part) => -part));
        }),
      );
    });
  });
});
