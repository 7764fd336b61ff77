import { Module } from '@nestjs/common';
import { ContractEventEnvelope } from '@app/event-contracts';
import {
  ClockModule,
  DatabaseModule,
  HttpPlatformModule,
  KafkaModule,
  MetricsModule,
  PlatformConfigModule,
} from '@app/platform';
import { contractEventMessage, ServiceApp, startServiceApp, testKafka, waitFor } from '@app/testing';
import { Message, Partitioners, Producer } from 'kafkajs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { INVOICING_MIGRATIONS } from '../src/migrations';
import { ContractProjectionModule } from '../src/contract-projection/contract-projection.module';
import { PROJECTION_ERROR_STATUSES } from '../src/contract-projection/projection-rebuild';

/** The invoicing service with only the projection in it: what these tests exercise, booted for real. */
@Module({
  imports: [
    PlatformConfigModule.forService('invoicing'),
    ClockModule,
    DatabaseModule.forService({ schema: 'invoicing', migrations: INVOICING_MIGRATIONS }),
    KafkaModule.forService({ topics: ['contractEvents', 'invoicingDlq'] }),
    MetricsModule,
    HttpPlatformModule.forRoot({ domainErrorStatuses: PROJECTION_ERROR_STATUSES }),
    ContractProjectionModule,
  ],
})
export class ProjectionTestModule {}

export const TEST_API_KEY = 'projection-test-key';

export function startProjectionApp(): Promise<ServiceApp> {
  return startServiceApp(ProjectionTestModule, 'invoicing', { env: { API_KEYS: TEST_API_KEY } });
}

/** A plain kafkajs producer, as any upstream would publish contract events (docs/product.md 4.1, 4.2). */
export class ContractEventsPublisher {
  private readonly producer: Producer = testKafka().producer({
    createPartitioner: Partitioners.DefaultPartitioner,
  });

  constructor(readonly topic: string) {}

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  publish(envelopes: readonly ContractEventEnvelope[]): Promise<unknown> {
    return this.publishRaw(envelopes.map(toMessage));
  }

  publishRaw(messages: Message[]): Promise<unknown> {
    return this.producer.send({ topic: this.topic, acks: -1, messages });
  }
}

/** The message the contracts relay would publish for an envelope. */
export const toMessage = contractEventMessage;

export async function streamVersion(dataSource: DataSource, contractId: string): Promise<number> {
  const rows = (await dataSource.query(
    'SELECT stream_version FROM invoicing.projected_contracts WHERE contract_id = $1',
    [contractId],
  )) as { stream_version: number }[];
  return rows[0]?.stream_version ?? 0;
}

export async function waitForVersion(
  dataSource: DataSource,
  contractId: string,
  version: number,
): Promise<void> {
  await waitFor(async () => (await streamVersion(dataSource, contractId)) >= version, {
    timeoutMs: 30_000,
    description: `contract ${contractId} projected to version ${version}`,
  });
}

export async function heldEventCount(dataSource: DataSource): Promise<number> {
  const [row] = (await dataSource.query(
    'SELECT count(*)::int AS count FROM invoicing.projection_pending_events',
  )) as { count: number }[];
  return row.count;
}

const SNAPSHOT_QUERIES = {
  contracts: `SELECT contract_id, name, customer_id, currency, customers, stream_version
    FROM invoicing.projected_contracts ORDER BY contract_id`,
  lines: `SELECT contract_line_id, contract_id, line_order, name, billing_method, included_transaction_classes,
    not_to_exceed::text FROM invoicing.projected_lines ORDER BY contract_line_id`,
  scheduleEntries: `SELECT contract_line_id, invoice_run_date::text, contract_id, transaction_cutoff_date::text,
    status, process_run_id, invoice_id, failure_reason
    FROM invoicing.schedule_entries ORDER BY contract_line_id, invoice_run_date`,
  milestones: `SELECT milestone_id, contract_line_id, contract_id, name, milestone_date::text, amount::text, status,
    invoice_id FROM invoicing.milestones ORDER BY milestone_id`,
  transactions: `SELECT transaction_id, contract_line_id, contract_id, transaction_class, transaction_date::text,
    quantity::text, unit_price::text, amount::text, description, resource_role, invoice_id
    FROM invoicing.transactions ORDER BY transaction_id`,
};

export type ReadModelSnapshot = Record<keyof typeof SNAPSHOT_QUERIES, unknown[]>;

/** Every projected row, in a stable order, so two states of the read model compare with `toEqual`. */
export async function readModelSnapshot(dataSource: DataSource): Promise<ReadModelSnapshot> {
  const entries = await Promise.all(
    Object.entries(SNAPSHOT_QUERIES).map(
      async ([table, sql]) => [table, await dataSource.query(sql)] as const,
    ),
  );
  return Object.fromEntries(entries) as ReadModelSnapshot;
}

/**
 * Keeps every projection batch waiting: a batch first takes the projection state row FOR KEY
 * SHARE, which this lock blocks until `release`.
 */
export async function holdProjectionBack(databaseUrl: string): Promise<{ release(): Promise<void> }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT generation FROM invoicing.projection_state FOR UPDATE');
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      await client.query('COMMIT');
      await client.end();
    },
  };
}
