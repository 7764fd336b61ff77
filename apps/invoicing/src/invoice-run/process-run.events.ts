import {
  ProcessRunCompleted,
  ProcessRunEventDataByType,
  ProcessRunEventType,
  ProcessRunFailed,
  ProcessRunStarted,
  schemaVersionOf,
} from '@app/event-contracts';
import { EventStore, ExpectedVersion } from '@app/event-store';
import { QueryRunner } from 'typeorm';
import { PROCESS_RUN_STREAM_TYPE } from '../invoice';
import { ProcessRun } from './process-run.row';
import { countsOf } from './process-run.repository';

/**
 * A run's events go to its own stream in the invoicing event store, committed with the row change
 * they describe; the service's outbox relay publishes them to `processRuns` keyed by batch job.
 * Started is version 1 and the ending version 2, so a run can only ever end once.
 */
export async function appendProcessRunStarted(
  store: EventStore,
  runner: QueryRunner,
  data: ProcessRunStarted,
  at: Date,
): Promise<void> {
  await append(store, runner, 'ProcessRunStarted', data, 'no-stream', at);
}

export async function appendProcessRunEnded(
  store: EventStore,
  runner: QueryRunner,
  run: ProcessRun,
): Promise<void> {
  const endedAt = run.endedAt ?? run.startedAt;
  const identity = { processRunId: run.processRunId, batchJobId: run.batchJobId, runDate: run.runDate };
  if (run.status === 'Failed') {
    const failed: ProcessRunFailed = { ...identity, endedAt: endedAt.toISOString(), error: run.error ?? '' };
    await append(store, runner, 'ProcessRunFailed', failed, 1, endedAt);
    return;
  }
  const completed: ProcessRunCompleted = { ...identity, ...countsOf(run), endedAt: endedAt.toISOString() };
  await append(store, runner, 'ProcessRunCompleted', completed, 1, endedAt);
}

async function append<K extends ProcessRunEventType>(
  store: EventStore,
  runner: QueryRunner,
  eventType: K,
  data: ProcessRunEventDataByType[K],
  expectedVersion: ExpectedVersion,
  at: Date,
): Promise<void> {
  await store.append(
    data.processRunId,
    PROCESS_RUN_STREAM_TYPE,
    expectedVersion,
    [{ eventType, schemaVersion: schemaVersionOf(eventType), data, occurredAt: at }],
    {
      queryRunner: runner,
      metadata: { correlationId: data.processRunId, causationId: null },
    },
  );
}
