import { Client } from 'pg';
import { aTransaction, intakeContracts } from '../data/intake.generator';
import { HttpClient } from '../support/http-client';
import { kafkaRoundTrips } from '../support/kafka-round-trip';
import { percentile } from '../support/measure';
import { ResultRow, ScenarioResult, ms } from '../support/report';
import { ScenarioContext, startService } from '../support/scenario-context';
import { SeededRandom } from '../support/seeded-random';
import { ServiceProcess } from '../support/service-process';
import { createProjectedContracts, installProjectedNotifier } from './latency.setup';
import { SteadyWrites, steadyWrites } from './latency.writes';

const P99_TARGET_MS = 250;
/** The first seconds of a phase warm the path up (JIT, pools, fetch sessions): not counted. */
const WARM_UP_MS = 3_000;

interface Phase {
  readonly perRequest: number;
  readonly writes: SteadyWrites;
  /** Send → projected, and the REST response alone, of the counted writes. */
  readonly endToEnd: number[];
  readonly rest: number[];
  /** CPU of the contracts and invoicing processes per transaction written. */
  readonly cpuMsPerTransaction: { readonly contracts: number; readonly invoicing: number };
}

/**
 * Latency: REST writes at a steady 500 transactions/s, each timed until its row is committed in the
 * invoicing projection (observed with LISTEN/NOTIFY, see latency.setup.ts). Two phases on the same
 * services: one transaction per request (`POST .../lines/{lineId}/transactions`, the strict reading
 * of the target), then the same rate in batches (`POST .../transactions/batch`), as time-tracking
 * systems send. Baselines from the same run: each write's REST response time, and a bare kafkajs
 * produce → consume round trip at the same rate, the floor of any path through this broker.
 */
export async function latency(context: ScenarioContext): Promise<ScenarioResult> {
  const { run, options, log } = context;
  const size = options.sizes.latency;
  const random = new SeededRandom(options.seed + 1);
  const contracts = intakeContracts(random, size.contracts);
  const databaseUrl = await run.createDatabase('latency');
  const topicPrefix = run.topicPrefix('latency');
  const services = await Promise.all([
    startService(context, 'contracts', { databaseUrl, topicPrefix }),
    startService(context, 'invoicing', { databaseUrl, topicPrefix }),
  ]);
  const listener = new Client({ connectionString: databaseUrl });
  await listener.connect();
  const http = new HttpClient(services[0].url, 256);
  try {
    await installProjectedNotifier(listener);
    await createProjectedContracts(http, contracts, listener, (c) => aTransaction(random, c));
    const phases: Phase[] = [];
    for (const perRequest of [1, size.batchPerRequest]) {
      const cpuBefore = services.map((service) => service.cpuMs());
      const writes = await steadyWrites(listener, http, {
        transactionsPerSecond: size.ratePerSecond,
        seconds: size.seconds,
        perRequest,
        nextRequest: (index) => {
          const contract = contracts[index % contracts.length];
          return Array.from({ length: perRequest }, () => aTransaction(random, contract));
        },
      });
      phases.push(phaseOf(perRequest, writes, services, cpuBefore));
      if (Object.keys(writes.failures).some((status) => Number(status) >= 500 || status === '0')) {
        for (const line of services[0].recentErrors()) log(`  contracts: ${line}`);
      }
      log(
        `  ${perRequest}/request: ${writes.visible.length.toLocaleString('en-US')} of ${writes.sent.toLocaleString('en-US')} ` +
          `transactions visible at ${Math.round(writes.achievedRate)}/s (${writes.failed} failed ${JSON.stringify(writes.failures)}, ${writes.shed} shed); ` +
          `p50 ${ms(percentile(phases[phases.length - 1].endToEnd, 50))}, p99 ${ms(percentile(phases[phases.length - 1].endToEnd, 99))}`,
      );
    }
    await Promise.all(services.map((service) => service.stop()));
    const kafka = await kafkaRoundTrips(run, size.ratePerSecond, Math.min(size.seconds, 10) * 1000);
    log(`  bare kafkajs round trip: p50 ${ms(percentile(kafka, 50))}, p99 ${ms(percentile(kafka, 99))}`);
    return {
      scenario: 'latency',
      rows: latencyRows(size.ratePerSecond, phases, kafka),
      raw: { size, phases: phases.map(rawOf), kafkaRoundTrip: summary(kafka) },
    };
  } finally {
    http.close();
    await listener.end();
  }
}

function phaseOf(
  perRequest: number,
  writes: SteadyWrites,
  services: readonly ServiceProcess[],
  cpuBefore: readonly number[],
): Phase {
  const counted = writes.visible.filter((sample) => sample.sentAt - writes.startedAt >= WARM_UP_MS);
  const [contracts, invoicing] = services.map((service, i) => (service.cpuMs() - cpuBefore[i]) / writes.sent);
  return {
    perRequest,
    writes,
    endToEnd: counted.map((sample) => sample.visibleMs),
    rest: counted.map((sample) => sample.responseMs),
    cpuMsPerTransaction: { contracts, invoicing },
  };
}

function summary(samples: readonly number[]) {
  const p = (q: number) => percentile(samples, q);
  return { count: samples.length, p50: p(50), p99: p(99), max: p(100) };
}

function rawOf({ perRequest, writes, endToEnd, rest, cpuMsPerTransaction }: Phase) {
  const { visible: _samples, ...counts } = writes;
  return {
    perRequest,
    ...counts,
    endToEnd: summary(endToEnd),
    restResponse: summary(rest),
    cpuMsPerTransaction,
  };
}

function lostOf({ writes }: Phase): number {
  return writes.failed + writes.shed + writes.missing;
}

function latencyRows(
  ratePerSecond: number,
  [single, batched]: readonly Phase[],
  kafka: number[],
): ResultRow[] {
  const scenario = `latency (REST write → projected, ${ratePerSecond} tx/s steady)`;
  const p = (samples: number[], q: number) => percentile(samples, q);
  const lost = (phase: Phase) => (lostOf(phase) === 0 ? '' : ` (${lostOf(phase)} tx failed, shed or lost)`);
  const row = (figure: string, phase: Phase, q: number, target: boolean): ResultRow => ({
    scenario,
    figure,
    measured: `${ms(p(phase.endToEnd, q))}${q === 99 ? lost(phase) : ''}`,
    baseline: `${ms(p(phase.rest, q))} (REST response)`,
    ratio: p(phase.endToEnd, q) / p(phase.rest, q),
    target: target ? `≤ ${P99_TARGET_MS} ms` : '',
    met: target ? p(phase.endToEnd, q) <= P99_TARGET_MS && lostOf(phase) === 0 : null,
  });
  return [
    row('p50, one transaction per request', single, 50, false),
    row('p99, one transaction per request', single, 99, true),
    row(`p50, ${batched.perRequest} transactions per request`, batched, 50, false),
    row(`p99, ${batched.perRequest} transactions per request`, batched, 99, true),
    {
      scenario,
      figure: 'p99 (one per request) vs bare kafkajs produce → consume',
      measured: ms(p(single.endToEnd, 99)),
      baseline: ms(p(kafka, 99)),
      ratio: p(single.endToEnd, 99) / p(kafka, 99),
      target: '',
      met: null,
    },
  ];
}
