import { isDataException, unstorableMessage, UNSTORABLE_MESSAGE } from './data-exception';

describe('isDataException', () => {
  it.each([
    ['a NUL in text', '22021'],
    ['an unsupported Unicode escape in jsonb', '22P05'],
    ['a number out of range', '22003'],
    ['an impossible date', '22008'],
  ])('holds for %s (SQLSTATE %s)', (_name, code) => {
    expect(isDataException(Object.assign(new Error('x'), { code }))).toBe(true);
  });

  it('reads the code TypeORM keeps on driverError', () => {
    expect(isDataException({ driverError: { code: '22P02' } })).toBe(true);
  });

  it.each([
    ['a serialization failure', '40001'],
    ['a lost connection', '08006'],
    ['a unique violation', '23505'],
    ['a connection error code of Node', 'ECONNREFUSED'],
  ])('does not hold for %s, which a retry may cure or a handler decides', (_name, code) => {
    expect(isDataException(Object.assign(new Error('x'), { code }))).toBe(false);
  });

  it('does not hold for errors without a code', () => {
    expect(isDataException(new Error('boom'))).toBe(false);
    expect(isDataException(null)).toBe(false);
  });
});

describe('unstorableMessage', () => {
  it('dead-letters with the reason PostgreSQL gave', () => {
    const error = unstorableMessage(new Error('invalid byte sequence for encoding "UTF8": 0x00'));
    expect(error.code).toBe(UNSTORABLE_MESSAGE);
    expect(error.message).toContain('0x00');
  });
});
