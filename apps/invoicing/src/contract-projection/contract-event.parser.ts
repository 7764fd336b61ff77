import { ContractEventEnvelope } from '@app/event-contracts';
import { InvalidMessageError, parseEnvelope } from '@app/event-store';
import { validateContractEvent } from './domain';

/**
 * Contract events are small (the largest, a schedule of 1,000 entries, is ~70 KB): a record over
 * this size is not one, and storing it would only burden the read model.
 */
export const MAX_CONTRACT_EVENT_BYTES = 512 * 1024;

/**
 * A contract event from a Kafka record's value: the docs/product.md 4.2 envelope, then the event's own
 * fields. Throws an `InvalidMessageError` naming the reason, which dead-letters the record.
 */
export function parseContractEvent(value: Buffer | null): ContractEventEnvelope {
  if (value !== null && value.length > MAX_CONTRACT_EVENT_BYTES) {
    const message = `the record has ${value.length} bytes; a contract event has at most ${MAX_CONTRACT_EVENT_BYTES}`;
    throw new InvalidMessageError('MESSAGE_TOO_LARGE', message);
  }
  const result = validateContractEvent(parseEnvelope(value));
  if (result.ok) return result.event;
  const { code, message, field } = result.rejection;
  throw new InvalidMessageError(code, message, field);
}
