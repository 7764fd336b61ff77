import { Injectable } from '@nestjs/common';
import { EventEnvelope } from '@app/event-contracts';
import { EventStore, runInTransaction, toEnvelope } from '@app/event-store';
import { DataSource, QueryRunner } from 'typeorm';
import { loadContract } from './contract-stream';
import { ExistingContract } from './domain';
import {
  BillingStatus,
  ContractView,
  contractView,
  InvoiceFacts,
  MilestoneShareView,
  TransactionCounts,
  TransactionView,
} from './contract.view';

export interface EventPage {
  readonly contractId: string;
  /** The stream's current version. */
  readonly version: number;
  readonly events: readonly EventEnvelope[];
  /** The `fromVersion` of the next page; null when this page reaches the end. */
  readonly nextFromVersion: number | null;
}

export interface TransactionFilter {
  readonly contractLineId?: string;
  readonly billingStatus?: BillingStatus;
  /** Only transactions recorded after this stream version (paging). */
  readonly afterVersion?: number;
  readonly limit: number;
}

export interface TransactionPage {
  readonly transactions: readonly TransactionView[];
  /** The `afterVersion` of the next page; null on the last page. */
  readonly nextAfterVersion: number | null;
}

const TRANSACTION_COLUMNS = `transaction_id AS "transactionId", contract_line_id AS "contractLineId",
  transaction_class AS "transactionClass", to_char(transaction_date, 'YYYY-MM-DD') AS "transactionDate",
  quantity, unit_price AS "unitPrice", amount, description, resource_role AS "resourceRole",
  billing_status AS "billingStatus", invoice_id AS "invoiceId", invoice_number AS "invoiceNumber",
  COALESCE((SELECT json_agg(json_build_object('customerId', s.customer_id,
      'billingStatus', CASE WHEN s.posted THEN 'Posted' ELSE 'Billed' END,
      'invoiceId', s.invoice_id, 'invoiceNumber', s.invoice_number) ORDER BY s.customer_id)
    FROM contract_item_shares AS s WHERE s.contract_id = contract_transactions.contract_id
      AND s.item_kind = 'Transaction' AND s.item_id = contract_transactions.transaction_id), '[]') AS shares,
  stream_version AS "streamVersion"`;

type TransactionRow = TransactionView & { streamVersion: number };

function withoutVersion({ streamVersion: _version, ...view }: TransactionRow): TransactionView {
  return view;
}

/** Reads for the contract endpoints: the snapshot, the view tables and the event stream. */
@Injectable()
export class ContractQueries {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
  ) {}

  /** The contract with what invoicing reported, read in one snapshot of the database; null when unknown. */
  contract(contractId: string): Promise<ContractView | null> {
    return runInTransaction(
      this.dataSource,
      async (runner) => {
        const loaded = await loadContract(this.store, contractId, { queryRunner: runner });
        if (!loaded.state.exists) return null;
        return contractView(loaded.state, loaded.version, await this.facts(runner, contractId));
      },
      'REPEATABLE READ',
    );
  }

  /** The view of a contract state just written (the answer to a write, at the version it wrote). */
  async viewOf(contract: ExistingContract, version: number): Promise<ContractView> {
    return contractView(contract, version, await this.facts(this.dataSource.manager, contract.contractId));
  }

  async exists(contractId: string): Promise<boolean> {
    const stream = await this.store.loadSnapshot(contractId);
    return stream !== null && stream.version > 0;
  }

  async events(contractId: string, fromVersion: number, limit: number): Promise<EventPage | null> {
    const stream = await this.store.loadSnapshot(contractId);
    if (!stream || stream.version === 0) return null;
    const events = await this.store.readStream(contractId, { fromVersion, limit });
    const last = events.at(-1)?.streamVersion ?? fromVersion - 1;
    return {
      contractId,
      version: stream.version,
      events: events.map(toEnvelope),
      nextFromVersion: last < stream.version && events.length === limit ? last + 1 : null,
    };
  }

  async transactions(contractId: string, filter: TransactionFilter): Promise<TransactionPage> {
    const rows: TransactionRow[] = await this.dataSource.query(
      `SELECT ${TRANSACTION_COLUMNS} FROM contract_transactions
       WHERE contract_id = $1 AND ($2::text IS NULL OR contract_line_id = $2)
         AND ($3::text IS NULL OR billing_status = $3) AND stream_version > $4
       ORDER BY stream_version LIMIT $5`,
      [
        contractId,
        filter.contractLineId ?? null,
        filter.billingStatus ?? null,
        filter.afterVersion ?? 0,
        filter.limit,
      ],
    );
    const full = rows.length === filter.limit;
    return {
      transactions: rows.map(withoutVersion),
      nextAfterVersion: full ? rows[rows.length - 1].streamVersion : null,
    };
  }

  /** The named transactions in the order asked for (the answer to a write that recorded them). */
  async transactionsByIds(contractId: string, transactionIds: readonly string[]): Promise<TransactionView[]> {
    const rows: TransactionRow[] = await this.dataSource.query(
      `SELECT ${TRANSACTION_COLUMNS} FROM contract_transactions WHERE contract_id = $1 AND transaction_id = ANY($2::text[])`,
      [contractId, transactionIds],
    );
    const byId = new Map(rows.map((row) => [row.transactionId, withoutVersion(row)]));
    return transactionIds.flatMap((id) => byId.get(id) ?? []);
  }

  private async facts(runner: Pick<QueryRunner, 'query'>, contractId: string): Promise<InvoiceFacts> {
    const milestones: {
      milestoneId: string;
      status: 'InvoiceCreated' | 'InvoicePosted';
      invoiceId: string;
      invoiceNumber: string;
    }[] = await runner.query(
      `SELECT milestone_id AS "milestoneId", status, invoice_id AS "invoiceId", invoice_number AS "invoiceNumber"
         FROM milestone_invoices WHERE contract_id = $1`,
      [contractId],
    );
    const shares: (MilestoneShareView & { milestoneId: string })[] = await runner.query(
      `SELECT item_id AS "milestoneId", customer_id AS "customerId",
         CASE WHEN posted THEN 'InvoicePosted' ELSE 'InvoiceCreated' END AS status,
         invoice_id AS "invoiceId", invoice_number AS "invoiceNumber"
       FROM contract_item_shares WHERE contract_id = $1 AND item_kind = 'Milestone' ORDER BY customer_id`,
      [contractId],
    );
    const runs: { contractLineId: string; runDate: string }[] = await runner.query(
      `SELECT contract_line_id AS "contractLineId", to_char(max(invoice_run_date), 'YYYY-MM-DD') AS "runDate"
       FROM line_invoice_runs WHERE contract_id = $1 GROUP BY contract_line_id`,
      [contractId],
    );
    const counts: { contractLineId: string; status: BillingStatus; count: number }[] = await runner.query(
      `SELECT contract_line_id AS "contractLineId", billing_status AS status, count(*)::int AS count
       FROM contract_transactions WHERE contract_id = $1 GROUP BY contract_line_id, billing_status`,
      [contractId],
    );
    const items: { itemId: string; streamVersion: number }[] = await runner.query(
      `SELECT item_id AS "itemId", stream_version AS "streamVersion" FROM contract_items WHERE contract_id = $1`,
      [contractId],
    );
    return {
      milestoneInvoices: new Map(milestones.map(({ milestoneId, ...invoice }) => [milestoneId, invoice])),
      milestoneShares: sharesByMilestone(shares),
      lastInvoicedRunDate: new Map(runs.map((run) => [run.contractLineId, run.runDate])),
      transactionCounts: countsByLine(counts),
      addedOrder: new Map(items.map((item) => [item.itemId, item.streamVersion])),
    };
  }
}

function sharesByMilestone(
  rows: readonly (MilestoneShareView & { milestoneId: string })[],
): Map<string, MilestoneShareView[]> {
  const byMilestone = new Map<string, MilestoneShareView[]>();
  for (const { milestoneId, ...share } of rows) {
    byMilestone.set(milestoneId, [...(byMilestone.get(milestoneId) ?? []), share]);
  }
  return byMilestone;
}

function countsByLine(
  rows: readonly { contractLineId: string; status: BillingStatus; count: number }[],
): Map<string, TransactionCounts> {
  const byLine = new Map<string, { unbilled: number; billed: number; posted: number }>();
  for (const { contractLineId, status, count } of rows) {
    const counts = byLine.get(contractLineId) ?? { unbilled: 0, billed: 0, posted: 0 };
    if (status === 'Unbilled') counts.unbilled += count;
    else if (status === 'Billed') counts.billed += count;
    else counts.posted += count;
    byLine.set(contractLineId, counts);
  }
  return byLine;
}
