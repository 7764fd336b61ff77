import { randomUUID } from 'crypto';
import { waitFor } from '@app/testing';
import {
  aContract,
  ContractCommand,
  E2eSystem,
  InvoiceEventMessage,
  InvoiceView,
  useE2eSystem,
} from '../support';

/**
 * The Kafka side of the product: contract data published by an upstream system on
 * `contracts.commands` (SPEC 4.3) is invoiced exactly like the same data sent over REST, and every
 * event the ERP reads on `invoicing.invoices` has the envelope, key, headers and exact amounts of
 * SPEC 4.1-4.2 and 3.7.
 */
describe('the Kafka interfaces', () => {
  const system = useE2eSystem('e2e_kafka');
  let batchJobId: string;

  beforeAll(async () => {
    const job = await system().invoicing.createBatchJob({
      name: 'Create invoices on demand',
      workflow: 'ProcessRunCaller',
      isActive: false,
    });
    batchJobId = job.batchJobId;
  });

  const run = async (runDate: string) => {
    await system().projectionCaughtUp();
    return system().invoicing.runAndWait(batchJobId, runDate);
  };

  describe('contract data from contracts.commands', () => {
    /** One contract's story as commands: the same steps go over REST and onto the command topic. */
    function contractStory(customers: [string, string]) {
      const ids = {
        contract: randomUUID(),
        support: randomUUID(),
        delivery: randomUUID(),
        milestone: randomUUID(),
        transactions: [randomUUID(), randomUUID(), randomUUID()],
      };
      const command = (commandType: ContractCommand['commandType'], data: Record<string, unknown>) => ({
        commandId: randomUUID(),
        commandType,
        data: { contractId: ids.contract, ...data },
      });
      const transaction = (
        id: string,
        transactionClass: string,
        date: string,
        quantity: string,
        unitPrice: string,
      ) =>
        command('RecordTransaction', {
          contractLineId: ids.support,
          transactionId: id,
          transactionClass,
          transactionDate: date,
          quantity,
          unitPrice,
          resourceRole: 'Consultant',
        });
      const commands: ContractCommand[] = [
        command('CreateContract', { name: 'Data platform', customerId: customers[0], currency: 'USD' }),
        command('SetContractCustomers', {
          customers: [
            { customerId: customers[0], billingSplitPercent: '70' },
            { customerId: customers[1], billingSplitPercent: '30' },
          ],
        }),
        command('AddContractLine', {
          contractLineId: ids.support,
          name: 'Support',
          billingMethod: 'TimeAndMaterial',
        }),
        command('SetInvoiceSchedule', {
          contractLineId: ids.support,
          frequency: { period: 'Weekly', days: 'Monday' },
          startDate: '2025-02-03',
          endDate: '2025-02-24',
        }),
        command('AddContractLine', {
          contractLineId: ids.delivery,
          name: 'Delivery',
          billingMethod: 'FixedPrice',
        }),
        command('AddMilestone', {
          contractLineId: ids.delivery,
          milestoneId: ids.milestone,
          name: 'Go-live',
          milestoneDate: '2025-02-10',
          amount: '3333.33',
        }),
        command('MarkMilestoneReadyForInvoicing', {
          contractLineId: ids.delivery,
          milestoneId: ids.milestone,
        }),
        transaction(ids.transactions[0], 'Time', '2025-02-04', '7.25', '133.33'),
        transaction(ids.transactions[1], 'Expense', '2025-02-05', '1', '45.67'),
        transaction(ids.transactions[2], 'Material', '2025-02-12', '3', '9.99'),
      ];
      return { ids, commands };
    }

    /** Sends each command's REST twin to the contracts API, in order. */
    async function sendOverRest(sut: E2eSystem, commands: readonly ContractCommand[]): Promise<void> {
      const api = sut.contracts.http;
      for (const { commandType, data } of commands) {
        const { contractId, contractLineId, milestoneId, ...body } = data as Record<string, string>;
        const base = `/contracts/${contractId}`;
        const line = `${base}/lines/${contractLineId}`;
        const calls: Record<ContractCommand['commandType'], () => Promise<unknown>> = {
          CreateContract: () => api.call('POST', '/contracts', 201, { ...body, contractId }),
          SetContractCustomers: () => api.call('PUT', `${base}/customers`, 200, body),
          AddContractLine: () => api.call('POST', `${base}/lines`, 201, { ...body, contractLineId }),
          SetInvoiceSchedule: () => api.call('PUT', `${line}/invoice-schedule`, 200, body),
          AddMilestone: () => api.call('POST', `${line}/milestones`, 201, { ...body, milestoneId }),
          MarkMilestoneReadyForInvoicing: () =>
            api.call('POST', `${line}/milestones/${milestoneId}/ready-for-invoicing`, 200),
          RecordTransaction: () => api.call('POST', `${line}/transactions`, 201, body),
        };
        await calls[commandType]();
      }
      await sut.contracts.getContract(commands[0].data.contractId as string);
    }

    /** An invoice with every id replaced by its role in the story, so the two paths compare equal. */
    function normalized(invoice: InvoiceView, names: Map<string, string>) {
      const name = (id: string) => names.get(id) ?? `unknown ${id}`;
      return {
        customerId: invoice.customerId,
        billingSplitPercent: invoice.billingSplitPercent,
        currency: invoice.currency,
        invoiceRunDate: invoice.invoiceRunDate,
        totalAmount: invoice.totalAmount,
        lines: invoice.lines.map((line) => ({
          ...line,
          contractLineId: name(line.contractLineId),
          details: line.details.map((detail) => ({ ...detail, id: name(detail.id) })),
        })),
      };
    }

    it('yields the same invoices as the same data sent over REST, each command applied once', async () => {
      const customers: [string, string] = [randomUUID(), randomUUID()];
      const overRest = contractStory(customers);
      const overKafka = contractStory(customers);
      await sendOverRest(system(), overRest.commands);
      // A redelivered command between the others: what follows it shows it was handled (in order per key).
      const [firstTransaction] = overKafka.commands.filter((c) => c.commandType === 'RecordTransaction');
      const withRedelivery = overKafka.commands.flatMap((c) => (c === firstTransaction ? [c, c] : [c]));

      await system().commands.send(withRedelivery);

      const restVersion = (await system().contracts.getContract(overRest.ids.contract)).version;
      await waitFor(
        async () => {
          const answer = await system().contracts.http.send<{ version: number }>(
            'GET',
            `/contracts/${overKafka.ids.contract}`,
          );
          return answer.status === 200 && answer.body.version >= restVersion;
        },
        { timeoutMs: 30_000, description: 'every command applied by the contracts service' },
      );
      const kafkaView = await system().contracts.getContract(overKafka.ids.contract);
      await run('2025-02-17');
      const names = new Map<string, string>();
      for (const { ids } of [overRest, overKafka]) {
        names.set(ids.support, 'support').set(ids.delivery, 'delivery').set(ids.milestone, 'go-live');
        ids.transactions.forEach((id, i) => names.set(id, `transaction ${i + 1}`));
      }
      const invoicesOf = async (contractId: string) =>
        (await system().invoicing.invoicesOf(contractId))
          .map((invoice) => normalized(invoice, names))
          .sort((a, b) =>
            `${a.invoiceRunDate}${a.customerId}`.localeCompare(`${b.invoiceRunDate}${b.customerId}`),
          );
      const fromRest = await invoicesOf(overRest.ids.contract);
      const fromKafka = await invoicesOf(overKafka.ids.contract);

      expect(kafkaView.version).toBe(restVersion);
      expect(fromRest).toHaveLength(4);
      expect(fromKafka).toEqual(fromRest);
    });
  });

  describe('events on invoicing.invoices', () => {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const AMOUNT: Record<string, RegExp> = { EUR: /^-?\d+\.\d{2}$/, JPY: /^-?\d+$/ };
    const ENVELOPE_FIELDS = [
      'causationId',
      'correlationId',
      'data',
      'eventId',
      'eventType',
      'occurredAt',
      'schemaVersion',
      'streamId',
      'streamVersion',
    ];
    const CREATED_FIELDS = [
      'billingSplitPercent',
      'contractId',
      'correctsInvoiceId',
      'currency',
      'customerId',
      'invoiceId',
      'invoiceNumber',
      'invoiceRunDate',
      'lines',
      'processRunId',
      'status',
      'totalAmount',
    ];

    /** Checks one message against SPEC 4.1-4.2 and returns its data. */
    function expectPublishedEnvelope(message: InvoiceEventMessage, contractId: string) {
      const envelope = message.value;
      expect(message.key).toBe(contractId);
      expect(message.headers).toMatchObject({
        'event-type': envelope.eventType,
        'event-id': envelope.eventId,
        'schema-version': '1',
      });
      expect(Object.keys(envelope).sort()).toEqual(ENVELOPE_FIELDS);
      expect(envelope.eventId).toMatch(UUID);
      expect(envelope.schemaVersion).toBe(1);
      expect(envelope.streamId).toBe(envelope.data.invoiceId);
      expect(Number.isInteger(envelope.streamVersion) && envelope.streamVersion >= 1).toBe(true);
      expect(new Date(envelope.occurredAt).toISOString()).toBe(envelope.occurredAt);
      for (const link of [envelope.correlationId, envelope.causationId]) {
        expect(link === null || typeof link === 'string').toBe(true);
      }
      return envelope.data;
    }

    it('carries every InvoiceCreated keyed by contract, with headers, envelope and exact minor units', async () => {
      const euro = await aContract(system().contracts, { currency: 'EUR' });
      const euroLine = await euro.timeAndMaterialLine({ runDates: ['2025-11-03'] });
      await euro.transaction(euroLine, { date: '2025-10-30', quantity: '7.5', unitPrice: '100.005' });
      const yen = await aContract(system().contracts, { currency: 'JPY' });
      const yenLine = await yen.timeAndMaterialLine({ runDates: ['2025-11-03'] });
      await yen.transaction(yenLine, { date: '2025-10-30', quantity: '1.5', unitPrice: '1001' });
      await yen.transaction(yenLine, { date: '2025-10-31', quantity: '0.333', unitPrice: '1000' });
      const milestones = await yen.fixedPriceLine();
      await yen.milestone(milestones, '2025-11-03', '50000');

      const processRun = await run('2025-11-03');

      for (const [contract, expectedTotal] of [
        [euro, '750.04'],
        [yen, '51835'],
      ] as const) {
        const created = await system().invoiceTopics.invoiceEventsOf(contract.contractId, (events) =>
          events.some((event) => event.value.eventType === 'InvoiceCreated'),
        );
        expect(created).toHaveLength(1);
        const data = expectPublishedEnvelope(created[0], contract.contractId);
        expect(created[0].value).toMatchObject({ eventType: 'InvoiceCreated', streamVersion: 1 });
        expect(Object.keys(data).sort()).toEqual(CREATED_FIELDS);
        expect(data).toMatchObject({
          processRunId: processRun.processRunId,
          status: 'Draft',
          totalAmount: expectedTotal,
        });
        const amountFormat = AMOUNT[contract.currency];
        const amounts =
          'lines' in data ? data.lines.flatMap((l) => [l.amount, ...l.details.map((d) => d.amount)]) : [];
        expect(amounts.length).toBeGreaterThan(1);
        expect(amounts.every((amount) => amountFormat.test(amount))).toBe(true);
        const {
          status: _status,
          createdAt: _createdAt,
          updatedAt: _updatedAt,
          ...asServed
        } = (await system().invoicing.getInvoice(data.invoiceId)) as InvoiceView & { updatedAt: string };
        expect(data).toEqual({ ...asServed, status: 'Draft' });
      }
    });

    it('follows an invoice with InvoiceConfirmed and a corrective InvoiceCreated, in order per contract', async () => {
      const contract = await aContract(system().contracts, { currency: 'JPY' });
      const line = await contract.timeAndMaterialLine({ runDates: ['2025-12-01'] });
      await contract.transaction(line, { date: '2025-11-28', quantity: '2', unitPrice: '12345' });
      await run('2025-12-01');
      const [invoice] = await system().invoicing.invoicesOf(contract.contractId);
      await system().invoicing.confirm(invoice.invoiceId);
      const corrective = await system().invoicing.correct(invoice.invoiceId);

      const messages = await system().invoiceTopics.invoiceEventsOf(
        contract.contractId,
        (events) => events.length >= 3,
      );

      expect(messages.map((m) => [m.value.eventType, m.value.streamId, m.value.streamVersion])).toEqual([
        ['InvoiceCreated', invoice.invoiceId, 1],
        ['InvoiceConfirmed', invoice.invoiceId, 2],
        ['InvoiceCreated', corrective.invoiceId, 1],
      ]);
      const data = messages.map((message) => expectPublishedEnvelope(message, contract.contractId));
      expect(data[1]).toEqual({
        invoiceId: invoice.invoiceId,
        invoiceNumber: invoice.invoiceNumber,
        contractId: contract.contractId,
      });
      expect(data[2]).toMatchObject({ correctsInvoiceId: invoice.invoiceId, totalAmount: '-24690' });
      expect(new Set(messages.map((message) => message.partition)).size).toBe(1);
    });

    it('publishes exactly one well-formed InvoiceCreated per invoice the service holds, and one per status change', async () => {
      const contract = await aContract(system().contracts);
      for (const runDate of ['2026-01-05', '2026-01-12', '2026-01-19']) {
        const line = await contract.timeAndMaterialLine({ runDates: [runDate] });
        await contract.transaction(line, { date: '2026-01-02', quantity: '1', unitPrice: '1.00' });
      }
      await run('2026-01-19');
      const [toConfirm, toCancel] = await system().invoicing.invoicesOf(contract.contractId);
      await system().invoicing.confirm(toConfirm.invoiceId);
      await system().invoicing.cancel(toCancel.invoiceId);
      const invoices = await system().invoicing.listInvoices({});
      const statusEvents = { Draft: [], Confirmed: ['InvoiceConfirmed'], Cancelled: ['InvoiceCancelled'] };
      const expected = invoices
        .flatMap((invoice) =>
          ['InvoiceCreated', ...statusEvents[invoice.status]].map((type) => `${type} ${invoice.invoiceId}`),
        )
        .sort();

      // At least once (SPEC 5.2): a re-published event keeps its eventId, so count distinct ids.
      const distinct = (all: readonly InvoiceEventMessage[]) => [
        ...new Map(all.map((message) => [message.value.eventId, message])).values(),
      ];
      const messages = await system().invoiceTopics.allInvoiceEvents(
        (all) => distinct(all).length >= expected.length,
      );

      expect(invoices.length).toBeGreaterThanOrEqual(3);
      const published = distinct(messages).map((m) => `${m.value.eventType} ${m.value.data.invoiceId}`);
      expect(published.sort()).toEqual(expected);
      for (const message of messages) expectPublishedEnvelope(message, message.value.data.contractId);
    });
  });
});
