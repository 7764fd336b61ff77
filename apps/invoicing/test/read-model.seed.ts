import { randomUUID } from 'node:crypto';
import {
  BillingMethod,
  TRANSACTION_CLASSES,
  TransactionClass,
  format,
  isIsoCurrency,
  lineAmount,
} from '@app/event-contracts';
import { DataSource } from 'typeorm';

/**
 * Builders for the projected read model, inserted with plain SQL: process-run tests start from
 * data as the projection leaves it, without going through Kafka.
 */
export interface SeedEntry {
  readonly invoiceRunDate: string;
  readonly transactionCutoffDate?: string;
  readonly status?: 'NotRun' | 'RunSuccessful' | 'RunFailed';
}

export interface SeedMilestone {
  readonly milestoneId: string;
  readonly milestoneDate: string;
  readonly amount: string;
  readonly status: 'NotReadyForInvoicing' | 'ReadyForInvoicing' | 'InvoiceCreated' | 'InvoicePosted';
}

export interface SeedTransaction {
  readonly transactionId: string;
  readonly transactionClass: TransactionClass;
  readonly transactionDate: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly resourceRole: string | null;
}

export interface SeedLine {
  readonly contractLineId: string;
  readonly billingMethod: BillingMethod;
  readonly notToExceed: string | null;
  readonly entries: readonly SeedEntry[];
  readonly milestones: readonly SeedMilestone[];
  readonly transactions: readonly SeedTransaction[];
}

export interface SeedContract {
  readonly contractId: string;
  readonly currency: string;
  readonly customers: readonly { customerId: string; billingSplitPercent: string }[];
  readonly lines: readonly SeedLine[];
}

export function aSeedContract(overrides: Partial<SeedContract> = {}): SeedContract {
  return {
    contractId: randomUUID(),
    currency: 'EUR',
    customers: [{ customerId: randomUUID(), billingSplitPercent: '100' }],
    lines: [],
    ...overrides,
  };
}

export function aSeedTimeAndMaterialLine(overrides: Partial<SeedLine> = {}): SeedLine {
  return {
    contractLineId: randomUUID(),
    billingMethod: 'TimeAndMaterial',
    notToExceed: null,
    entries: [],
    milestones: [],
    transactions: [],
    ...overrides,
  };
}

export function aSeedFixedPriceLine(overrides: Partial<SeedLine> = {}): SeedLine {
  return aSeedTimeAndMaterialLine({ billingMethod: 'FixedPrice', ...overrides });
}

export function aSeedTransaction(overrides: Partial<SeedTransaction> = {}): SeedTransaction {
  return {
    transactionId: randomUUID(),
    transactionClass: 'Time',
    transactionDate: '2025-03-10',
    quantity: '8',
    unitPrice: '100.00',
    resourceRole: 'Developer',
    ...overrides,
  };
}

export function aSeedMilestone(overrides: Partial<SeedMilestone> = {}): SeedMilestone {
  return {
    milestoneId: randomUUID(),
    milestoneDate: '2025-03-10',
    amount: '1000.00',
    status: 'ReadyForInvoicing',
    ...overrides,
  };
}

/** The day before a date, as a default cut-off. */
export function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

export async function seedReadModel(
  dataSource: DataSource,
  contracts: readonly SeedContract[],
): Promise<void> {
  const lines = contracts.flatMap((c) => c.lines.map((line, order) => ({ contract: c, line, order })));
  await dataSource.query(
    `INSERT INTO invoicing.projected_contracts (contract_id, name, customer_id, currency, customers, stream_version)
     SELECT id, 'Contract ' || id, customer, currency, customers::jsonb, 1
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS c (id, customer, currency, customers)`,
    [
      contracts.map((c) => c.contractId),
      contracts.map((c) => c.customers[0]?.customerId ?? randomUUID()),
      contracts.map((c) => c.currency),
      contracts.map((c) => JSON.stringify(c.customers)),
    ],
  );
  await dataSource.query(
    `INSERT INTO invoicing.projected_lines (contract_line_id, contract_id, line_order, name, billing_method,
       included_transaction_classes, not_to_exceed)
     SELECT id, contract, ord, 'Line ' || ord, method, $5::text[], nte
     FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $6::numeric[]) AS l (id, contract, ord, method, nte)`,
    [
      lines.map((l) => l.line.contractLineId),
      lines.map((l) => l.contract.contractId),
      lines.map((l) => l.order + 1),
      lines.map((l) => l.line.billingMethod),
      [...TRANSACTION_CLASSES],
      lines.map((l) => l.line.notToExceed),
    ],
  );
  await seedEntries(dataSource, lines);
  await seedMilestones(dataSource, lines);
  await seedTransactions(dataSource, lines);
}

type PlacedLine = { readonly contract: SeedContract; readonly line: SeedLine };

async function seedEntries(dataSource: DataSource, lines: readonly PlacedLine[]): Promise<void> {
  const rows = lines.flatMap(({ contract, line }) =>
    line.entries.map((entry) => ({ contract, line, entry })),
  );
  await dataSource.query(
    `INSERT INTO invoicing.schedule_entries (contract_line_id, invoice_run_date, contract_id, transaction_cutoff_date, status)
     SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::date[], $5::text[])`,
    [
      rows.map((r) => r.line.contractLineId),
      rows.map((r) => r.entry.invoiceRunDate),
      rows.map((r) => r.contract.contractId),
      rows.map((r) => r.entry.transactionCutoffDate ?? dayBefore(r.entry.invoiceRunDate)),
      rows.map((r) => r.entry.status ?? 'NotRun'),
    ],
  );
}

async function seedMilestones(dataSource: DataSource, lines: readonly PlacedLine[]): Promise<void> {
  const rows = lines.flatMap(({ contract, line }) =>
    line.milestones.map((milestone) => ({ contract, line, milestone })),
  );
  await dataSource.query(
    `INSERT INTO invoicing.milestones (milestone_id, contract_line_id, contract_id, name, milestone_date, amount, status)
     SELECT id, line, contract, 'Milestone ' || id, day, amount, status
     FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::numeric[], $6::text[])
       AS m (id, line, contract, day, amount, status)`,
    [
      rows.map((r) => r.milestone.milestoneId),
      rows.map((r) => r.line.contractLineId),
      rows.map((r) => r.contract.contractId),
      rows.map((r) => r.milestone.milestoneDate),
      rows.map((r) => r.milestone.amount),
      rows.map((r) => r.milestone.status),
    ],
  );
}

async function seedTransactions(dataSource: DataSource, lines: readonly PlacedLine[]): Promise<void> {
  const rows = lines.flatMap(({ contract, line }) => line.transactions.map((t) => ({ contract, line, t })));
  await dataSource.query(
    `INSERT INTO invoicing.transactions (transaction_id, contract_line_id, contract_id, transaction_class,
       transaction_date, quantity, unit_price, amount, resource_role)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::numeric[],
       $7::numeric[], $8::numeric[], $9::text[])`,
    [
      rows.map((r) => r.t.transactionId),
      rows.map((r) => r.line.contractLineId),
      rows.map((r) => r.contract.contractId),
      rows.map((r) => r.t.transactionClass),
      rows.map((r) => r.t.transactionDate),
      rows.map((r) => r.t.quantity),
      rows.map((r) => r.t.unitPrice),
      // A contract seeded with a bad currency (to be parked) still needs amounts: EUR's scale then.
      rows.map((r) => format(lineAmount(r.t.quantity, r.t.unitPrice, amountCurrency(r.contract.currency)))),
      rows.map((r) => r.t.resourceRole),
    ],
  );
}

function amountCurrency(currency: string): string {
  return isIsoCurrency(currency) ? currency : 'EUR';
}
