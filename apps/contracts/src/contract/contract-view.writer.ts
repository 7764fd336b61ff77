import { ContractEvent, TransactionRecorded } from '@app/event-contracts';
import { QueryRunner } from 'typeorm';

/** An event with the stream version it was appended at. */
export interface Versioned<E extends ContractEvent = ContractEvent> {
  readonly streamVersion: number;
  readonly event: E;
}

type EventOf<K extends ContractEvent['type']> = Extract<ContractEvent, { type: K }>;

function ofType<K extends ContractEvent['type']>(
  events: readonly Versioned[],
  ...types: K[]
): Versioned<EventOf<K>>[] {
  return events.filter((versioned): versioned is Versioned<EventOf<K>> =>
    (types as string[]).includes(versioned.event.type),
  );
}

async function insertTransactions(
  queryRunner: QueryRunner,
  recorded: readonly Versioned<EventOf<'TransactionRecorded'>>[],
): Promise<void> {
  if (recorded.length === 0) return;
  const column = <T>(pick: (data: TransactionRecorded) => T) => recorded.map((r) => pick(r.event.data));
  await queryRunner.query(
    `INSERT INTO contract_transactions (contract_id, transaction_id, contract_line_id, stream_version,
       transaction_class, transaction_date, quantity, unit_price, amount, description, resource_role)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::date[],
       $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`,
    [
      column((d) => d.contractId),
      column((d) => d.transactionId),
      column((d) => d.contractLineId),
      recorded.map((r) => r.streamVersion),
      column((d) => d.transactionClass),
      column((d) => d.transactionDate),
      column((d) => d.quantity),
      column((d) => d.unitPrice),
      column((d) => d.amount),
      column((d) => d.description),
      column((d) => d.resourceRole),
    ],
  );
}

async function insertItems(
  queryRunner: QueryRunner,
  added: readonly Versioned<EventOf<'ContractLineAdded' | 'MilestoneAdded'>>[],
): Promise<void> {
  if (added.length === 0) return;
  const kindAndId = ({ event }: (typeof added)[number]) =>
    event.type === 'ContractLineAdded'
      ? ['Line', event.data.contractLineId]
      : ['Milestone', event.data.milestoneId];
  await queryRunner.query(
    `INSERT INTO contract_items (contract_id, kind, item_id, stream_version)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])`,
    [
      added.map((a) => a.event.data.contractId),
      added.map((a) => kindAndId(a)[0]),
      added.map((a) => kindAndId(a)[1]),
      added.map((a) => a.streamVersion),
    ],
  );
}

/**
 * Keeps the contract view's own tables in step with the events, of any number of contracts (each
 * names its own), in the transaction that appends them: the view never lags the stream, and a
 * batch of 1,000 transactions costs one statement.
 */
export async function projectVersionedEvents(
  queryRunner: QueryRunner,
  events: readonly Versioned[],
): Promise<void> {
  await insertTransactions(queryRunner, ofType(events, 'TransactionRecorded'));
  await insertItems(queryRunner, ofType(events, 'ContractLineAdded', 'MilestoneAdded'));
}
