import { INestApplication } from '@nestjs/common';
import { asyncApiDocument } from '@app/event-contracts';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';

export const ASYNCAPI_PATH = '/asyncapi.json';

/**
 * The service's AsyncAPI 3 document (docs/product.md 4.7) at `/asyncapi.json`: the topics it sends to
 * and receives from, as this environment names them (KAFKA_TOPIC_PREFIX). Open like `/docs`.
 */
export function setupAsyncApi(app: INestApplication): void {
  const config = app.get<PlatformConfig>(PLATFORM_CONFIG);
  const document = JSON.stringify(asyncApiDocument(config.service, config.kafka.topicPrefix));
  app
    .getHttpAdapter()
    .get(ASYNCAPI_PATH, (_request: unknown, response: { type(t: string): { send(b: string): void } }) =>
      response.type('application/json').send(document),
    );
}
