import { DataSource, QueryRunner } from 'typeorm';
import {
  ContractRow,
  LineRelated,
  LineRow,
  OfLine,
  ReleasedRow,
  TotalRow,
  groupBy,
  groupByLine,
  toBillingLine,
} from './billing-input.rows';
import { BillingInputSource } from './billing-input.source';
import { BillingMilestone, BillingScheduleEntry, ContractBillingInput, UnbilledTransaction } from './domain';
import { dateText, read, readAll } from '../database';

/** Schedule entries not run successfully and ready milestones, on or before the run date ($1). */
const DUE_ENTRIES = `invoicing.schedule_entries WHERE status <> 'RunSuccessful' AND invoice_run_date <= $1`;
const DUE_MILESTONES = `invoicing.milestones WHERE status = 'ReadyForInvoicing' AND milestone_date <= $1`;
/**
 * Contracts owed a released share of a milestone due by the run date (docs/product.md 3.12); released shares
 * of transactions need no such branch, since the cancel made their schedule entries due again.
 */
const DUE_RELEASED_SHARES = `(SELECT s.contract_id FROM invoicing.billed_shares AS s
    JOIN invoicing.milestones AS m ON m.milestone_id = s.item_id
    WHERE s.item_kind = 'Milestone' AND s.invoice_id IS NULL AND m.milestone_date <= $1) AS owed WHERE true`;

/**
 * What the invoice run and the preview read from the projection. Due contracts come a page at a
 * time in contract id order (a run resumes after the last contract it finished); `load` reads a
 * chunk's billing inputs with six set-based queries, whatever the chunk's size.
 */
export class BillingInputReader implements BillingInputSource {
  constructor(private readonly dataSource: DataSource) {}

  /** Contract ids after `afterContractId` with an unprocessed schedule entry or a ready milestone due by `runDate`. */
  async dueContractIds(
    runDate: string,
    afterContractId: string | null,
    limit: number,
    queryRunner?: QueryRunner,
  ): Promise<string[]> {
    // Each side walks its (contract_id, date) index in id order and stops after `limit` contracts.
    const after = `($2::text IS NULL OR contract_id > $2)`;
    const due = await read<{ contract_id: string }>(
      this.dataSource,
      queryRunner,
      `SELECT contract_id FROM (
         (SELECT DISTINCT contract_id FROM ${DUE_ENTRIES} AND ${after} ORDER BY contract_id LIMIT $3)
         UNION
         (SELECT DISTINCT contract_id FROM ${DUE_MILESTONES} AND ${after} ORDER BY contract_id LIMIT $3)
         UNION
         (SELECT DISTINCT contract_id FROM ${DUE_RELEASED_SHARES} AND ${after} ORDER BY contract_id LIMIT $3)
       ) AS due ORDER BY contract_id LIMIT $3`,
      [runDate, afterContractId, limit],
    );
    return due.map((row) => row.contract_id);
  }

  async countDueContracts(runDate: string, queryRunner?: QueryRunner): Promise<number> {
    const [row] = await read<{ count: number }>(
      this.dataSource,
      queryRunner,
      `SELECT count(*)::int AS count FROM (
         SELECT contract_id FROM ${DUE_ENTRIES} UNION SELECT contract_id FROM ${DUE_MILESTONES}
         UNION SELECT contract_id FROM ${DUE_RELEASED_SHARES}
       ) AS due`,
      [runDate],
    );
    return row.count;
  }

  /**
   * Lines a run counts as `skippedNoSchedule` (docs/product.md 3.4): time-and-material lines without schedule
   * entries and fixed-price lines without milestones. The run loads only due contracts, whose
   * schedule-less lines the generator counts itself; given a run date, this counts the others
   * (lines of contracts not due then), so the two add up. Take it at the start of a run, before
   * the run changes which contracts are due. With `null`, every such line.
   */
  async countLinesWithoutSchedule(runDate: string | null, queryRunner?: QueryRunner): Promise<number> {
    const notDue = `AND NOT EXISTS (SELECT 1 FROM ${DUE_ENTRIES} AND contract_id = l.contract_id)
       AND NOT EXISTS (SELECT 1 FROM ${DUE_MILESTONES} AND contract_id = l.contract_id)
       AND NOT EXISTS (SELECT 1 FROM ${DUE_RELEASED_SHARES} AND contract_id = l.contract_id)`;
    const [row] = await read<{ count: number }>(
      this.dataSource,
      queryRunner,
      `SELECT count(*)::int AS count FROM invoicing.projected_lines AS l
       WHERE CASE WHEN l.billing_method = 'TimeAndMaterial'
         THEN NOT EXISTS (SELECT 1 FROM invoicing.schedule_entries AS e WHERE e.contract_line_id = l.contract_line_id)
         ELSE NOT EXISTS (SELECT 1 FROM invoicing.milestones AS m WHERE m.contract_line_id = l.contract_line_id) END
       ${runDate === null ? '' : notDue}`,
      runDate === null ? [] : [runDate],
    );
    return row.count;
  }

  /** The billing inputs of these contracts, in the order given; ids without a projected contract are left out. */
  async load(contractIds: string[], queryRunner?: QueryRunner): Promise<ContractBillingInput[]> {
    if (contractIds.length === 0) return [];
    const [contracts, lines] = await readAll<[ContractRow[], LineRow[]]>(queryRunner, [
      () =>
        this.query<ContractRow>(
          queryRunner,
          `SELECT contract_id, currency, customers FROM invoicing.projected_contracts
         WHERE contract_id = ANY($1::text[])`,
          [contractIds],
        ),
      () =>
        this.query<LineRow>(
          queryRunner,
          `SELECT contract_line_id, contract_id, name, billing_method, included_transaction_classes,
           not_to_exceed::text AS not_to_exceed
         FROM invoicing.projected_lines WHERE contract_id = ANY($1::text[]) ORDER BY contract_id, line_order`,
          [contractIds],
        ),
    ]);
    const lineIds = lines.map((line) => line.contract_line_id);
    const [entries, milestones, transactions, totals, released] = await readAll<
      [
        OfLine<BillingScheduleEntry>[],
        OfLine<BillingMilestone>[],
        OfLine<UnbilledTransaction>[],
        TotalRow[],
        ReleasedRow[],
      ]
    >(queryRunner, [
      () => this.scheduleEntries(lineIds, queryRunner),
      () => this.milestones(lineIds, queryRunner),
      () => this.unbilledTransactions(lineIds, queryRunner),
      () => this.invoicedTotals(lines, queryRunner),
      () => this.releasedShares(lineIds, queryRunner),
    ]);
    const related: LineRelated = {
      entries: groupByLine(entries),
      milestones: groupByLine(milestones),
      transactions: groupByLine(transactions),
      totals: new Map(totals.map((t) => [t.contract_line_id, t.total])),
      released: groupBy(released, (row) => `${row.item_kind}\u0000${row.item_id}`),
    };
    const linesOf = groupBy(lines, (line) => line.contract_id);
    const byId = new Map(contracts.map((c) => [c.contract_id, c]));
    return contractIds.flatMap((id) => {
      const contract = byId.get(id);
      if (!contract) return [];
      const contractLines = (linesOf.get(id) ?? []).map((line) => toBillingLine(line, related));
      return [
        { contractId: id, currency: contract.currency, customers: contract.customers, lines: contractLines },
      ];
    });
  }

  private scheduleEntries(lineIds: string[], runner?: QueryRunner) {
    return this.query<OfLine<BillingScheduleEntry>>(
      runner,
      `SELECT contract_line_id, ${dateText('invoice_run_date', 'invoiceRunDate')},
         ${dateText('transaction_cutoff_date', 'transactionCutoffDate')}, status
       FROM invoicing.schedule_entries WHERE contract_line_id = ANY($1::text[]) ORDER BY invoice_run_date`,
      [lineIds],
    );
  }

  private milestones(lineIds: string[], runner?: QueryRunner) {
    return this.query<OfLine<BillingMilestone>>(
      runner,
      `SELECT contract_line_id, milestone_id AS "milestoneId", name, ${dateText('milestone_date', 'milestoneDate')},
         amount::text AS amount, status
       FROM invoicing.milestones WHERE contract_line_id = ANY($1::text[]) ORDER BY milestone_date, milestone_id`,
      [lineIds],
    );
  }

  private unbilledTransactions(lineIds: string[], runner?: QueryRunner) {
    return this.query<OfLine<UnbilledTransaction>>(
      runner,
      `SELECT contract_line_id, transaction_id AS "transactionId", transaction_class AS "transactionClass",
         ${dateText('transaction_date', 'transactionDate')}, quantity::text AS quantity,
         unit_price::text AS "unitPrice", amount::text AS amount, description, resource_role AS "resourceRole"
       FROM invoicing.transactions WHERE contract_line_id = ANY($1::text[]) AND invoice_id IS NULL
       ORDER BY transaction_date, transaction_id`,
      [lineIds],
    );
  }

  /** Shares owed again (a cancelled invoice's, while other shares of the item stand), in customer id order. */
  private releasedShares(lineIds: string[], runner?: QueryRunner) {
    return this.query<ReleasedRow>(
      runner,
      `SELECT contract_line_id, item_kind, item_id, customer_id AS "customerId", amount::text AS amount,
         billing_split_percent::text AS "billingSplitPercent"
       FROM invoicing.billed_shares WHERE contract_line_id = ANY($1::text[]) AND invoice_id IS NULL
       ORDER BY item_id, customer_id`,
      [lineIds],
    );
  }

  /**
   * What invoices that stand (not cancelled) billed per line: the sum of their invoice lines, all
   * customers' shares together, corrective invoices included (a credit lowers it), read from the
   * invoices' documents. Only not-to-exceed reads it, so only lines with a ceiling pay for it;
   * the others carry "0".
   */
  private invoicedTotals(lines: LineRow[], runner?: QueryRunner): Promise<TotalRow[]> {
    const capped = lines.filter((line) => line.not_to_exceed !== null);
    if (capped.length === 0) return Promise.resolve([]);
    return this.query<TotalRow>(
      runner,
      `SELECT line->>'contractLineId' AS contract_line_id, sum((line->>'amount')::numeric)::text AS total
       FROM invoicing.invoices AS i CROSS JOIN LATERAL jsonb_array_elements(i.document->'lines') AS line
       WHERE i.contract_id = ANY($1::text[]) AND i.status <> 'Cancelled'
         AND line->>'contractLineId' = ANY($2::text[])
       GROUP BY line->>'contractLineId'`,
      [[...new Set(capped.map((line) => line.contract_id))], capped.map((line) => line.contract_line_id)],
    );
  }

  private query<T>(runner: QueryRunner | undefined, sql: string, parameters: unknown[]): Promise<T[]> {
    return read<T>(this.dataSource, runner, sql, parameters);
  }
}
