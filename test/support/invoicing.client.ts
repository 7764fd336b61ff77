import { InvoiceDocument, InvoiceLine, ProcessRunCounts, Workflow } from '@app/event-contracts';
import { waitFor } from '@app/testing';
import { HttpClient } from './http-client';

/* The invoicing REST API (docs/product.md 4.5) as a client sees it. */

export interface BatchJobView {
  readonly batchJobId: string;
  readonly name: string;
  readonly workflow: Workflow;
  readonly jobType: 'None';
  readonly frequency: string;
  readonly isActive: boolean;
  readonly state: {
    readonly phase: 'Sleeping' | 'Running' | 'Inactive';
    readonly nextRunAt: string | null;
    readonly lastProcessRunId: string | null;
  };
  readonly createdAt: string;
}

export interface CreateBatchJobBody {
  readonly name: string;
  readonly workflow: Workflow;
  readonly frequency?: string;
  readonly jobType?: 'None';
  readonly isActive?: boolean;
}

export interface ProcessRunView extends ProcessRunCounts {
  readonly processRunId: string;
  readonly batchJobId: string;
  readonly workflow: Workflow;
  readonly runDate: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly status: 'Running' | 'Succeeded' | 'Failed';
  readonly progress: { readonly done: number; readonly total: number };
  readonly error: string | null;
}

export type InvoiceStatus = 'Draft' | 'Confirmed' | 'Cancelled';

export interface InvoiceView extends Omit<InvoiceDocument, 'status' | 'lines'> {
  readonly status: InvoiceStatus;
  readonly lines: InvoiceLine[];
  readonly createdAt: string;
}

export type InvoiceSummary = Omit<InvoiceView, 'lines'> & { readonly lineCount: number };

export interface InvoiceFilter {
  readonly contractId?: string;
  readonly status?: InvoiceStatus;
  readonly processRunId?: string;
}

export interface InvoicingScheduleEntry {
  readonly contractLineId: string;
  readonly invoiceRunDate: string;
  readonly transactionCutoffDate: string;
  readonly status: 'NotRun' | 'RunSuccessful' | 'RunFailed';
  readonly invoiceId: string | null;
}

/** A run takes well under a second for a few contracts; the bound is for a loaded CI machine. */
const RUN_TIMEOUT_MS = 60_000;

export class InvoicingClient {
  constructor(readonly http: HttpClient) {}

  createBatchJob(body: CreateBatchJobBody): Promise<BatchJobView> {
    return this.http.call('POST', '/batch-jobs', 201, body);
  }

  getBatchJob(batchJobId: string): Promise<BatchJobView> {
    return this.http.call('GET', `/batch-jobs/${batchJobId}`, 200);
  }

  deactivate(batchJobId: string): Promise<BatchJobView> {
    return this.http.call('POST', `/batch-jobs/${batchJobId}/deactivate`, 200);
  }

  /** Starts a run (202) and returns its id; the run goes on in the background. */
  async runNow(batchJobId: string, runDate?: string): Promise<string> {
    const body = runDate === undefined ? {} : { runDate };
    const answer = await this.http.call<{ processRunId: string }>(
      'POST',
      `/batch-jobs/${batchJobId}/run-now`,
      202,
      body,
    );
    return answer.processRunId;
  }

  /** Runs now on `runDate`, waits for the run to end and returns it; a failed run throws. */
  async runAndWait(batchJobId: string, runDate: string): Promise<ProcessRunView> {
    const run = await this.waitForRunEnd(await this.runNow(batchJobId, runDate));
    if (run.status !== 'Succeeded') {
      throw new Error(`process run failed: ${JSON.stringify(run)}\n${this.http.diagnostics()}`);
    }
    return run;
  }

  getProcessRun(processRunId: string): Promise<ProcessRunView> {
    return this.http.call('GET', `/process-runs/${processRunId}`, 200);
  }

  /** Newest first (docs/product.md 4.5). */
  listProcessRuns(batchJobId: string): Promise<ProcessRunView[]> {
    return this.http.call('GET', `/process-runs?batchJobId=${batchJobId}`, 200);
  }

  async waitForRunEnd(processRunId: string): Promise<ProcessRunView> {
    try {
      return await waitFor(
        async () => {
          const run = await this.getProcessRun(processRunId);
          return run.status === 'Running' ? null : run;
        },
        { timeoutMs: RUN_TIMEOUT_MS, intervalMs: 100, description: `process run ${processRunId} to end` },
      );
    } catch (error) {
      throw new Error(`${String(error)}\n${this.http.diagnostics()}`);
    }
  }

  /** Every invoice matching the filter, oldest first, following the page cursor. */
  async listInvoices(filter: InvoiceFilter): Promise<InvoiceSummary[]> {
    const invoices: InvoiceSummary[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const query = new URLSearchParams({ ...filter, limit: '500', ...(cursor ? { cursor } : {}) });
      const answer: { items: InvoiceSummary[]; nextCursor: string | null } = await this.http.call(
        'GET',
        `/invoices?${query.toString()}`,
        200,
      );
      invoices.push(...answer.items);
      cursor = answer.nextCursor;
      if (cursor === null) return invoices;
    }
    throw new Error(`more than 100 pages of invoices for ${JSON.stringify(filter)}`);
  }

  getInvoice(invoiceId: string): Promise<InvoiceView> {
    return this.http.call('GET', `/invoices/${invoiceId}`, 200);
  }

  /** The contract's invoices with their lines, oldest first. */
  async invoicesOf(contractId: string): Promise<InvoiceView[]> {
    const summaries = await this.listInvoices({ contractId });
    return Promise.all(summaries.map((summary) => this.getInvoice(summary.invoiceId)));
  }

  confirm(invoiceId: string): Promise<InvoiceView> {
    return this.http.call('POST', `/invoices/${invoiceId}/confirm`, 200);
  }

  cancel(invoiceId: string): Promise<InvoiceView> {
    return this.http.call('POST', `/invoices/${invoiceId}/cancel`, 200);
  }

  correct(invoiceId: string): Promise<InvoiceView> {
    return this.http.call('POST', `/invoices/${invoiceId}/correct`, 201);
  }

  async scheduleEntries(contractId: string): Promise<InvoicingScheduleEntry[]> {
    const answer = await this.http.call<{ items: InvoicingScheduleEntry[] }>(
      'GET',
      `/schedule-entries?contractId=${contractId}`,
      200,
    );
    return answer.items;
  }

  /** A counter or gauge from `/metrics` whose labels include every label given (0 when absent). */
  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const text = await this.http.call<string>('GET', '/metrics', 200);
    const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
    let total = 0;
    for (const line of text.split('\n')) {
      if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
      const labelText = line.slice(name.length).split(' ')[0];
      if (wanted.every((pair) => labelText.includes(pair))) total += Number(line.split(' ').pop());
    }
    return total;
  }
}
