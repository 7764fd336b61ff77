import { Provider } from '@nestjs/common';
import { EventStore, IdempotencyGuard } from '@app/event-store';
import { Clock, CLOCK } from '@app/platform';
import { DataSource } from 'typeorm';

export const CONTRACTS_SCHEMA = 'contracts';

/** The contracts event store (one stream per contract), on the service clock. */
export const contractEventStoreProviders: Provider[] = [
  {
    provide: EventStore,
    inject: [DataSource, CLOCK],
    useFactory: (dataSource: DataSource, clock: Clock) =>
      new EventStore(dataSource, { schema: CONTRACTS_SCHEMA, clock: () => clock.now() }),
  },
  { provide: IdempotencyGuard, useValue: new IdempotencyGuard(CONTRACTS_SCHEMA) },
];
