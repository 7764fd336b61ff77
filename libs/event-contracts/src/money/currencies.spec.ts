import { CURRENCY_MINOR_UNITS, isIsoCurrency, minorUnitsOf } from './currencies';

describe('ISO 4217 currencies', () => {
  it.each([
    ['EUR', 2],
    ['USD', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['BHD', 3],
    ['KWD', 3],
  ])('knows that %s has %i minor units', (code, units) => {
    expect(minorUnitsOf(code)).toBe(units);
  });

  it.each(['eur', 'EURO', 'XXX', '', 'BTC'])('does not take %j for a currency', (code) => {
    expect(isIsoCurrency(code)).toBe(false);
    expect(() => minorUnitsOf(code)).toThrow(RangeError);
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'does not mistake the object member %s for a currency',
    (code) => {
      expect(isIsoCurrency(code)).toBe(false);
      expect(() => minorUnitsOf(code)).toThrow(RangeError);
    },
  );

  it('lists only three-letter upper-case codes with 0 to 3 minor units', () => {
    for (const [code, units] of Object.entries(CURRENCY_MINOR_UNITS)) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3]).toContain(units);
    }
  });
});
