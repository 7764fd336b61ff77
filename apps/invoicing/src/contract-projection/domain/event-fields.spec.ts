import { isCalendarDate as sut, isStorableText } from './event-fields';

describe('isCalendarDate', () => {
  it.each(['2025-01-31', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])('accepts %s', (date) => {
    expect(sut(date)).toBe(true);
  });

  it.each([
    '2025-02-29',
    '1900-02-29',
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '0000-01-01',
    '2025-1-01',
    ' 2025-01-01',
    20250101,
  ])('refuses %p', (date) => {
    expect(sut(date)).toBe(false);
  });
});

describe('isStorableText', () => {
  it.each(['Zoë', '👩‍👩‍👧', '\u202etxt', 'pay\u200bment', "'; DROP TABLE x; --", ''])('accepts %p', (text) => {
    expect(isStorableText(text)).toBe(true);
  });

  it.each(['a\u0000b', '\ud800', 'x\udfffy', '\udc00\ud800'])(
    'refuses %p, which PostgreSQL would refuse or alter',
    (text) => {
      expect(isStorableText(text)).toBe(false);
    },
  );
});
