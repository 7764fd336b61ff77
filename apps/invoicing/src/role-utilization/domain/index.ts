export * from './role-utilization';
export * from './utilization-window';
