import { ContractEventEnvelope } from '@app/event-contracts';
import { runInTransaction } from '@app/event-store';
import { DataSource } from 'typeorm';
import { ContractEventMessage } from '../src/contract-projection/held-events.store';
import { projectionBatchHandler } from '../src/contract-projection/projection-batch.handler';
import { readGeneration } from '../src/contract-projection/contract-projection.consumer';
import { toMessage } from './projection-test-kit';

/**
 * Projects contract events straight into the read model, as one batch of the consumer would, with
 * no broker: for tests of what reads the projection. Resolves the dead-letter reasons, if any.
 */
export async function projectEvents(
  dataSource: DataSource,
  envelopes: readonly ContractEventEnvelope[],
): Promise<string[]> {
  const messages = envelopes.map((payload, i): ContractEventMessage => {
    const message = toMessage(payload);
    return {
      topic: 'contracts.events',
      partition: 0,
      offset: String(i),
      key: Buffer.from(payload.streamId),
      value: Buffer.from(String(message.value)),
      headers: {},
      timestamp: '0',
      payload,
    };
  });
  const generation = await readGeneration(dataSource);
  const handle = projectionBatchHandler(generation, { onStaleGeneration: () => undefined });
  const result = await runInTransaction(dataSource, (runner) => handle(messages, runner));
  return (result.rejected ?? []).map(({ error }) => error.code);
}
