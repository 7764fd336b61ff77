import { randomBytes } from 'crypto';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { topicNames, TopicNames } from '@app/event-contracts';
import {
  createTestDatabase,
  deleteTopics,
  TestDatabase,
  testKafka,
  uniqueTopicPrefix,
  waitFor,
  WaitForOptions,
} from '@app/testing';
import { Kafka } from 'kafkajs';
import { freePort } from '../../scripts/infra';
import { ContractCommandsProducer } from './contract-commands.producer';
import { ContractsClient } from './contracts.client';
import { HttpClient } from './http-client';
import { InvoiceTopicsReader } from './invoice-topics.reader';
import { InvoicingClient } from './invoicing.client';
import { ensureServicesBuilt } from './service-build';
import { ServiceProcess } from './service-process';

/** Both services as real processes on one fresh database and topic prefix, with clients for them. */
export interface E2eSystem {
  readonly contracts: ContractsClient;
  readonly invoicing: InvoicingClient;
  readonly contractsService: ServiceProcess;
  readonly invoicingService: ServiceProcess;
  readonly invoiceTopics: InvoiceTopicsReader;
  readonly commands: ContractCommandsProducer;
  readonly topics: TopicNames;
  readonly apiKey: string;
  readonly kafka: Kafka;
  /** Waits until the invoicing projection applied every contract event written through `contracts`. */
  projectionCaughtUp(): Promise<void>;
  /** Stops invoicing (SIGTERM), runs `whileDown`, and starts it again on the same database and topics. */
  restartInvoicing(whileDown?: () => Promise<void>): Promise<void>;
  /** Kills invoicing with SIGKILL (no shutdown of any kind) and starts it again. */
  killInvoicing(): Promise<void>;
  /** `waitFor` whose timeout error carries the tail of both services' logs. */
  waitFor<T>(predicate: () => T | Promise<T>, options: WaitForOptions): Promise<NonNullable<T>>;
  /** The tail of both services' logs, for a failure message. */
  logTails(lines?: number): string;
  stop(): Promise<void>;
}

const PROJECTION_TIMEOUT_MS = 30_000;
const APPLIED = ['invoicing_projection_events_total', { outcome: 'applied' }] as const;

function serviceEnvironment(database: TestDatabase, prefix: string, apiKey: string, ports: number[]) {
  return {
    NODE_ENV: 'test',
    NO_COLOR: '1',
    LOG_LEVEL: 'log',
    DATABASE_URL: database.url,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    KAFKA_TOPIC_PREFIX: prefix,
    // Fewer partitions: each fresh consumer group of a test joins faster.
    KAFKA_TOPIC_PARTITIONS: '3',
    CONTRACTS_PORT: String(ports[0]),
    INVOICING_PORT: String(ports[1]),
    API_KEYS: apiKey,
    BUSINESS_TIMEZONE: 'UTC',
  };
}

async function twoFreePorts(): Promise<number[]> {
  const first = await freePort();
  let second = await freePort();
  while (second === first) second = await freePort();
  return [first, second];
}

/**
 * Builds the services when `dist/` is stale, then starts contracts and invoicing with
 * `node dist/apps/<service>/main.js` and waits until both answer `/health/ready`.
 */
export interface E2eSystemOptions {
  /** Environment variables for both services on top of the test defaults. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Leave KAFKA_TOPIC_PREFIX unset, as production does: the topics are the default names. Only one
   * test file may do this, and it must not rely on those topics being empty beforehand.
   */
  readonly defaultTopicPrefix?: boolean;
}

export async function startE2eSystem(label = 'e2e', options: E2eSystemOptions = {}): Promise<E2eSystem> {
  await ensureServicesBuilt();
  const database = await createTestDatabase(label);
  const prefix = options.defaultTopicPrefix ? '' : uniqueTopicPrefix(label);
  const apiKey = randomBytes(16).toString('hex');
  const logDirectory = mkdtempSync(join(tmpdir(), `${label}-logs-`));
  const env: Record<string, string> = {
    ...serviceEnvironment(database, prefix, apiKey, await twoFreePorts()),
    ...options.env,
  };
  if (options.defaultTopicPrefix) delete env.KAFKA_TOPIC_PREFIX;
  const contractsService = new ServiceProcess({
    service: 'contracts',
    port: Number(env.CONTRACTS_PORT),
    env,
    logFile: join(logDirectory, 'contracts.log'),
  });
  const invoicingService = new ServiceProcess({
    service: 'invoicing',
    port: Number(env.INVOICING_PORT),
    env,
    logFile: join(logDirectory, 'invoicing.log'),
  });
  const kafka = testKafka();
  const topics = topicNames(prefix);
  const commands = new ContractCommandsProducer(topics, kafka);
  const logTails = (lines = 40) =>
    [contractsService, invoicingService].map((s) => s.logTail(lines)).join('\n');
  const contracts = new ContractsClient(
    new HttpClient({
      baseUrl: contractsService.baseUrl,
      apiKey,
      diagnostics: () => contractsService.logTail(),
    }),
  );
  const invoicing = new InvoicingClient(
    new HttpClient({
      baseUrl: invoicingService.baseUrl,
      apiKey,
      diagnostics: () => invoicingService.logTail(),
    }),
  );
  // Events applied by invoicing processes that have since been restarted (each counts from zero).
  let appliedBefore = 0;
  const projectionCaughtUp = async () => {
    const written = contracts.eventsWritten;
    let applied = 0;
    try {
      await waitFor(async () => (applied = appliedBefore + (await invoicing.metric(...APPLIED))) >= written, {
        timeoutMs: PROJECTION_TIMEOUT_MS,
        intervalMs: 100,
        description: 'the invoicing projection to apply every contract event',
      });
    } catch (error) {
      throw new Error(`${String(error)}: ${applied} of ${written} applied\n${logTails()}`);
    }
  };

  const stop = async () => {
    await commands.disconnect();
    await Promise.all([contractsService.stop(), invoicingService.stop()]);
    await database.drop();
    // The default topics are shared with whatever else uses the broker unprefixed: they stay.
    if (prefix !== '') await deleteTopics(kafka, prefix);
  };
  try {
    await Promise.all([contractsService.start(), invoicingService.start()]);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    contracts,
    invoicing,
    contractsService,
    invoicingService,
    invoiceTopics: new InvoiceTopicsReader(topics, kafka),
    commands,
    topics,
    apiKey,
    kafka,
    projectionCaughtUp,
    restartInvoicing: async (whileDown) => {
      await projectionCaughtUp();
      appliedBefore += await invoicing.metric(...APPLIED);
      await invoicingService.stop();
      await whileDown?.();
      await invoicingService.start();
    },
    killInvoicing: async () => {
      // Counted before the kill: what the killed process applied is gone with its metrics.
      await projectionCaughtUp();
      appliedBefore += await invoicing.metric(...APPLIED);
      await invoicingService.kill();
      await invoicingService.start();
    },
    waitFor: async (predicate, waitOptions) => {
      try {
        return await waitFor(predicate, waitOptions);
      } catch (error) {
        throw new Error(`${String(error)}\n${logTails()}`);
      }
    },
    logTails,
    stop,
  };
}

/** Starting takes a build (when stale, about two minutes) plus two service boots. */
const START_TIMEOUT_MS = 480_000;
const STOP_TIMEOUT_MS = 90_000;

/**
 * One pair of service processes for the whole test file: started in `beforeAll`, stopped in
 * `afterAll`. A test that fails an assertion prints the tail of both services' logs.
 */
export function useE2eSystem(label = 'e2e', options: E2eSystemOptions = {}): () => E2eSystem {
  let system: E2eSystem | undefined;
  beforeAll(async () => {
    system = await startE2eSystem(label, options);
  }, START_TIMEOUT_MS);
  afterEach(() => {
    const state = expect.getState();
    const failedAssertions = state.assertionCalls - Number(state.numPassingAsserts ?? 0);
    if (system && failedAssertions > 0) {
      console.error(`${state.currentTestName} failed; the services said:\n${system.logTails()}`);
    }
  });
  afterAll(async () => {
    await system?.stop();
  }, STOP_TIMEOUT_MS);
  return () => {
    if (system === undefined) throw new Error('the e2e system did not start (see beforeAll)');
    return system;
  };
}
