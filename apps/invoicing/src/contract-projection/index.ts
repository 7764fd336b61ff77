export * from './contract-projection.module';
export { PROJECTION_BEHIND, ProjectionBehindError, ProjectionCatchUp } from './projection-catch-up';
export { HeldContract, PROJECTION_HELD } from './held-contracts.reader';
export { PROJECTION_ERROR_STATUSES } from './projection-rebuild';
