import { randomUUID } from 'node:crypto';
import { ContractEvent, ContractEventEnvelope, EVENT_HEADERS, schemaVersionOf } from '@app/event-contracts';
import { Message } from 'kafkajs';

/** The instant envelopes carry unless a test says otherwise: fixed, so that tests are repeatable. */
export const ENVELOPE_OCCURRED_AT = '2025-01-01T00:00:00.000Z';

/** A contract event as published on `contracts.events`, with a fresh event id. */
export function aContractEventEnvelope(
  event: ContractEvent,
  streamVersion: number,
  overrides: Partial<Omit<ContractEventEnvelope, 'eventType' | 'data'>> = {},
): ContractEventEnvelope {
  return {
    eventId: randomUUID(),
    eventType: event.type,
    schemaVersion: schemaVersionOf(event.type),
    streamId: event.data.contractId,
    streamVersion,
    occurredAt: ENVELOPE_OCCURRED_AT,
    correlationId: null,
    causationId: null,
    data: event.data,
    ...overrides,
  } as ContractEventEnvelope;
}

/** A contract's history as envelopes with stream versions 1, 2, 3, ... (or from `firstVersion`). */
export function contractEventEnvelopes(
  events: readonly ContractEvent[],
  firstVersion = 1,
): ContractEventEnvelope[] {
  return events.map((event, i) => aContractEventEnvelope(event, firstVersion + i));
}

/** The Kafka message the contracts relay makes of an envelope: keyed by contract, its identity in headers. */
export function contractEventMessage(envelope: ContractEventEnvelope): Message {
  return {
    key: envelope.streamId,
    value: JSON.stringify(envelope),
    headers: {
      [EVENT_HEADERS.eventType]: envelope.eventType,
      [EVENT_HEADERS.eventId]: envelope.eventId,
      [EVENT_HEADERS.schemaVersion]: String(envelope.schemaVersion),
    },
  };
}
