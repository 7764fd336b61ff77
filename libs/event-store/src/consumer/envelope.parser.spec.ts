import { ENVELOPE_ERROR_CODES, parseEnvelope, parseJsonObject } from './envelope.parser';
import { InvalidMessageError } from './invalid-message.error';

function anEnvelope(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: '6f1c2b1e-8c1d-4a57-9c39-2f0f5d9d7b11',
    eventType: 'ContractCreated',
    schemaVersion: 1,
    streamId: 'c0a8012e-0000-4000-8000-000000000001',
    streamVersion: 1,
    occurredAt: '2026-03-01T09:30:00.000Z',
    correlationId: null,
    causationId: 'a-command-id',
    data: { contractId: 'c0a8012e-0000-4000-8000-000000000001', currency: 'EUR' },
    ...overrides,
  };
}

function bytesOf(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

function failureOf(parse: () => unknown): InvalidMessageError {
  try {
    parse();
  } catch (error) {
    if (error instanceof InvalidMessageError) return error;
    throw error;
  }
  throw new Error('expected an InvalidMessageError');
}

describe('parseEnvelope', () => {
  it('returns every field of a valid envelope', () => {
    const envelope = anEnvelope();
    expect(parseEnvelope(bytesOf(envelope))).toEqual(envelope);
  });

  it('accepts the envelope as a string as well as bytes', () => {
    expect(parseEnvelope(JSON.stringify(anEnvelope())).eventType).toBe('ContractCreated');
  });

  it.each([
    '2024-02-29T23:59:59Z',
    '2000-02-29T00:00:00.5Z',
    '0000-02-29T00:00:00Z',
    '9999-12-31T23:59:59.999999999Z',
  ])('accepts the instant %s, as Date.parse reads it without rolling over', (occurredAt) => {
    expect(parseEnvelope(bytesOf(anEnvelope({ occurredAt }))).occurredAt).toBe(occurredAt);
  });

  it('rejects a message without a value as empty', () => {
    expect(failureOf(() => parseEnvelope(null)).code).toBe(ENVELOPE_ERROR_CODES.empty);
    expect(failureOf(() => parseEnvelope(Buffer.alloc(0))).code).toBe(ENVELOPE_ERROR_CODES.empty);
  });

  it('rejects bytes that are not JSON', () => {
    const error = failureOf(() => parseEnvelope(Buffer.from([0xff, 0x00, 0x7b])));
    expect(error.code).toBe(ENVELOPE_ERROR_CODES.malformedJson);
  });

  it('rejects JSON that is not an object', () => {
    expect(failureOf(() => parseEnvelope('[1,2]')).code).toBe(ENVELOPE_ERROR_CODES.malformedJson);
  });

  it.each([
    ['eventId', 'not-a-uuid'],
    ['eventId', undefined],
    ['eventType', ''],
    ['eventType', 42],
    ['schemaVersion', 0],
    ['schemaVersion', 1.5],
    ['schemaVersion', '1'],
    ['streamId', null],
    ['streamVersion', -3],
    ['occurredAt', '2026-03-01T09:30:00+01:00'],
    ['occurredAt', '2026-13-45T09:30:00Z'],
    ['occurredAt', '2026-03-01'],
    ['occurredAt', '2025-02-30T00:00:00Z'],
    ['occurredAt', '2026-03-01T24:00:00Z'],
    ['occurredAt', '2025-02-29T12:00:00Z'],
    ['occurredAt', '2100-02-29T12:00:00Z'],
    ['occurredAt', '2026-04-31T12:00:00Z'],
    ['occurredAt', '2026-00-10T12:00:00Z'],
    ['occurredAt', '2026-03-00T12:00:00Z'],
    ['occurredAt', '2026-03-01T12:60:00Z'],
    ['occurredAt', '2026-03-01T12:00:60Z'],
    ['correlationId', 7],
    ['causationId', undefined],
    ['data', null],
    ['data', [1, 2]],
    ['data', 'text'],
  ])('names %s when it is %p', (field, value) => {
    const error = failureOf(() => parseEnvelope(bytesOf(anEnvelope({ [field]: value }))));
    expect(error.code).toBe(ENVELOPE_ERROR_CODES.invalidEnvelope);
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
  });
});

describe('parseJsonObject', () => {
  it('returns the object in the bytes', () => {
    expect(parseJsonObject(bytesOf({ commandId: 'x' }))).toEqual({ commandId: 'x' });
  });

  it('says why malformed JSON was refused', () => {
    expect(failureOf(() => parseJsonObject('{"commandId":')).message).toMatch(/not valid JSON/);
  });
});
