import { randomUUID } from 'node:crypto';
import { NewEvent } from '../src';

let counter = 0;

export function aStreamId(): string {
  return randomUUID();
}

/** An event with a recognisable payload: `data.n` tells events apart. */
export function anEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  counter += 1;
  return {
    eventType: 'TransactionRecorded',
    schemaVersion: 1,
    data: { n: counter, amount: '12.50' },
    occurredAt: new Date('2026-03-01T09:30:00.000Z'),
    ...overrides,
  };
}

export function someEvents(count: number): NewEvent[] {
  return Array.from({ length: count }, () => anEvent());
}
