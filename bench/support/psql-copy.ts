import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Writable } from 'node:stream';

/** One table's rows in COPY text format (tab-separated, `\N` for null), ready before timing starts. */
export interface CopyInput {
  readonly table: string;
  readonly columns: readonly string[];
  /** Rows in chunks of a few thousand, written with back-pressure. */
  readonly chunks: readonly string[];
}

/** A value in COPY text format: backslash, tab and line breaks escaped. */
export function copyValue(value: string | number | null): string {
  if (value === null) return '\\N';
  return String(value).replace(
    /[\\\t\n\r]/g,
    (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!,
  );
}

export function copyLine(values: readonly (string | number | null)[]): string {
  return `${values.map(copyValue).join('\t')}\n`;
}

/**
 * `COPY ... FROM STDIN` through one `psql` session (the `pg` driver has no COPY without an extra
 * package), table after table, as a plain `pg_dump` restores: the fastest way PostgreSQL takes
 * rows, so it is the floor any projection of the same rows is held to.
 */
export function psqlCopy(databaseUrl: string, inputs: readonly CopyInput[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const psql = spawn('psql', [databaseUrl, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', '-'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let errors = '';
    psql.stderr.setEncoding('utf8');
    psql.stderr.on('data', (chunk: string) => (errors += chunk));
    psql.on('error', reject);
    psql.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`psql COPY failed (${code}): ${errors}`)),
    );
    void writeAll(psql.stdin, inputs).catch(reject);
  });
}

async function writeAll(stdin: Writable, inputs: readonly CopyInput[]): Promise<void> {
  const write = async (text: string) => {
    if (!stdin.write(text)) await once(stdin, 'drain');
  };
  for (const input of inputs) {
    await write(`COPY ${input.table} (${input.columns.join(', ')}) FROM STDIN;\n`);
    for (const chunk of input.chunks) await write(chunk);
    await write('\\.\n');
  }
  stdin.end();
}
