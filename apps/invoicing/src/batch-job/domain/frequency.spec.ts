import { parseFrequency as sut } from './frequency';

const ms = (text: string) => {
  const parsed = sut(text);
  return parsed.ok ? parsed.value : parsed.violation.code;
};

describe('parseFrequency', () => {
  it.each([
    ['Daily', 86_400_000],
    ['Hourly', 3_600_000],
    ['PT5S', 5_000],
    ['PT1M30S', 90_000],
    ['PT1.5S', 1_500],
    ['PT2,5S', 2_500],
    ['PT2H', 7_200_000],
    ['P1D', 86_400_000],
    ['P1DT2H', 93_600_000],
    ['P2W', 14 * 86_400_000],
    ['PT36H', 129_600_000],
  ])('reads %s as %i ms', (text, expected) => {
    expect(ms(text)).toBe(expected);
  });

  it('counts a day as exactly 24 hours', () => expect(ms('P1D')).toBe(ms('PT24H')));

  it.each(['P1Y', 'P1M', 'P1Y2M', 'P1MT1H'])('refuses %s: months and years have no fixed length', (text) => {
    const parsed = sut(text);
    expect(parsed).toMatchObject({ ok: false, violation: { code: 'INVALID_FREQUENCY', field: 'frequency' } });
    expect(parsed.ok ? '' : parsed.violation.message).toMatch(/no fixed length/);
  });

  it.each(['P0D', 'PT0S', 'PT0.5S', '-PT5S', 'P-1D'])(
    'refuses %s: zero, negative or shorter than a second',
    (text) => expect(ms(text)).toBe('INVALID_FREQUENCY'),
  );

  it.each(['', 'P', 'PT', 'daily', 'weekly', '5s', 'PT5', 'P1H', 'PT1D', 'P1DT', 'PT1S2M'])(
    'refuses %j: not Daily, Hourly or an ISO-8601 duration',
    (text) => expect(ms(text)).toBe('INVALID_FREQUENCY'),
  );

  it('refuses more than a year', () => {
    expect(ms('P366D')).toBe(366 * 86_400_000);
    expect(ms('P367D')).toBe('INVALID_FREQUENCY');
    expect(ms('P99999999999999999999D')).toBe('INVALID_FREQUENCY');
  });
});
