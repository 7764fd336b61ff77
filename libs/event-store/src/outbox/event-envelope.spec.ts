import { EVENT_HEADERS } from '@app/event-contracts';
import { StoredEvent } from '../store/event-store.types';
import { toEnvelope, toKafkaMessage } from './event-envelope';

function aStoredEvent(overrides: Partial<StoredEvent> = {}): StoredEvent {
  return {
    globalPosition: 17,
    streamId: 'c0a8012e-0000-4000-8000-000000000001',
    streamType: 'contract',
    streamVersion: 4,
    eventId: '6f1c2b1e-8c1d-4a57-9c39-2f0f5d9d7b11',
    eventType: 'MilestoneAdded',
    schemaVersion: 2,
    data: { amount: '1250.00' },
    metadata: { correlationId: 'corr-1', causationId: 'cmd-9', commandId: 'cmd-9' },
    occurredAt: new Date('2026-03-01T09:30:00.000Z'),
    recordedAt: new Date('2026-03-01T09:30:00.120Z'),
    ...overrides,
  };
}

describe('toEnvelope', () => {
  it('carries the stored identity, version and data in the published shape', () => {
    expect(toEnvelope(aStoredEvent())).toEqual({
      eventId: '6f1c2b1e-8c1d-4a57-9c39-2f0f5d9d7b11',
      eventType: 'MilestoneAdded',
      schemaVersion: 2,
      streamId: 'c0a8012e-0000-4000-8000-000000000001',
      streamVersion: 4,
      occurredAt: '2026-03-01T09:30:00.000Z',
      correlationId: 'corr-1',
      causationId: 'cmd-9',
      data: { amount: '1250.00' },
    });
  });

  it('publishes null correlation and causation when the metadata has none', () => {
    const sut = toEnvelope(aStoredEvent({ metadata: {} }));
    expect([sut.correlationId, sut.causationId]).toEqual([null, null]);
  });
});

describe('toKafkaMessage', () => {
  it('repeats type, id and schema version in the headers and uses the given key', () => {
    const sut = toKafkaMessage(aStoredEvent(), 'contract-key');
    expect(sut.key).toBe('contract-key');
    expect(sut.headers).toEqual({
      [EVENT_HEADERS.eventType]: 'MilestoneAdded',
      [EVENT_HEADERS.eventId]: '6f1c2b1e-8c1d-4a57-9c39-2f0f5d9d7b11',
      [EVENT_HEADERS.schemaVersion]: '2',
    });
    expect(JSON.parse(String(sut.value)).streamVersion).toBe(4);
  });
});
