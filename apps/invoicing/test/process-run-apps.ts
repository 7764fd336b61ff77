import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import {
  CLOCK,
  Clock,
  HTTP_APP_OPTIONS,
  PLATFORM_CONFIG,
  PlatformConfig,
  configureHttpApp,
  connectConsumerTransport,
  loadConfig,
} from '@app/platform';
import { TestDatabase, createTestDatabase, uniqueTopicPrefix } from '@app/testing';
import { DataSource } from 'typeorm';
import { InvoicingModule } from '../src/invoicing.module';
import {
  PROCESS_RUN_OPTIONS,
  ProcessRunOptions,
  processRunOptions,
} from '../src/invoice-run/process-run.options';

export interface ReplicaOptions {
  readonly processRun?: Partial<ProcessRunOptions>;
  readonly clock?: Clock;
  readonly env?: Readonly<Record<string, string>>;
}

export interface Replica {
  readonly app: NestExpressApplication;
  readonly dataSource: DataSource;
  readonly config: PlatformConfig;
  close(): Promise<void>;
}

/**
 * Replicas of the invoicing service as deployed (every module, real PostgreSQL and Kafka) sharing
 * one database and one topic prefix, as replicas do in production; process-run timings shortened.
 */
export class ReplicaSet {
  readonly replicas: Replica[] = [];

  private constructor(
    readonly database: TestDatabase,
    readonly topicPrefix: string,
  ) {}

  static async create(): Promise<ReplicaSet> {
    return new ReplicaSet(await createTestDatabase('invoicing_runs'), uniqueTopicPrefix('invoicing'));
  }

  async start(options: ReplicaOptions = {}): Promise<Replica> {
    const config = loadConfig('invoicing', {
      ...process.env,
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      ...options.env,
      DATABASE_URL: this.database.url,
    });
    let builder = Test.createTestingModule({ imports: [InvoicingModule] })
      .overrideProvider(PLATFORM_CONFIG)
      .useValue(config)
      .overrideProvider(PROCESS_RUN_OPTIONS)
      .useValue(processRunOptions({ pollIntervalMs: 100, ...options.processRun }));
    if (options.clock) builder = builder.overrideProvider(CLOCK).useValue(options.clock);
    const moduleRef = await builder.compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({
      ...HTTP_APP_OPTIONS,
      logger: ['error'],
    });
    configureHttpApp(app, 'invoicing (test)');
    connectConsumerTransport(app);
    await app.init();
    await app.startAllMicroservices();
    let closed = false;
    const replica: Replica = {
      app,
      config,
      dataSource: app.get(DataSource),
      close: async () => {
        if (closed) return;
        closed = true;
        await app.close();
      },
    };
    this.replicas.push(replica);
    return replica;
  }

  async close(): Promise<void> {
    for (const replica of this.replicas) await replica.close();
    await this.database.drop();
  }
}
