import request from 'supertest';
import { waitFor } from '@app/testing';
import { DataSource } from 'typeorm';
import { Replica } from './process-run-apps';

/** Looks at what process runs did, through the API and straight in the database. */
export class ProcessRunProbe {
  constructor(private readonly replica: Replica) {}

  get dataSource(): DataSource {
    return this.replica.dataSource;
  }

  http() {
    return request(this.replica.app.getHttpServer());
  }

  async createJob(body: Record<string, unknown> = {}): Promise<string> {
    const response = await this.http()
      .post('/batch-jobs')
      .send({ name: 'Create invoices', workflow: 'ProcessRunCaller', isActive: false, ...body })
      .expect(201);
    return response.body.batchJobId as string;
  }

  async runNow(batchJobId: string, runDate: string): Promise<string> {
    const response = await this.http()
      .post(`/batch-jobs/${batchJobId}/run-now`)
      .send({ runDate })
      .expect(202);
    return response.body.processRunId as string;
  }

  /** The run as `GET /process-runs/{id}` shows it, once it has ended. */
  async ended(processRunId: string, timeoutMs = 20_000): Promise<Record<string, unknown>> {
    return waitFor(
      async () => {
        const response = await this.http().get(`/process-runs/${processRunId}`).expect(200);
        return response.body.status === 'Running' ? null : (response.body as Record<string, unknown>);
      },
      { timeoutMs, description: `process run ${processRunId} to end` },
    );
  }

  async runToEnd(batchJobId: string, runDate: string): Promise<Record<string, unknown>> {
    return this.ended(await this.runNow(batchJobId, runDate));
  }

  async invoices(): Promise<InvoiceRow[]> {
    return (await this.dataSource.query(
      `SELECT invoice_id, invoice_number, contract_id, customer_id, process_run_id, total_amount::text AS total_amount,
         to_char(invoice_run_date, 'YYYY-MM-DD') AS invoice_run_date, document
       FROM invoicing.invoices ORDER BY invoice_number`,
    )) as InvoiceRow[];
  }

  async storedEvents(streamType: string): Promise<StoredEventRow[]> {
    return (await this.dataSource.query(
      `SELECT stream_id, stream_version, event_type, data FROM invoicing.events
       WHERE stream_type = $1 ORDER BY global_position`,
      [streamType],
    )) as StoredEventRow[];
  }

  /** Invoice numbers are INV-000001 up to the count, each once. */
  async assertNumbersGapless(): Promise<void> {
    const numbers = (await this.invoices()).map((invoice) => invoice.invoice_number);
    const expected = numbers.map((_, index) => `INV-${String(index + 1).padStart(6, '0')}`);
    if (JSON.stringify(numbers) !== JSON.stringify(expected)) {
      throw new Error(`invoice numbers have gaps or duplicates: ${numbers.join(', ')}`);
    }
  }
}

export interface InvoiceRow {
  readonly invoice_id: string;
  readonly invoice_number: string;
  readonly contract_id: string;
  readonly customer_id: string;
  readonly process_run_id: string;
  readonly total_amount: string;
  readonly invoice_run_date: string;
  readonly document: Record<string, unknown>;
}

export interface StoredEventRow {
  readonly stream_id: string;
  readonly stream_version: number;
  readonly event_type: string;
  readonly data: Record<string, unknown>;
}
