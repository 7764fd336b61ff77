import { randomUUID } from 'crypto';
import { consumeAll } from '@app/testing';
import {
  aContract,
  AMOUNT_FORMATS,
  contractCommandStory,
  expectPublishedEnvelope,
  INVOICE_CREATED_FIELDS,
  InvoiceEventMessage,
  InvoiceView,
  namedInvoice,
  recordSchemaProblems,
  sendOverRest,
  storyRoles,
  useE2eSystem,
  useOnDemandRuns,
} from '../support';

/**
 * The Kafka side of the product: contract data published by an upstream system on
 * `contracts.commands` (docs/product.md 4.3) is invoiced exactly like the same data sent over REST, and every
 * event the ERP reads on `invoicing.invoices` has the envelope, key, headers and exact amounts of
 * docs/product.md 4.1-4.2 and 3.7.
 */
describe('the Kafka interfaces', () => {
  const system = useE2eSystem('e2e_kafka');
  const run = useOnDemandRuns(system);

  describe('contract data from contracts.commands', () => {
    it('yields the same invoices as the same data sent over REST, each command applied once', async () => {
      const customers: [string, string] = [randomUUID(), randomUUID()];
      const overRest = contractCommandStory(customers);
      const overKafka = contractCommandStory(customers);
      await sendOverRest(system().contracts, overRest.commands);
      // A redelivered command between the others: what follows it shows it was handled (in order per key).
      const [firstTransaction] = overKafka.commands.filter((c) => c.commandType === 'RecordTransaction');
      const withRedelivery = overKafka.commands.flatMap((c) => (c === firstTransaction ? [c, c] : [c]));

      await system().commands.send(withRedelivery);

      const restVersion = (await system().contracts.getContract(overRest.ids.contract)).version;
      await system().waitFor(
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
      const names = storyRoles([overRest, overKafka]);
      const invoicesOf = async (contractId: string) =>
        (await system().invoicing.invoicesOf(contractId))
          .map((invoice) => namedInvoice(invoice, names))
          .sort((a, b) =>
            `${a.invoiceRunDate}${a.customerId}`.localeCompare(`${b.invoiceRunDate}${b.customerId}`),
          );
      const fromRest = await invoicesOf(overRest.ids.contract);
      const fromKafka = await invoicesOf(overKafka.ids.contract);

      expect(kafkaView.version).toBe(restVersion);
      expect(fromRest).toHaveLength(4);
      expect(fromKafka).toEqual(fromRest);
    });

    it('takes commands its JSON Schemas accept and publishes only records its JSON Schemas accept', async () => {
      const story = contractCommandStory([randomUUID(), randomUUID()]);
      for (const command of story.commands)
        expect([command.commandType, recordSchemaProblems('contracts.commands', command)]).toEqual([
          command.commandType,
          null,
        ]);
      // The same story over REST: its version says how many events the topic must carry.
      await sendOverRest(system().contracts, story.commands);
      const contractId = story.ids.contract;
      const { version } = await system().contracts.getContract(contractId);
      const processRun = await run('2025-02-17');

      const contractEvents = await consumeAll<Record<string, unknown>>(system().topics.contractEvents, {
        until: (all) => all.filter((m) => m.key === contractId).length >= version,
        timeoutMs: 30_000,
        kafka: system().kafka,
      });
      const invoices = await system().invoiceTopics.invoiceEventsOf(contractId, (all) => all.length >= 4);
      const runEvents = await system().invoiceTopics.processRunEventsOf(processRun.batchJobId, (all) =>
        all.some(
          (m) =>
            m.value.eventType === 'ProcessRunCompleted' &&
            m.value.data.processRunId === processRun.processRunId,
        ),
      );

      const problems = [
        ...contractEvents.map((m) => ['contracts.events', m.value] as const),
        ...invoices.map((m) => ['invoicing.invoices', m.value] as const),
        ...runEvents.map((m) => ['invoicing.process-runs', m.value] as const),
      ].flatMap(([topic, record]) => {
        const problem = recordSchemaProblems(topic, record);
        return problem === null ? [] : [`${topic} ${JSON.stringify(record).slice(0, 200)}: ${problem}`];
      });
      expect(contractEvents.filter((m) => m.key === contractId)).toHaveLength(version);
      expect(new Set(contractEvents.map((m) => m.value.eventType)).size).toBeGreaterThanOrEqual(5);
      expect(problems).toEqual([]);
    });
  });

  describe('events on invoicing.invoices', () => {
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
        expect(Object.keys(data).sort()).toEqual(INVOICE_CREATED_FIELDS);
        expect(data).toMatchObject({
          processRunId: processRun.processRunId,
          status: 'Draft',
          totalAmount: expectedTotal,
        });
        const amountFormat = AMOUNT_FORMATS[contract.currency];
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
        expect(data).toEqual({ ...asServed, status: 'Draft', detailParts: 0 });
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

      // At least once (docs/product.md 5.2): a re-published event keeps its eventId, so count distinct ids.
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
