import { Provider } from '@nestjs/common';
import { EventStore } from '@app/event-store';
import { Clock, CLOCK } from '@app/platform';
import { DataSource } from 'typeorm';

/** The invoicing event store (invoice and process-run streams), on the service clock. */
export const invoicingEventStoreProvider: Provider = {
  provide: EventStore,
  inject: [DataSource, CLOCK],
  useFactory: (dataSource: DataSource, clock: Clock) =>
    new EventStore(dataSource, { schema: 'invoicing', clock: () => clock.now() }),
};
