import { Injectable } from '@nestjs/common';
import { BillingMethod, MilestoneStatus, TransactionClass } from '@app/event-contracts';
import { DataSource, QueryRunner } from 'typeorm';
import { BillingInputSource } from './billing-input.source';
import {
  BillingCustomer,
  BillingLine,
  BillingMilestone,
  BillingScheduleEntry,
  ContractBillingInput,
  ScheduleEntryStatus,
  UnbilledTransaction,
} from './domain';

interface ContractRow {
  contract_id: string;
  currency: string;
  customer_id: string;
  customers: BillingCustomer[] | null;
}
interface LineRow {
  contract_line_id: string;
  contract_id: string;
  name: string;
  billing_method: BillingMethod;
  included_transaction_classes: TransactionClass[];
  not_to_exceed: string | null;
}
interface EntryRow extends BillingScheduleEntry {
  contract_line_id: string;
}
interface MilestoneRow extends BillingMilestone {
  contract_line_id: string;
}
interface TransactionRow extends UnbilledTransaction {
  contract_line_id: string;
}
interface TotalRow {
  contract_line_id: string;
  total: string;
}

/**
 * Billing inputs read from the projected read model, a chunk of contracts at a time with one query
 * per table. Due means: an unprocessed schedule entry or a ready milestone on or before the run date.
 */
@Injectable()
export class ProjectedBillingInputReader implements BillingInputSource {
  constructor(private readonly dataSource: DataSource) {}

  async dueContractIds(
    runDate: string,
    afterContractId: string | null,
    limit: number,
    queryRunner?: QueryRunner,
  ): Promise<string[]> {
    const rows = await this.query<{ contract_id: string }>(
      queryRunner,
      `SELECT contract_id FROM (
         SELECT contract_id FROM invoicing.schedule_entries
         WHERE status <> 'RunSuccessful' AND invoice_run_date <= $1 AND ($2::text IS NULL OR contract_id > $2)
         UNION
         SELECT contract_id FROM invoicing.milestones
         WHERE status = 'ReadyForInvoicing' AND milestone_date <= $1 AND ($2::text IS NULL OR contract_id > $2)
       ) AS due ORDER BY contract_id LIMIT $3`,
      [runDate, afterContractId, limit],
    );
    return rows.map((row) => row.contract_id);
  }

  async countDueContracts(runDate: string): Promise<number> {
    const [row] = await this.query<{ count: string }>(
      undefined,
      `SELECT count(*)::text AS count FROM (
         SELECT contract_id FROM invoicing.schedule_entries WHERE status <> 'RunSuccessful' AND invoice_run_date <= $1
         UNION
         SELECT contract_id FROM invoicing.milestones WHERE status = 'ReadyForInvoicing' AND milestone_date <= $1
       ) AS due`,
      [runDate],
    );
    return Number(row.count);
  }

  async load(contractIds: string[], queryRunner?: QueryRunner): Promise<ContractBillingInput[]> {
    if (contractIds.length === 0) return [];
    const contracts = await this.query<ContractRow>(
      queryRunner,
      `SELECT contract_id, currency, customer_id, customers FROM invoicing.projected_contracts
       WHERE contract_id = ANY($1::text[]) ORDER BY contract_id`,
      [contractIds],
    );
    const lines = await this.query<LineRow>(
      queryRunner,
      `SELECT contract_line_id, contract_id, name, billing_method, included_transaction_classes,
         not_to_exceed::text AS not_to_exceed
       FROM invoicing.projected_lines WHERE contract_id = ANY($1::text[]) ORDER BY contract_id, line_order`,
      [contractIds],
    );
    const lineIds = lines.map((line) => line.contract_line_id);
    const [entries, milestones, transactions, totals] = await Promise.all([
      this.entries(lineIds, queryRunner),
      this.milestones(lineIds, queryRunner),
      this.unbilled(lineIds, queryRunner),
      this.invoicedTotals(lines, queryRunner),
    ]);
    const related: LineRelated = {
      entries: groupBy(entries, (e) => e.contract_line_id),
      milestones: groupBy(milestones, (m) => m.contract_line_id),
      transactions: groupBy(transactions, (t) => t.contract_line_id),
      totals: new Map(totals.map((t) => [t.contract_line_id, t.total])),
    };
    const linesOf = groupBy(lines, (line) => line.contract_id);
    return contracts.map((contract) => ({
      contractId: contract.contract_id,
      currency: contract.currency,
      customers:
        contract.customers && contract.customers.length > 0
          ? contract.customers
          : [{ customerId: contract.customer_id, billingSplitPercent: '100' }],
      lines: (linesOf.get(contract.contract_id) ?? []).map((line) => toBillingLine(line, related)),
    }));
  }

  private entries(lineIds: string[], runner?: QueryRunner): Promise<EntryRow[]> {
    return this.query<EntryRow>(
      runner,
      `SELECT contract_line_id, to_char(invoice_run_date, 'YYYY-MM-DD') AS "invoiceRunDate",
         to_char(transaction_cutoff_date, 'YYYY-MM-DD') AS "transactionCutoffDate", status
       FROM invoicing.schedule_entries WHERE contract_line_id = ANY($1::text[]) ORDER BY invoice_run_date`,
      [lineIds],
    );
  }

  private milestones(lineIds: string[], runner?: QueryRunner): Promise<MilestoneRow[]> {
    return this.query<MilestoneRow>(
      runner,
      `SELECT contract_line_id, milestone_id AS "milestoneId", name,
         to_char(milestone_date, 'YYYY-MM-DD') AS "milestoneDate", amount::text AS amount, status
       FROM invoicing.milestones WHERE contract_line_id = ANY($1::text[]) ORDER BY milestone_date, milestone_id`,
      [lineIds],
    );
  }

  private unbilled(lineIds: string[], runner?: QueryRunner): Promise<TransactionRow[]> {
    return this.query<TransactionRow>(
      runner,
      `SELECT contract_line_id, transaction_id AS "transactionId", transaction_class AS "transactionClass",
         to_char(transaction_date, 'YYYY-MM-DD') AS "transactionDate", quantity::text AS quantity,
         unit_price::text AS "unitPrice", amount::text AS amount, description, resource_role AS "resourceRole"
       FROM invoicing.transactions WHERE contract_line_id = ANY($1::text[]) AND invoice_id IS NULL
       ORDER BY transaction_date, transaction_id`,
      [lineIds],
    );
  }

  /** Only lines with a ceiling need what was invoiced before. */
  private invoicedTotals(lines: LineRow[], runner?: QueryRunner): Promise<TotalRow[]> {
    const capped = lines.filter((line) => line.not_to_exceed !== null).map((line) => line.contract_line_id);
    if (capped.length === 0) return Promise.resolve([]);
    return this.query<TotalRow>(
      runner,
      `SELECT contract_line_id, sum(amount)::text AS total FROM invoicing.transactions
       WHERE contract_line_id = ANY($1::text[]) AND invoice_id IS NOT NULL GROUP BY contract_line_id`,
      [capped],
    );
  }

  private async query<T>(runner: QueryRunner | undefined, sql: string, parameters: unknown[]): Promise<T[]> {
    return (await (runner ?? this.dataSource).query(sql, parameters)) as T[];
  }
}

interface LineRelated {
  readonly entries: Map<string, EntryRow[]>;
  readonly milestones: Map<string, MilestoneRow[]>;
  readonly transactions: Map<string, TransactionRow[]>;
  readonly totals: Map<string, string>;
}

function toBillingLine(line: LineRow, related: LineRelated): BillingLine {
  const id = line.contract_line_id;
  return {
    contractLineId: id,
    name: line.name,
    billingMethod: line.billing_method,
    includedTransactionClasses: line.included_transaction_classes,
    notToExceed: line.not_to_exceed,
    invoicedTotal: related.totals.get(id) ?? '0',
    scheduleEntries: (related.entries.get(id) ?? []).map((e) => ({
      invoiceRunDate: e.invoiceRunDate,
      transactionCutoffDate: e.transactionCutoffDate,
      status: e.status as ScheduleEntryStatus,
    })),
    milestones: (related.milestones.get(id) ?? []).map(
      ({ milestoneId, name, milestoneDate, amount, status }) => ({
        milestoneId,
        name,
        milestoneDate,
        amount,
        status: status as MilestoneStatus,
      }),
    ),
    unbilledTransactions: (related.transactions.get(id) ?? []).map(withoutLine),
  };
}

function withoutLine({ contract_line_id: _, ...transaction }: TransactionRow): UnbilledTransaction {
  return transaction;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
