import { BadRequestException } from '@nestjs/common';
import { expectedVersionFrom } from './write-request.context';

describe('If-Match', () => {
  it.each([
    ['"3"', 3],
    ['3', 3],
    ['W/"12"', 12],
    [' "0" ', 0],
  ])('reads %p as version %p', (header, version) => {
    expect(expectedVersionFrom(header)).toBe(version);
  });

  it('expects nothing when absent or "*"', () => {
    expect(expectedVersionFrom(undefined)).toBeUndefined();
    expect(expectedVersionFrom('*')).toBeUndefined();
  });

  it.each(['yesterday', '"-1"', '"1.5"', '"3", "4"'])('refuses %p with 400 naming If-Match', (header) => {
    expect(() => expectedVersionFrom(header)).toThrow(BadRequestException);
  });
});
