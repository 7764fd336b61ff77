import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { uniqueTopicPrefix } from '@app/testing';
import { ContractsModule } from '../../apps/contracts/src/contracts.module';
import { InvoicingModule } from '../../apps/invoicing/src/invoicing.module';
import { expectKeysCheckedBeforeBodies, expectKeysRequired } from './support/api-key-check';
import { BODY_LIMIT_BYTES, ListeningService, startListening } from './support/bad-input-apps';
import { anyQuery, badQueries } from './support/bad-queries';
import { badPaths, routeParams } from './support/bad-paths';
import { badBodies, Endpoint } from './support/bad-requests';
import { rawBadRequests } from './support/raw-bodies';
import { BAD_INPUT_SEED } from './support/hostile-values';
import { BadInputTally } from './support/http-probe';
import { invoicingEndpoints, invoicingQueries, invoicingReadPaths } from './support/invoicing-endpoints';
import { createInvoicingFixture, InvoicingFixture } from './support/invoicing-fixture';
import { expectAllRefused, expectEachRefused, RefusalContext } from './support/refusal-check';

/** Inputs per property; the whole file stays near a minute on a 2-core machine. */
const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 80);

const title = (endpoint: Endpoint) => [endpoint.name, endpoint.variant].filter(Boolean).join(', ');

describe('invoicing REST API under bad input (docs/product.md 4.5, 5.4)', () => {
  const tally = new BadInputTally('invoicing REST');
  let contracts: ListeningService;
  let sut: ListeningService;
  let fixture: InvoicingFixture;
  let context: RefusalContext;
  const endpoints = invoicingEndpoints(() => fixture);

  /**
   * Everything bad input could touch, read in one statement: the event store (invoice and run
   * events), the jobs with their timers, runs, invoice statuses and the projection's generation.
   */
  async function invoicingState(): Promise<string> {
    const [row] = (await sut.service.app.get(DataSource).query(
      `SELECT (SELECT count(*) || '@' || coalesce(max(global_position), 0) FROM invoicing.events) AS events,
              (SELECT string_agg(concat_ws(' ', batch_job_id, is_active, phase, next_run_at), ',')
                 FROM invoicing.batch_jobs) AS jobs,
              (SELECT string_agg(concat_ws(' ', process_run_id, status), ',') FROM invoicing.process_runs) AS runs,
              (SELECT string_agg(concat_ws(' ', invoice_id, status), ',' ORDER BY invoice_id) FROM invoicing.invoices) AS invoices,
              (SELECT generation FROM invoicing.projection_state) AS generation`,
    )) as Record<string, unknown>[];
    return JSON.stringify(row);
  }

  /** What operators read over REST: the jobs list, the runs and every invoice's status. */
  async function operatorView(): Promise<string> {
    const [jobs, runs, invoices] = await Promise.all([
      sut.probe.getJson('/batch-jobs'),
      sut.probe.getJson('/process-runs'),
      sut.probe.getJson<{ items: { invoiceId: string; status: string }[] }>('/invoices?limit=500'),
    ]);
    return JSON.stringify({
      jobs,
      runs,
      invoices: invoices.items.map(({ invoiceId, status }) => [invoiceId, status]),
    });
  }

  beforeAll(async () => {
    const env = { KAFKA_TOPIC_PREFIX: uniqueTopicPrefix('bad-input') };
    [contracts, sut] = await Promise.all([
      startListening(ContractsModule, 'contracts', env),
      startListening(InvoicingModule, 'invoicing', env),
    ]);
    fixture = await createInvoicingFixture(contracts.probe, sut.probe);
    context = { probe: sut.probe, tally, state: invoicingState };
  });

  afterAll(async () => {
    tally.print();
    await Promise.all([sut?.close(), contracts?.close()]);
  });

  describe.each(endpoints.map((endpoint) => [title(endpoint), endpoint] as const))(
    '%s',
    (_title, endpoint) => {
      it('refuses hostile bodies with a 4xx naming the field, and changes nothing', async () => {
        if (!endpoint.validBody) return expect(endpoint.badFields).toBeUndefined();
        const before = await operatorView();
        await expectAllRefused(context, endpoint.name, badBodies(endpoint), RUNS);
        expect(await operatorView()).toBe(before);
      });

      it('refuses malformed, foreign and oversized bodies', async () => {
        const before = await operatorView();
        await expectEachRefused(context, endpoint.name, rawBadRequests(endpoint, BODY_LIMIT_BYTES));
        expect(await operatorView()).toBe(before);
      });

      it('refuses malformed and unknown ids in its path', async () => {
        if (routeParams(endpoint).length === 0)
          return expect(['/batch-jobs', '/projection/rebuild']).toContain(endpoint.route);
        await expectAllRefused(context, endpoint.name, badPaths(endpoint), Math.ceil(RUNS / 2));
      });
    },
  );

  describe('query strings and read paths', () => {
    it('refuses bad parameters with a 400 naming them', async () => {
      for (const endpoint of invoicingQueries(() => fixture))
        await expectAllRefused(context, endpoint.name, badQueries(endpoint), Math.ceil(RUNS / 2));
    });

    it('never answers any query text with a 5xx', async () => {
      for (const endpoint of invoicingQueries(() => fixture)) {
        await fc.assert(
          fc.asyncProperty(anyQuery(endpoint), async (call) => {
            const answer = await sut.probe.send(call);
            tally.record(endpoint.name, answer.status);
            expect(answer.status).toBeLessThan(500);
          }),
          { seed: BAD_INPUT_SEED, numRuns: Math.ceil(RUNS / 2) },
        );
      }
    });

    it('refuses malformed and unknown ids in read paths, naming the parameter', async () => {
      for (const endpoint of invoicingReadPaths(() => fixture))
        await expectAllRefused(context, endpoint.name, badPaths(endpoint), Math.ceil(RUNS / 2));
    });
  });

  describe('API keys (docs/product.md 5.5)', () => {
    it('answers 401 on every write endpoint without the right key, and changes nothing', async () => {
      const before = await operatorView();
      await expectKeysRequired(sut, context, endpoints, tally);
      expect(await operatorView()).toBe(before);
    });

    it('answers 401 to a write without the right key whatever its body, 400 to malformed JSON with it', async () => {
      await expectKeysCheckedBeforeBodies(sut, context, endpoints, tally);
    });

    it('keeps reads, health and metrics open', async () => {
      const open = [
        '/health/live',
        '/health/ready',
        '/metrics',
        '/batch-jobs',
        `/batch-jobs/${fixture.batchJobId}`,
        '/process-runs',
        `/process-runs/${fixture.processRunId}`,
        '/invoices',
        `/invoices/${fixture.draftInvoiceId}`,
        `/schedule-entries?contractId=${fixture.contractId}`,
        '/invoice-preview?runDate=2025-01-10',
        '/role-utilization?from=2025-01-01&to=2025-01-07',
        '/projection',
      ];
      for (const path of open) {
        expect([path, (await sut.anonymous.send({ method: 'GET', path })).status]).toEqual([path, 200]);
      }
    });
  });

  it('answered no input with a 5xx', () => {
    expect(tally.serverErrors).toBe(0);
  });
});
