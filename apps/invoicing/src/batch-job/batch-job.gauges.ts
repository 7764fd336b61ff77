import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@app/platform';
import { Gauge } from 'prom-client';
import { BatchJobRepository } from './batch-job.repository';

const NEXT_RUN = 'invoicing_batch_job_next_run_timestamp_seconds';

/**
 * `invoicing_batch_job_next_run_timestamp_seconds{batch_job_id, name, workflow}`: when each active
 * job's timer is due (docs/product.md 3.1), read from the database when Prometheus scrapes, so every
 * replica reports the same. A job that is running or inactive has no sample. The run-overdue alert
 * (deploy/prometheus) fires when a due time lies well in the past: no replica claimed the job.
 */
@Injectable()
export class BatchJobGauges {
  constructor(registry: MetricsRegistry, jobs: BatchJobRepository) {
    if (registry.registry.getSingleMetric(NEXT_RUN)) return;
    new Gauge({
      name: NEXT_RUN,
      help: 'When each active batch job is due to run next, in seconds since the epoch (none while it runs)',
      labelNames: ['batch_job_id', 'name', 'workflow'],
      registers: [registry.registry],
      async collect() {
        this.reset();
        const active = await jobs.list().catch(() => []);
        for (const job of active) {
          if (!job.isActive || job.nextRunAt === null) continue;
          const labels = { batch_job_id: job.batchJobId, name: job.name, workflow: job.workflow };
          this.set(labels, job.nextRunAt.getTime() / 1000);
        }
      },
    });
  }
}
