export * from './projection-rejection';
export * from './event-fields';
export * from './contract-event.validation';
export * from './row-changes';
export * from './projection-draft';
export * from './batch-plan';
export * from './projection-lag';
