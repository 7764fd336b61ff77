import { EventEnvelope } from '@app/event-contracts';
import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { readTopicToEnd } from './topic-reader';

/** What the invoicing database says about billing, reduced to numbers a test can state rules on. */
export interface BillingAudit {
  readonly transactions: number;
  readonly unbilledTransactions: number;
  /** Transactions listed by no standing (non-cancelled) invoice, or by more than one. */
  readonly transactionsNotOnExactlyOneInvoice: number;
  /** Transactions whose billed mark names another invoice than the one listing them. */
  readonly marksDisagreeingWithInvoices: number;
  readonly invoices: number;
  readonly standingInvoices: number;
  /** Invoice numbers handed out: all distinct, and 1..n without a gap when this equals `invoices`. */
  readonly highestInvoiceNumber: number;
  readonly scheduleEntriesNotRun: number;
}

async function count(client: Client, sql: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(sql);
  return Number(rows[0].n);
}

const LISTED_TRANSACTIONS = `
  SELECT i.invoice_id, d ->> 'id' AS transaction_id
  FROM invoicing.invoices i,
       jsonb_array_elements(i.document -> 'lines') l,
       jsonb_array_elements(l -> 'details') d
  WHERE i.status <> 'Cancelled' AND d ->> 'kind' = 'Transaction'`;

/** Audits the invoicing schema of the database at `url`. */
export async function auditBilling(url: string): Promise<BillingAudit> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return {
      transactions: await count(client, 'SELECT count(*) AS n FROM invoicing.transactions'),
      unbilledTransactions: await count(
        client,
        'SELECT count(*) AS n FROM invoicing.transactions WHERE invoice_id IS NULL',
      ),
      transactionsNotOnExactlyOneInvoice: await count(
        client,
        `SELECT count(*) AS n FROM invoicing.transactions t
         LEFT JOIN (SELECT transaction_id, count(*) AS times FROM (${LISTED_TRANSACTIONS}) listed
                    GROUP BY transaction_id) billed USING (transaction_id)
         WHERE coalesce(billed.times, 0) <> 1`,
      ),
      marksDisagreeingWithInvoices: await count(
        client,
        `SELECT count(*) AS n FROM (${LISTED_TRANSACTIONS}) listed
         JOIN invoicing.transactions t USING (transaction_id)
         WHERE t.invoice_id IS DISTINCT FROM listed.invoice_id`,
      ),
      invoices: await count(client, 'SELECT count(*) AS n FROM invoicing.invoices'),
      standingInvoices: await count(
        client,
        `SELECT count(*) AS n FROM invoicing.invoices WHERE status <> 'Cancelled'`,
      ),
      highestInvoiceNumber: await count(
        client,
        `SELECT coalesce(max(substring(invoice_number FROM '[0-9]+$')::bigint), 0) AS n
         FROM invoicing.invoices`,
      ),
      scheduleEntriesNotRun: await count(
        client,
        `SELECT count(*) AS n FROM invoicing.schedule_entries WHERE status <> 'RunSuccessful'`,
      ),
    };
  } finally {
    await client.end();
  }
}

/** The ids of every invoice in the database. */
export async function invoiceIdsIn(url: string): Promise<Set<string>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('SELECT invoice_id AS id FROM invoicing.invoices');
    return new Set(rows.map((row) => row.id));
  } finally {
    await client.end();
  }
}

export interface PublishedInvoices {
  readonly invoiceIds: Set<string>;
  /** InvoiceCreated records on the topic (duplicates included). */
  readonly records: number;
  /** Invoices whose InvoiceCreated appears under more than one eventId: a re-publication that lost its id. */
  readonly invoicesWithSeveralEventIds: number;
}

type Envelope = EventEnvelope<string, { invoiceId: string }>;

/**
 * Reads `invoicing.invoices` from the beginning until it holds an InvoiceCreated of every invoice in
 * `expected` and, from then, up to the end of every partition (so re-publications are counted
 * too), and tells what was published. Rejects after `timeoutMs`.
 */
export async function readPublishedInvoices(
  kafka: Kafka,
  topic: string,
  expected: ReadonlySet<string>,
  timeoutMs = 60_000,
): Promise<PublishedInvoices> {
  const eventIds = new Map<string, Set<string>>();
  let records = 0;
  const missing = new Set(expected);
  const read = await readTopicToEnd<Envelope>(
    kafka,
    topic,
    () => missing.size === 0,
    timeoutMs,
    (value) => {
      if (value?.eventType !== 'InvoiceCreated') return;
      records += 1;
      missing.delete(value.data.invoiceId);
      const ids = eventIds.get(value.data.invoiceId) ?? new Set<string>();
      ids.add(value.eventId);
      eventIds.set(value.data.invoiceId, ids);
    },
  );
  if (!read)
    throw new Error(
      `${topic}: ${missing.size} of ${expected.size} invoices not published in ${timeoutMs} ms`,
    );
  return {
    invoiceIds: new Set(eventIds.keys()),
    records,
    invoicesWithSeveralEventIds: [...eventIds.values()].filter((ids) => ids.size > 1).length,
  };
}
