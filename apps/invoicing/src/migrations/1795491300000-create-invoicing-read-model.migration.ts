import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The invoicing read model: what the projection learns from `contracts.events`, what process runs
 * bill, and the batch jobs that drive them. Amounts are `numeric` (read back by `pg` as exact
 * decimal strings); dates that are calendar dates are `date`.
 */
const UP = [
  `CREATE TABLE invoicing.projected_contracts (
    contract_id text PRIMARY KEY,
    name text NOT NULL,
    customer_id text NOT NULL,
    currency char(3) NOT NULL,
    customers jsonb NOT NULL,
    stream_version int NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE invoicing.projected_lines (
    contract_line_id text PRIMARY KEY,
    contract_id text NOT NULL REFERENCES invoicing.projected_contracts (contract_id),
    line_order int NOT NULL,
    name text NOT NULL,
    billing_method text NOT NULL CHECK (billing_method IN ('TimeAndMaterial', 'FixedPrice')),
    included_transaction_classes text[] NOT NULL,
    not_to_exceed numeric,
    UNIQUE (contract_id, line_order)
  )`,
  `CREATE TABLE invoicing.schedule_entries (
    contract_line_id text NOT NULL REFERENCES invoicing.projected_lines (contract_line_id),
    invoice_run_date date NOT NULL,
    contract_id text NOT NULL,
    transaction_cutoff_date date NOT NULL,
    status text NOT NULL DEFAULT 'NotRun' CHECK (status IN ('NotRun', 'RunSuccessful', 'RunFailed')),
    process_run_id uuid,
    invoice_id uuid,
    failure_reason text,
    PRIMARY KEY (contract_line_id, invoice_run_date)
  )`,
  `CREATE INDEX schedule_entries_due_idx ON invoicing.schedule_entries (invoice_run_date, contract_id)
    WHERE status <> 'RunSuccessful'`,
  `CREATE TABLE invoicing.milestones (
    milestone_id text PRIMARY KEY,
    contract_line_id text NOT NULL REFERENCES invoicing.projected_lines (contract_line_id),
    contract_id text NOT NULL,
    name text NOT NULL,
    milestone_date date NOT NULL,
    amount numeric NOT NULL,
    status text NOT NULL CHECK (status IN ('NotReadyForInvoicing', 'ReadyForInvoicing', 'InvoiceCreated', 'InvoicePosted')),
    invoice_id uuid
  )`,
  `CREATE INDEX milestones_due_idx ON invoicing.milestones (milestone_date, contract_id)
    WHERE status = 'ReadyForInvoicing'`,
  `CREATE TABLE invoicing.transactions (
    transaction_id text PRIMARY KEY,
    contract_line_id text NOT NULL,
    contract_id text NOT NULL,
    transaction_class text NOT NULL,
    transaction_date date NOT NULL,
    quantity numeric NOT NULL,
    unit_price numeric NOT NULL,
    amount numeric NOT NULL,
    description text,
    resource_role text,
    invoice_id uuid
  )`,
  `CREATE INDEX transactions_unbilled_idx ON invoicing.transactions (contract_line_id, transaction_date)
    WHERE invoice_id IS NULL`,
  `CREATE INDEX transactions_invoice_idx ON invoicing.transactions (invoice_id) WHERE invoice_id IS NOT NULL`,
  `CREATE INDEX transactions_time_idx ON invoicing.transactions (transaction_date)
    WHERE transaction_class = 'Time'`,
  `CREATE TABLE invoicing.invoices (
    invoice_id uuid PRIMARY KEY,
    invoice_number text NOT NULL UNIQUE,
    contract_id text NOT NULL,
    customer_id text NOT NULL,
    currency char(3) NOT NULL,
    billing_split_percent numeric NOT NULL,
    invoice_run_date date NOT NULL,
    process_run_id uuid,
    corrects_invoice_id uuid UNIQUE REFERENCES invoicing.invoices (invoice_id),
    status text NOT NULL CHECK (status IN ('Draft', 'Confirmed', 'Cancelled')),
    total_amount numeric NOT NULL,
    document jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  )`,
  `CREATE INDEX invoices_contract_idx ON invoicing.invoices (contract_id, created_at)`,
  `CREATE INDEX invoices_process_run_idx ON invoicing.invoices (process_run_id)`,
  // One row per sequence, locked by the transaction that takes a number: numbers are gapless
  // because a number is only taken by a transaction that also commits its invoice.
  `CREATE TABLE invoicing.invoice_number_sequences (
    name text PRIMARY KEY,
    last_value bigint NOT NULL
  )`,
  `INSERT INTO invoicing.invoice_number_sequences (name, last_value) VALUES ('invoice', 0)`,
  `CREATE TABLE invoicing.batch_jobs (
    batch_job_id uuid PRIMARY KEY,
    name text NOT NULL,
    workflow text NOT NULL CHECK (workflow IN ('ProcessRunCaller', 'ProcessRunner', 'UpdateRoleUtilization')),
    job_type text NOT NULL DEFAULT 'None',
    frequency text NOT NULL,
    frequency_ms bigint NOT NULL CHECK (frequency_ms > 0),
    is_active boolean NOT NULL,
    phase text NOT NULL CHECK (phase IN ('Sleeping', 'Running', 'Inactive')),
    next_run_at timestamptz,
    last_process_run_id uuid,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  )`,
  // The seed's "must exist once", enforced by the database even when two requests race.
  `CREATE UNIQUE INDEX batch_jobs_one_active_invoice_job ON invoicing.batch_jobs ((true))
    WHERE is_active AND workflow IN ('ProcessRunCaller', 'ProcessRunner')`,
  `CREATE TABLE invoicing.process_runs (
    process_run_id uuid PRIMARY KEY,
    batch_job_id uuid NOT NULL REFERENCES invoicing.batch_jobs (batch_job_id),
    workflow text NOT NULL,
    run_date date NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at timestamptz,
    status text NOT NULL CHECK (status IN ('Running', 'Succeeded', 'Failed')),
    contract_lines_considered int NOT NULL DEFAULT 0,
    invoices_created int NOT NULL DEFAULT 0,
    skipped_no_transactions int NOT NULL DEFAULT 0,
    skipped_no_schedule int NOT NULL DEFAULT 0,
    held_back_by_not_to_exceed int NOT NULL DEFAULT 0,
    contracts_parked int NOT NULL DEFAULT 0,
    progress_done int NOT NULL DEFAULT 0,
    progress_total int NOT NULL DEFAULT 0,
    cursor text,
    lease_owner text,
    lease_expires_at timestamptz,
    error text
  )`,
  // One process run at a time per job, across every replica.
  `CREATE UNIQUE INDEX process_runs_one_running_per_job ON invoicing.process_runs (batch_job_id)
    WHERE status = 'Running'`,
  `CREATE INDEX process_runs_job_idx ON invoicing.process_runs (batch_job_id, started_at DESC)`,
  `CREATE TABLE invoicing.parked_contracts (
    process_run_id uuid NOT NULL REFERENCES invoicing.process_runs (process_run_id),
    contract_id text NOT NULL,
    reason text NOT NULL,
    parked_at timestamptz NOT NULL,
    PRIMARY KEY (process_run_id, contract_id)
  )`,
  `CREATE TABLE invoicing.role_utilization (
    resource_role text NOT NULL,
    day date NOT NULL,
    billable_hours numeric NOT NULL,
    capacity_hours numeric NOT NULL,
    utilization_percent numeric NOT NULL,
    computed_at timestamptz NOT NULL,
    PRIMARY KEY (resource_role, day)
  )`,
];

const TABLES = [
  'role_utilization',
  'parked_contracts',
  'process_runs',
  'batch_jobs',
  'invoice_number_sequences',
  'invoices',
  'transactions',
  'milestones',
  'schedule_entries',
  'projected_lines',
  'projected_contracts',
];

export class CreateInvoicingReadModel1795491300000 implements MigrationInterface {
  name = 'CreateInvoicingReadModel1795491300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`DROP TABLE IF EXISTS invoicing.${table}`);
  }
}
