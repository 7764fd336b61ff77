import { EVENT_HEADERS, schemaVersionOf } from '@app/event-contracts';
import { Kafka, Message } from 'kafkajs';
import { Client } from 'pg';
import { produceAll } from '../support/kafka-tools';

/**
 * The hand-written baseline of a process run: the same selection, inserts and updates as docs/product.md 3
 * asks of the service, as a handful of set-based statements in one transaction (due lines and
 * their effective entries, billable transactions, one invoice per (contract, run date, customer)
 * with its lines, details and split amounts, gapless numbers, billed and processed marks, the
 * InvoiceCreated events in the outbox), then a bare kafkajs publish of those events. No locks per
 * contract, no chunks, no retries: what the database and Kafka can do at best.
 */
const STATEMENTS = [
  `CREATE TEMP TABLE due_lines ON COMMIT DROP AS
   SELECT DISTINCT ON (e.contract_line_id) e.contract_line_id, e.contract_id,
     e.invoice_run_date AS effective_date, e.transaction_cutoff_date AS cutoff
   FROM invoicing.schedule_entries AS e
   WHERE e.status <> 'RunSuccessful' AND e.invoice_run_date <= $1::date
   ORDER BY e.contract_line_id, e.invoice_run_date DESC`,
  `CREATE TEMP TABLE billable ON COMMIT DROP AS
   SELECT t.transaction_id, t.contract_line_id, d.contract_id, d.effective_date, t.transaction_class,
     t.transaction_date, t.quantity, t.unit_price, t.amount
   FROM due_lines AS d
   JOIN invoicing.projected_lines AS l ON l.contract_line_id = d.contract_line_id
   JOIN invoicing.transactions AS t ON t.contract_line_id = d.contract_line_id AND t.invoice_id IS NULL
     AND t.transaction_date <= d.cutoff AND t.transaction_class = ANY (l.included_transaction_classes)`,
  `CREATE TEMP TABLE new_invoices ON COMMIT DROP AS
   SELECT gen_random_uuid() AS invoice_id,
     row_number() OVER (ORDER BY g.contract_id, g.effective_date, x.ord) AS n,
     g.contract_id, g.effective_date, c.currency, x.customer ->> 'customerId' AS customer_id,
     (x.customer ->> 'billingSplitPercent')::numeric AS percent, x.ord,
     jsonb_array_length(c.customers) AS customer_count
   FROM (SELECT DISTINCT contract_id, effective_date FROM billable) AS g
   JOIN invoicing.projected_contracts AS c ON c.contract_id = g.contract_id
   CROSS JOIN LATERAL jsonb_array_elements(c.customers) WITH ORDINALITY AS x (customer, ord)`,
  `CREATE TEMP TABLE group_lines ON COMMIT DROP AS
   SELECT d.contract_id, d.effective_date, d.contract_line_id, l.line_order, l.billing_method,
     coalesce(sum(b.amount), 0) AS amount,
     coalesce(jsonb_agg(jsonb_build_object('kind', 'Transaction', 'id', b.transaction_id,
       'transactionClass', b.transaction_class, 'date', b.transaction_date, 'quantity', b.quantity::text,
       'unitPrice', b.unit_price::text, 'amount', b.amount::text) ORDER BY b.transaction_date, b.transaction_id)
       FILTER (WHERE b.transaction_id IS NOT NULL), '[]'::jsonb) AS details
   FROM due_lines AS d
   JOIN invoicing.projected_lines AS l ON l.contract_line_id = d.contract_line_id
   LEFT JOIN billable AS b ON b.contract_line_id = d.contract_line_id
   GROUP BY d.contract_id, d.effective_date, d.contract_line_id, l.line_order, l.billing_method`,
  // Each customer's share rounded; the last customer takes the remainder, so the parts add up.
  `CREATE TEMP TABLE invoice_lines ON COMMIT DROP AS
   SELECT invoice_id, contract_line_id, line_order, billing_method, details,
     CASE WHEN ord = customer_count THEN amount - (sum(share) OVER w - share) ELSE share END AS amount
   FROM (SELECT i.invoice_id, i.contract_id, i.effective_date, i.ord, i.customer_count, gl.contract_line_id,
           gl.line_order, gl.billing_method, gl.details, gl.amount, round(gl.amount * i.percent / 100, 2) AS share
         FROM new_invoices AS i
         JOIN group_lines AS gl ON gl.contract_id = i.contract_id AND gl.effective_date = i.effective_date) AS s
   WINDOW w AS (PARTITION BY contract_id, effective_date, contract_line_id)`,
  `INSERT INTO invoicing.invoices (invoice_id, invoice_number, contract_id, customer_id, currency,
     billing_split_percent, invoice_run_date, process_run_id, corrects_invoice_id, status, total_amount,
     document, created_at, updated_at)
   SELECT i.invoice_id, number, i.contract_id, i.customer_id, i.currency, i.percent, i.effective_date, $1::uuid,
     NULL, 'Draft', lines.total,
     jsonb_build_object('invoiceId', i.invoice_id, 'invoiceNumber', number, 'contractId', i.contract_id,
       'customerId', i.customer_id, 'currency', i.currency, 'billingSplitPercent', i.percent::text,
       'invoiceRunDate', i.effective_date, 'processRunId', $1::uuid, 'correctsInvoiceId', NULL,
       'status', 'Draft', 'totalAmount', lines.total::text, 'lines', lines.lines),
     now(), now()
   FROM new_invoices AS i
   CROSS JOIN invoicing.invoice_number_sequences AS s
   CROSS JOIN LATERAL (SELECT 'INV-' || lpad((s.last_value + i.n)::text, 6, '0') AS number) AS numbered
   CROSS JOIN LATERAL (
     SELECT sum(l.amount) AS total, jsonb_agg(jsonb_build_object('lineNumber', l.line_order,
       'contractLineId', l.contract_line_id, 'billingMethod', l.billing_method, 'amount', l.amount::text,
       'details', l.details) ORDER BY l.line_order) AS lines
     FROM invoice_lines AS l WHERE l.invoice_id = i.invoice_id) AS lines
   WHERE s.name = 'invoice'`,
  `UPDATE invoicing.invoice_number_sequences
   SET last_value = last_value + (SELECT count(*) FROM new_invoices) WHERE name = 'invoice'`,
  `UPDATE invoicing.transactions AS t SET invoice_id = i.invoice_id
   FROM billable AS b
   JOIN new_invoices AS i ON i.contract_id = b.contract_id AND i.effective_date = b.effective_date AND i.ord = 1
   WHERE t.transaction_id = b.transaction_id`,
  `UPDATE invoicing.schedule_entries AS e
   SET status = 'RunSuccessful', invoice_id = i.invoice_id, process_run_id = $1::uuid
   FROM due_lines AS d
   LEFT JOIN new_invoices AS i ON i.contract_id = d.contract_id AND i.effective_date = d.effective_date AND i.ord = 1
   WHERE e.contract_line_id = d.contract_line_id AND e.invoice_run_date <= d.effective_date
     AND e.status <> 'RunSuccessful'`,
  `INSERT INTO invoicing.streams (stream_id, stream_type, version, snapshot)
   SELECT invoice_id::text, 'invoice', 1, NULL FROM new_invoices`,
  `INSERT INTO invoicing.events (stream_id, stream_type, stream_version, event_id, event_type, schema_version,
     data, metadata, occurred_at)
   SELECT i.invoice_id::text, 'invoice', 1, gen_random_uuid(), 'InvoiceCreated', 1, inv.document,
     jsonb_build_object('correlationId', $1::text, 'causationId', $1::text), now()
   FROM new_invoices AS i JOIN invoicing.invoices AS inv ON inv.invoice_id = i.invoice_id
   ORDER BY i.n`,
];

export interface BaselineOutcome {
  readonly invoices: number;
  readonly billedTransactions: number;
  readonly sqlMs: number;
  readonly publishMs: number;
}

/** `$1` is the run date in the selection, the process run id in the writes. */
function parametersOf(statement: string, runDate: string, processRunId: string): string[] {
  if (!statement.includes('$1')) return [];
  return [statement.includes('$1::date') ? runDate : processRunId];
}

/** Runs the SQL and the publish on a seeded database; the caller times the whole. */
export async function runSetBasedInvoiceRun(
  databaseUrl: string,
  kafka: Kafka,
  topic: string,
  runDate: string,
  processRunId: string,
): Promise<BaselineOutcome> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const sqlStarted = performance.now();
    await client.query('BEGIN');
    for (const statement of STATEMENTS) {
      await client.query(statement, parametersOf(statement, runDate, processRunId));
    }
    await client.query('COMMIT');
    const sqlMs = performance.now() - sqlStarted;
    const publishStarted = performance.now();
    const { rows } = await client.query(
      `SELECT e.event_id, e.stream_id, e.occurred_at, e.data, e.metadata, e.data ->> 'contractId' AS contract_id
       FROM invoicing.events AS e WHERE e.event_type = 'InvoiceCreated' ORDER BY e.global_position`,
    );
    await produceAll(kafka, topic, rows.map(toMessage));
    const publishMs = performance.now() - publishStarted;
    const [{ billed }] = (
      await client.query(
        'SELECT count(*)::int AS billed FROM invoicing.transactions WHERE invoice_id IS NOT NULL',
      )
    ).rows;
    return { invoices: rows.length, billedTransactions: billed, sqlMs, publishMs };
  } finally {
    await client.end();
  }
}

interface EventRow {
  event_id: string;
  stream_id: string;
  occurred_at: Date;
  data: unknown;
  metadata: { correlationId: string; causationId: string };
  contract_id: string;
}

/** The envelope the service's relay publishes (docs/product.md 4.2), keyed by contract. */
function toMessage(row: EventRow): Message {
  const envelope = {
    eventId: row.event_id,
    eventType: 'InvoiceCreated',
    schemaVersion: schemaVersionOf('InvoiceCreated'),
    streamId: row.stream_id,
    streamVersion: 1,
    occurredAt: row.occurred_at.toISOString(),
    correlationId: row.metadata.correlationId,
    causationId: row.metadata.causationId,
    data: row.data,
  };
  return {
    key: row.contract_id,
    value: JSON.stringify(envelope),
    headers: {
      [EVENT_HEADERS.eventType]: 'InvoiceCreated',
      [EVENT_HEADERS.eventId]: row.event_id,
      [EVENT_HEADERS.schemaVersion]: String(envelope.schemaVersion),
    },
  };
}
