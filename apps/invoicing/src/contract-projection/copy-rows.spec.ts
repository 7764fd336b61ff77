import { copyTextRows } from './copy-rows';

describe('copyTextRows', () => {
  it('writes a line per row with tabs between the columns', () => {
    expect(
      copyTextRows([
        ['a', 1, '2.50'],
        ['b', 2, '3.00'],
      ]),
    ).toBe('a\t1\t2.50\nb\t2\t3.00\n');
  });

  it('writes null as \\N, so it stays apart from the text "\\N"', () => {
    expect(copyTextRows([[null, '\\N']])).toBe('\\N\t\\\\N\n');
  });

  it('escapes backslashes, tabs and line breaks inside a value', () => {
    expect(copyTextRows([['a\tb\nc\rd\\e']])).toBe('a\\tb\\nc\\rd\\\\e\n');
  });

  it('keeps any other text as it is', () => {
    expect(copyTextRows([['Grüße, "quoted" ; DROP TABLE x; 💶']])).toBe(
      'Grüße, "quoted" ; DROP TABLE x; 💶\n',
    );
  });
});
