import { Client } from 'pg';

/**
 * Rows in which the invoicing projection differs from what the contracts service's event store
 * says (both schemas in one database): what a single instance projecting every event once in order
 * would hold. All zero when the projection is exact.
 */
export interface ProjectionDifferences {
  readonly contracts: number;
  readonly lines: number;
  readonly scheduleEntries: number;
  readonly transactions: number;
}

const CONTRACTS = `
  WITH expected AS (
    SELECT s.stream_id AS id, s.version FROM contracts.streams s
    WHERE EXISTS (SELECT 1 FROM contracts.events e WHERE e.stream_id = s.stream_id AND e.event_type = 'ContractCreated'))
  SELECT count(*) AS n FROM expected FULL JOIN invoicing.projected_contracts p ON p.contract_id = expected.id
  WHERE expected.version IS DISTINCT FROM p.stream_version`;

const LINES = `
  WITH expected AS (
    SELECT data ->> 'contractLineId' AS id, data ->> 'contractId' AS contract_id, data ->> 'billingMethod' AS method
    FROM contracts.events WHERE event_type = 'ContractLineAdded')
  SELECT count(*) AS n FROM expected FULL JOIN invoicing.projected_lines l ON l.contract_line_id = expected.id
  WHERE expected.contract_id IS DISTINCT FROM l.contract_id OR expected.method IS DISTINCT FROM l.billing_method`;

const SCHEDULE_ENTRIES = `
  WITH expected AS (
    SELECT e.data ->> 'contractLineId' AS line, (x ->> 'invoiceRunDate')::date AS run_date,
           (x ->> 'transactionCutoffDate')::date AS cutoff
    FROM contracts.events e, jsonb_array_elements(e.data -> 'entries') x
    WHERE e.event_type = 'InvoiceScheduleSet')
  SELECT count(*) AS n FROM expected
  FULL JOIN invoicing.schedule_entries s ON s.contract_line_id = expected.line AND s.invoice_run_date = expected.run_date
  WHERE expected.line IS NULL OR s.contract_line_id IS NULL OR expected.cutoff <> s.transaction_cutoff_date`;

const TRANSACTIONS = `
  WITH expected AS (
    SELECT data ->> 'transactionId' AS id, data ->> 'contractLineId' AS line, (data ->> 'amount')::numeric AS amount
    FROM contracts.events WHERE event_type = 'TransactionRecorded')
  SELECT count(*) AS n FROM expected FULL JOIN invoicing.transactions t ON t.transaction_id = expected.id
  WHERE expected.line IS DISTINCT FROM t.contract_line_id OR expected.amount IS DISTINCT FROM t.amount`;

export async function projectionDifferences(databaseUrl: string): Promise<ProjectionDifferences> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const count = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0].n);
  try {
    return {
      contracts: await count(CONTRACTS),
      lines: await count(LINES),
      scheduleEntries: await count(SCHEDULE_ENTRIES),
      transactions: await count(TRANSACTIONS),
    };
  } finally {
    await client.end();
  }
}
