import { QueryRunner } from 'typeorm';

/** A value for a COPY text row: text as it is (escaped here), or null. */
export type CopyValue = string | number | null;

/** Backslash, tab and line breaks are the only characters COPY's text format gives a meaning. */
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyText(value: CopyValue): string {
  if (value === null) return '\\N';
  const text = String(value);
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPED[c]) : text;
}

/** The rows in COPY's text format: tab between columns, a line per row, `\N` for null. */
export function copyTextRows(rows: readonly (readonly CopyValue[])[]): string {
  let text = '';
  for (const row of rows) {
    text += copyText(row[0]);
    for (let i = 1; i < row.length; i += 1) text += `\t${copyText(row[i])}`;
    text += '\n';
  }
  return text;
}

/** The parts of a `pg` client this needs (TypeORM's Postgres query runner exposes the client). */
interface PgConnection {
  query(statement: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

interface PgClient {
  query(submittable: CopyFromText): unknown;
}

/**
 * `COPY ... FROM STDIN` as a `pg` submittable: the driver hands the connection over when the server
 * asks for the data, and reports the server's answer as for any statement. `pg` has no COPY of its
 * own (pg-copy-streams is the usual add-on); this is the small part of it a bulk insert needs.
 */
class CopyFromText {
  private rowCount = 0;

  constructor(
    private readonly statement: string,
    private readonly data: Buffer,
    private readonly done: (error: Error | undefined, rowCount: number) => void,
  ) {}

  submit(connection: PgConnection): void {
    connection.query(this.statement);
  }

  handleCopyInResponse(connection: PgConnection): void {
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text?: string }): void {
    this.rowCount = Number(/^COPY (\d+)/.exec(message.text ?? '')?.[1] ?? 0);
  }

  /** The driver is done with a statement that failed here: no ready-for-query reaches it. */
  handleError(error: Error): void {
    this.done(error, 0);
  }

  handleReadyForQuery(): void {
    this.done(undefined, this.rowCount);
  }

  // A COPY FROM answers with none of these; the driver may still call them.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/**
 * Copies rows into `table` on the runner's connection, inside its open transaction, and returns
 * how many rows PostgreSQL took. A row PostgreSQL refuses fails the whole statement (and with it
 * the transaction), with the usual driver error and SQLSTATE.
 */
export async function copyRows(
  runner: QueryRunner,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly CopyValue[])[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const client = (await runner.connect()) as PgClient;
  const statement = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  const data = Buffer.from(copyTextRows(rows), 'utf8');
  return new Promise((resolve, reject) => {
    client.query(
      new CopyFromText(statement, data, (error, rowCount) => (error ? reject(error) : resolve(rowCount))),
    );
  });
}
