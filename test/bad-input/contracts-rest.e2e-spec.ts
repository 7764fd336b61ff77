import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ContractsModule } from '../../apps/contracts/src/contracts.module';
import { BODY_LIMIT_BYTES, ListeningService, startListening } from './support/bad-input-apps';
import { badPaths, routeParams } from './support/bad-paths';
import { badBodies, Endpoint } from './support/bad-requests';
import { rawBadRequests } from './support/raw-bodies';
import {
  anyQuery,
  badQueries,
  notAnIntegerBetween,
  notAUuidText,
  notOneOfText,
  QueryEndpoint,
} from './support/bad-queries';
import { contractEndpoints } from './support/contract-endpoints';
import { aContract, ContractFixture, createContractFixture } from './support/contract-fixture';
import { BAD_INPUT_SEED } from './support/hostile-values';
import { BadInputTally } from './support/http-probe';
import { expectAllRefused, expectEachRefused, RefusalContext } from './support/refusal-check';
import { expectHostileTextHandled } from './support/hostile-text-check';
import { expectKeysCheckedBeforeBodies, expectKeysRequired } from './support/api-key-check';

/** Inputs per property; the whole file stays near a minute on a 2-core machine. */
const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 80);

describe('contracts REST API under bad input (docs/product.md 4.4, 5.4)', () => {
  const tally = new BadInputTally('contracts REST');
  let sut: ListeningService;
  let fixture: ContractFixture;
  let context: RefusalContext;
  const endpoints = contractEndpoints(() => fixture);

  /** Every event of every contract: bad input must not add one anywhere. */
  async function eventLog(): Promise<string> {
    const [row] = (await sut.service.app
      .get(DataSource)
      .query(
        'SELECT count(*)::int AS events, coalesce(max(global_position), 0)::text AS position FROM contracts.events',
      )) as { events: number; position: string }[];
    return `${row.events} events up to ${row.position}`;
  }

  /** The fixture contract as its readers see it: version, lines, milestones, and its event stream. */
  async function fixtureView(): Promise<string> {
    const base = `/contracts/${fixture.contractId}`;
    const [view, events] = await Promise.all([sut.probe.getJson(base), sut.probe.getJson(`${base}/events`)]);
    return JSON.stringify({ view, events });
  }

  beforeAll(async () => {
    sut = await startListening(ContractsModule, 'contracts');
    fixture = await createContractFixture(sut.probe);
    context = { probe: sut.probe, tally, state: eventLog };
  });

  afterAll(async () => {
    tally.print();
    await sut?.close();
  });

  describe.each(
    endpoints.map(
      (endpoint) => [[endpoint.name, endpoint.variant].filter(Boolean).join(', '), endpoint] as const,
    ),
  )('%s', (_title, endpoint: Endpoint) => {
    it('refuses hostile bodies with a 4xx naming the field, and changes nothing', async () => {
      if (!endpoint.validBody) return expect(endpoint.badFields).toBeUndefined();
      const before = await fixtureView();
      await expectAllRefused(context, endpoint.name, badBodies(endpoint), RUNS);
      expect(await fixtureView()).toBe(before);
    });

    it('refuses malformed, foreign and oversized bodies', async () => {
      await expectEachRefused(context, endpoint.name, rawBadRequests(endpoint, BODY_LIMIT_BYTES));
    });

    it('refuses malformed and unknown ids in its path', async () => {
      if (routeParams(endpoint).length === 0) return expect(endpoint.route).toBe('/contracts');
      await expectAllRefused(context, endpoint.name, badPaths(endpoint), Math.ceil(RUNS / 2));
    });
  });

  it('stores hostile but valid text verbatim or refuses it naming the field, never a 5xx', async () => {
    await expectHostileTextHandled(sut.probe, tally, RUNS);
  });

  describe('query strings', () => {
    const queries = (): QueryEndpoint[] => [
      {
        name: 'GET /contracts/{id}/events',
        path: () => `/contracts/${fixture.contractId}/events`,
        params: {
          fromVersion: { bad: notAnIntegerBetween(1, 2_147_483_647), valid: () => '1' },
          limit: { bad: notAnIntegerBetween(1, 1000), valid: () => '10' },
        },
      },
      {
        name: 'GET /contracts/{id}/transactions',
        path: () => `/contracts/${fixture.contractId}/transactions`,
        params: {
          contractLineId: { bad: notAUuidText, valid: () => fixture.timeLineId },
          billingStatus: { bad: notOneOfText(['Unbilled', 'Billed', 'Posted']), valid: () => 'Unbilled' },
          afterVersion: { bad: notAnIntegerBetween(0, 2_147_483_647), valid: () => '0' },
          limit: { bad: notAnIntegerBetween(1, 1000), valid: () => '10' },
        },
      },
    ];

    it('refuses bad parameters with a 400 naming them', async () => {
      for (const endpoint of queries())
        await expectAllRefused(context, endpoint.name, badQueries(endpoint), RUNS);
    });

    it('never answers any query text with a 5xx', async () => {
      for (const endpoint of queries()) {
        await fc.assert(
          fc.asyncProperty(anyQuery(endpoint), async (call) => {
            const answer = await sut.probe.send(call);
            tally.record(endpoint.name, answer.status);
            expect(answer.status).toBeLessThan(500);
          }),
          { seed: BAD_INPUT_SEED, numRuns: RUNS },
        );
      }
    });

    it('refuses malformed contract ids in read paths', async () => {
      const read: Endpoint = {
        name: 'GET /contracts/{id}',
        method: 'GET',
        route: '/contracts/:contractId',
        ids: () => ({ contractId: fixture.contractId }),
      };
      await expectAllRefused(context, read.name, badPaths(read), RUNS);
    });
  });

  describe('API keys (docs/product.md 5.5)', () => {
    it('answers 401 on every write endpoint without the right key, and changes nothing', async () => {
      await expectKeysRequired(sut, context, endpoints, tally);
    });

    it('answers 401 to a write without the right key whatever its body, 400 to malformed JSON with it', async () => {
      await expectKeysCheckedBeforeBodies(sut, context, endpoints, tally);
    });

    it('keeps reads, health and metrics open', async () => {
      const open = [
        '/health/live',
        '/health/ready',
        '/metrics',
        `/contracts/${fixture.contractId}`,
        `/contracts/${fixture.contractId}/events`,
        `/contracts/${fixture.contractId}/transactions`,
      ];
      for (const path of open)
        expect([path, (await sut.anonymous.send({ method: 'GET', path })).status]).toEqual([path, 200]);
    });
  });

  it('answered no input with a 5xx', () => {
    expect(tally.serverErrors).toBe(0);
  });

  it('leaves the prototypes of this process alone', async () => {
    await sut.probe.sendJson(
      'POST',
      '/contracts',
      JSON.parse(
        `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"name":"x","customerId":"${randomUUID()}","currency":"EUR"}`,
      ),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(aContract()).not.toHaveProperty('polluted');
  });
});
