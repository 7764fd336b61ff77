import { ContractEventEnvelope } from '@app/event-contracts';
import { BatchHandlingResult, InvalidMessageError, ReceivedMessage, RejectedMessage } from '@app/event-store';
import { QueryRunner } from 'typeorm';
import { BatchPlan, planBatch, SequencedEvent } from './domain';
import {
  ContractEventMessage,
  holdEvents,
  loadHeldEvents,
  releaseHeldEvents,
  StreamKey,
} from './held-events.store';
import { recordRefusalAside, recordRefusedEvents } from './held-contracts.store';
import { loadProjectionContext } from './projection-context.reader';
import { recordPositions } from './projection-positions.store';
import { writeRowChanges } from './projection.writer';
import { queryRows } from '../database';

/** A rebuild started a newer generation: this consumer's batches must no longer touch the read model. */
export class StaleGenerationError extends Error {
  override readonly name = 'StaleGenerationError';
}

export interface ProjectedBatch {
  readonly applied: number;
  readonly duplicates: number;
  readonly held: number;
  readonly released: number;
  readonly rejected: number;
}

export interface ProjectionBatchHooks {
  /** Called (once per stale batch) when the read model belongs to a newer generation. */
  readonly onStaleGeneration: (current: number) => void;
  readonly onBatchProjected?: (batch: ProjectedBatch) => void;
}

type Handler = (
  messages: readonly ContractEventMessage[],
  runner: QueryRunner,
) => Promise<BatchHandlingResult<ContractEventEnvelope>>;

/**
 * Projects one Kafka batch inside the batch consumer's transaction: sequence the batch (with any
 * held events of its contracts) against the read model, write every change with set-based
 * statements, hold what came after a gap, report refused events for the dead-letter topic (and
 * keep them while they hold their contract), and record how far the batch has taken the projection
 * on its partition (docs/adr/0005).
 */
export function projectionBatchHandler(generation: number, hooks: ProjectionBatchHooks): Handler {
  return async (messages, runner) => {
    await assertGeneration(runner, generation, hooks);
    const incoming = messages.map((message): SequencedEvent<ContractEventMessage> => ({
      event: message.payload,
      source: message,
      held: false,
    }));
    const streamIds = [...new Set(incoming.map((item) => item.event.streamId))];
    const { held, unreadable } = await loadHeldEvents(runner, streamIds);
    const context = await loadProjectionContext(
      runner,
      [...held, ...incoming].map((item) => item.event),
    );
    const plan = planBatch(context, incoming, held);
    await writeRows(runner, plan.changes, messages);
    await holdEvents(runner, plan.toHold);
    await releaseHeldEvents(runner, [...plan.toRelease.map(keyOf), ...unreadable.map((u) => u.key)]);
    // So that GET /projection can say why a contract is held by a refused event.
    await recordRefusedEvents(
      runner,
      streamIds,
      plan.rejected.map(({ item, rejection }) => ({ event: item.event, rejection })),
    );
    // In this transaction: a process run reads these to know the rows it selects are complete.
    await recordPositions(runner, generation, messages);
    hooks.onBatchProjected?.(summary(plan, unreadable.length));
    return {
      rejected: [
        ...plan.rejected.map(({ item, rejection }) => ({
          message: item.source,
          error: new InvalidMessageError(rejection.code, rejection.message, rejection.field),
        })),
        ...unreadable.map(({ message, error }) => deadLetterOf(message, error)),
      ],
    };
  };
}

/**
 * The row changes; when PostgreSQL refuses one (an id another contract's row holds) while the
 * consumer handles a message alone, the refusal is kept aside for `GET /projection`: this
 * transaction rolls back and the consumer dead-letters that message.
 */
async function writeRows(
  runner: QueryRunner,
  changes: BatchPlan<unknown>['changes'],
  messages: readonly ContractEventMessage[],
): Promise<void> {
  try {
    await writeRowChanges(runner, changes);
  } catch (error) {
    if (error instanceof InvalidMessageError && messages.length === 1) {
      const rejection = { code: error.code, message: error.message };
      await recordRefusalAside(runner.connection, { event: messages[0].payload, rejection });
    }
    throw error;
  }
}

async function assertGeneration(runner: QueryRunner, generation: number, hooks: ProjectionBatchHooks) {
  // KEY SHARE waits for a rebuild in progress (it holds the row FOR UPDATE) and then reads its result.
  const [state] = await queryRows<{ generation: number }>(
    runner,
    'SELECT generation FROM invoicing.projection_state FOR KEY SHARE',
  );
  if (state.generation === generation) return;
  hooks.onStaleGeneration(state.generation);
  throw new StaleGenerationError(
    `the projection is at generation ${state.generation}, this consumer at ${generation}`,
  );
}

function keyOf(item: SequencedEvent<unknown>): StreamKey {
  return { streamId: item.event.streamId, streamVersion: item.event.streamVersion };
}

function summary(plan: BatchPlan<unknown>, unreadable: number): ProjectedBatch {
  return {
    applied: plan.applied.length,
    duplicates: plan.duplicates.length,
    held: plan.toHold.length,
    released: plan.toRelease.length,
    rejected: plan.rejected.length + unreadable,
  };
}

/** A held record that no longer validates has no payload; the dead-letter topic needs only its record. */
function deadLetterOf(
  message: ReceivedMessage,
  error: InvalidMessageError,
): RejectedMessage<ContractEventEnvelope> {
  return { message: { ...message, payload: null as unknown as ContractEventEnvelope }, error };
}
