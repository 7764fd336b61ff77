import fc from 'fast-check';
import { compareDecimal, formatDecimal, isDecimalString, multiply, parseDecimal, rescale } from './decimal';

describe('decimal strings', () => {
  it.each(['0', '12', '-12', '1250.00', '0.000000000001', '999999999999999999', '-0.5', '007'])(
    'accepts %s',
    (value) => {
      expect(isDecimalString(value)).toBe(true);
    },
  );

  it.each(['', '1.', '.5', '+1', '1e3', '1,50', ' 1', '1 ', 'NaN', '1.0000000000001', '1234567890123456789'])(
    'rejects %j',
    (value) => {
      expect(isDecimalString(value)).toBe(false);
    },
  );

  it('rejects values that are not strings', () => {
    expect(isDecimalString(12)).toBe(false);
    expect(isDecimalString(null)).toBe(false);
  });

  it('refuses to parse a malformed decimal', () => {
    expect(() => parseDecimal('12.5.0')).toThrow(RangeError);
  });

  it('keeps the written number of decimals as the scale', () => {
    expect(parseDecimal('1250.00')).toEqual({ units: 125000n, scale: 2 });
    expect(parseDecimal('-0.05')).toEqual({ units: -5n, scale: 2 });
  });
});

describe('rounding half-up (away from zero)', () => {
  const rounded = (value: string, scale: number) => formatDecimal(rescale(parseDecimal(value), scale));

  it.each([
    ['1.005', 2, '1.01'],
    ['1.004', 2, '1.00'],
    ['1.0049999', 2, '1.00'],
    ['-1.005', 2, '-1.01'],
    ['-1.004', 2, '-1.00'],
    ['0.5', 0, '1'],
    ['1.5', 0, '2'],
    ['2.5', 0, '3'],
    ['-0.5', 0, '-1'],
    ['-2.5', 0, '-3'],
    ['0.4999', 0, '0'],
    ['1.0005', 3, '1.001'],
    ['-1.0005', 3, '-1.001'],
    ['1.00049', 3, '1.000'],
  ])('rounds %s to %i decimals as %s', (value, scale, expected) => {
    expect(rounded(value, scale)).toBe(expected);
  });

  it('never writes a negative zero', () => {
    expect(rounded('-0.004', 2)).toBe('0.00');
    expect(rounded('-0.4', 0)).toBe('0');
  });

  it('pads with zeros when the scale grows', () => {
    expect(rounded('12', 2)).toBe('12.00');
    expect(rounded('-0.5', 3)).toBe('-0.500');
  });
});

describe('decimal arithmetic', () => {
  it('multiplies exactly, adding the scales', () => {
    expect(formatDecimal(multiply(parseDecimal('0.1'), parseDecimal('0.2')))).toBe('0.02');
    expect(formatDecimal(multiply(parseDecimal('-1.5'), parseDecimal('2.25')))).toBe('-3.375');
  });

  it('compares by value whatever the scale', () => {
    expect(compareDecimal(parseDecimal('1.50'), parseDecimal('1.5'))).toBe(0);
    expect(compareDecimal(parseDecimal('-1'), parseDecimal('0.001'))).toBe(-1);
    expect(compareDecimal(parseDecimal('10'), parseDecimal('9.999'))).toBe(1);
  });

  const decimalString = fc
    .tuple(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), fc.integer({ min: 0, max: 12 }))
    .map(([units, scale]) => formatDecimal({ units, scale }));

  it('formats what it parses back to the same canonical string', () => {
    fc.assert(
      fc.property(decimalString, (value) => {
        expect(formatDecimal(parseDecimal(value))).toBe(value);
      }),
    );
  });

  it('rounds to within half a unit of the last kept decimal', () => {
    fc.assert(
      fc.property(decimalString, fc.integer({ min: 0, max: 12 }), (value, scale) => {
        const exact = parseDecimal(value);
        const rounded = rescale(exact, scale);
        const common = Math.max(exact.scale, scale);
        const difference = rescale(rounded, common).units - rescale(exact, common).units;
        const half = 10n ** BigInt(common - scale) / 2n;
        expect(difference <= half && difference >= -half).toBe(true);
      }),
    );
  });
});
