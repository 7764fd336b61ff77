import { EVENT_HEADERS } from '@app/event-contracts';
import { StoredEvent } from '../store/event-store.types';
import { recordBytes, toEnvelope, toKafkaMessage, toProduceRequests } from './event-envelope';

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

describe('toProduceRequests', () => {
  const route = (event: StoredEvent) => ({ topic: event.streamType, key: event.streamId });
  const events = (sizes: readonly number[], streamType = 'invoice') =>
    sizes.map((size, i) =>
      aStoredEvent({ streamType, streamId: `s${i % 2}`, eventId: `e${i}`, data: { text: 'x'.repeat(size) } }),
    );
  const bytesOf = (request: ReturnType<typeof toProduceRequests>[number]) =>
    request.flatMap((t) => t.messages).reduce((sum, m) => sum + recordBytes(m), 0);
  const idsOf = (requests: ReturnType<typeof toProduceRequests>) =>
    requests.flatMap((request) =>
      request.flatMap((t) => t.messages.map((m) => String(m.headers?.[EVENT_HEADERS.eventId]))),
    );

  it('keeps every request at or under the bound, the events in read order', () => {
    const input = events([300_000, 300_000, 300_000, 300_000, 10, 10]);

    const sut = toProduceRequests(input, route);

    expect(sut.length).toBeGreaterThan(1);
    expect(sut.every((request) => bytesOf(request) <= 1_000_000)).toBe(true);
    expect(idsOf(sut)).toEqual(input.map((e) => e.eventId));
  });

  it('fills a request up to exactly the bound', () => {
    const [one] = events([100]);
    const size = recordBytes(toKafkaMessage(one, one.streamId));

    const sut = toProduceRequests(
      [one, { ...one, eventId: 'e1' }, { ...one, eventId: 'e2' }],
      route,
      size * 2,
    );

    expect(sut.map((request) => bytesOf(request))).toEqual([size * 2, size]);
  });

  it('sends a record above the bound alone, so the broker judges it and nothing else', () => {
    const sut = toProduceRequests(events([10, 1_200_000, 10]), route);

    expect(sut.map((request) => request.flatMap((t) => t.messages).length)).toEqual([1, 1, 1]);
  });

  it('groups a request per topic and sends nothing for no events', () => {
    const mixed = [...events([10], 'invoice'), ...events([10], 'process-run')];

    expect(toProduceRequests(mixed, route)).toEqual([
      [expect.objectContaining({ topic: 'invoice' }), expect.objectContaining({ topic: 'process-run' })],
    ]);
    expect(toProduceRequests([], route)).toEqual([]);
  });
});
