import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
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
  const client = (await runner.connect()) as PoolClient;
  const copy = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from([Buffer.from(copyTextRows(rows), 'utf8')]), copy);
  return copy.rowCount;
}
