/**
 * Process run throughput: generates CONTRACTS contracts straight into a fresh invoicing database
 * with SQL (per contract two time-and-material lines, TX_PER_LINE transactions on each, three
 * schedule entries, so every contract bills two invoices), boots the invoicing service as deployed
 * (Nest, real PostgreSQL and Kafka, outbox relay publishing alongside), starts one process run
 * with run-now and waits for it to end. Prints invoices and transactions per second over the run's
 * own start and end times, and the process's peak resident memory.
 *
 *   node bench/process-run.js                              # 2,000 contracts, 4,000 lines, 100,000 transactions
 *   CONTRACTS=20000 TX_PER_LINE=25 node bench/process-run.js
 *   CHUNK=500 WRITE_BATCH=100 node bench/process-run.js    # contracts per chunk / per write transaction (200 / 50)
 *
 * Needs DATABASE_URL and KAFKA_BROKERS (defaults: local PostgreSQL and 127.0.0.1:9092).
 */
require('../libs/event-store/bench/typescript-hook');
const { randomUUID } = require('crypto');
const { Client } = require('pg');
const { Test } = require('@nestjs/testing');
const { DataSource } = require('typeorm');
const { loadConfig, PLATFORM_CONFIG } = require('../libs/platform/src');
const { InvoicingModule } = require('../apps/invoicing/src/invoicing.module');
const {
  PROCESS_RUN_OPTIONS,
  processRunOptions,
} = require('../apps/invoicing/src/invoice-run/process-run.options');
const { BatchJobService } = require('../apps/invoicing/src/batch-job/batch-job.service');

const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = process.env.KAFKA_BROKERS || '127.0.0.1:9092';
const contracts = Number(process.env.CONTRACTS || 2_000);
const perLine = Number(process.env.TX_PER_LINE || 25);
const chunkSize = Number(process.env.CHUNK || 200);
const writeBatchSize = Number(process.env.WRITE_BATCH || 50);
const run = randomUUID().slice(0, 8);
const database = `bench_process_run_${run}`;

async function onServer(sql) {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/** Line 1 bills everything to the 30th (entries 15th and 31st: catch-up); line 2 to the 14th. */
const SEED = [
  `INSERT INTO invoicing.projected_contracts (contract_id, name, customer_id, currency, customers, stream_version)
   SELECT 'c-' || lpad(i::text, 7, '0'), 'Contract ' || i, 'customer-' || i, 'EUR',
     jsonb_build_array(jsonb_build_object('customerId', 'customer-' || i, 'billingSplitPercent', '100')), 3
   FROM generate_series(1, $1) AS i`,
  `INSERT INTO invoicing.projected_lines (contract_line_id, contract_id, line_order, name, billing_method,
     included_transaction_classes, not_to_exceed)
   SELECT 'c-' || lpad(i::text, 7, '0') || '-l' || n, 'c-' || lpad(i::text, 7, '0'), n, 'Line ' || n,
     'TimeAndMaterial', ARRAY['Time', 'Expense', 'Material', 'Fee'], NULL
   FROM generate_series(1, $1) AS i, generate_series(1, 2) AS n`,
  `INSERT INTO invoicing.schedule_entries (contract_line_id, invoice_run_date, contract_id, transaction_cutoff_date)
   SELECT 'c-' || lpad(i::text, 7, '0') || '-l' || e.line, e.run_date::date, 'c-' || lpad(i::text, 7, '0'),
     e.run_date::date - 1
   FROM generate_series(1, $1) AS i,
     (VALUES (1, '2025-03-15'), (1, '2025-03-31'), (2, '2025-03-15')) AS e (line, run_date)`,
  `INSERT INTO invoicing.transactions (transaction_id, contract_line_id, contract_id, transaction_class,
     transaction_date, quantity, unit_price, amount, resource_role)
   SELECT 't-' || lpad(i::text, 7, '0') || '-' || n || '-' || k, 'c-' || lpad(i::text, 7, '0') || '-l' || n,
     'c-' || lpad(i::text, 7, '0'), CASE WHEN k % 5 = 0 THEN 'Expense' ELSE 'Time' END,
     DATE '2025-03-01' + (k % 13), 1 + (k % 8), 95.50, (1 + (k % 8)) * 95.50, 'Consultant'
   FROM generate_series(1, $1) AS i, generate_series(1, 2) AS n, generate_series(1, $2) AS k`,
];

async function main() {
  await onServer(`CREATE DATABASE "${database}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const config = loadConfig('invoicing', {
    ...process.env,
    DATABASE_URL: url.toString(),
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PREFIX: `bench-${run}.`,
    LOG_LEVEL: 'warn',
  });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const moduleRef = await Test.createTestingModule({ imports: [InvoicingModule] })
    .overrideProvider(PLATFORM_CONFIG)
    .useValue(config)
    .overrideProvider(PROCESS_RUN_OPTIONS)
    .useValue(processRunOptions({ chunkSize, writeBatchSize }))
    .compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  try {
    await app.init();
    const dataSource = app.get(DataSource);
    const seedStart = Date.now();
    for (const sql of SEED)
      await dataSource.query(sql, sql.includes('$2') ? [contracts, perLine] : [contracts]);
    await dataSource.query('ANALYZE');
    console.log(
      `seeded ${contracts} contracts, ${contracts * 2} lines, ${contracts * 2 * perLine} transactions ` +
        `in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    const jobs = app.get(BatchJobService);
    const job = await jobs.create({
      name: 'Create invoices (bench)',
      workflow: 'ProcessRunCaller',
      isActive: false,
    });
    const rssBefore = process.memoryUsage().rss;
    peakRss = rssBefore;
    const { processRunId } = await jobs.runNow(job.batchJobId, '2025-03-31');
    let row;
    for (;;) {
      [row] = await dataSource.query(
        `SELECT status, started_at, ended_at, invoices_created, progress_done, progress_total, error
         FROM invoicing.process_runs WHERE process_run_id = $1`,
        [processRunId],
      );
      if (row.status !== 'Running') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [{ billed }] = await dataSource.query(
      `SELECT count(*)::int AS billed FROM invoicing.transactions WHERE invoice_id IS NOT NULL`,
    );
    const seconds = (row.ended_at.getTime() - row.started_at.getTime()) / 1000;
    console.log(
      `process run ${row.status}${row.error ? ` (${row.error})` : ''}: ${row.progress_done}/${row.progress_total} contracts`,
    );
    console.log(
      `  ${row.invoices_created} invoices, ${billed} transactions billed in ${seconds.toFixed(2)} s`,
    );
    console.log(
      `  ${(row.invoices_created / seconds).toFixed(0)} invoices/s, ${(billed / seconds).toFixed(0)} transactions/s`,
    );
    console.log(
      `  RSS before the run ${(rssBefore / 2 ** 20).toFixed(0)} MiB, peak during it ${(peakRss / 2 ** 20).toFixed(0)} MiB ` +
        `(chunk ${chunkSize}, write batch ${writeBatchSize} contracts; process maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB)`,
    );
  } finally {
    clearInterval(sampler);
    await app.close();
    await onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
