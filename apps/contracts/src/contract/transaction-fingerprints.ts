import { TransactionClass } from '@app/event-contracts';
import { QueryRunner } from 'typeorm';
import { ContractState } from './domain';
import { transactionFingerprint, withTransaction } from './domain/transaction-index';

/*
 * The decision state keeps a fingerprint per recorded transaction: how the decider tells a repeated
 * RecordTransaction from a different body under a taken id. Kept in the snapshot, that index grows
 * by about 60 bytes per transaction and is rewritten with every write (6 MB per batch on a contract
 * of 100,000 transactions). So the snapshot is stored without it, and a write that records
 * transactions loads the fingerprints of just the ids it records from `contract_transactions`,
 * which is written in the same transactions as the events and read here under the stream's row
 * lock: it holds exactly the transactions the stream holds.
 */

/** The state as stored in the snapshot: without the transaction index. */
export function withoutTransactionIndex(state: ContractState): ContractState {
  return state.exists ? { ...state, transactions: null } : state;
}

interface RecordedRow {
  readonly contractId: string;
  readonly transactionId: string;
  readonly contractLineId: string;
  readonly transactionClass: TransactionClass;
  readonly transactionDate: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly description: string | null;
  readonly resourceRole: string | null;
}

const RECORDED_COLUMNS = `transaction_id AS "transactionId", contract_line_id AS "contractLineId",
  transaction_class AS "transactionClass", to_char(transaction_date, 'YYYY-MM-DD') AS "transactionDate",
  quantity, unit_price AS "unitPrice", description, resource_role AS "resourceRole"`;

/** A transaction id a write is about to record on a contract. */
export interface Recording {
  readonly contractId: string;
  readonly transactionId: string;
}

/**
 * The recorded ones among `recording`, on any number of contracts (a group), in one statement: one
 * primary key probe per id (the LIMIT keeps the planner from turning the pairs into a hash join
 * over the whole table), so the cost does not grow with the transactions already recorded.
 */
async function recordedRows(runner: QueryRunner, recording: readonly Recording[]): Promise<RecordedRow[]> {
  const pairs = [
    ...new Map(recording.map((r) => [JSON.stringify([r.contractId, r.transactionId]), r])).values(),
  ];
  if (pairs.length === 0) return [];
  return runner.query(
    `SELECT t.* FROM unnest($1::text[], $2::text[]) AS wanted (contract_id, transaction_id)
     CROSS JOIN LATERAL (
       SELECT contract_id AS "contractId", ${RECORDED_COLUMNS} FROM contract_transactions recorded
       WHERE recorded.contract_id = wanted.contract_id AND recorded.transaction_id = wanted.transaction_id
       LIMIT 1
     ) t`,
    [pairs.map((r) => r.contractId), pairs.map((r) => r.transactionId)],
  );
}

function withRows(state: ContractState, rows: readonly RecordedRow[]): ContractState {
  if (!state.exists || rows.length === 0) return state;
  let transactions = state.transactions;
  for (const row of rows)
    transactions = withTransaction(transactions, row.transactionId, transactionFingerprint(row));
  return { ...state, transactions };
}

/** The states (by contract id) with the fingerprints of the transactions about to be recorded that they have, with one statement. */
export async function withRecordedTransactionsOfEach<T extends { readonly state: ContractState }>(
  runner: QueryRunner,
  loaded: ReadonlyMap<string, T>,
  recording: readonly Recording[],
): Promise<Map<string, T>> {
  const onExisting = recording.filter((r) => loaded.get(r.contractId)?.state.exists);
  const rows = await recordedRows(runner, onExisting);
  const byContract = new Map<string, RecordedRow[]>();
  for (const row of rows) {
    const ofContract = byContract.get(row.contractId) ?? [];
    ofContract.push(row);
    byContract.set(row.contractId, ofContract);
  }
  return new Map(
    [...loaded].map(([contractId, entry]) => [
      contractId,
      { ...entry, state: withRows(entry.state, byContract.get(contractId) ?? []) },
    ]),
  );
}
