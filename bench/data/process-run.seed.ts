import { Client } from 'pg';
import { ProcessRunSize } from '../support/bench-options';

/** The run date every process-run scenario runs on. */
export const RUN_DATE = '2025-03-31';

/**
 * The invoicing read model as the projection leaves it, generated inside PostgreSQL
 * (`generate_series`, ids from md5 of the seed), so a million transactions take seconds:
 * - contract i has `linesPerContract` time-and-material lines with `transactionsPerLine`
 *   transactions each, dated 2025-01-01 to 2025-04-09 (some after the cut-off: they stay unbilled);
 * - odd lines have monthly entries on Jan 31, Feb 28 and Mar 31 (a catch-up: one invoice covers
 *   all three); even lines of every 4th contract run on Mar 15 and Apr 15 instead, so those
 *   contracts get two invoices (two run dates), the others one invoice with every line on it;
 * - every 10th contract splits its billing 60/40 between two customers (one invoice each).
 * Same seed, same rows.
 */
const SEED_STATEMENTS = [
  `INSERT INTO invoicing.projected_contracts (contract_id, name, customer_id, currency, customers, stream_version)
   SELECT md5($1 || ':c:' || i)::uuid::text, 'Contract ' || i, md5($1 || ':k:' || i)::uuid::text, 'EUR',
     CASE WHEN i % 10 = 0
       THEN jsonb_build_array(
         jsonb_build_object('customerId', md5($1 || ':k:' || i)::uuid::text, 'billingSplitPercent', '60'),
         jsonb_build_object('customerId', md5($1 || ':k2:' || i)::uuid::text, 'billingSplitPercent', '40'))
       ELSE jsonb_build_array(
         jsonb_build_object('customerId', md5($1 || ':k:' || i)::uuid::text, 'billingSplitPercent', '100'))
     END,
     1 + 2 * $3 + $3 * $4
   FROM generate_series(1, $2::int) AS i`,
  `INSERT INTO invoicing.projected_lines (contract_line_id, contract_id, line_order, name, billing_method,
     included_transaction_classes, not_to_exceed)
   SELECT md5($1 || ':l:' || i || ':' || n)::uuid::text, md5($1 || ':c:' || i)::uuid::text, n, 'Line ' || n,
     'TimeAndMaterial', ARRAY['Time', 'Expense', 'Material', 'Fee'], NULL
   FROM generate_series(1, $2::int) AS i, generate_series(1, $3::int) AS n`,
  `INSERT INTO invoicing.schedule_entries (contract_line_id, invoice_run_date, contract_id, transaction_cutoff_date)
   SELECT md5($1 || ':l:' || i || ':' || n)::uuid::text, run_date, md5($1 || ':c:' || i)::uuid::text, run_date - 1
   FROM generate_series(1, $2::int) AS i, generate_series(1, $3::int) AS n,
     LATERAL unnest(CASE WHEN n % 2 = 0 AND i % 4 = 0
       THEN ARRAY[DATE '2025-03-15', DATE '2025-04-15']
       ELSE ARRAY[DATE '2025-01-31', DATE '2025-02-28', DATE '2025-03-31'] END) AS run_date`,
  `INSERT INTO invoicing.transactions (transaction_id, contract_line_id, contract_id, transaction_class,
     transaction_date, quantity, unit_price, amount, description, resource_role)
   SELECT md5($1 || ':t:' || i || ':' || n || ':' || k)::uuid::text, md5($1 || ':l:' || i || ':' || n)::uuid::text,
     md5($1 || ':c:' || i)::uuid::text,
     (ARRAY['Time', 'Time', 'Time', 'Time', 'Time', 'Time', 'Time', 'Expense', 'Material', 'Fee'])[1 + (i * 7 + n * 3 + k) % 10],
     DATE '2025-01-01' + (i + n * 13 + k * 7) % 99,
     q, p, q * p, 'Work item ' || k,
     (ARRAY['Architect', 'Developer', 'Consultant', 'Project manager', 'Tester'])[1 + (i + k) % 5]
   FROM generate_series(1, $2::int) AS i, generate_series(1, $3::int) AS n, generate_series(1, $4::int) AS k,
     LATERAL (SELECT 1 + (i + k) % 8 + CASE WHEN k % 3 = 0 THEN 0.5 ELSE 0 END AS q,
       (ARRAY[85.00, 95.50, 110.00, 120.00, 145.00])[1 + (i + n) % 5] AS p) AS money`,
];

/** Seeds an empty, migrated invoicing schema; returns the number of transactions. */
export async function seedProcessRunInputs(
  databaseUrl: string,
  seed: number,
  size: ProcessRunSize,
): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const parameters = [String(seed), size.contracts, size.linesPerContract, size.transactionsPerLine];
    for (const statement of SEED_STATEMENTS) {
      const used = (statement.match(/\$\d/g) ?? []).reduce((max, p) => Math.max(max, Number(p[1])), 0);
      await client.query(statement, parameters.slice(0, used));
    }
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}
