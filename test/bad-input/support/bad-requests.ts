import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { HttpCall } from './http-probe';
import {
  HOSTILE_TEXT,
  hugeString,
  nestedArrays,
  nestedObjects,
  NOT_UUIDS,
  PROTOTYPE_KEYS,
  toJsonText,
} from './hostile-values';

/** A request that must be refused, the fields its answer should name, and a short label. */
export interface BadRequest {
  readonly call: HttpCall;
  readonly named: readonly string[];
  readonly label: string;
}

/** A write endpoint: its route, fixture ids that exist, and, if it takes one, its JSON body. */
export interface Endpoint {
  /** The summary line's name, e.g. `POST /contracts`. */
  readonly name: string;
  /** Tells apart two body shapes of one endpoint in test titles. */
  readonly variant?: string;
  /** GET for reads by id, whose paths are checked like those of writes. */
  readonly method: 'GET' | 'POST' | 'PUT';
  /** The path with `:param` placeholders, e.g. `/contracts/:contractId/lines`. */
  readonly route: string;
  /** Ids of things that exist, one per `:param`. */
  readonly ids?: () => Readonly<Record<string, string>>;
  /** A body the endpoint would accept (fresh client ids each time); absent when it takes none. */
  readonly validBody?: () => Record<string, unknown>;
  /** Field path (`customers[0].customerId`) → values that field must never take. */
  readonly badFields?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
  /** Field paths whose absence alone makes the body invalid. */
  readonly required?: readonly string[];
  /** Paths of nested objects that refuse unknown keys too (`frequency`, `customers[0]`). */
  readonly nestedObjects?: readonly string[];
}

/** The endpoint's path with its fixture ids, some replaced by `segments` (already encoded). */
export function pathOf(endpoint: Endpoint, segments: Readonly<Record<string, string>> = {}): string {
  const ids = endpoint.ids?.() ?? {};
  return endpoint.route.replace(/:(\w+)/g, (_match, param: string) => segments[param] ?? ids[param]);
}

function bodyOf(endpoint: Endpoint): Record<string, unknown> {
  return endpoint.validBody?.() ?? {};
}

type Segment = string | number;

function segments(path: string): Segment[] {
  return path
    .split(/\.|(?=\[)/)
    .filter(Boolean)
    .map((part) => (part.startsWith('[') ? Number(part.slice(1, -1)) : part));
}

type Node = Record<string | number, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null;
}

/** The object at `path`, or undefined when an earlier mutation replaced a parent with a non-object. */
function nodeAt(target: Node, parts: readonly Segment[]): Node | undefined {
  let node: unknown = target;
  for (const part of parts) node = isNode(node) ? node[part] : undefined;
  return isNode(node) ? node : undefined;
}

function defineKey(node: Node, key: string | number, value: unknown): void {
  // defineProperty: assigning `__proto__` would change the prototype instead of adding a key.
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}

function setPath(target: Node, path: string, value: unknown, remove = false): void {
  const parts = segments(path);
  const node = nodeAt(target, parts.slice(0, -1));
  if (node === undefined) return;
  const last = parts[parts.length - 1];
  if (remove) delete node[last];
  else defineKey(node, last, value);
}

/** A request with a JSON body (hostile values spliced in, see `toJsonText`). */
export function jsonCall(method: string, path: string, body: unknown, headers = {}): HttpCall {
  return {
    method,
    path,
    headers: { 'content-type': 'application/json', ...headers },
    body: toJsonText(body),
  };
}

function withToString<T extends BadRequest>(request: T): T {
  // fast-check prints counterexamples with this: bodies can be megabytes.
  return Object.assign(request, {
    [fc.toStringMethod]: () => `${request.label}: ${String(request.call.body ?? '').slice(0, 300)}`,
  });
}

function badRequest(endpoint: Endpoint, body: unknown, named: readonly string[], label: string): BadRequest {
  return withToString({ call: jsonCall(endpoint.method, pathOf(endpoint), body), named, label });
}

const unknownKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PROTOTYPE_KEYS, 'isAdmin', 'version', 'status', 'a.b', '0', '\u202eevil', "name'--"),
  fc.stringMatching(/^[a-zA-Z_$][\w$]{0,20}$/),
);

/** One to three fields set to values they must refuse. */
function badFieldValues(endpoint: Endpoint): fc.Arbitrary<BadRequest> {
  const badFields = endpoint.badFields ?? {};
  const fields = Object.keys(badFields);
  return fc
    .uniqueArray(fc.constantFrom(...fields), { minLength: 1, maxLength: Math.min(3, fields.length) })
    .chain((chosen) =>
      fc.tuple(...chosen.map((field) => badFields[field])).map((values) => {
        const body = bodyOf(endpoint);
        chosen.forEach((field, i) => setPath(body, field, values[i]));
        return badRequest(endpoint, body, chosen, `bad ${chosen.join(', ')}`);
      }),
    );
}

function missingFields(endpoint: Endpoint): fc.Arbitrary<BadRequest> {
  return fc.subarray([...(endpoint.required ?? [])], { minLength: 1 }).map((missing) => {
    const body = bodyOf(endpoint);
    for (const field of missing) setPath(body, field, undefined, true);
    return badRequest(endpoint, body, missing, `missing ${missing.join(', ')}`);
  });
}

function unknownFields(endpoint: Endpoint): fc.Arbitrary<BadRequest> {
  const parents = ['', ...(endpoint.nestedObjects ?? [])];
  return fc
    .tuple(fc.constantFrom(...parents), unknownKey, fc.jsonValue({ maxDepth: 2 }))
    .map(([parent, unknown, value]) => {
      const body = bodyOf(endpoint);
      const node = nodeAt(body, segments(parent))!;
      const key = Object.prototype.hasOwnProperty.call(node, unknown) ? `${unknown}_` : unknown;
      defineKey(node, key, value);
      return badRequest(endpoint, body, [key], `unknown field ${parent ? `${parent}.` : ''}${key}`);
    });
}

/** Bodies that are not the object the endpoint expects at all. */
function wrongShapes(endpoint: Endpoint): fc.Arbitrary<BadRequest> {
  return fc
    .constantFrom<unknown>(
      [],
      [bodyOf(endpoint)],
      'text',
      42,
      true,
      {},
      nestedArrays(20000),
      nestedObjects(5000),
    )
    .filter((body) => !(isEmptyObject(body) && (endpoint.required ?? []).length === 0))
    .map((body) => badRequest(endpoint, body, [], 'wrong shape'));
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
  );
}

/** Random hostile bodies for an endpoint: bad field values, missing and unknown fields, wrong shapes. */
export function badBodies(endpoint: Endpoint): fc.Arbitrary<BadRequest> {
  const arbitraries = [
    { weight: 6, arbitrary: badFieldValues(endpoint) },
    { weight: 2, arbitrary: unknownFields(endpoint) },
    { weight: 1, arbitrary: wrongShapes(endpoint) },
  ];
  if ((endpoint.required ?? []).length > 0)
    arbitraries.push({ weight: 1, arbitrary: missingFields(endpoint) });
  return fc.oneof(...arbitraries);
}

function flatten(value: unknown, prefix: string, into: URLSearchParams): URLSearchParams {
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) flatten(item, prefix ? `${prefix}[${key}]` : key, into);
  } else into.append(prefix, String(value));
  return into;
}

/**
 * Bodies no JSON parser should turn into a command: malformed and truncated JSON, other content types
 * (a valid body sent as a form is still not JSON), unknown charsets and encodings, and bodies over the limit.
 */
export function rawBadRequests(endpoint: Endpoint, bodyLimitBytes: number): BadRequest[] {
  // An endpoint without a body ignores any JSON it gets: only broken JSON is bad input there.
  const valid = toJsonText(endpoint.validBody ? bodyOf(endpoint) : { reason: 'bad input' });
  const { method } = endpoint;
  const call = (
    label: string,
    body: string | Buffer | undefined,
    headers: Record<string, string>,
    named: string[] = [],
  ) => withToString({ call: { method, path: pathOf(endpoint), headers, body }, named, label });
  const json = { 'content-type': 'application/json' };
  const first = endpoint.required?.[0];
  const requests = [
    call('truncated JSON', valid.slice(0, Math.floor(valid.length / 2)), json),
    call('JSON cut before a value', '{"name":', json),
    call('trailing comma', valid.replace(/}$/, ',}'), json),
    call('single quotes', valid.replace(/"/g, "'"), json),
    call('two documents', `${valid}${valid}`, json),
    call('a bare NaN', 'NaN', json),
    call('a leading zero', '{"a":01}', json),
    call('an invalid escape', '{"a":"\\x41"}', json),
    call('bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x7b, 0x80, 0x7d]), json),
    call('a NUL byte', Buffer.from([0x7b, 0x00, 0x7d]), json),
    call('a top-level null', 'null', json),
    call('a top-level string', '"text"', json),
    call('a charset JSON does not use', valid, { 'content-type': 'application/json; charset=iso-8859-1' }),
    call('gzip that is not gzip', valid, { ...json, 'content-encoding': 'gzip' }),
    call('an unsupported encoding', valid, { ...json, 'content-encoding': 'compress' }),
    call(
      'a body over the limit',
      toJsonText({ ...bodyOf(endpoint), padding: hugeString(bodyLimitBytes + 1024) }),
      json,
    ),
    call(
      'gzip over the limit once inflated',
      gzipSync(toJsonText({ padding: hugeString(bodyLimitBytes * 2) })),
      {
        ...json,
        'content-encoding': 'gzip',
      },
    ),
    call('a valid body as a form', flatten(JSON.parse(valid), '', new URLSearchParams()).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    }),
    call('a valid body as text/plain', valid, { 'content-type': 'text/plain' }),
    call('a valid body without a content type', valid, {}),
    call('a valid body as XML', `<body>${valid}</body>`, { 'content-type': 'application/xml' }),
    call(
      'a valid body as multipart',
      `--b\r\nContent-Disposition: form-data; name="body"\r\n\r\n${valid}\r\n--b--\r\n`,
      {
        'content-type': 'multipart/form-data; boundary=b',
      },
    ),
  ];
  if (first !== undefined) {
    // No body at all: the fields the endpoint needs are missing.
    requests.push(
      call('an empty JSON body', '', json, [first]),
      call('no body and no content type', undefined, {}, [first]),
    );
  }
  return requests;
}

/** Percent-encodes every byte but the unreserved ones (lone surrogates become U+FFFD on the way). */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9\-_~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** Path segments that are no id: hostile text (encoded), broken percent-encodings, unknown UUIDs. */
const badSegment: fc.Arbitrary<{ segment: string; nameable: boolean }> = fc.oneof(
  fc
    .oneof(
      fc.constantFrom(...NOT_UUIDS.filter((text) => text !== ''), ...HOSTILE_TEXT),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).filter((text) => !UUID.test(text)),
    )
    .map((text) => ({ segment: percentEncode(text), nameable: true })),
  fc
    .constantFrom('%', '%FF', '%E0%A4%A', '%zz', '%C0%AF', '%00')
    .map((segment) => ({ segment, nameable: false })),
  fc.uuid({ version: 4 }).map((segment) => ({ segment, nameable: false })),
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The endpoint with one or more of its path ids replaced by a bad segment, and a valid body. */
export function badPaths(endpoint: Endpoint): fc.Arbitrary<BadRequest> {
  const params = routeParams(endpoint);
  return fc
    .uniqueArray(fc.constantFrom(...params), { minLength: 1, maxLength: params.length })
    .chain((chosen) =>
      fc.tuple(
        fc.constant(chosen),
        fc.array(badSegment, { minLength: chosen.length, maxLength: chosen.length }),
      ),
    )
    .map(([chosen, segments]) => {
      const path = pathOf(
        endpoint,
        Object.fromEntries(chosen.map((param, i) => [param, segments[i].segment])),
      );
      // A segment that cannot be decoded fails the whole path before any parameter is looked at.
      const named = segments.every((s) => s.nameable) ? chosen.map(pathParamName) : [];
      const body = endpoint.validBody ? toJsonText(bodyOf(endpoint)) : undefined;
      const headers: Record<string, string> =
        body === undefined ? {} : { 'content-type': 'application/json' };
      return withToString({
        call: { method: endpoint.method, path, headers, body },
        named,
        label: `bad ${chosen.join(', ')} in the path`,
      });
    });
}

/** Route params are named after the fixture (`timeLineId`); the service calls them by their role. */
function pathParamName(param: string): string {
  return /LineId$/.test(param) ? 'lineId' : param;
}

export function routeParams(endpoint: Endpoint): string[] {
  return [...endpoint.route.matchAll(/:(\w+)/g)].map((match) => match[1]);
}
