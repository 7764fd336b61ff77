import fc from 'fast-check';
import { BadRequest } from './bad-requests';
import { BAD_INPUT_SEED } from './hostile-values';
import { BadInputTally, describeCall, HttpProbe, refusalProblem } from './http-probe';

/** What a test can observe of the state bad input must leave alone, as comparable text. */
export type StateFingerprint = () => Promise<string>;

export interface RefusalContext {
  readonly probe: HttpProbe;
  readonly tally: BadInputTally;
  readonly state: StateFingerprint;
}

/**
 * Sends one bad request and checks the three promises of docs/product.md 5.4: a 4xx (never a 5xx), an answer
 * that names the problem, and no change of state. Throws with the request when one is broken.
 */
export async function expectRefused(
  context: RefusalContext,
  endpoint: string,
  request: BadRequest,
): Promise<void> {
  const before = await context.state();
  const answer = await context.probe.send(request.call);
  context.tally.record(endpoint, answer.status);
  const problem = refusalProblem(answer, request.named);
  const after = await context.state();
  const changed = after === before ? null : `the state changed:\n  before ${before}\n  after  ${after}`;
  const failure = [problem, changed].filter(Boolean).join('; ');
  if (failure) throw new Error(`${request.label}: ${failure}\n  request: ${describeCall(request.call)}`);
}

/** Runs `expectRefused` over generated requests with the run's seed. */
export async function expectAllRefused(
  context: RefusalContext,
  endpoint: string,
  requests: fc.Arbitrary<BadRequest>,
  numRuns: number,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(requests, (request) => expectRefused(context, endpoint, request)),
    { seed: BAD_INPUT_SEED, numRuns },
  );
}

/** Runs `expectRefused` over a fixed list, reporting every failure at once. */
export async function expectEachRefused(
  context: RefusalContext,
  endpoint: string,
  requests: readonly BadRequest[],
): Promise<void> {
  const failures: string[] = [];
  for (const request of requests) {
    await expectRefused(context, endpoint, request).catch((error: Error) => failures.push(error.message));
  }
  if (failures.length > 0)
    throw new Error(
      `${endpoint}: ${failures.length} of ${requests.length} refused wrongly\n${failures.join('\n')}`,
    );
}
