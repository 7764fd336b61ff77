export * from './invoice-number';
export * from './invoice-streams';
export * from './invoice.persistence';
export * from './invoice.metrics';
export * from './invoice-error-statuses';
export * from './invoicing-outbox.relay';
export * from './invoicing-outbox.routes';
export * from './invoice.module';
