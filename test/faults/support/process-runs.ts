import { waitFor } from '@app/testing';
import { Client } from 'pg';
import { ServiceProcess } from './service-process';

/** `GET /process-runs/{id}` (docs/product.md 4.5), the fields the fault tests read. */
export interface ProcessRunView {
  readonly processRunId: string;
  readonly batchJobId: string;
  readonly runDate: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly status: 'Running' | 'Succeeded' | 'Failed';
  readonly invoicesCreated: number;
  readonly contractsParked: number;
  readonly progress: { readonly done: number; readonly total: number };
  readonly error: string | null;
}

/**
 * An invoice job that never fires by itself (sleeps a day first), so the test starts every run with
 * run-now; resolves its id.
 */
export async function createIdleInvoiceJob(invoicing: ServiceProcess): Promise<string> {
  const job = await invoicing.expectSend<{ batchJobId: string }>(
    'POST',
    '/batch-jobs',
    { name: 'Create invoices (fault tests)', workflow: 'ProcessRunCaller', frequency: 'Daily' },
    201,
  );
  return job.batchJobId;
}

export async function runNow(
  invoicing: ServiceProcess,
  batchJobId: string,
  runDate: string,
): Promise<string> {
  const started = await invoicing.expectSend<{ processRunId: string }>(
    'POST',
    `/batch-jobs/${batchJobId}/run-now`,
    { runDate },
    202,
  );
  return started.processRunId;
}

export function processRun(invoicing: ServiceProcess, processRunId: string): Promise<ProcessRunView> {
  return invoicing.getJson<ProcessRunView>(`/process-runs/${processRunId}`);
}

/** Waits until the run has done part of its work, not all of it: the moment to inject a fault. */
export async function waitUntilPartlyDone(
  invoicing: ServiceProcess,
  processRunId: string,
  timeoutMs = 60_000,
): Promise<ProcessRunView> {
  return waitFor(
    async () => {
      const run = await processRun(invoicing, processRunId);
      if (run.status !== 'Running') throw new Error(`the run ended (${run.status}) before the fault`);
      return run.progress.done > 0 && run.progress.done < run.progress.total ? run : null;
    },
    { timeoutMs, intervalMs: 50, description: `process run ${processRunId} partly done` },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${invoicing.output(30)}`);
  });
}

/** Waits until the run has ended with `status` (read from the database, whichever replica ran it). */
export async function waitUntilEnded(
  databaseUrl: string,
  processRunId: string,
  timeoutMs: number,
): Promise<{
  status: string;
  invoicesCreated: number;
  leaseOwner: string | null;
  done: number;
  total: number;
  error: string | null;
}> {
  const client = new Client({ connectionString: databaseUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await waitFor(
      async () => {
        const { rows } = await client.query<{
          status: string;
          invoices_created: number;
          lease_owner: string | null;
          progress_done: number;
          progress_total: number;
          error: string | null;
        }>(
          `SELECT status, invoices_created, lease_owner, progress_done, progress_total, error
           FROM invoicing.process_runs WHERE process_run_id = $1`,
          [processRunId],
        );
        const row = rows[0];
        if (row === undefined || row.status === 'Running') return null;
        return {
          status: row.status,
          invoicesCreated: row.invoices_created,
          leaseOwner: row.lease_owner,
          done: row.progress_done,
          total: row.progress_total,
          error: row.error,
        };
      },
      { timeoutMs, intervalMs: 250, description: `process run ${processRunId} ended` },
    );
  } finally {
    await client.end();
  }
}

/** Rows the invoicing projection must hold before a test goes on. */
export interface ProjectedRows {
  readonly transactions: number;
  readonly scheduleEntries?: number;
}

/** Waits until the projection holds at least these rows (it has read what was published). */
export async function waitUntilProjected(
  databaseUrl: string,
  rows: ProjectedRows,
  timeoutMs: number,
): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const count = async (table: string) =>
    Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM invoicing.${table}`)).rows[0].n);
  try {
    await waitFor(
      async () =>
        (await count('transactions')) >= rows.transactions &&
        (await count('schedule_entries')) >= (rows.scheduleEntries ?? 0),
      { timeoutMs, intervalMs: 250, description: `${JSON.stringify(rows)} projected` },
    );
  } finally {
    await client.end();
  }
}

/** A change of a run's lease holder, in database time. */
export interface LeaseChange {
  readonly owner: string | null;
  readonly at: Date;
  /** When the lease would expire, as its holder last set it. */
  readonly expiresAt: Date | null;
}

/**
 * Polls a run's lease every 100 ms until `stop()`, which resolves every change of holder seen
 * (the first entry is the holder when watching began), each with the last expiry its holder set.
 * Resolves once the first reading is in.
 */
export async function watchLeaseOwners(
  databaseUrl: string,
  processRunId: string,
): Promise<{ stop(): Promise<LeaseChange[]> }> {
  const client = new Client({ connectionString: databaseUrl });
  client.on('error', () => undefined);
  const changes: LeaseChange[] = [];
  let stopping = false;
  const poll = async () => {
    const { rows } = await client.query<{ owner: string | null; at: Date; expires_at: Date | null }>(
      `SELECT lease_owner AS owner, clock_timestamp() AS at, lease_expires_at AS expires_at
       FROM invoicing.process_runs WHERE process_run_id = $1`,
      [processRunId],
    );
    const { owner, at, expires_at: expiresAt } = rows[0];
    const last = changes[changes.length - 1];
    if (last === undefined || last.owner !== owner) changes.push({ owner, at, expiresAt });
    else changes[changes.length - 1] = { ...last, expiresAt };
  };
  await client.connect();
  await poll();
  // Errors end the watch (the test sees fewer changes) instead of surfacing after the test.
  const polling = (async () => {
    while (!stopping) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await poll();
    }
  })().catch(() => undefined);
  return {
    stop: async () => {
      stopping = true;
      await polling;
      await client.end().catch(() => undefined);
      return changes;
    },
  };
}
