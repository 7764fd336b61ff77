import fc from 'fast-check';
import { percentEncode } from './bad-paths';
import { BadRequest } from './bad-requests';
import { HOSTILE_TEXT, IMPOSSIBLE_DATES, NOT_UUIDS } from './hostile-values';
import { HttpCall } from './http-probe';

/** A read endpoint with query parameters: for each, values it must refuse and one it accepts. */
export interface QueryEndpoint {
  /** The summary line's name, e.g. `GET /invoices`. */
  readonly name: string;
  readonly path: () => string;
  readonly params: Readonly<
    Record<string, { readonly bad: fc.Arbitrary<string>; readonly valid: () => string }>
  >;
  readonly required?: readonly string[];
}

/** Numbers as query text, some absurd; also used to probe parameters without an upper bound. */
export const NUMERIC_TEXT = [
  '0',
  '-0',
  '-1',
  '1.5',
  '1e3',
  '1e400',
  '-1e400',
  '2147483647',
  '2147483648',
  '9007199254740993',
  '99999999999999999999',
  '1'.repeat(400),
  'NaN',
  'Infinity',
  '0x10',
  '0b11',
  ' 1',
  '',
  'abc',
  '١',
] as const;

/** Query text that is no integer in [min, max] once the service converts it with `Number`. */
export function notAnIntegerBetween(min: number, max: number): fc.Arbitrary<string> {
  const accepted = (text: string) => {
    const n = Number(text);
    return Number.isInteger(n) && n >= min && n <= max;
  };
  return fc
    .oneof(fc.constantFrom(...NUMERIC_TEXT, String(max + 1), String(min - 1)), fc.string({ maxLength: 12 }))
    .filter((text) => !accepted(text));
}

export const notAUuidText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NOT_UUIDS),
  fc.string({ unit: 'binary', maxLength: 40 }).filter((text) => !/^[0-9a-f-]{36}$/i.test(text)),
);

export const notADateText: fc.Arbitrary<string> = fc.constantFrom(...IMPOSSIBLE_DATES);

export function notOneOfText(allowed: readonly string[]): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constantFrom(...allowed.map((value) => value.toLowerCase()), ...HOSTILE_TEXT, ''),
      fc.string({ unit: 'binary', maxLength: 20 }),
    )
    .filter((text) => !allowed.includes(text));
}

function query(entries: readonly (readonly [string, string])[]): string {
  if (entries.length === 0) return '';
  return `?${entries.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`).join('&')}`;
}

function get(endpoint: QueryEndpoint, entries: readonly (readonly [string, string])[]): HttpCall {
  return { method: 'GET', path: `${endpoint.path()}${query(entries)}` };
}

function validEntries(endpoint: QueryEndpoint, except: readonly string[]): [string, string][] {
  return Object.entries(endpoint.params)
    .filter(([name]) => !except.includes(name) && (endpoint.required ?? []).includes(name))
    .map(([name, param]) => [name, param.valid()]);
}

function bad(call: HttpCall, named: readonly string[], label: string): BadRequest {
  return Object.assign(
    { call, named, label },
    { [fc.toStringMethod]: () => `${label}: ${call.path.slice(0, 300)}` },
  );
}

/** Bad values for one or two parameters, unknown parameters, repeated ones, missing required ones. */
export function badQueries(endpoint: QueryEndpoint): fc.Arbitrary<BadRequest> {
  const names = Object.keys(endpoint.params);
  const badValues = fc
    .uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: Math.min(2, names.length) })
    .chain((chosen) =>
      fc.tuple(...chosen.map((name) => endpoint.params[name].bad)).map((values) => {
        const entries = [
          ...validEntries(endpoint, chosen),
          ...chosen.map((name, i) => [name, values[i]] as const),
        ];
        return bad(get(endpoint, entries), chosen, `bad ${chosen.join(', ')}`);
      }),
    );
  const unknown = fc
    .oneof(
      fc.constantFrom('__proto__', 'constructor', 'where', 'sort', 'limit[$gt]', `${names[0]}[a]`),
      fc.stringMatching(/^[a-z]{1,12}$/),
    )
    .filter((name) => !names.includes(name))
    .map((name) =>
      bad(get(endpoint, [...validEntries(endpoint, []), [name, '1']]), [name], `unknown ${name}`),
    );
  const repeated = fc.constantFrom(...names).map((name) => {
    const value = endpoint.params[name].valid();
    return bad(
      get(endpoint, [...validEntries(endpoint, [name]), [name, value], [name, value]]),
      [name],
      `${name} twice`,
    );
  });
  const arbitraries = [badValues, unknown, repeated];
  const required = endpoint.required ?? [];
  if (required.length > 0) {
    arbitraries.push(
      fc
        .subarray([...required], { minLength: 1 })
        .map((missing) =>
          bad(get(endpoint, validEntries(endpoint, missing)), missing, `missing ${missing.join(', ')}`),
        ),
    );
  }
  return fc.oneof(...arbitraries);
}

/** Any text in every parameter: answers may be 200 or 4xx, never 5xx. */
export function anyQuery(endpoint: QueryEndpoint): fc.Arbitrary<HttpCall> {
  const value = fc.oneof(
    fc.constantFrom(...NUMERIC_TEXT, ...HOSTILE_TEXT),
    fc.string({ unit: 'binary', maxLength: 30 }),
  );
  const entries = Object.keys(endpoint.params).map((name) =>
    fc.option(fc.tuple(fc.constant(name), fc.oneof(value, fc.constant(endpoint.params[name].valid()))), {
      nil: undefined,
    }),
  );
  return fc.tuple(...entries).map((chosen) => {
    const call = get(
      endpoint,
      chosen.filter((entry): entry is [string, string] => entry !== undefined),
    );
    return Object.assign(call, { [fc.toStringMethod]: () => call.path });
  });
}
