import { randomUUID } from 'node:crypto';
import { InvoiceCreated, InvoiceLineDetail } from '@app/event-contracts';
import { aContract, contractEventEnvelopes, testKafka, waitFor } from '@app/testing';
import { anInvoiceCreated } from '../../test/billing.builders';
import { logLevel } from 'kafkajs';
import request from 'supertest';
import { ContractProjectionConsumer } from './contract-projection.consumer';
import {
  readModelSnapshot,
  streamVersion,
  TEST_API_KEY,
  waitForVersion,
} from '../../test/projection-test-kit';
import { ProjectionHarness, startProjectionHarness } from '../../test/projection-harness';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('rebuilding the contract projection (real PostgreSQL and Kafka)', () => {
  let sut: ProjectionHarness;
  let secondReplica: ContractProjectionConsumer;

  const contract = aContract({ currency: 'EUR' });
  const consulting = contract.timeAndMaterialLine();
  const build = contract.fixedPriceLine();
  const [billed, cancelledOnce, unbilled] = [
    consulting.transaction(),
    consulting.transaction(),
    consulting.transaction(),
  ];
  const [posted, ready] = [build.milestone(), build.milestone({ milestoneDate: '2025-04-30' })];
  const history = contractEventEnvelopes([
    contract.created(),
    consulting.added(),
    build.added(),
    consulting.scheduleSet([
      { invoiceRunDate: '2025-04-01', transactionCutoffDate: '2025-03-31' },
      { invoiceRunDate: '2025-05-01', transactionCutoffDate: '2025-04-30' },
    ]),
    posted.added(),
    posted.readyForInvoicing(),
    ready.added(),
    ready.readyForInvoicing(),
    billed.recorded(),
    cancelledOnce.recorded(),
    unbilled.recorded(),
  ]);
  const others = Array.from({ length: 5 }, () => aContract()).map((c) => {
    const line = c.timeAndMaterialLine();
    return contractEventEnvelopes([c.created(), line.added(), line.transaction().recorded()]);
  });

  beforeAll(async () => {
    sut = await startProjectionHarness();
    // Another replica in the same consumer group: after a rebuild it must follow, not write old data.
    secondReplica = new ContractProjectionConsumer({
      kafka: testKafka({ logLevel: logLevel.NOTHING }),
      dataSource: sut.dataSource,
      contractEventsTopic: sut.app.config.kafka.topics.contractEvents,
      deadLetterTopic: sut.app.config.kafka.topics.invoicingDlq,
      groupIdPrefix: `${sut.app.config.kafka.topicPrefix}invoicing.contract-projection`,
      generationPollMs: 200,
      logger: quiet,
    });
    await secondReplica.start();
    await sut.publisher.publish([...history, ...others.flat()]);
    await waitForAll();
    await billAsAnInvoiceRunWould();
  });

  afterAll(async () => {
    await secondReplica?.stop();
    await sut?.close();
  });

  async function waitForAll(): Promise<void> {
    await waitForVersion(sut.dataSource, contract.contractId, history.length);
    for (const events of others) await waitForVersion(sut.dataSource, events[0].streamId, events.length);
  }

  function detail(kind: InvoiceLineDetail['kind'], id: string): InvoiceLineDetail {
    return {
      kind,
      id,
      transactionClass: null,
      date: '2025-03-31',
      quantity: null,
      unitPrice: null,
      amount: '1.00',
    };
  }

  async function insertInvoice(invoice: InvoiceCreated, status: 'Draft' | 'Confirmed' | 'Cancelled') {
    await sut.dataSource.query(
      `INSERT INTO invoicing.invoices (invoice_id, invoice_number, contract_id, customer_id, currency,
         billing_split_percent, invoice_run_date, process_run_id, corrects_invoice_id, status, total_amount,
         document, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'EUR', '100', $5, NULL, NULL, $6, '0', $7, now(), now())`,
      [
        invoice.invoiceId,
        invoice.invoiceNumber,
        invoice.contractId,
        invoice.customerId,
        invoice.invoiceRunDate,
        status,
        JSON.stringify(invoice),
      ],
    );
    if (status === 'Cancelled') return;
    // The share marks the invoice writer keeps beside it: one per detail.
    await sut.dataSource.query(
      `INSERT INTO invoicing.billed_shares (item_kind, item_id, customer_id, contract_id, contract_line_id,
         amount, billing_split_percent, invoice_id)
       SELECT detail->>'kind', detail->>'id', $2, $3, line->>'contractLineId', (detail->>'amount')::numeric, 100, $1
       FROM jsonb_array_elements($4::jsonb->'lines') AS line
       CROSS JOIN LATERAL jsonb_array_elements(line->'details') AS detail`,
      [invoice.invoiceId, invoice.customerId, invoice.contractId, JSON.stringify(invoice)],
    );
  }

  /** One confirmed invoice billing a transaction, a milestone and an entry; one cancelled invoice. */
  async function billAsAnInvoiceRunWould(): Promise<void> {
    const confirmed = anInvoiceCreated({
      invoiceNumber: 'INV-000001',
      contractId: contract.contractId,
      invoiceRunDate: '2025-04-01',
      lines: [
        {
          lineNumber: 1,
          contractLineId: consulting.contractLineId,
          billingMethod: 'TimeAndMaterial',
          amount: '1.00',
          details: [detail('Transaction', billed.transactionId)],
        },
        {
          lineNumber: 2,
          contractLineId: build.contractLineId,
          billingMethod: 'FixedPrice',
          amount: '1.00',
          details: [detail('Milestone', posted.milestoneId)],
        },
      ],
    });
    const cancelled = anInvoiceCreated({
      invoiceNumber: 'INV-000002',
      contractId: contract.contractId,
      lines: [
        {
          lineNumber: 1,
          contractLineId: consulting.contractLineId,
          billingMethod: 'TimeAndMaterial',
          amount: '1.00',
          details: [detail('Transaction', cancelledOnce.transactionId)],
        },
      ],
    });
    await insertInvoice(confirmed, 'Confirmed');
    await insertInvoice(cancelled, 'Cancelled');
    const id = confirmed.invoiceId;
    await sut.dataSource.query(
      'UPDATE invoicing.transactions SET invoice_id = $1 WHERE transaction_id = $2',
      [id, billed.transactionId],
    );
    await sut.dataSource.query(
      `UPDATE invoicing.milestones SET status = 'InvoicePosted', invoice_id = $1 WHERE milestone_id = $2`,
      [id, posted.milestoneId],
    );
    await sut.dataSource.query(
      `UPDATE invoicing.schedule_entries SET status = 'RunSuccessful', invoice_id = $1, process_run_id = $2
       WHERE contract_line_id = $3 AND invoice_run_date = '2025-04-01'`,
      [id, randomUUID(), consulting.contractLineId],
    );
  }

  const rebuild = () => request(sut.app.app.getHttpServer()).post('/projection/rebuild');

  it('needs an API key', async () => {
    await rebuild().expect(401);
  });

  it('is refused while a process run is running', async () => {
    const jobId = randomUUID();
    const runId = randomUUID();
    await sut.dataSource.query(
      `INSERT INTO invoicing.batch_jobs (batch_job_id, name, workflow, frequency, frequency_ms, is_active, phase, created_at, updated_at)
       VALUES ($1, 'Create invoices', 'ProcessRunner', 'Daily', 86400000, false, 'Running', now(), now())`,
      [jobId],
    );
    await sut.dataSource.query(
      `INSERT INTO invoicing.process_runs (process_run_id, batch_job_id, workflow, run_date, started_at, status)
       VALUES ($1, $2, 'ProcessRunner', '2025-04-01', now(), 'Running')`,
      [runId, jobId],
    );
    try {
      const response = await rebuild().set('Authorization', `Bearer ${TEST_API_KEY}`).expect(409);
      expect(response.body).toMatchObject({ code: 'PROCESS_RUN_IN_PROGRESS' });
      expect(await streamVersion(sut.dataSource, contract.contractId)).toBe(history.length);
    } finally {
      await sut.dataSource.query(
        `UPDATE invoicing.process_runs SET status = 'Succeeded', ended_at = now() WHERE process_run_id = $1`,
        [runId],
      );
    }
  });

  it('replays contracts.events into the same rows, billed marks and run statuses included, and every replica follows', async () => {
    const before = await readModelSnapshot(sut.dataSource);

    const response = await rebuild().set('Authorization', `Bearer ${TEST_API_KEY}`).expect(202);

    expect(response.body).toEqual({
      generation: 1,
      consumerGroup: `${sut.app.config.kafka.topicPrefix}invoicing.contract-projection.generation-1`,
      heldEvents: 0,
      heldContracts: [],
      heldContractsTotal: 0,
    });
    await waitFor(() => secondReplica.generation === 1, {
      timeoutMs: 10_000,
      description: 'the second replica on generation 1',
    });
    await waitForAll();
    expect(await readModelSnapshot(sut.dataSource)).toEqual(before);
    const [mark] = (await sut.dataSource.query(
      'SELECT invoice_id FROM invoicing.transactions WHERE transaction_id = $1',
      [cancelledOnce.transactionId],
    )) as { invoice_id: string | null }[];
    expect(mark.invoice_id).toBeNull();
  });
});
