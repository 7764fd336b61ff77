export * from './calendar-date';
export * from './role-utilization';
export * from './utilization-window';
