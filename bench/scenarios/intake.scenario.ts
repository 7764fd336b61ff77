import autocannon from 'autocannon';
import { schemaVersionOf } from '@app/event-contracts';
import { EventStore } from '@app/event-store';
import { openServiceDataSource } from '@app/platform';
import { Client } from 'pg';
import { CONTRACT_STREAM_TYPE } from '../../apps/contracts/src/contract/contract-stream';
import { CONTRACTS_MIGRATIONS } from '../../apps/contracts/src/migrations';
import { IntakeBatch, IntakeContract, intakeBatches, intakeContracts } from '../data/intake.generator';
import { HttpClient, inParallel } from '../support/http-client';
import { perSecond, timed } from '../support/measure';
import { ScenarioResult, rate } from '../support/report';
import { ScenarioContext, startService } from '../support/scenario-context';
import { BENCH_API_KEY, ServiceProcess } from '../support/service-process';
import { SeededRandom } from '../support/seeded-random';

const TARGET_PER_SECOND = 5_000;

/**
 * Intake: transactions per second through `POST /contracts/{id}/transactions/batch` under load
 * (autocannon, N connections, every request a fresh batch so each one records), against appending
 * the same TransactionRecorded events in the same batches, with the same concurrency, through the
 * event store directly (no HTTP, validation, decision, snapshot or view rows).
 */
export async function intake(context: ScenarioContext): Promise<ScenarioResult> {
  const { options, log } = context;
  const size = options.sizes.intake;
  const random = new SeededRandom(options.seed);
  const contracts = intakeContracts(random, size.contracts);
  const requests = Math.ceil(size.transactions / size.perRequest);
  const batches = intakeBatches(random, contracts, requests, size.perRequest);
  const transactions = requests * size.perRequest;

  const service = await measureService(context, contracts, batches);
  log(
    `  REST batch intake: ${rate(perSecond(transactions, service.ms), 'tx')} (p99 ${service.p99} ms per request)`,
  );
  const storeMs = await measureEventStore(context, contracts, batches, size.connections);
  log(`  event store appends: ${rate(perSecond(transactions, storeMs), 'tx')}`);

  const serviceRate = perSecond(transactions, service.ms);
  const storeRate = perSecond(transactions, storeMs);
  const scenario = `intake (${transactions.toLocaleString('en-US')} tx, ${size.perRequest}/request, ${size.connections} connections)`;
  return {
    scenario: 'intake',
    rows: [
      {
        scenario,
        figure: 'transactions/s through POST …/transactions/batch',
        measured: rate(serviceRate, 'tx'),
        baseline: `${rate(storeRate, 'tx')} (event store)`,
        ratio: serviceRate / storeRate,
        target: `≥ ${TARGET_PER_SECOND.toLocaleString('en-US')} tx/s`,
        met: serviceRate >= TARGET_PER_SECOND && service.failed === 0,
      },
    ],
    raw: { size, transactions, serviceMs: service.ms, eventStoreMs: storeMs, ...service },
  };
}

async function createContracts(service: ServiceProcess, contracts: readonly IntakeContract[]): Promise<void> {
  const http = new HttpClient(service.url, 8);
  try {
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
  } finally {
    http.close();
  }
}

async function measureService(
  context: ScenarioContext,
  contracts: readonly IntakeContract[],
  batches: readonly IntakeBatch[],
) {
  const databaseUrl = await context.run.createDatabase('intake');
  const service = await startService(context, 'contracts', {
    databaseUrl,
    topicPrefix: context.run.topicPrefix('intake'),
  });
  try {
    await createContracts(service, contracts);
    let next = 0;
    const failures: Record<string, number> = {};
    const cpuBefore = service.cpuMs();
    const { value: result, ms } = await timed(() =>
      autocannon({
        url: service.url,
        connections: context.options.sizes.intake.connections,
        amount: batches.length,
        timeout: 60,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_API_KEY}` },
            setupRequest: (request) => {
              const batch = batches[next++ % batches.length];
              return {
                ...request,
                path: `/contracts/${batch.contract.contractId}/transactions/batch`,
                body: batch.body,
              };
            },
            onResponse: (status, body) => {
              if (status === 201) return;
              const key = `${status} ${body.slice(0, 120)}`;
              failures[key] = (failures[key] ?? 0) + 1;
            },
          },
        ],
      }),
    );
    const serviceCpuMs = service.cpuMs() - cpuBefore;
    const recorded = await countRecorded(databaseUrl);
    const failed = result.non2xx + result.errors + result.timeouts;
    if (failed > 0) {
      context.log(`  warning: ${failed} requests failed: ${JSON.stringify(failures)}`);
      for (const line of service.recentErrors()) context.log(`  contracts: ${line}`);
    }
    return { ms, recorded, failed, failures, serviceCpuMs, p50: result.latency.p50, p99: result.latency.p99 };
  } finally {
    await service.stop();
  }
}

async function countRecorded(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM contracts.events WHERE event_type = 'TransactionRecorded'`,
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

/** The same events, batches and concurrency through EventStore.append on a migrated contracts schema. */
async function measureEventStore(
  context: ScenarioContext,
  contracts: readonly IntakeContract[],
  batches: readonly IntakeBatch[],
  connections: number,
): Promise<number> {
  const url = await context.run.createDatabase('intake_event_store');
  const dataSource = await openServiceDataSource({ url, poolSize: connections }, 'bench-event-store', {
    schema: 'contracts',
    migrations: CONTRACTS_MIGRATIONS,
  });
  try {
    const store = new EventStore(dataSource, { schema: 'contracts' });
    const versions = new Map<string, number>();
    await inParallel(contracts, connections, async (c) => {
      const created = {
        eventType: 'ContractCreated',
        schemaVersion: schemaVersionOf('ContractCreated'),
        data: { contractId: c.contractId },
      };
      const line = {
        eventType: 'ContractLineAdded',
        schemaVersion: schemaVersionOf('ContractLineAdded'),
        data: { contractLineId: c.contractLineId },
      };
      const { nextVersion } = await store.append(c.contractId, CONTRACT_STREAM_TYPE, 'no-stream', [
        created,
        line,
      ]);
      versions.set(c.contractId, nextVersion);
    });
    // Lane k takes the batches of contracts k, k + N, …: no two lanes ever write the same stream.
    const laneOf = new Map(contracts.map((c, index) => [c.contractId, index % connections]));
    const lanes = Array.from({ length: connections }, (_, k) =>
      batches.filter((batch) => laneOf.get(batch.contract.contractId) === k),
    );
    const { ms } = await timed(() =>
      inParallel(lanes, connections, async (lane) => {
        for (const batch of lane) {
          const id = batch.contract.contractId;
          const version = schemaVersionOf('TransactionRecorded');
          const events = batch.transactions.map((data) => ({
            eventType: 'TransactionRecorded',
            schemaVersion: version,
            data,
          }));
          const { nextVersion } = await store.append(id, CONTRACT_STREAM_TYPE, versions.get(id)!, events);
          versions.set(id, nextVersion);
        }
      }),
    );
    return ms;
  } finally {
    await dataSource.destroy();
  }
}
