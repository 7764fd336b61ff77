import { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { CustomTransportStrategy } from '@nestjs/microservices';

/**
 * The provider a service's root module offers for its Kafka consumers: a transport strategy whose
 * `@EventPattern` handlers consume. {@link startConsumerTransport} connects it to the app.
 */
export const CONSUMER_TRANSPORT = Symbol('CONSUMER_TRANSPORT');

/** Looked up without `app.get`, which would end the process (abortOnError) in a service without one. */
function consumerTransport(app: INestApplication): CustomTransportStrategy | undefined {
  for (const moduleRef of app.get(ModulesContainer).values()) {
    const wrapper = moduleRef.providers.get(CONSUMER_TRANSPORT);
    if (wrapper) return wrapper.instance as CustomTransportStrategy;
  }
  return undefined;
}

/**
 * Makes the app hybrid: its consumer transport runs the `@EventPattern` handlers. Call it before
 * `init()`, and `app.startAllMicroservices()` after; on `app.close()` Nest stops the consumers
 * after the modules' destroy hooks and before it shuts the database down.
 *
 * The app's global pipe, filter, guards and interceptor are for HTTP requests and stay there: the
 * request validation pipe would validate a batch of parsed messages as if it were a request body
 * and refuse it, and a batch's error must reach the batch consumer as it was thrown.
 */
export function connectConsumerTransport(app: INestApplication): void {
  const strategy = consumerTransport(app);
  if (strategy) app.connectMicroservice({ strategy }, { inheritAppConfig: false });
}
