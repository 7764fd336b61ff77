import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@app/platform';
import { Counter, Gauge } from 'prom-client';
import { ContractProjectionMetrics } from './contract-projection.consumer';
import { HELD_REASONS, HeldReason } from './held-contracts.store';
import { ProjectedBatch } from './projection-batch.handler';

type Outcome = 'applied' | 'duplicate' | 'held' | 'released' | 'dead_lettered';

/** Prometheus view of the projection: what happened to each event, held events and contracts, the generation. */
@Injectable()
export class ContractProjectionPrometheus implements ContractProjectionMetrics {
  private readonly events: Counter<'outcome'>;
  private readonly held: Gauge;
  private readonly heldContractsGauge: Gauge<'reason'>;
  private readonly generationGauge: Gauge;

  constructor(metrics: MetricsRegistry) {
    this.events = metrics.counter(
      'invoicing_projection_events_total',
      'Contract events seen by the projection, by outcome (released: held events applied or settled later)',
      ['outcome'],
    );
    this.held = metrics.gauge(
      'invoicing_projection_held_events',
      'Contract events held behind a gap in their stream; one that stays means a contract is stuck (see the DLQ)',
    );
    this.heldContractsGauge = metrics.gauge(
      'invoicing_projection_held_contracts',
      'Contracts the projection holds at a version, by reason: Gap (a version missing, later ones held) ' +
        'or Refused (the next version was dead-lettered); none of them is billed past it (GET /projection lists them)',
      ['reason'],
    );
    this.generationGauge = metrics.gauge(
      'invoicing_projection_generation',
      'Rebuild generation being consumed',
    );
  }

  batchProjected(batch: ProjectedBatch): void {
    this.count('applied', batch.applied);
    this.count('duplicate', batch.duplicates);
    this.count('held', batch.held);
    this.count('released', batch.released);
  }

  deadLettered(count: number): void {
    this.count('dead_lettered', count);
  }

  heldEvents(count: number): void {
    this.held.set(count);
  }

  heldContracts(counts: Readonly<Record<HeldReason, number>>): void {
    for (const reason of HELD_REASONS) this.heldContractsGauge.set({ reason }, counts[reason]);
  }

  generation(generation: number): void {
    this.generationGauge.set(generation);
  }

  private count(outcome: Outcome, value: number): void {
    if (value > 0) this.events.inc({ outcome }, value);
  }
}
