export * from './invoice-rule-violation';
export * from './invoice.state';
export * from './invoice.decider';
export * from './proposed-invoice';
export * from './corrective-invoice';
