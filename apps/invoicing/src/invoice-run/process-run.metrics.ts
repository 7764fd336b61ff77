import { Injectable } from '@nestjs/common';
import { Workflow } from '@app/event-contracts';
import { MetricsRegistry } from '@app/platform';
import { Counter, Gauge, Histogram } from 'prom-client';
import { RunOutcome } from './process-run.executor';

/** Process runs on the service's Prometheus registry: what this replica executes and how runs end. */
@Injectable()
export class ProcessRunMetrics {
  private readonly executing: Gauge;
  private readonly ended: Counter<'workflow' | 'outcome'>;
  private readonly duration: Histogram<'workflow'>;

  constructor(registry: MetricsRegistry) {
    this.executing = registry.gauge(
      'invoicing_process_runs_executing',
      'Process runs this replica executes now',
    );
    this.ended = registry.counter(
      'invoicing_process_runs_ended_total',
      'Process run executions on this replica by outcome (Succeeded, Failed, Released at shutdown, LeaseLost, Stalled)',
      ['workflow', 'outcome'],
    );
    this.duration = registry.histogram(
      'invoicing_process_run_duration_seconds',
      'Wall time of a process run execution on this replica',
      ['workflow'],
      [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    );
  }

  /** Call when an execution starts; the returned function records its end. */
  started(workflow: Workflow): (outcome: RunOutcome | 'Crashed') => void {
    this.executing.inc();
    const stop = this.duration.startTimer({ workflow });
    return (outcome) => {
      this.executing.dec();
      stop();
      this.ended.inc({ workflow, outcome });
    };
  }
}
