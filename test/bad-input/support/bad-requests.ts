import fc from 'fast-check';
import { HttpCall } from './http-probe';
import { nestedArrays, nestedObjects, PROTOTYPE_KEYS, toJsonText } from './hostile-values';

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

export function bodyOf(endpoint: Endpoint): Record<string, unknown> {
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

/** Gives fast-check a short text for counterexamples: bodies can be megabytes. */
export function withToString<T extends BadRequest>(request: T): T {
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
