export * from './infrastructure';
export * from './decider-specification';
export * from './builders/contract.builders';
export * from './builders/contract-envelope.builders';
export * from './service-app';
export * from './recording-logger';
