import { isStorableText } from './event-fields';

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
