import { ListeningService, API_KEY } from './bad-input-apps';
import { Endpoint, jsonCall, pathOf } from './bad-requests';
import { SQL_FRAGMENTS } from './hostile-values';
import { BadInputTally, describeCall, HttpCall } from './http-probe';
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
  const failures: string[] = [];
  for (const endpoint of endpoints) {
    for (const authorization of WRONG_AUTHORIZATIONS) {
      const call = withAuthorization(
        jsonCall(endpoint.method, pathOf(endpoint), endpoint.validBody?.() ?? {}),
        authorization,
      );
      const before = await context.state();
      const answer = await sut.anonymous.send(call);
      tally.record(`${endpoint.name} without a valid key`, answer.status);
      const after = await context.state();
      const message = answer.json?.message;
      if (answer.status !== 401 || typeof message !== 'string' || before !== after) {
        failures.push(
          `${answer.status} ${answer.text.slice(0, 200)}${before === after ? '' : ' (state changed)'}\n  request: ${describeCall(call)}`,
        );
      }
    }
  }
  if (failures.length > 0)
    throw new Error(
      `${failures.length} writes without a valid key were not refused:\n${failures.join('\n')}`,
    );
}
