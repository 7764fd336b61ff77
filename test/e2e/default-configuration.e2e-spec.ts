import { TOPICS } from '@app/event-contracts';
import { aContract, useE2eSystem, useOnDemandRuns } from '../support';

/*
 * Both services as production starts them: KAFKA_TOPIC_PREFIX unset. Every other test sets a prefix,
 * which once hid consumer groups named `undefinedcontracts.invoice-view` and the like. The default
 * topics are shared by whatever else uses this broker unprefixed, so the test looks at its own
 * contract only.
 */
describe('the default configuration: no topic prefix (both services, real Kafka and PostgreSQL)', () => {
  const system = useE2eSystem('default-configuration', { defaultTopicPrefix: true });
  const run = useOnDemandRuns(system);

  it('uses the default topic names and consumer groups, and invoices through them', async () => {
    expect(system().topics.contractEvents).toBe(TOPICS.contractEvents);
    const contract = await aContract(system().contracts);
    const line = await contract.timeAndMaterialLine({ runDates: ['2025-03-31'] });
    await contract.transaction(line, { date: '2025-03-03', quantity: '2', unitPrice: '50.00' });

    const ended = await run('2025-03-31');

    expect(ended.status).toBe('Succeeded');
    const invoices = await system().invoicing.invoicesOf(contract.contractId);
    expect(invoices.map((invoice) => invoice.totalAmount)).toEqual(['100.00']);
    await system().contracts.contractWhen(
      contract.contractId,
      (view) => view.version > 0,
      'the contracts service to answer',
    );
    const projection = await system().invoicing.http.call<{ consumerGroup: string | null }>(
      'GET',
      '/projection',
      200,
    );
    expect(projection.consumerGroup).toMatch(/^invoicing\.contract-projection\.generation-\d+$/);
    const ours = ['contracts.commands-intake', 'contracts.invoice-view', projection.consumerGroup as string];
    const admin = system().kafka.admin();
    await admin.connect();
    try {
      // Groups outlive their members on a shared broker: what counts is who consumes now.
      const { groups } = await admin.describeGroups([...ours, ...ours.map((group) => `undefined${group}`)]);
      const consuming = groups.filter((group) => group.members.length > 0).map((group) => group.groupId);
      expect(consuming.sort()).toEqual([...ours].sort());
      const topics = await admin.listTopics();
      expect(topics).toEqual(expect.arrayContaining(Object.values(TOPICS)));
    } finally {
      await admin.disconnect();
    }
    // A normal start and run: kafkajs' answers it retries or handles (a rebalance, a moving leader) are no errors.
    const errors = system()
      .logTails(100_000)
      .split('\n')
      .filter((line) => /\b(ERROR|FATAL)\b/.test(line));
    expect(errors).toEqual([]);
  });
});
