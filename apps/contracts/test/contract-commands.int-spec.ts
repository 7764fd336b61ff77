import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { EventEnvelope } from '@app/event-contracts';
import { consumeAll, PublishedValue, ServiceApp, testKafka, TopicPublisher, waitFor } from '@app/testing';
import { ConfigResourceTypes } from 'kafkajs';
import { DataSource } from 'typeorm';
import { api, startContractsApp } from './contracts-test-app';

interface Command {
  commandId: string;
  commandType: string;
  data: Record<string, unknown>;
  correlationId?: string;
}

const command = (commandType: string, data: Record<string, unknown>): Command => ({
  commandId: randomUUID(),
  commandType,
  data,
});

describe('contracts.commands intake (real PostgreSQL and Kafka)', () => {
  let sut: ServiceApp;
  let upstream: TopicPublisher;

  beforeAll(async () => {
    sut = await startContractsApp();
    upstream = new TopicPublisher(sut.config.kafka.topics.contractCommands);
    await upstream.connect();
  });

  afterAll(async () => {
    await upstream?.disconnect();
    await sut?.close();
  });

  const publish = (key: string, ...values: PublishedValue[]) => upstream.publish(key, ...values);

  const contractView = async (contractId: string, version: number) =>
    waitFor(
      async () => {
        const response = await api(sut).get(`/contracts/${contractId}`);
        return response.status === 200 && response.body.version >= version ? response.body : undefined;
      },
      { description: `contract ${contractId} at version ${version}`, timeoutMs: 20_000 },
    );

  const deadLetters = (key: string, count: number) =>
    consumeAll<unknown>(sut.config.kafka.topics.contractCommandsDlq, {
      until: (messages) => messages.filter((m) => m.key === key).length >= count,
    }).then((messages) => messages.filter((m) => m.key === key));

  /** A contract with a time-and-material line taking Time only, and a fixed-price line, made by commands. */
  async function aContractByCommands(): Promise<{ contractId: string; tm: string; fp: string }> {
    const [contractId, tm, fp] = [randomUUID(), randomUUID(), randomUUID()];
    await publish(
      contractId,
      command('CreateContract', { contractId, name: 'Support', customerId: randomUUID(), currency: 'EUR' }),
      command('AddContractLine', {
        contractId,
        contractLineId: tm,
        name: 'Hours',
        billingMethod: 'TimeAndMaterial',
        includedTransactionClasses: ['Time'],
      }),
      command('AddContractLine', {
        contractId,
        contractLineId: fp,
        name: 'Fixed',
        billingMethod: 'FixedPrice',
      }),
    );
    await contractView(contractId, 3);
    return { contractId, tm, fp };
  }

  it('applies every command type, with the command as the events’ cause', async () => {
    const { contractId, tm, fp } = await aContractByCommands();
    const milestoneId = randomUUID();
    const customers = [
      { customerId: randomUUID(), billingSplitPercent: '70' },
      { customerId: randomUUID(), billingSplitPercent: '30' },
    ];
    const record = command('RecordTransaction', {
      contractId,
      contractLineId: tm,
      transactionClass: 'Time',
      transactionDate: '2025-03-03',
      quantity: '2',
      unitPrice: '95.50',
    });
    record.correlationId = 'upstream-batch-7';
    await publish(
      contractId,
      command('SetContractCustomers', { contractId, customers }),
      command('SetInvoiceSchedule', {
        contractId,
        contractLineId: tm,
        entries: [{ invoiceRunDate: '2025-04-01' }],
      }),
      command('AddMilestone', {
        contractId,
        contractLineId: fp,
        milestoneId,
        name: 'Go-live',
        milestoneDate: '2025-05-01',
        amount: '1000',
      }),
      command('MarkMilestoneReadyForInvoicing', { contractId, contractLineId: fp, milestoneId }),
      record,
    );
    const view = await contractView(contractId, 8);
    expect(view.customers).toEqual(customers);
    expect(view.lines[0]).toMatchObject({
      invoiceSchedule: { entries: [{ invoiceRunDate: '2025-04-01', transactionCutoffDate: '2025-03-31' }] },
      transactions: { unbilled: 1, billed: 0, posted: 0 },
    });
    expect(view.lines[1].milestones).toEqual([
      expect.objectContaining({ milestoneId, amount: '1000.00', status: 'ReadyForInvoicing' }),
    ]);
    const events = (await api(sut).get(`/contracts/${contractId}/events`)).body.events as EventEnvelope[];
    expect(events[7]).toMatchObject({
      eventType: 'TransactionRecorded',
      causationId: record.commandId,
      correlationId: 'upstream-batch-7',
      // Without a transactionId, the command id names the new transaction: a replay names the same one.
      data: { transactionId: record.commandId, amount: '191.00' },
    });
  });

  it('applies a command id once, however often it arrives', async () => {
    const { contractId, tm } = await aContractByCommands();
    const first = command('RecordTransaction', {
      contractId,
      contractLineId: tm,
      transactionId: randomUUID(),
      transactionClass: 'Time',
      transactionDate: '2025-03-03',
      quantity: '1',
      unitPrice: '10',
    });
    const sameId = { ...first, data: { ...first.data, transactionId: randomUUID() } };
    const marker = command('SetInvoiceSchedule', { contractId, contractLineId: tm, entries: [] });
    await publish(contractId, first, first, sameId);
    await publish(contractId, marker);
    const view = await contractView(contractId, 5);
    expect(view.version).toBe(5);
    expect(view.lines[0].transactions.unbilled).toBe(1);
  });

  it('dead-letters malformed JSON, an unknown type, invalid fields and a broken rule, and goes on', async () => {
    const { contractId, tm, fp } = await aContractByCommands();
    const malformed = Buffer.from('{"commandId": "x", ');
    const unknownType = command('DeleteContract', { contractId });
    const invalid = command('RecordTransaction', {
      contractId,
      contractLineId: tm,
      transactionClass: 'Time',
      transactionDate: '2025-02-30',
      quantity: 2,
      unitPrice: '10',
    });
    const ruleBroken = command('AddMilestone', {
      contractId,
      contractLineId: tm,
      name: 'Not here',
      milestoneDate: '2025-05-01',
      amount: '10',
    });
    const valid = command('AddMilestone', {
      contractId,
      contractLineId: fp,
      name: 'Here',
      milestoneDate: '2025-05-01',
      amount: '10',
    });
    await publish(contractId, malformed, unknownType, invalid, ruleBroken, valid);

    const letters = await deadLetters(contractId, 4);
    expect(letters.map((letter) => letter.headers['error-code'])).toEqual([
      'MALFORMED_JSON',
      'UNKNOWN_COMMAND_TYPE',
      'INVALID_COMMAND',
      'MILESTONE_ON_TIME_AND_MATERIAL_LINE',
    ]);
    expect(letters[0].value).toBe(malformed.toString());
    expect(letters[1].value).toEqual(unknownType);
    expect(letters[2].headers['error-message']).toContain('data.transactionDate');
    expect(letters[2].headers['error-message']).toContain('data.quantity');
    expect(letters[3].headers['error-message']).toContain('data.contractLineId');
    const view = await contractView(contractId, 4);
    expect(view.lines[1].milestones).toEqual([
      expect.objectContaining({ milestoneId: valid.commandId, name: 'Here' }),
    ]);
  });

  it('dead-letters a command for an unknown contract', async () => {
    const contractId = randomUUID();
    await publish(
      contractId,
      command('SetInvoiceSchedule', { contractId, contractLineId: randomUUID(), entries: [] }),
    );
    const [letter] = await deadLetters(contractId, 1);
    expect(letter.headers).toMatchObject({ 'error-code': 'CONTRACT_NOT_FOUND' });
  });

  it('records a refused command as processed only once its dead letter is written', async () => {
    const dlq = sut.config.kafka.topics.contractCommandsDlq;
    const contractId = randomUUID();
    const refused = command('MarkMilestoneReadyForInvoicing', {
      contractId,
      contractLineId: randomUUID(),
      milestoneId: randomUUID(),
    });
    const attemptsBefore = await refusals('MarkMilestoneReadyForInvoicing');
    await setTopicConfig(dlq, 'max.message.bytes', '64'); // the DLQ takes no record now
    try {
      await publish(contractId, refused);
      await waitFor(async () => (await refusals('MarkMilestoneReadyForInvoicing')) > attemptsBefore, {
        description: 'the command refused',
        timeoutMs: 20_000,
      });
      await setTimeout(2_000); // time to commit, were the id recorded before the letter
      expect(await isProcessed(refused.commandId)).toBe(false);
    } finally {
      await setTopicConfig(dlq, 'max.message.bytes', '1048588');
    }
    const [letter] = await deadLetters(contractId, 1);
    expect(letter.headers).toMatchObject({ 'error-code': 'CONTRACT_NOT_FOUND' });
    await waitFor(() => isProcessed(refused.commandId), { description: 'the command id recorded' });
  });

  async function refusals(commandType: string): Promise<number> {
    const metrics = await api(sut).get('/metrics').expect(200);
    const line = new RegExp(
      `contracts_commands_handled_total\\{command_type="${commandType}",source="kafka",outcome="rejected"[^}]*\\} (\\d+)`,
    ).exec(metrics.text);
    return line ? Number(line[1]) : 0;
  }

  async function isProcessed(commandId: string): Promise<boolean> {
    const rows: unknown[] = await sut.app
      .get(DataSource)
      .query('SELECT 1 FROM contracts.processed_messages WHERE message_id = $1', [commandId]);
    return rows.length === 1;
  }

  async function setTopicConfig(topic: string, name: string, value: string): Promise<void> {
    const admin = testKafka().admin();
    await admin.connect();
    try {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name, value }] }],
      });
    } finally {
      await admin.disconnect();
    }
  }

  it('counts commands by type, source and outcome', async () => {
    const metrics = await api(sut).get('/metrics').expect(200);
    expect(metrics.text).toMatch(
      /contracts_commands_handled_total\{command_type="AddMilestone",source="kafka",outcome="rejected",service="contracts"\} [1-9]/,
    );
    expect(metrics.text).toMatch(
      /contracts_messages_dead_lettered_total\{topic="[^"]+",error_code="MALFORMED_JSON"/,
    );
  });
});
