import { ContractEventEnvelope } from '@app/event-contracts';
import { aContract, contractEventEnvelopes, contractEventMessage } from '@app/testing';
import { Kafka, Message, Partitioners } from 'kafkajs';

/** Contracts that a run on `runDate` bills completely: each T&M line's transactions are before the cut-off. */
export interface DueContractsSpec {
  readonly contracts: number;
  readonly runDate: string;
  /** Defaults to 2. */
  readonly transactionsPerContract?: number;
}

export interface SeededContracts {
  readonly contractIds: readonly string[];
  readonly transactions: number;
  readonly events: number;
}

const MESSAGES_PER_SEND = 2_000;

function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00.000Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/**
 * One contract with one T&M line, one schedule entry on the run date (cut-off the day before) and
 * its transactions dated a week earlier, as the contracts service would publish it.
 */
function dueContractEvents(runDate: string, transactions: number): ContractEventEnvelope[] {
  const contract = aContract();
  const line = contract.timeAndMaterialLine();
  const cutoff = dayBefore(runDate);
  const transactionDate = dayBefore(dayBefore(cutoff));
  return contractEventEnvelopes([
    contract.created(),
    line.added(),
    line.scheduleSet([{ invoiceRunDate: runDate, transactionCutoffDate: cutoff }]),
    ...Array.from({ length: transactions }, (_, i) =>
      line.transaction({ transactionDate, quantity: String(i + 1), unitPrice: '95.50' }).recorded(),
    ),
  ]);
}

/**
 * Publishes contract histories straight onto `contracts.events` with a plain producer: the fast
 * way to fill the invoicing projection with thousands of contracts (the contracts service would
 * publish the same envelopes, keyed by contract, in stream order).
 */
export async function publishDueContracts(
  kafka: Kafka,
  topic: string,
  spec: DueContractsSpec,
): Promise<SeededContracts> {
  const transactionsPerContract = spec.transactionsPerContract ?? 2;
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const contractIds: string[] = [];
  let pending: Message[] = [];
  let events = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    await producer.send({ topic, messages: pending, acks: -1 });
    events += pending.length;
    pending = [];
  };
  try {
    for (let i = 0; i < spec.contracts; i += 1) {
      const envelopes = dueContractEvents(spec.runDate, transactionsPerContract);
      contractIds.push(envelopes[0].streamId);
      pending.push(...envelopes.map(contractEventMessage));
      if (pending.length >= MESSAGES_PER_SEND) await flush();
    }
    await flush();
  } finally {
    await producer.disconnect();
  }
  return { contractIds, transactions: spec.contracts * transactionsPerContract, events };
}
