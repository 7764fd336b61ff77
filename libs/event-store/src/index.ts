export * from './schema/event-store.migration';
export { assertSchemaName, eventsChannel } from './schema/schema-name';
export * from './store/event-store.types';
export * from './store/concurrency.error';
export * from './store/event-store';
export { runInTransaction } from './store/transaction';
export type { IsolationLevel } from './store/transaction';
export * from './common/backoff';
export type { EventStoreLogger } from './common/logger';
