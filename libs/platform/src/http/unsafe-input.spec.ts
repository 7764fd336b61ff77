import { MAX_INPUT_DEPTH, unsafeInputProblems } from './unsafe-input';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

describe('unsafeInputProblems', () => {
  it('finds nothing wrong with ordinary input, unicode included', () => {
    const input = { name: 'Zoë 👩‍👩‍👧 \u202e', lines: [{ amount: '1.00', tags: ['x'] }], n: 1, ok: null };
    expect(unsafeInputProblems(input)).toEqual([]);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('names a %s key wherever it is', (key) => {
    const input: unknown = JSON.parse(`{"lines":[{"${key}":{}}]}`);
    expect(unsafeInputProblems(input)).toEqual([
      { field: `lines[0].${key}`, problems: [`property lines[0].${key} should not exist`] },
    ]);
  });

  it(`allows ${MAX_INPUT_DEPTH} levels of nesting and refuses one more`, () => {
    expect(unsafeInputProblems(nested(MAX_INPUT_DEPTH))).toEqual([]);
    const [problem] = unsafeInputProblems(nested(MAX_INPUT_DEPTH + 1));
    expect(problem.field).toBe(Array(MAX_INPUT_DEPTH).fill('a').join('.'));
  });

  it('walks input far deeper than the call stack allows', () => {
    expect(() => unsafeInputProblems(nested(200_000))).not.toThrow();
  });

  it.each([
    ['a NUL character', 'a\u0000b', /NUL/],
    ['a lone high surrogate', 'x\ud800', /unpaired surrogate/],
    ['a lone low surrogate', '\udc00x', /unpaired surrogate/],
  ])('refuses text with %s', (_name, text, problem) => {
    const [found] = unsafeInputProblems({ lines: [{ name: text }] });
    expect(found.field).toBe('lines[0].name');
    expect(found.problems[0]).toMatch(problem);
  });

  it('refuses such text in keys and at the top level', () => {
    expect(unsafeInputProblems({ 'a\u0000': 1 })).toHaveLength(1);
    expect(unsafeInputProblems('\u0000')[0].problems[0]).toMatch(/^the value must not contain/);
  });

  it('keeps a surrogate pair', () => {
    expect(unsafeInputProblems({ name: '\ud83d\udca9' })).toEqual([]);
  });

  it('stops after twenty problems', () => {
    const input = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}`, '\u0000']));
    expect(unsafeInputProblems(input)).toHaveLength(20);
  });

  it('prefixes paths with the root it is given', () => {
    expect(unsafeInputProblems({ name: '\u0000' }, 'data')[0].field).toBe('data.name');
  });
});
