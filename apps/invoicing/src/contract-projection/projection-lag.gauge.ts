import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@app/platform';
import { Gauge } from 'prom-client';
import { ProjectionCatchUp } from './projection-catch-up';

/** A scrape waits at most this long for Kafka; then the gauge says NaN (unknown) rather than a stale value. */
const MEASURE_TIMEOUT_MS = 2_000;
/** Scrapes closer together than this reuse the last measurement. */
const REUSE_MS = 5_000;

/**
 * `invoicing_projection_lag_events`: records of `contracts.events` published but not yet applied by
 * the projection's current generation, measured when Prometheus scrapes (end offsets against the
 * projection's own positions, as a run's catch-up wait measures them; docs/adr/0006). A run started
 * now would wait for them; the projection-lag alert (deploy/prometheus) fires when it stays high.
 */
@Injectable()
export class ProjectionLagGauge {
  private last: { readonly at: number; readonly value: number } | undefined;

  constructor(registry: MetricsRegistry, catchUp: ProjectionCatchUp) {
    const measure = () => this.measure(catchUp);
    if (registry.registry.getSingleMetric('invoicing_projection_lag_events')) return;
    new Gauge({
      name: 'invoicing_projection_lag_events',
      help: 'Records of contracts.events not yet applied by the projection (NaN while Kafka does not answer)',
      registers: [registry.registry],
      async collect() {
        this.set(await measure());
      },
    });
  }

  private async measure(catchUp: ProjectionCatchUp): Promise<number> {
    const now = performance.now();
    if (this.last && now - this.last.at < REUSE_MS) return this.last.value;
    const behind = await catchUp.recordsBehind(MEASURE_TIMEOUT_MS).catch(() => null);
    const value = behind === null ? Number.NaN : Number(behind);
    this.last = { at: now, value };
    return value;
  }
}
