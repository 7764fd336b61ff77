import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdempotencyGuard } from '../consumer/idempotency-guard';
import { EventStore, EventStoreOptions } from '../store/event-store';

/**
 * `EventStore` and `IdempotencyGuard` for one service schema, over the service's TypeORM
 * `DataSource`. The relay and the consumers need Kafka and a lifecycle, so the service wires them.
 */
@Module({})
export class EventStoreModule {
  static forSchema(schema: string, options: Omit<EventStoreOptions, 'schema'> = {}): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        {
          provide: EventStore,
          useFactory: (dataSource: DataSource) => new EventStore(dataSource, { ...options, schema }),
          inject: [DataSource],
        },
        { provide: IdempotencyGuard, useValue: new IdempotencyGuard(schema) },
      ],
      exports: [EventStore, IdempotencyGuard],
    };
  }
}
