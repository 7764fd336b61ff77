import { topicNames } from '@app/event-contracts';
import { testKafka, uniqueTopicPrefix, waitFor } from '@app/testing';
import { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { ContractsModule } from '../../apps/contracts/src/contracts.module';
import { InvoicingModule } from '../../apps/invoicing/src/invoicing.module';
import { ListeningService, startListening } from './support/bad-input-apps';
import { commandText, oversizedCommand, poisonCommands } from './support/bad-commands';
import {
  oversizedContractEvent,
  poisonContractEvents,
  scheduledContractEvents,
} from './support/bad-contract-events';
import { ContractFixture, createContractFixture } from './support/contract-fixture';
import { toJsonText } from './support/hostile-values';
import { HttpProbe } from './support/http-probe';
import { PoisonRecord, produce, produceLargest, RawRecord, readRecords } from './support/raw-kafka';

/** Samples per REST endpoint turned into commands with invalid fields. */
const SAMPLES = Number(process.env.BAD_INPUT_KAFKA_SAMPLES ?? 12);
const DEAD_LETTER_TIMEOUT_MS = 90_000;

/** Every poison record is in the dead-letter topic once, with its original bytes and a reason. */
async function expectDeadLettered(
  kafka: Kafka,
  topic: string,
  poisons: readonly PoisonRecord[],
): Promise<string[]> {
  const letters = await readRecords(kafka, topic, poisons.length, DEAD_LETTER_TIMEOUT_MS);
  const byKey = new Map(letters.map((letter) => [letter.key, letter]));
  const problems = poisons.flatMap((poison) => {
    const letter = byKey.get(poison.key);
    if (!letter) return [`${poison.label}: not dead-lettered`];
    const found: string[] = [];
    if (!letter.headers['error-code']) found.push('no error-code header');
    if (!letter.headers['error-message']) found.push('no error-message header');
    const sameBytes =
      letter.value === null
        ? poison.value === null || poison.value.length === 0
        : poison.value !== null && letter.value.toString('hex') === poison.value.toString('hex');
    if (!sameBytes)
      found.push(`other bytes (${letter.value?.length ?? 'null'} for ${poison.value?.length ?? 'null'})`);
    return found.length === 0 ? [] : [`${poison.label}: ${found.join(', ')}`];
  });
  expect({ topic, problems, letters: letters.length }).toEqual({
    topic,
    problems: [],
    letters: poisons.length,
  });
  return letters.map((letter) => letter.headers['error-code']);
}

function summary(
  topic: string,
  poisons: readonly PoisonRecord[],
  codes: readonly string[],
  valid: number,
): string {
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  const byCode = [...counts.entries()].map(([code, n]) => `${code}×${n}`).join(' ');
  return `[bad-input] ${topic}: ${poisons.length} poison records, ${codes.length} dead-lettered, ${valid} valid around them processed (${byCode})`;
}

describe('Kafka consumers under bad input (docs/product.md 4.3, 5.4)', () => {
  const prefix = uniqueTopicPrefix('bad-input');
  const topics = topicNames(prefix);
  const kafka = testKafka();
  let contracts: ListeningService;
  let invoicing: ListeningService;

  beforeAll(async () => {
    const env = { KAFKA_TOPIC_PREFIX: prefix };
    [contracts, invoicing] = await Promise.all([
      startListening(ContractsModule, 'contracts', env),
      startListening(InvoicingModule, 'invoicing', env),
    ]);
  });

  afterAll(async () => {
    await Promise.all([contracts?.close(), invoicing?.close()]);
  });

  it('contracts.commands: dead-letters every poison command with its reason and bytes, and applies the valid ones around them', async () => {
    const fixture: ContractFixture = await createContractFixture(contracts.probe);
    const before = await contracts.probe.getJson<{ version: number }>(`/contracts/${fixture.contractId}`);
    const line = (name: string): RawRecord => ({
      key: fixture.contractId,
      value: Buffer.from(
        commandText(
          'AddContractLine',
          toJsonText({
            contractId: fixture.contractId,
            contractLineId: randomUUID(),
            name,
            billingMethod: 'FixedPrice',
          }),
        ),
      ),
    });
    const poisons = poisonCommands(fixture, SAMPLES);
    await produce(kafka, topics.contractCommands, [line('before the poison'), ...poisons]);
    const oversized = await produceLargest(kafka, topics.contractCommands, oversizedCommand);
    const lateContract = randomUUID();
    await produce(kafka, topics.contractCommands, [
      line('after the poison'),
      {
        key: lateContract,
        value: Buffer.from(
          commandText(
            'CreateContract',
            toJsonText({
              contractId: lateContract,
              name: 'After',
              customerId: randomUUID(),
              currency: 'EUR',
            }),
          ),
        ),
      },
    ]);

    const codes = await expectDeadLettered(kafka, topics.contractCommandsDlq, [...poisons, oversized]);
    type View = { version: number; lines: { name: string }[] };
    const poisonLines = (view: View) =>
      view.lines.map((l) => l.name).filter((name) => name.endsWith('the poison'));
    // Commands of other contracts may overtake: Kafka orders per key (partition), not across them.
    const after = await waitFor(
      async () => {
        const view = await contracts.probe.getJson<View>(`/contracts/${fixture.contractId}`);
        return poisonLines(view).length === 2 ? view : null;
      },
      { timeoutMs: 30_000, description: 'the command after the poison applied' },
    );
    expect(poisonLines(after)).toEqual(['before the poison', 'after the poison']);
    // The late contract is another key, so another partition: it is applied on its own schedule.
    await waitFor(
      async () =>
        (await contracts.probe.send({ method: 'GET', path: `/contracts/${lateContract}` })).status === 200,
      { timeoutMs: 30_000, description: 'the contract created after the poison' },
    );
    expect(after.version).toBe(before.version + 2);
    console.log(summary(topics.contractCommands, [...poisons, oversized], codes, 3));
  });

  it('contracts.events: the invoicing projection dead-letters every poison event and projects the valid ones around them', async () => {
    const first = scheduledContractEvents();
    const last = scheduledContractEvents();
    const poisons = poisonContractEvents();
    await produce(kafka, topics.contractEvents, [...first.records, ...poisons]);
    const oversized = await produceLargest(kafka, topics.contractEvents, oversizedContractEvent);
    await produce(kafka, topics.contractEvents, last.records);

    const codes = await expectDeadLettered(kafka, topics.invoicingDlq, [...poisons, oversized]);
    for (const { contractId } of [first, last]) {
      await waitFor(
        async () => {
          const answer = await invoicing.probe.send({
            method: 'GET',
            path: `/schedule-entries?contractId=${contractId}`,
          });
          return answer.status === 200 && (answer.json?.items as unknown[]).length === 1;
        },
        { timeoutMs: 30_000, description: `contract ${contractId} projected` },
      );
    }
    console.log(
      summary(
        topics.contractEvents,
        [...poisons, oversized],
        codes,
        first.records.length + last.records.length,
      ),
    );
  });

  it('keeps both services healthy afterwards', async () => {
    for (const probe of [contracts.probe, invoicing.probe] as HttpProbe[]) {
      expect((await probe.send({ method: 'GET', path: '/health/ready' })).status).toBe(200);
    }
  });
});
