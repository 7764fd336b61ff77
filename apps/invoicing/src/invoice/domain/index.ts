export * from './invoice-rule-violation';
export * from './invoice.state';
export * from './invoice.decider';
