import { randomUUID } from 'node:crypto';
import { TransactionClass } from '@app/event-contracts';
import { DataSource } from 'typeorm';

/**
 * Rows the projection would have written, for tests of what comes after it: one contract with a
 * time-and-material line and a fixed-price line, unbilled transactions and ready milestones.
 */
export interface SeededContract {
  readonly contractId: string;
  readonly customerIds: readonly string[];
  readonly timeLineId: string;
  readonly fixedPriceLineId: string;
}

export interface SeededTransaction {
  readonly transactionId: string;
  readonly contractLineId: string;
  readonly transactionClass: TransactionClass;
  readonly transactionDate: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly amount: string;
  readonly resourceRole: string | null;
}

export interface SeededMilestone {
  readonly milestoneId: string;
  readonly contractLineId: string;
  readonly milestoneDate: string;
  readonly amount: string;
}

/** A EUR contract with one customer, or two splitting 50/50. */
export async function seedContract(dataSource: DataSource, customers: 1 | 2 = 1): Promise<SeededContract> {
  const contract = {
    contractId: randomUUID(),
    customerIds: Array.from({ length: customers }, () => randomUUID()),
    timeLineId: randomUUID(),
    fixedPriceLineId: randomUUID(),
  };
  const split = contract.customerIds.map((customerId) => ({
    customerId,
    billingSplitPercent: customers === 1 ? '100' : '50',
  }));
  await dataSource.query(
    `INSERT INTO invoicing.projected_contracts (contract_id, name, customer_id, currency, customers, stream_version)
     VALUES ($1, 'Support', $2, 'EUR', $3, 1)`,
    [contract.contractId, contract.customerIds[0], JSON.stringify(split)],
  );
  await dataSource.query(
    `INSERT INTO invoicing.projected_lines (contract_line_id, contract_id, line_order, name, billing_method,
       included_transaction_classes)
     VALUES ($1, $3, 1, 'Consulting', 'TimeAndMaterial', '{Time,Expense,Material,Fee}'),
            ($2, $3, 2, 'Implementation', 'FixedPrice', '{}')`,
    [contract.timeLineId, contract.fixedPriceLineId, contract.contractId],
  );
  return contract;
}

export async function seedTransaction(
  dataSource: DataSource,
  contract: SeededContract,
  overrides: Partial<SeededTransaction> = {},
): Promise<SeededTransaction> {
  const transaction: SeededTransaction = {
    transactionId: randomUUID(),
    contractLineId: contract.timeLineId,
    transactionClass: 'Time',
    transactionDate: '2024-03-01',
    quantity: '8',
    unitPrice: '100.00',
    amount: '800.00',
    resourceRole: 'Developer',
    ...overrides,
  };
  await dataSource.query(
    `INSERT INTO invoicing.transactions (transaction_id, contract_line_id, contract_id, transaction_class,
       transaction_date, quantity, unit_price, amount, resource_role)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      transaction.transactionId,
      transaction.contractLineId,
      contract.contractId,
      transaction.transactionClass,
      transaction.transactionDate,
      transaction.quantity,
      transaction.unitPrice,
      transaction.amount,
      transaction.resourceRole,
    ],
  );
  return transaction;
}

/** `count` transactions of 800.00 on the contract's T&M line, in one statement. */
export async function seedTransactions(
  dataSource: DataSource,
  contract: SeededContract,
  count: number,
): Promise<SeededTransaction[]> {
  const transactions = Array.from({ length: count }, () => ({
    transactionId: randomUUID(),
    contractLineId: contract.timeLineId,
    transactionClass: 'Time' as const,
    transactionDate: '2024-03-01',
    quantity: '8',
    unitPrice: '100.00',
    amount: '800.00',
    resourceRole: 'Developer',
  }));
  await dataSource.query(
    `INSERT INTO invoicing.transactions (transaction_id, contract_line_id, contract_id, transaction_class,
       transaction_date, quantity, unit_price, amount, resource_role)
     SELECT id, $2, $3, 'Time', '2024-03-01', '8', '100.00', '800.00', 'Developer'
     FROM unnest($1::text[]) AS ids (id)`,
    [transactions.map((t) => t.transactionId), contract.timeLineId, contract.contractId],
  );
  return transactions;
}

export async function seedReadyMilestone(
  dataSource: DataSource,
  contract: SeededContract,
  amount = '1000.00',
): Promise<SeededMilestone> {
  const milestone = {
    milestoneId: randomUUID(),
    contractLineId: contract.fixedPriceLineId,
    milestoneDate: '2024-03-01',
    amount,
  };
  await dataSource.query(
    `INSERT INTO invoicing.milestones (milestone_id, contract_line_id, contract_id, name, milestone_date, amount, status)
     VALUES ($1, $2, $3, 'Design signed off', $4, $5, 'ReadyForInvoicing')`,
    [milestone.milestoneId, milestone.contractLineId, contract.contractId, milestone.milestoneDate, amount],
  );
  return milestone;
}

export async function seedScheduleEntry(
  dataSource: DataSource,
  contract: SeededContract,
  invoiceRunDate = '2024-03-02',
): Promise<void> {
  await dataSource.query(
    `INSERT INTO invoicing.schedule_entries (contract_line_id, invoice_run_date, contract_id, transaction_cutoff_date)
     VALUES ($1, $2::date, $3, $2::date - 1)`,
    [contract.timeLineId, invoiceRunDate, contract.contractId],
  );
}
