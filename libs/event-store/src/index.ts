export * from './schema/event-store.migration';
export * from './schema/event-store-order-key.migration';
export * from './schema/outbox-parking.migration';
export { assertSchemaName, eventsChannel } from './schema/schema-name';
export * from './store/event-store.types';
export * from './store/concurrency.error';
export * from './store/event-store';
export { runInTransaction } from './store/transaction';
export type { IsolationLevel } from './store/transaction';
export * from './outbox/outbox-relay';
export * from './outbox/outbox-relay.options';
export { toEnvelope, toKafkaMessage } from './outbox/event-envelope';
export { readOutboxLag } from './outbox/outbox.statements';
export {
  observeOutbox,
  readOutboxReadiness,
  registerOutboxLagGauges,
  registerOutboxParkedGauge,
} from './outbox/outbox-lag.gauges';
export type { OutboxLag } from './outbox/outbox.statements';
export { readOutboxParked, WAITING_BEHIND_PARKED } from './outbox/outbox-parking.statements';
export type { OutboxParked } from './outbox/outbox-parking.statements';
export { REFUSAL_TYPES } from './outbox/send-refusal';
export * from './consumer/invalid-message.error';
export * from './consumer/envelope.parser';
export * from './consumer/received-message';
export * from './consumer/dead-letter';
export * from './consumer/data-exception';
export * from './consumer/handler-failure';
export * from './consumer/batch-consumer';
export * from './consumer/batch-consumer.options';
export * from './consumer/batch-kafka.server';
export * from './consumer/group-membership';
export * from './consumer/idempotency-guard';
export * from './common/backoff';
export type { EventStoreLogger } from './common/logger';
export * from './nest/event-store.module';
