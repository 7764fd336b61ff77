import { randomUUID } from 'crypto';
import { aContract, ContractCommand, readRawInvoiceRecords, useE2eSystem } from '../support';

/*
 * Per key, records reach contracts.events strictly in stream version order, also when a REST write
 * and a command-topic batch touch one contract at the same moment (README "Consistency", ADR 0004).
 * The command consumer takes its transaction id early (it records the processed command first), so
 * a relay that ordered by transaction id alone could publish version v+1 before v.
 */
const ROUNDS = 15;
const COMMANDS_PER_BATCH = 30;
const REST_WRITES_PER_ROUND = 8;

describe('per-key order on contracts.events (both services, real Kafka and PostgreSQL)', () => {
  const system = useE2eSystem('per-key-order');

  it('publishes one contract in stream version order while REST writes and command batches interleave on it', async () => {
    const { contracts, commands, kafka, topics } = system();
    const contract = await aContract(contracts);
    const lineId = await contract.timeAndMaterialLine({ runDates: ['2025-03-31'] });
    const recordOverTopic = (): ContractCommand => ({
      commandId: randomUUID(),
      commandType: 'RecordTransaction',
      data: {
        contractId: contract.contractId,
        contractLineId: lineId,
        transactionId: randomUUID(),
        transactionClass: 'Time',
        transactionDate: '2025-03-03',
        quantity: '1',
        unitPrice: '10.00',
      },
    });

    await Promise.all([
      (async () => {
        for (let round = 0; round < ROUNDS; round += 1) {
          await commands.send(Array.from({ length: COMMANDS_PER_BATCH }, recordOverTopic));
        }
      })(),
      (async () => {
        for (let round = 0; round < ROUNDS; round += 1) {
          await Promise.all(
            Array.from({ length: REST_WRITES_PER_ROUND }, () =>
              contract.transaction(lineId, { date: '2025-03-04', quantity: '1', unitPrice: '20.00' }),
            ),
          );
        }
      })(),
    ]);
    const expectedTransactions = ROUNDS * (COMMANDS_PER_BATCH + REST_WRITES_PER_ROUND);
    await system().waitFor(
      async () => (await contracts.transactionsOf(contract.contractId)).length === expectedTransactions,
      { timeoutMs: 60_000, description: 'every transaction recorded' },
    );
    const { version } = await contracts.getContract(contract.contractId);

    const records = await readRawInvoiceRecords(
      kafka,
      topics.contractEvents,
      (read) => read.filter((record) => record.key === contract.contractId).length >= version,
    );

    const published = records.filter((record) => record.key === contract.contractId);
    expect(new Set(published.map((record) => record.partition)).size).toBe(1);
    expect(published.map((record) => record.envelope.streamVersion)).toEqual(
      Array.from({ length: version }, (_, index) => index + 1),
    );
  });
});
