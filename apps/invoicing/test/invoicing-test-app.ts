import { EventStore } from '@app/event-store';
import { CLOCK, ManualClock } from '@app/platform';
import { ServiceApp, ServiceAppOptions, startServiceApp } from '@app/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { InvoicingModule } from '../src/invoicing.module';
import { InvoicingOutboxRelay } from '../src/invoice/invoicing-outbox.relay';

export const TEST_API_KEY = 'invoice-test-key';

export interface InvoicingTestApp {
  readonly service: ServiceApp;
  readonly dataSource: DataSource;
  readonly eventStore: EventStore;
  readonly relay: InvoicingOutboxRelay;
  readonly clock: ManualClock;
  /** A supertest agent on the app. */
  http(): ReturnType<typeof request>;
  /** `POST path` with the API key. */
  write(path: string): request.Test;
  close(): Promise<void>;
}

/** The invoicing service as deployed, on its own database and topic prefix, with a manual clock. */
export async function startInvoicingApp(
  env: Readonly<Record<string, string>> = {},
  { logger }: Pick<ServiceAppOptions, 'logger'> = {},
): Promise<InvoicingTestApp> {
  const clock = new ManualClock('2024-03-02T08:00:00.000Z');
  const service = await startServiceApp(InvoicingModule, 'invoicing', {
    env: { API_KEYS: TEST_API_KEY, ...env },
    configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    logger,
  });
  const http = () => request(service.app.getHttpServer());
  return {
    service,
    dataSource: service.app.get(DataSource),
    eventStore: service.app.get(EventStore, { strict: false }),
    relay: service.app.get(InvoicingOutboxRelay, { strict: false }),
    clock,
    http,
    write: (path) => http().post(path).set('Authorization', `Bearer ${TEST_API_KEY}`),
    close: () => service.close(),
  };
}
