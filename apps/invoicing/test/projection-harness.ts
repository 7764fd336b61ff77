import { ServiceApp } from '@app/testing';
import { DataSource } from 'typeorm';
import { ContractEventsPublisher, startProjectionApp } from './projection-test-kit';

/** The projection app, its database and an upstream publisher on its contract events topic. */
export interface ProjectionHarness {
  readonly app: ServiceApp;
  readonly dataSource: DataSource;
  readonly publisher: ContractEventsPublisher;
  /** Disconnects the publisher, then closes the app and drops its database. */
  close(): Promise<void>;
}

/** What every projection test file starts with; call `close()` in `afterAll`. */
export async function startProjectionHarness(): Promise<ProjectionHarness> {
  const app = await startProjectionApp();
  const publisher = new ContractEventsPublisher(app.config.kafka.topics.contractEvents);
  try {
    await publisher.connect();
  } catch (error) {
    await app.close();
    throw error;
  }
  return {
    app,
    dataSource: app.app.get(DataSource),
    publisher,
    close: async () => {
      await publisher.disconnect();
      await app.close();
    },
  };
}
