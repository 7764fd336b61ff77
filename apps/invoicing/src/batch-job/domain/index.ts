export * from './batch-job-rule-violation';
export * from './frequency';
export * from './batch-job-rules';
export * from './job-timer';
export * from './run-date';
