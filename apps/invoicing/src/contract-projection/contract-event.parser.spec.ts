import { schemaVersionOf } from '@app/event-contracts';
import { GOLDEN_CONTRACT_EVENTS } from '@app/event-contracts/golden/golden-events.builders';
import { InvalidMessageError } from '@app/event-store';
import { aContract, aContractEventEnvelope } from '@app/testing';
import { MAX_CONTRACT_EVENT_BYTES, parseContractEvent as sut } from './contract-event.parser';

function failureOf(parse: () => unknown): InvalidMessageError {
  try {
    parse();
  } catch (error) {
    if (error instanceof InvalidMessageError) return error;
    throw error;
  }
  throw new Error('expected an InvalidMessageError');
}

describe('parseContractEvent', () => {
  const created = aContractEventEnvelope(aContract().created(), 1);

  it('reads a contract event from a record value', () => {
    expect(sut(Buffer.from(JSON.stringify(created)))).toEqual(created);
  });

  it.each(Object.values(GOLDEN_CONTRACT_EVENTS).map((build) => [build().eventType, build()] as const))(
    'reads the golden %s fixture as it is',
    (_type, golden) => {
      expect(sut(Buffer.from(JSON.stringify(golden)))).toEqual(golden);
    },
  );

  it('refuses a record larger than a contract event can be, before parsing it', () => {
    const error = failureOf(() => sut(Buffer.alloc(MAX_CONTRACT_EVENT_BYTES + 1, 0x20)));
    expect(error.code).toBe('MESSAGE_TOO_LARGE');
  });

  it('refuses an envelope that breaks docs/product.md 4.2 with the envelope parser reason', () => {
    expect(failureOf(() => sut(Buffer.from('{"eventId":"x"}'))).code).toBe('INVALID_ENVELOPE');
  });

  it('turns a refused event into a dead-letter reason naming the field', () => {
    const bad = { ...created, data: { ...created.data, currency: 'euro' } };
    const error = failureOf(() => sut(Buffer.from(JSON.stringify(bad))));
    expect([error.code, error.field]).toEqual(['INVALID_EVENT_DATA', 'data.currency']);
  });

  it('refuses an event in a schema version newer than the upcasters reach, naming schemaVersion', () => {
    const newer = { ...created, schemaVersion: schemaVersionOf('ContractCreated') + 1 };
    const error = failureOf(() => sut(Buffer.from(JSON.stringify(newer))));
    expect([error.code, error.field]).toEqual(['UNSUPPORTED_SCHEMA_VERSION', 'schemaVersion']);
    expect(error.message).toContain('is newer than');
  });
});
