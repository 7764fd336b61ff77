import { ContractEvent } from '@app/event-contracts';
import { aContract as aContractFixture, aContractEventEnvelope } from '@app/testing';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { BAD_INPUT_SEED, HOSTILE_TEXT, nestedObjects, toJsonText } from './hostile-values';
import { PoisonRecord, RawRecord } from './raw-kafka';

/** A contract's first events as `contracts.events` carries them: created, a line, a schedule. */
export function scheduledContractEvents(): { contractId: string; records: RawRecord[] } {
  const contract = aContractFixture();
  const line = contract.timeAndMaterialLine();
  const events: ContractEvent[] = [
    contract.created(),
    line.added(),
    line.scheduleSet([{ invoiceRunDate: '2025-02-01', transactionCutoffDate: '2025-01-31' }]),
  ];
  const records = events.map((event, i) => envelopeRecord(event, i + 1));
  return { contractId: contract.contractId, records };
}

function envelopeRecord(event: ContractEvent, streamVersion: number): RawRecord {
  const envelope = aContractEventEnvelope(event, streamVersion);
  return {
    key: envelope.streamId,
    value: Buffer.from(JSON.stringify(envelope)),
    headers: { 'event-type': envelope.eventType, 'event-id': envelope.eventId, 'schema-version': '1' },
  };
}

let counter = 0;

/** A record of its own stream (a fresh key), so refusing it holds back no contract the test reads. */
function poison(label: string, value: string | Buffer | null): PoisonRecord {
  counter += 1;
  const key = `poison-${counter}-${randomUUID()}`;
  return { key, label, value: typeof value === 'string' ? Buffer.from(value) : value };
}

/** A valid first event of a fresh contract, as a plain object to break. */
function createdEnvelope(data: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}) {
  const contract = aContractFixture();
  return {
    ...aContractEventEnvelope(contract.created(), 1),
    data: { ...contract.created().data, ...data },
    ...envelope,
  };
}

function recordedEnvelope(data: Record<string, unknown>) {
  const line = aContractFixture().timeAndMaterialLine();
  const recorded = line.transaction().recorded();
  return { ...aContractEventEnvelope(recorded, 3), data: { ...recorded.data, ...data } };
}

/**
 * Records the invoicing projection must dead-letter (docs/product.md 5.4): random bytes, truncated JSON,
 * unknown event types, another schema version, broken envelopes, invalid fields, hostile text.
 */
export function poisonContractEvents(): PoisonRecord[] {
  const valid = JSON.stringify(createdEnvelope());
  const randomBytes = fc
    .sample(fc.uint8Array({ minLength: 1, maxLength: 2048 }), { seed: BAD_INPUT_SEED, numRuns: 15 })
    .map((bytes) => poison('random bytes', Buffer.from(bytes)));
  const truncated = [0.1, 0.3, 0.5, 0.7, 0.95].map((share) =>
    poison('truncated JSON', valid.slice(0, Math.floor(valid.length * share))),
  );
  const json = (label: string, value: unknown) => poison(label, toJsonText(value));
  return [
    ...randomBytes,
    ...truncated,
    poison('no value (tombstone)', null),
    poison('an empty value', ''),
    poison('a JSON array', `[${valid}]`),
    json('an unknown event type', createdEnvelope({}, { eventType: 'ContractDeleted' })),
    json('schemaVersion 2', createdEnvelope({}, { schemaVersion: 2 })),
    json('schemaVersion "1"', createdEnvelope({}, { schemaVersion: '1' })),
    json('eventId not a UUID', createdEnvelope({}, { eventId: 'evt-1' })),
    json('streamVersion 0', createdEnvelope({}, { streamVersion: 0 })),
    json('streamVersion 1.5', createdEnvelope({}, { streamVersion: 1.5 })),
    json('occurredAt not an instant', createdEnvelope({}, { occurredAt: '2025-02-30T00:00:00Z' })),
    json('data an array', createdEnvelope({}, { data: [] })),
    json('data nested 5000 levels', createdEnvelope({}, { data: nestedObjects(5000) })),
    json('a currency that is not ISO 4217', createdEnvelope({ currency: 'XXXX' })),
    json('a name that is a number', createdEnvelope({ name: 42 })),
    json('a currency that is SQL', createdEnvelope({ currency: "'; DROP TABLE invoicing.invoices; --" })),
    json('a quantity of 1e400', recordedEnvelope({ quantity: '1e400' })),
    json('a quantity that is a JSON number', recordedEnvelope({ quantity: 7.5 })),
    json('an impossible transaction date', recordedEnvelope({ transactionDate: '2025-02-30' })),
    json('an amount of 40 digits', recordedEnvelope({ amount: '1'.repeat(40) })),
    ...HOSTILE_TEXT.slice(0, 3).map((name) =>
      json(`a contract named ${JSON.stringify(name)}`, createdEnvelope({ name })),
    ),
    poison('600 KB of description', toJsonText(recordedEnvelope({ description: 'D'.repeat(600 * 1024) }))),
  ];
}

/** A contract event just under the broker's limit (twice the projection's own limit). */
export function oversizedContractEvent(valueBytes: number): PoisonRecord {
  const head = toJsonText(createdEnvelope({ name: '' }));
  return poison(
    `a ${valueBytes}-byte event`,
    head.replace('"name":""', `"name":"${'N'.repeat(Math.max(0, valueBytes - head.length))}"`),
  );
}
