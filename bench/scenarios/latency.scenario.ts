import { Client } from 'pg';
import { TransactionRecorded } from '@app/event-contracts';
import { IntakeContract, aTransaction, intakeContracts, transactionBody } from '../data/intake.generator';
import { HttpClient, inParallel } from '../support/http-client';
import { kafkaRoundTrips } from '../support/kafka-round-trip';
import { percentile, pollUntil } from '../support/measure';
import { ScenarioResult, ms } from '../support/report';
import { ScenarioContext, startService } from '../support/scenario-context';
import { SeededRandom } from '../support/seeded-random';
import { ServiceProcess } from '../support/service-process';
import { steadyWrites } from './latency.writes';

const P99_TARGET_MS = 250;
/** The first seconds warm the services up (JIT, pools, consumer fetch sessions): not counted. */
const WARM_UP_MS = 5_000;

/**
 * Latency: single-transaction REST writes (`POST /contracts/{id}/lines/{lineId}/transactions`)
 * at a steady rate, each timed until its row is committed in the invoicing projection. The
 * projection's inserts are observed with LISTEN/NOTIFY from a statement-level trigger the
 * benchmark adds to its database (one `pg_notify` per inserted batch, no polling). Baselines from
 * the same run: the REST write's own response time, and a bare kafkajs produce → consume round
 * trip at the same rate, the floor of any path through Kafka.
 */
export async function latency(context: ScenarioContext): Promise<ScenarioResult> {
  const { run, options, log } = context;
  const size = options.sizes.latency;
  const random = new SeededRandom(options.seed + 1);
  const contracts = intakeContracts(random, size.contracts);
  const databaseUrl = await run.createDatabase('latency');
  const topicPrefix = run.topicPrefix('latency');
  const [contractsService, invoicing] = await Promise.all([
    startService(context, 'contracts', { databaseUrl, topicPrefix }),
    startService(context, 'invoicing', { databaseUrl, topicPrefix }),
  ]);
  const listener = new Client({ connectionString: databaseUrl });
  await listener.connect();
  const http = new HttpClient(contractsService.url, 256);
  try {
    await installProjectedNotifier(listener);
    await createContracts(http, contracts, listener, (c) => aTransaction(random, c));
    const writes = await steadyWrites(listener, http, size, (index) =>
      aTransaction(random, contracts[index % contracts.length]),
    );
    log(
      `  ${writes.visible.length.toLocaleString('en-US')} of ${writes.sent.toLocaleString('en-US')} writes ` +
        `visible at ${Math.round(writes.achievedRate)}/s; ${writes.failed} failed`,
    );
    const counted = writes.visible.filter((sample) => sample.sentAt - writes.startedAt >= WARM_UP_MS);
    const endToEnd = counted.map((sample) => sample.visibleMs);
    const rest = counted.map((sample) => sample.responseMs);
    await stopAll([contractsService, invoicing]);
    const kafka = await kafkaRoundTrips(run, size.ratePerSecond, Math.min(size.seconds, 15) * 1000);
    log(`  bare kafkajs round trip: p50 ${ms(percentile(kafka, 50))}, p99 ${ms(percentile(kafka, 99))}`);
    return {
      scenario: 'latency',
      rows: latencyRows(size.ratePerSecond, endToEnd, rest, kafka, writes.failed + writes.missing),
      raw: {
        size,
        sent: writes.sent,
        visible: writes.visible.length,
        failed: writes.failed,
        missing: writes.missing,
        achievedRate: writes.achievedRate,
        endToEnd: summary(endToEnd),
        restResponse: summary(rest),
        kafkaRoundTrip: summary(kafka),
      },
    };
  } finally {
    http.close();
    await listener.end();
  }
}

function summary(samples: readonly number[]) {
  return {
    count: samples.length,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: percentile(samples, 100),
  };
}

function latencyRows(
  ratePerSecond: number,
  endToEnd: number[],
  rest: number[],
  kafka: number[],
  lost: number,
) {
  const scenario = `latency (REST write → projected, ${ratePerSecond} tx/s steady)`;
  const p = (samples: number[], q: number) => percentile(samples, q);
  return [
    {
      scenario,
      figure: 'p50 vs REST response alone',
      measured: ms(p(endToEnd, 50)),
      baseline: ms(p(rest, 50)),
      ratio: p(endToEnd, 50) / p(rest, 50),
      target: '',
      met: null,
    },
    {
      scenario,
      figure: 'p99 vs REST response alone',
      measured: ms(p(endToEnd, 99)),
      baseline: ms(p(rest, 99)),
      ratio: p(endToEnd, 99) / p(rest, 99),
      target: `≤ ${P99_TARGET_MS} ms`,
      met: p(endToEnd, 99) <= P99_TARGET_MS && lost === 0,
    },
    {
      scenario,
      figure: 'p99 vs bare kafkajs produce → consume',
      measured: ms(p(endToEnd, 99)),
      baseline: ms(p(kafka, 99)),
      ratio: p(endToEnd, 99) / p(kafka, 99),
      target: '',
      met: null,
    },
  ];
}

/** A statement-level trigger: one notification per insert statement, ids comma-separated, ≤ 8 kB each. */
async function installProjectedNotifier(client: Client): Promise<void> {
  await client.query(`
    CREATE FUNCTION public.bench_notify_projected() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('bench_projected', ids)
      FROM (SELECT string_agg(transaction_id, ',') AS ids
            FROM (SELECT transaction_id, (row_number() OVER ()) / 150 AS part FROM inserted) AS numbered
            GROUP BY part) AS parts;
      RETURN NULL;
    END $$`);
  await client.query(`
    CREATE TRIGGER bench_projected AFTER INSERT ON invoicing.transactions
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION public.bench_notify_projected()`);
}

/** The contracts and lines written to, created up front and waited for in the projection. */
async function createContracts(
  http: HttpClient,
  contracts: readonly IntakeContract[],
  client: Client,
  warmUp: (contract: IntakeContract) => TransactionRecorded,
) {
  await inParallel(contracts, 8, async (c) => {
    await http.expectOk('POST', '/contracts', {
      contractId: c.contractId,
      name: `Contract ${c.contractId.slice(0, 8)}`,
      customerId: c.customerId,
      currency: 'EUR',
    });
    await http.expectOk('POST', `/contracts/${c.contractId}/lines`, {
      contractLineId: c.contractLineId,
      name: 'Consulting',
      billingMethod: 'TimeAndMaterial',
    });
  });
  await pollUntil(
    'the contracts to be projected',
    async () => {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM invoicing.projected_lines');
      return rows[0].n >= contracts.length ? true : undefined;
    },
    { intervalMs: 200, timeoutMs: 120_000 },
  );
  // One write per contract before measuring, so no contract's first transaction is in the sample.
  await inParallel(contracts, 8, async (c) => {
    const path = `/contracts/${c.contractId}/lines/${c.contractLineId}/transactions`;
    await http.expectOk('POST', path, transactionBody(warmUp(c)));
  });
}

async function stopAll(services: readonly ServiceProcess[]): Promise<void> {
  await Promise.all(services.map((service) => service.stop()));
}
