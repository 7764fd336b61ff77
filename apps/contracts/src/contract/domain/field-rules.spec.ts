import { compareDecimal, formatDecimal, parseDecimal } from '@app/event-contracts';
import fc from 'fast-check';
import { canonicalDecimal, checkAmount, decimalValueKey, fitsDecimals, sameDecimal } from './field-rules';

describe('decimal comparison by value', () => {
  it.each([
    ['2.50', '2.5'],
    ['02.5', '2.50'],
    ['0', '-0.00'],
    ['100', '100.000'],
    ['-1.10', '-1.1'],
  ])('takes %s and %s for the same value', (a, b) => {
    expect(sameDecimal(a, b)).toBe(true);
  });

  it.each([
    ['2.5', '2.05'],
    ['1', '-1'],
    ['10', '1'],
    ['0.1', '0.01'],
  ])('tells %s from %s', (a, b) => {
    expect(sameDecimal(a, b)).toBe(false);
  });

  it('agrees with exact comparison for any two decimals', () => {
    const decimal = fc
      .tuple(
        fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 3 }),
      )
      .map(([units, scale, leadingZeros]) => {
        const text = formatDecimal({ units, scale });
        const negative = text.startsWith('-');
        return `${negative ? '-' : ''}${'0'.repeat(leadingZeros)}${negative ? text.slice(1) : text}`;
      });
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        expect(sameDecimal(a, b)).toBe(compareDecimal(parseDecimal(a), parseDecimal(b)) === 0);
        expect(decimalValueKey(a) === decimalValueKey(b)).toBe(sameDecimal(a, b));
      }),
    );
  });

  it('writes a decimal canonically, keeping its decimals', () => {
    expect(canonicalDecimal('007.50')).toBe('7.50');
    expect(canonicalDecimal('-0.0')).toBe('0.0');
  });
});

describe('amount precision', () => {
  it('accepts trailing zeros beyond the currency decimals, but no other digit', () => {
    expect(fitsDecimals(parseDecimal('1.500'), 2)).toBe(true);
    expect(fitsDecimals(parseDecimal('1.505'), 2)).toBe(false);
    expect(fitsDecimals(parseDecimal('100'), 0)).toBe(true);
    expect(fitsDecimals(parseDecimal('100.0'), 0)).toBe(true);
    expect(fitsDecimals(parseDecimal('100.1'), 0)).toBe(false);
  });

  it('checks an amount: a decimal, positive, no finer than the currency', () => {
    expect(checkAmount('10.00', 'EUR', 'amount')).toBeUndefined();
    expect(checkAmount('10.001', 'EUR', 'amount')?.code).toBe('AMOUNT_PRECISION_EXCEEDS_CURRENCY');
    expect(checkAmount('0', 'EUR', 'amount')?.code).toBe('AMOUNT_MUST_BE_POSITIVE');
    expect(checkAmount(10, 'EUR', 'amount')?.code).toBe('INVALID_DECIMAL');
  });
});
