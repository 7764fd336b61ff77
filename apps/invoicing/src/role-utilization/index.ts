export * from './role-utilization.module';
export * from './role-utilization.updater';
