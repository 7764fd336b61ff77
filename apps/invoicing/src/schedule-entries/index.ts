export * from './schedule-entries.module';
export { SCHEDULE_ENTRY_ERROR_STATUSES } from './schedule-entries.controller';
