export * from './billing-input.reader';
export * from './contract-projection.module';
export { PROJECTION_ERROR_STATUSES } from './projection-rebuild';
