import { topicNames } from '@app/event-contracts';
import { openServiceDataSource } from '@app/platform';
import { Client } from 'pg';
import { CATCH_UP_CONSUMER_CONFIG } from '../../apps/invoicing/src/contract-projection/contract-projection.consumer';
import { INVOICING_MIGRATIONS } from '../../apps/invoicing/src/migrations';
import { contractEventMessages, eventCount, projectedRows } from '../data/contract-events.generator';
import { createTopics, produceAll, timeBareConsumer } from '../support/kafka-tools';
import { nowMs, perSecond, pollUntil, timed } from '../support/measure';
import { psqlCopy } from '../support/psql-copy';
import { ScenarioResult, ms, rate } from '../support/report';
import { ScenarioContext, startService } from '../support/scenario-context';

/** The service's own default (ContractProjectionConsumer): partitions consumed side by side. */
const PARTITIONS_CONCURRENTLY = 3;
const TOPIC_PARTITIONS = 6;

/**
 * Projection catch-up: N contract events already on `contracts.events`, projected by the invoicing
 * service (its own process, from a fresh database), against (a) a bare kafkajs consumer reading the
 * same topic with the same fetch sizes and concurrency, and (b) a bare COPY of the rows the
 * projection ends up with into the same tables and indexes.
 */
export async function projectionCatchUp(context: ScenarioContext): Promise<ScenarioResult> {
  const { run, options, log } = context;
  const size = options.sizes.projection;
  const events = eventCount(size);
  const prefix = run.topicPrefix('projection');
  const topic = topicNames(prefix).contractEvents;
  await createTopics(run.kafka, [topic], TOPIC_PARTITIONS);

  const seeding = await timed(() => produceAll(run.kafka, topic, contractEventMessages(options.seed, size)));
  log(`  seeded ${seeding.value.toLocaleString('en-US')} events on ${topic} in ${ms(seeding.ms)}`);

  const bareMs = await timeBareConsumer(run.kafka, topic, {
    groupId: `${prefix}bare-consumer`,
    expected: events,
    partitionsConsumedConcurrently: PARTITIONS_CONCURRENTLY,
    consumer: CATCH_UP_CONSUMER_CONFIG,
  });
  log(`  bare kafkajs consumer: ${rate(perSecond(events, bareMs), 'events')}`);

  const copyMs = await timeBareCopy(context);
  log(`  bare COPY of the projected rows: ${rate(perSecond(events, copyMs), 'events')}`);

  const projection = await timeProjection(context, prefix, events);
  log(`  projection: ${rate(perSecond(events, projection.ms), 'events')}`);

  const projectionRate = perSecond(events, projection.ms);
  const bareRate = perSecond(events, bareMs);
  const copyRate = perSecond(events, copyMs);
  const slower = Math.min(bareRate, copyRate);
  const scenario = `projection catch-up (${events.toLocaleString('en-US')} events)`;
  return {
    scenario: 'projection',
    rows: [
      {
        scenario,
        figure: 'events/s vs bare kafkajs consumer',
        measured: rate(projectionRate, 'events'),
        baseline: rate(bareRate, 'events'),
        ratio: projectionRate / bareRate,
        target: '',
        met: null,
      },
      {
        scenario,
        figure: 'events/s vs bare COPY of the rows',
        measured: rate(projectionRate, 'events'),
        baseline: rate(copyRate, 'events'),
        ratio: projectionRate / copyRate,
        target: '',
        met: null,
      },
      {
        scenario,
        figure: 'events/s vs the slower baseline',
        measured: rate(projectionRate, 'events'),
        baseline: rate(slower, 'events'),
        ratio: projectionRate / slower,
        target: '≥ 0.50×',
        met: projectionRate / slower >= 0.5,
      },
    ],
    raw: {
      events,
      contracts: size.contracts,
      seedingMs: seeding.ms,
      projectionMs: projection.ms,
      bareConsumerMs: bareMs,
      bareCopyMs: copyMs,
      projectedRows: projection.rows,
    },
  };
}

/** The same rows, generated before the clock starts, COPYed table by table into a migrated schema. */
async function timeBareCopy({ run, options }: ScenarioContext): Promise<number> {
  const url = await run.createDatabase('projection_copy');
  const dataSource = await openServiceDataSource({ url, poolSize: 2 }, 'bench-copy', {
    schema: 'invoicing',
    migrations: INVOICING_MIGRATIONS,
  });
  await dataSource.destroy();
  const inputs = projectedRows(options.seed, options.sizes.projection);
  return (await timed(() => psqlCopy(url, inputs))).ms;
}

interface ProjectedCounts {
  readonly version: number;
  readonly transactions: number;
  readonly entries: number;
}

/**
 * Starts the invoicing service on a fresh database; its projection reads the topic from the
 * beginning. Timed from the first projected contract to the last event projected (the sum of the
 * contracts' stream versions is the number of events projected, since the projection is gapless).
 */
async function timeProjection(context: ScenarioContext, topicPrefix: string, events: number) {
  const databaseUrl = await context.run.createDatabase('projection');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const versions = async () => {
      try {
        const { rows } = await client.query(
          'SELECT coalesce(sum(stream_version), 0)::int AS n FROM invoicing.projected_contracts',
        );
        return rows[0].n as number;
      } catch {
        return 0; // not migrated yet
      }
    };
    // Polled from before the service starts, so the first batch is never missed.
    let failure: unknown;
    const service = startService(context, 'invoicing', { databaseUrl, topicPrefix });
    service.catch((error: unknown) => (failure = error));
    const projected = async (count: number) => {
      if (failure) throw failure;
      return (await versions()) >= count ? nowMs() : undefined;
    };
    const firstAt = await pollUntil('the first projected event', () => projected(1), {
      intervalMs: 20,
      timeoutMs: 240_000,
    });
    const lastAt = await pollUntil('every event to be projected', () => projected(events), {
      intervalMs: 50,
      timeoutMs: 900_000,
    });
    await (await service).stop();
    const { rows } = await client.query(
      `SELECT (SELECT count(*) FROM invoicing.transactions)::int AS transactions,
              (SELECT count(*) FROM invoicing.schedule_entries)::int AS entries`,
    );
    const counts: ProjectedCounts = { version: await versions(), ...rows[0] };
    return { ms: lastAt - firstAt, rows: counts };
  } finally {
    await client.end();
  }
}
