import { EntityManager, QueryRunner } from 'typeorm';
import { qualifiedTable } from '../schema/schema-name';
import { queryRows } from '../store/transaction';

/** A transaction to record in: a query runner with an open transaction, or a transactional manager. */
export type Transactional = QueryRunner | EntityManager;

function transactionRunner(tx: Transactional): QueryRunner {
  const runner = tx instanceof EntityManager ? tx.queryRunner : tx;
  if (!runner?.isTransactionActive) {
    throw new Error('IdempotencyGuard needs the transaction that applies the message effects');
  }
  return runner;
}

/**
 * At-most-once effects for at-least-once delivery: a consumer records each handled message id
 * (command id, event id) in the same transaction as the message's effects. A concurrent duplicate
 * waits on the first one's row and then sees it, so two replicas never both apply a message.
 */
export class IdempotencyGuard {
  private readonly table: string;

  constructor(schema: string) {
    this.table = qualifiedTable(schema, 'processed_messages');
  }

  /** True when this call recorded the message (go on and apply it); false when it was handled before. */
  async tryMarkProcessed(consumer: string, messageId: string, tx: Transactional): Promise<boolean> {
    const rows = await queryRows(
      transactionRunner(tx),
      `INSERT INTO ${this.table} (consumer, message_id) VALUES ($1, $2)
       ON CONFLICT (consumer, message_id) DO NOTHING RETURNING message_id`,
      [consumer, messageId],
    );
    return rows.length === 1;
  }

  /** The batch form: records all new ids in one statement and returns those not handled before. */
  async markProcessedMany(
    consumer: string,
    messageIds: readonly string[],
    tx: Transactional,
  ): Promise<Set<string>> {
    if (messageIds.length === 0) return new Set();
    const rows = await queryRows<{ message_id: string }>(
      transactionRunner(tx),
      `INSERT INTO ${this.table} (consumer, message_id)
       SELECT $1, id FROM unnest($2::text[]) AS ids(id)
       ON CONFLICT (consumer, message_id) DO NOTHING RETURNING message_id`,
      [consumer, [...new Set(messageIds)]],
    );
    return new Set(rows.map((row) => row.message_id));
  }
}
