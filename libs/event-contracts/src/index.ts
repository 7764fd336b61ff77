export * from './envelope';
export * from './topics';
export * from './money';
export * from './contract/contract-events';
export * from './invoicing/invoice-events';
export * from './invoicing/process-run-events';
export * from './commands/contract-commands';
