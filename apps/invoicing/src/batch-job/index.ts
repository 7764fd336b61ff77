export * from './batch-job.module';
export * from './batch-job.repository';
export * from './batch-job.row';
export * from './batch-job.errors';
export * from './api/batch-job-id.params.dto';
