import { Injectable } from '@nestjs/common';
import { InvoiceDocument } from '@app/event-contracts';
import { DataSource } from 'typeorm';
import { InvoiceStatus } from './domain';
import { decodeInvoiceCursor, encodeInvoiceCursor } from './invoice-page-cursor';

/** An invoice as `GET /invoices/{id}` shows it: the created document with its current status. */
export type InvoiceView = Omit<InvoiceDocument, 'status'> & {
  readonly status: InvoiceStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
};

/** A list entry: the invoice without its lines (those can be long), with how many there are. */
export type InvoiceSummary = Omit<InvoiceView, 'lines'> & { readonly lineCount: number };

export interface InvoicePage {
  readonly items: readonly InvoiceSummary[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export interface InvoiceFilter {
  readonly contractId?: string;
  readonly status?: InvoiceStatus;
  readonly processRunId?: string;
  readonly limit: number;
  /** Already validated by the request DTO. */
  readonly cursor?: string;
}

interface InvoiceRow {
  readonly document: Record<string, unknown>;
  readonly status: InvoiceStatus;
  readonly created_at: Date;
  readonly updated_at: Date;
  readonly created_at_micros: string;
  readonly invoice_id: string;
  readonly line_count: number;
}

const COLUMNS = `status, created_at, updated_at, invoice_id,
  (extract(epoch FROM created_at) * 1000000)::bigint::text AS created_at_micros`;

/** Reads of the invoice read model. */
@Injectable()
export class InvoiceQueries {
  constructor(private readonly dataSource: DataSource) {}

  async find(invoiceId: string): Promise<InvoiceView | null> {
    const rows = (await this.dataSource.query(
      `SELECT document, ${COLUMNS} FROM invoicing.invoices WHERE invoice_id = $1`,
      [invoiceId],
    )) as InvoiceRow[];
    return rows.length === 0 ? null : (withStatus(rows[0]) as InvoiceView);
  }

  /** Oldest first, keyset-paged on (created_at, invoice_id) so pages stay cheap at any depth. */
  async list(filter: InvoiceFilter): Promise<InvoicePage> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const where = (sql: (placeholder: string) => string, value: unknown) => {
      parameters.push(value);
      conditions.push(sql(`$${parameters.length}`));
    };
    if (filter.contractId !== undefined) where((p) => `contract_id = ${p}`, filter.contractId);
    if (filter.status !== undefined) where((p) => `status = ${p}`, filter.status);
    if (filter.processRunId !== undefined) where((p) => `process_run_id = ${p}::uuid`, filter.processRunId);
    const after = filter.cursor === undefined ? null : decodeInvoiceCursor(filter.cursor);
    if (after) {
      parameters.push(after.createdAtMicros, after.invoiceId);
      const [micros, id] = [`$${parameters.length - 1}`, `$${parameters.length}`];
      conditions.push(
        `(created_at, invoice_id) > (timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond', ${id}::uuid)`,
      );
    }
    parameters.push(filter.limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT document - 'lines' AS document, jsonb_array_length(document -> 'lines') AS line_count, ${COLUMNS}
       FROM invoicing.invoices
       ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY created_at, invoice_id
       LIMIT $${parameters.length}`,
      parameters,
    )) as InvoiceRow[];
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({ ...withStatus(row), lineCount: row.line_count }) as InvoiceSummary),
      nextCursor:
        rows.length > filter.limit
          ? encodeInvoiceCursor({ createdAtMicros: last.created_at_micros, invoiceId: last.invoice_id })
          : null,
    };
  }
}

function withStatus(row: InvoiceRow): Record<string, unknown> {
  return {
    ...row.document,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
