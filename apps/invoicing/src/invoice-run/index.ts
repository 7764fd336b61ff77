/*
 * The invoice-run module as the rest of the service sees it (docs/architecture.md, "Layout rules"):
 * the Nest module, the launcher that starts a process run, and the run's error statuses.
 */
export * from './invoice-run.module';
export * from './invoice-run.errors';
export { ProcessRunLauncher } from './process-run.launcher';
