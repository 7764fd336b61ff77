import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type ScheduleEntryRunStatus = 'NotRun' | 'RunSuccessful' | 'RunFailed';

export interface ScheduleEntryView {
  readonly contractLineId: string;
  readonly lineName: string;
  readonly invoiceRunDate: string;
  readonly transactionCutoffDate: string;
  readonly status: ScheduleEntryRunStatus;
  /** The process run that last processed (or parked) the entry. */
  readonly processRunId: string | null;
  /** The invoice that billed the entry, if any; it may since have been cancelled. */
  readonly invoiceId: string | null;
  readonly failureReason: string | null;
}

/** Reads of the projected schedule entries with their run status. */
@Injectable()
export class ScheduleEntryQueries {
  constructor(private readonly dataSource: DataSource) {}

  async contractIsKnown(contractId: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      'SELECT 1 FROM invoicing.projected_contracts WHERE contract_id = $1',
      [contractId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Every entry of the contract's time-and-material lines, in line order, then by run date. */
  async ofContract(contractId: string): Promise<ScheduleEntryView[]> {
    return (await this.dataSource.query(
      `SELECT entry.contract_line_id AS "contractLineId", line.name AS "lineName",
              to_char(entry.invoice_run_date, 'YYYY-MM-DD') AS "invoiceRunDate",
              to_char(entry.transaction_cutoff_date, 'YYYY-MM-DD') AS "transactionCutoffDate",
              entry.status, entry.process_run_id AS "processRunId", entry.invoice_id AS "invoiceId",
              entry.failure_reason AS "failureReason"
       FROM invoicing.schedule_entries AS entry
       JOIN invoicing.projected_lines AS line USING (contract_line_id)
       WHERE entry.contract_id = $1
       ORDER BY line.line_order, entry.invoice_run_date`,
      [contractId],
    )) as ScheduleEntryView[];
  }
}
