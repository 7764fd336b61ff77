import { gzipSync } from 'node:zlib';
import { BadRequest, bodyOf, Endpoint, pathOf, withToString } from './bad-requests';
import { hugeString, toJsonText } from './hostile-values';

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
