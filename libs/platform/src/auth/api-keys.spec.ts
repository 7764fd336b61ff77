import { ApiKeys, bearerToken } from './api-keys';

describe('ApiKeys', () => {
  const sut = new ApiKeys(['alpha-key', 'beta-key']);

  it('matches any configured key exactly', () => {
    expect(sut.matches('alpha-key')).toBe(true);
    expect(sut.matches('beta-key')).toBe(true);
  });

  it.each(['alpha', 'alpha-key ', 'ALPHA-KEY', '', 'alpha-keyx'])('does not match %p', (candidate) => {
    expect(sut.matches(candidate)).toBe(false);
  });

  it('is unconfigured without keys', () => {
    expect(new ApiKeys([]).configured).toBe(false);
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer   abc  ', 'abc'],
  ])('reads %p', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([undefined, '', 'Bearer', 'Bearer a b', 'Basic abc', ['Bearer abc']])(
    'finds no key in %p',
    (header) => {
      expect(bearerToken(header)).toBeNull();
    },
  );
});
