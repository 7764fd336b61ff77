import fc from 'fast-check';
import { BadRequest, bodyOf, Endpoint, pathOf, withToString } from './bad-requests';
import { HOSTILE_TEXT, NOT_UUIDS, toJsonText } from './hostile-values';

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
