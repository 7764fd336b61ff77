import { DynamicModule, INestApplication, Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ServiceName } from '../config/config-variables';
import { loadConfig } from '../config/platform-config';
import { ConfigValidationError } from '../config/validate-environment';
import { connectConsumerTransport } from '../kafka/consumer-transport';
import { HTTP_APP_OPTIONS } from '../http/json-body.interceptor';
import { enabledLogLevels } from '../logging/log-levels';
import { setupAsyncApi } from '../openapi/setup-asyncapi';
import { OPENAPI_PATH, setupOpenApi } from '../openapi/setup-openapi';

export interface BootstrapOptions {
  readonly service: ServiceName;
  /** Title of the OpenAPI document; defaults to "<Service> API". */
  readonly title?: string;
}

/** Kubernetes waits 30 s by default before SIGKILL: finish in-flight work within that. */
export const SHUTDOWN_DEADLINE_MS = 30_000;

const titleOf = (service: ServiceName) => `${service[0].toUpperCase()}${service.slice(1)} API`;

/**
 * What an HTTP app needs beyond its modules: the OpenAPI and AsyncAPI documents. Integration tests call it too, so
 * they serve exactly what `main.ts` serves. Create the app with {@link HTTP_APP_OPTIONS}: bodies
 * are read after the API-key guard (`JsonBodyInterceptor`), not by Express before routing.
 */
export function configureHttpApp(app: NestExpressApplication, title: string): void {
  setupOpenApi(app, title);
  setupAsyncApi(app);
}

function exitAfterDeadline(logger: Logger): void {
  process.once('SIGTERM', () => {
    setTimeout(() => {
      logger.error(`Shutdown took longer than ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
  });
}

function failStart(service: ServiceName, error: unknown): never {
  const reason =
    error instanceof ConfigValidationError || !(error instanceof Error) ? String(error) : error.stack;
  new Logger('Bootstrap').fatal(`${service} did not start: ${reason}`);
  process.exit(1);
}

/** Starts a service as `main.ts` does: validated config, conventions, graceful shutdown, listen. */
export async function bootstrapService(
  rootModule: Type<unknown> | DynamicModule,
  options: BootstrapOptions,
): Promise<INestApplication> {
  const logger = new Logger('Bootstrap');
  try {
    // Validate before Nest builds anything, so a bad value stops the service with one clear message.
    const config = loadConfig(options.service);
    const app = await NestFactory.create<NestExpressApplication>(rootModule, {
      ...HTTP_APP_OPTIONS,
      logger: enabledLogLevels(config.logLevel),
    });
    configureHttpApp(app, options.title ?? titleOf(options.service));
    connectConsumerTransport(app);
    app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
    exitAfterDeadline(logger);
    // Returns at once: the consumers subscribe in the background, once their topics exist.
    await app.startAllMicroservices();
    await app.listen(config.http.port, '0.0.0.0');
    const base = `http://localhost:${config.http.port}`;
    logger.log(
      `${options.service} listening on ${base} (docs ${base}/${OPENAPI_PATH}, health ${base}/health/ready)`,
    );
    return app;
  } catch (error) {
    return failStart(options.service, error);
  }
}
