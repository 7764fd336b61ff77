import fc from 'fast-check';

/*
 * Values an attacker or a broken upstream system sends. Each list is invalid for the kind of field
 * it is named after, whatever else the body holds, so a request carrying one must be refused.
 */

/** One seed for every property of a run (fast-check prints it with any counterexample). */
export const BAD_INPUT_SEED = Number(process.env.BAD_INPUT_SEED ?? 20250524);

export const SQL_FRAGMENTS = [
  "'; DROP TABLE contracts.events; --",
  "' OR '1'='1",
  '1; SELECT pg_sleep(10)',
  '"); DELETE FROM invoicing.invoices; --',
  '$$; TRUNCATE contracts.streams; $$',
  "\\x00\\'--",
] as const;

/** Text that is legal JSON but hard on every layer below it: PostgreSQL, JSONB, terminals, logs. */
export const HOSTILE_TEXT = [
  'a\u0000b', // PostgreSQL text and jsonb cannot hold U+0000
  '\ud800', // a lone high surrogate
  'x\udfffy', // a lone low surrogate
  '\u202egnp.exe', // right-to-left override
  'pay\u200bment', // zero-width space
  '\ufeffBOM',
  'Z\u0351\u0352\u0353\u0354\u0355algo',
  '\u{1F4A9}\u{1F468}\u200d\u{1F469}\u200d\u{1F467}',
  ...SQL_FRAGMENTS,
  '<script>alert(1)</script>',
  '${process.exit(1)}',
  '{{constructor.constructor("return process")()}}',
  '%s%s%s%n',
  '../../../../etc/passwd',
] as const;

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Strings that are not UUIDs (for ids in bodies, paths and query strings). */
export const NOT_UUIDS = [
  '',
  'abc',
  '123',
  '00000000-0000-0000-0000-00000000000',
  '00000000-0000-0000-0000-0000000000000',
  'g0000000-0000-0000-0000-000000000000',
  '{00000000-0000-0000-0000-000000000000}',
  '00000000000000000000000000000000',
  '١٢٣٤٥٦٧٨-0000-0000-0000-000000000000',
  ' 0e4c3a2e-7f7a-4e2b-9d6c-3f1b2a4c5d6e',
  '0e4c3a2e-7f7a-4e2b-9d6c-3f1b2a4c5d6e\u200b',
  ...SQL_FRAGMENTS,
  'null',
  'undefined',
  'x'.repeat(5000),
] as const;

export const IMPOSSIBLE_DATES = [
  '2025-02-30',
  '2025-02-29',
  '2024-02-30',
  '2025-04-31',
  '0000-00-00',
  '0000-01-01',
  '2025-13-01',
  '2025-00-10',
  '2025-01-00',
  '2025-01-32',
  '2025-1-1',
  '20250101',
  '2025/01/01',
  '01-01-2025',
  '+02025-01-01',
  '2025-01-01T00:00:00Z',
  ' 2025-01-01',
  '2025-01-01\n',
  '２０２５-01-01',
  '',
  'today',
  ...SQL_FRAGMENTS,
] as const;

/** Not decimal strings at all, whatever the field's sign rules. */
export const MALFORMED_DECIMALS = [
  '1e400',
  '1E3',
  '1'.repeat(40),
  `0.${'1'.repeat(40)}`,
  'NaN',
  'Infinity',
  '-Infinity',
  '0x1F',
  '1,50',
  '1.5.0',
  '١٢٫٥',
  ' 12.50',
  '12.50 ',
  '+12.50',
  '--1',
  '-',
  '.',
  '',
  '12.50€',
  ...SQL_FRAGMENTS,
] as const;

/** Well-formed decimals that no amount of money (positive, two decimals in EUR) may take. */
export const IMPOSSIBLE_AMOUNTS = [
  ...MALFORMED_DECIMALS,
  '0',
  '-0',
  '0.00',
  '-1',
  '-0.01',
  '0.001',
  '-999999999999999999',
] as const;

/** JSON values of the wrong type for a string field (null left out: optional fields take it). */
export const NOT_STRINGS: readonly unknown[] = [
  0,
  -1,
  12.5,
  1e308,
  -0,
  true,
  false,
  [],
  ['a'],
  {},
  { $gt: '' },
  { toString: 'x' },
  [[[[]]]],
];

/**
 * JSON text to splice into a body as is: structures nested deeper than `JSON.stringify` can walk
 * (it overflows the client's stack long before a server's JSON.parse gives up).
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** `{"a":{"a":...}}` nested `depth` levels. */
export function nestedObjects(depth: number): RawJson {
  return new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

/** `[[[...]]]` nested `depth` levels. */
export function nestedArrays(depth: number): RawJson {
  return new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`);
}

/** Deep structures: a few levels, then as deep as a JSON parser still accepts without complaint. */
export const DEEP_VALUES: readonly RawJson[] = [
  nestedObjects(50),
  nestedArrays(50),
  nestedObjects(5000),
  nestedArrays(20000),
];

const RAW_MARK = 'raw-json-splice:';

/** `JSON.stringify`, with every {@link RawJson} in `value` spliced in as its text. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (!(item instanceof RawJson)) return item;
    raws.push(item.text);
    return `${RAW_MARK}${raws.length - 1}`;
  });
  if (raws.length === 0) return text;
  return text.replace(/"raw-json-splice:(\d+)"/g, (_match, index: string) => raws[Number(index)]);
}

/** A string of `bytes` characters, over any field's length limit but under the body limit (2 MB). */
export function hugeString(bytes: number): string {
  return 'A'.repeat(bytes);
}

/** Any non-string JSON value, from the fixed list or generated. */
export const notAString: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...NOT_STRINGS),
  fc.constantFrom(...DEEP_VALUES),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue(), { maxKeys: 3 }),
);

/** A string that is neither a UUID nor empty-safe: the fixed list, or random text (never UUID-shaped). */
export const notAUuid: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...NOT_UUIDS),
  fc.string({ unit: 'binary', maxLength: 60 }).filter((text) => !UUID_SHAPE.test(text)),
  notAString,
);

export const notADate: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...IMPOSSIBLE_DATES),
  fc.string({ unit: 'binary', maxLength: 20 }).filter((text) => !/^\d{4}-\d{2}-\d{2}$/.test(text)),
  notAString,
);

export const malformedDecimal: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...MALFORMED_DECIMALS),
  fc.bigInt({ min: 10n ** 18n, max: 10n ** 40n }).map((n) => n.toString()),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  notAString,
);

export const impossibleAmount: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...IMPOSSIBLE_AMOUNTS),
  malformedDecimal,
);

/** Not one of `allowed`: other spellings, other cases, hostile text, other types. */
export function notOneOf(allowed: readonly string[]): fc.Arbitrary<unknown> {
  const variants = allowed.flatMap((value) => [
    value.toLowerCase(),
    value.toUpperCase(),
    ` ${value}`,
    `${value}\u200b`,
  ]);
  return fc.oneof(
    fc.constantFrom(...variants, ...HOSTILE_TEXT, '', 'None ', 'null').filter((v) => !allowed.includes(v)),
    fc.string({ unit: 'binary', maxLength: 30 }).filter((text) => !allowed.includes(text)),
    notAString,
  );
}

/** Text over `maxLength` characters, sometimes far over (≥ 1 MB, still under the body limit). */
export function tooLong(maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'grapheme-ascii', minLength: maxLength + 1, maxLength: maxLength + 40 }),
    fc.constant(hugeString(1_100_000)),
  );
}

/** A required text field: missing-ish, blank, too long, or not text. */
export function badText(maxLength: number): fc.Arbitrary<unknown> {
  return fc.oneof(fc.constantFrom('', null), tooLong(maxLength), notAString);
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
