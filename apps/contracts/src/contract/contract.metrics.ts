import { Injectable } from '@nestjs/common';
import { ContractEvent } from '@app/event-contracts';
import { BatchConsumerMetrics, OutboxRelayMetrics } from '@app/event-store';
import { MetricsRegistry } from '@app/platform';
import { Counter, Gauge } from 'prom-client';

/** Where a command came from. */
export type CommandSource = 'rest' | 'kafka';

/** What became of a command: new events, nothing new (a repeat), or refused. */
export type CommandOutcome = 'applied' | 'unchanged' | 'rejected';

/**
 * The contracts service's own counters, on the app's registry. REST commands count after their
 * commit; command-topic commands when their batch is handled (a batch retried after a failed commit
 * counts again, so those counters may run slightly ahead).
 */
@Injectable()
export class ContractMetrics {
  private readonly commandsTotal: Counter<'command_type' | 'source' | 'outcome'>;
  private readonly eventsTotal: Counter<'event_type'>;
  private readonly relayedTotal: Counter;
  private readonly relayFailuresTotal: Counter;
  private readonly relayLeader: Gauge;
  private readonly deadLetteredTotal: Counter<'topic' | 'error_code'>;
  private readonly consumedTotal: Counter<'topic'>;

  constructor(registry: MetricsRegistry) {
    this.commandsTotal = registry.counter(
      'contracts_commands_handled_total',
      'Contract commands handled, by type, source and outcome',
      ['command_type', 'source', 'outcome'],
    );
    this.eventsTotal = registry.counter('contracts_events_appended_total', 'Contract events appended', [
      'event_type',
    ]);
    this.relayedTotal = registry.counter(
      'contracts_outbox_events_relayed_total',
      'Events the outbox relay published to Kafka',
    );
    this.relayFailuresTotal = registry.counter(
      'contracts_outbox_publish_failures_total',
      'Failed outbox publishing attempts (retried with backoff)',
    );
    this.relayLeader = registry.gauge(
      'contracts_outbox_relay_leader',
      '1 while this replica holds the outbox relay leadership',
    );
    this.deadLetteredTotal = registry.counter(
      'contracts_messages_dead_lettered_total',
      'Kafka messages sent to a dead-letter topic, by source topic and error code',
      ['topic', 'error_code'],
    );
    this.consumedTotal = registry.counter(
      'contracts_messages_consumed_total',
      'Kafka messages applied by the contracts consumers',
      ['topic'],
    );
  }

  commandHandled(commandType: string, source: CommandSource, outcome: CommandOutcome, count = 1): void {
    this.commandsTotal.inc({ command_type: commandType, source, outcome }, count);
  }

  eventsAppended(events: readonly ContractEvent[]): void {
    const byType = new Map<string, number>();
    for (const event of events) byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
    for (const [eventType, count] of byType) this.eventsTotal.inc({ event_type: eventType }, count);
  }

  readonly relay: OutboxRelayMetrics = {
    eventsPublished: (count) => this.relayedTotal.inc(count),
    publishFailed: () => this.relayFailuresTotal.inc(),
    leadershipChanged: (isLeader) => this.relayLeader.set(isLeader ? 1 : 0),
  };

  consumer(topic: string): BatchConsumerMetrics {
    return {
      messagesProcessed: (count) => this.consumedTotal.inc({ topic }, count),
      messagesDeadLettered: (letters) => {
        for (const { error } of letters) this.deadLetteredTotal.inc({ topic, error_code: error.code });
      },
    };
  }
}
