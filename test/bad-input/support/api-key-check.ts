import { API_KEY, BODY_LIMIT_BYTES, ListeningService } from './bad-input-apps';
import { Endpoint, jsonCall, pathOf } from './bad-requests';
import { SQL_FRAGMENTS } from './hostile-values';
import { rawBadRequests } from './raw-bodies';
import { BadInputTally, describeCall, HttpAnswer, HttpCall } from './http-probe';
import { RefusalContext } from './refusal-check';

/** Authorization headers that must not open a write: none, wrong keys, other schemes, near misses. */
export const WRONG_AUTHORIZATIONS: readonly (string | null)[] = [
  null,
  '',
  'Bearer',
  'Bearer ',
  'Bearer wrong-key',
  `Bearer ${API_KEY}x`,
  `Bearer ${API_KEY.slice(0, -1)}`,
  `Bearer ${API_KEY.toUpperCase()}`,
  `Bearer ${API_KEY},${API_KEY}`,
  `Bearer "${API_KEY}"`,
  `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`,
  `Basic ${API_KEY}`,
  `Token ${API_KEY}`,
  API_KEY,
  'Bearer null',
  `Bearer ${SQL_FRAGMENTS[1]}`,
  `Bearer ${'k'.repeat(4000)}`,
];

function withAuthorization(call: HttpCall, authorization: string | null): HttpCall {
  const headers: Record<string, string> = { ...call.headers };
  // The anonymous probe adds no key; an explicit empty header is sent as is.
  if (authorization !== null) headers.authorization = authorization;
  return { ...call, headers };
}

/** One failed check for the error message: the answer, what else went wrong, and the request. */
function failure(answer: HttpAnswer, call: HttpCall, note = ''): string {
  return `${answer.status} ${answer.text.slice(0, 200)}${note}\n  request: ${describeCall(call)}`;
}

function throwIfAny(failures: readonly string[], what: string): void {
  if (failures.length > 0) throw new Error(`${failures.length} ${what}:\n${failures.join('\n')}`);
}

/** Sends each call as it is: every answer must be a 401 in the error shape, and nothing written. */
async function expectUnauthorized(
  sut: ListeningService,
  context: RefusalContext,
  calls: readonly { readonly endpoint: string; readonly call: HttpCall }[],
  tally: BadInputTally,
): Promise<void> {
  const failures: string[] = [];
  for (const { endpoint, call } of calls) {
    const before = await context.state();
    const answer = await sut.anonymous.send(call);
    tally.record(`${endpoint} without a valid key`, answer.status);
    const after = await context.state();
    if (answer.status !== 401 || typeof answer.json?.message !== 'string' || before !== after)
      failures.push(failure(answer, call, before === after ? '' : ' (state changed)'));
  }
  throwIfAny(failures, 'writes without a valid key were not refused');
}

/**
 * Each write endpoint, with a body it would accept, sent with every wrong authorization: 401 in the
 * error shape with a `WWW-Authenticate: Bearer` challenge, and nothing written.
 */
export async function expectKeysRequired(
  sut: ListeningService,
  context: RefusalContext,
  endpoints: readonly Endpoint[],
  tally: BadInputTally,
): Promise<void> {
  const calls = endpoints.flatMap((endpoint) =>
    WRONG_AUTHORIZATIONS.map((authorization) => ({
      endpoint: endpoint.name,
      call: withAuthorization(
        jsonCall(endpoint.method, pathOf(endpoint), endpoint.validBody?.() ?? {}),
        authorization,
      ),
    })),
  );
  await expectUnauthorized(sut, context, calls, tally);
}

/**
 * Each write endpoint sent every malformed, foreign and oversized body without a key and with a
 * wrong one: still 401, because the key is checked before the body is read. With the right key the
 * same malformed JSON is a 400 that says so (the other bodies' 400, 413 and 415 are checked with
 * `rawBadRequests`).
 */
export async function expectKeysCheckedBeforeBodies(
  sut: ListeningService,
  context: RefusalContext,
  endpoints: readonly Endpoint[],
  tally: BadInputTally,
): Promise<void> {
  const calls = endpoints.flatMap((endpoint) =>
    rawBadRequests(endpoint, BODY_LIMIT_BYTES).flatMap((request) =>
      [null, 'Bearer wrong-key'].map((authorization) => ({
        endpoint: endpoint.name,
        call: withAuthorization(request.call, authorization),
      })),
    ),
  );
  await expectUnauthorized(sut, context, calls, tally);

  const failures: string[] = [];
  for (const endpoint of endpoints) {
    const malformed = rawBadRequests(endpoint, BODY_LIMIT_BYTES).find(
      (request) => request.label === 'truncated JSON',
    )!;
    const answer = await sut.probe.send(malformed.call);
    tally.record(endpoint.name, answer.status);
    if (answer.status !== 400 || !/^Malformed JSON body: /.test(String(answer.json?.message)))
      failures.push(failure(answer, malformed.call));
  }
  throwIfAny(failures, 'malformed bodies with the right key were not a 400 saying so');
}
