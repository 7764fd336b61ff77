import { DynamicModule, LoggerService, LogLevel, Type } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import {
  configureHttpApp,
  connectConsumerTransport,
  HTTP_APP_OPTIONS,
  loadConfig,
  PLATFORM_CONFIG,
  PlatformConfig,
  ServiceName,
} from '@app/platform';
import { createTestDatabase, TestDatabase } from './infrastructure/test-database';
import { uniqueTopicPrefix } from './infrastructure/kafka';

export interface ServiceAppOptions {
  /** Environment on top of the test process's own (which holds KAFKA_BROKERS and DATABASE_URL). */
  readonly env?: Readonly<Record<string, string>>;
  /** Further overrides, e.g. `(b) => b.overrideProvider(CLOCK).useValue(clock)`. */
  readonly configure?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** Defaults to errors and warnings only; a `RecordingLogger` keeps the lines for assertions. */
  readonly logger?: LogLevel[] | LoggerService | false;
}

export interface ServiceApp {
  readonly app: NestExpressApplication;
  readonly config: PlatformConfig;
  readonly database: TestDatabase;
  /** Closes the app, then drops its database. */
  close(): Promise<void>;
}

/**
 * A service's root module booted the way `main.ts` boots it (same providers, body limit and docs),
 * on a database of its own and a topic prefix no other test uses. Call `close()` in `afterAll`.
 */
export async function startServiceApp(
  rootModule: Type<unknown> | DynamicModule,
  service: ServiceName,
  options: ServiceAppOptions = {},
): Promise<ServiceApp> {
  const database = await createTestDatabase(service);
  try {
    const config = loadConfig(service, {
      ...process.env,
      KAFKA_TOPIC_PREFIX: uniqueTopicPrefix(service),
      ...options.env,
      DATABASE_URL: database.url,
    });
    const builder = Test.createTestingModule({ imports: [rootModule] })
      .overrideProvider(PLATFORM_CONFIG)
      .useValue(config);
    const moduleRef = await (options.configure ?? ((b) => b))(builder).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({
      ...HTTP_APP_OPTIONS,
      logger: options.logger ?? ['error', 'warn'],
    });
    configureHttpApp(app, `${service} (test)`);
    connectConsumerTransport(app);
    await app.init();
    await app.startAllMicroservices();
    return {
      app,
      config,
      database,
      close: async () => {
        await app.close();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}
