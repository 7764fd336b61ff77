import { DynamicModule, Type } from '@nestjs/common';
import { ServiceName } from '@app/platform';
import { ServiceApp, startServiceApp } from '@app/testing';
import { HttpProbe } from './http-probe';

/** The key every bad-input test app is started with (API_KEYS), so writes are keyed as in production. */
export const API_KEY = 'bad-input-key-7f3a';

/** The body limit the apps run with (HTTP_BODY_LIMIT default, 2 MB). */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

export interface ListeningService {
  readonly service: ServiceApp;
  /** Sends the API key on every request. */
  readonly probe: HttpProbe;
  /** Sends no API key unless told to. */
  readonly anonymous: HttpProbe;
  close(): Promise<void>;
}

/**
 * A service booted in this process as `main.ts` boots it (own database, shared topic prefix when
 * given), listening on a free port so requests go through the real HTTP stack.
 */
export async function startListening(
  rootModule: Type<unknown> | DynamicModule,
  name: ServiceName,
  env: Readonly<Record<string, string>> = {},
): Promise<ListeningService> {
  const service = await startServiceApp(rootModule, name, {
    env: { API_KEYS: API_KEY, KAFKA_TOPIC_PARTITIONS: '2', ...env },
    // Bad input is expected here; warnings about it would drown the summary (BAD_INPUT_LOG=warn shows them).
    logger: process.env.BAD_INPUT_LOG === 'warn' ? ['error', 'warn'] : ['error'],
  });
  await service.app.listen(0, '127.0.0.1');
  const baseUrl = (await service.app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    service,
    probe: new HttpProbe(baseUrl, API_KEY),
    anonymous: new HttpProbe(baseUrl, null),
    close: () => service.close(),
  };
}
