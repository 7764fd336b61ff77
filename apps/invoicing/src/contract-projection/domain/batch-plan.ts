import { ContractEventEnvelope } from '@app/event-contracts';
import { ProjectionContext, ProjectionDraft } from './projection-draft';
import { ProjectionRejection, rejection } from './projection-rejection';
import { RowChanges } from './row-changes';

/** A contract event with where it came from: the batch, or the held events of earlier batches. */
export interface SequencedEvent<S> {
  readonly event: ContractEventEnvelope;
  readonly source: S;
  /** True when it comes from the held (pending) events rather than from this batch. */
  readonly held: boolean;
}

export interface RejectedEvent<S> {
  readonly item: SequencedEvent<S>;
  readonly rejection: ProjectionRejection;
}

export interface BatchPlan<S> {
  readonly changes: RowChanges;
  readonly applied: readonly SequencedEvent<S>[];
  /** Already projected (stream version at or below the contract's): skipped. */
  readonly duplicates: readonly SequencedEvent<S>[];
  /** Refused: dead-lettered, and the contract's version stays where it was. */
  readonly rejected: readonly RejectedEvent<S>[];
  /** Events of this batch that come after a gap: stored until the missing versions arrive. */
  readonly toHold: readonly SequencedEvent<S>[];
  /** Held events this batch settled (applied, duplicate or refused): removed from the held ones. */
  readonly toRelease: readonly SequencedEvent<S>[];
}

interface Outcomes<S> {
  applied: SequencedEvent<S>[];
  duplicates: SequencedEvent<S>[];
  rejected: RejectedEvent<S>[];
  toHold: SequencedEvent<S>[];
  toRelease: SequencedEvent<S>[];
}

/**
 * Sequences a batch per contract by stream version and evolves the read model with it. A contract
 * moves only by its next version: a version at or below the projected one is a duplicate (a
 * redelivery or a replay changes nothing), the next one is applied, a later one waits (held) for
 * the versions before it. Held events of earlier batches join in, so a gap filled by this batch
 * releases everything behind it. A refused event leaves the version where it was, so the events
 * behind it wait for a corrected event with that version instead of applying on a broken basis.
 */
export function planBatch<S>(
  context: ProjectionContext,
  incoming: readonly SequencedEvent<S>[],
  held: readonly SequencedEvent<S>[],
): BatchPlan<S> {
  const draft = new ProjectionDraft(context);
  const outcomes: Outcomes<S> = { applied: [], duplicates: [], rejected: [], toHold: [], toRelease: [] };
  for (const stream of byStream([...held, ...incoming]).values()) {
    sequenceStream(draft, stream, outcomes);
  }
  return { changes: draft.changes(), ...outcomes };
}

function byStream<S>(items: readonly SequencedEvent<S>[]): Map<string, SequencedEvent<S>[]> {
  const streams = new Map<string, SequencedEvent<S>[]>();
  for (const item of items) {
    const stream = streams.get(item.event.streamId);
    if (stream) stream.push(item);
    else streams.set(item.event.streamId, [item]);
  }
  // A stable sort: at equal versions held events (which arrived earlier) come first.
  for (const stream of streams.values()) stream.sort((a, b) => a.event.streamVersion - b.event.streamVersion);
  return streams;
}

function sequenceStream<S>(
  draft: ProjectionDraft,
  stream: readonly SequencedEvent<S>[],
  out: Outcomes<S>,
): void {
  const firstAtVersion = new Map<number, string>();
  for (const item of stream) {
    const { streamVersion, eventId, streamId } = item.event;
    const first = firstAtVersion.get(streamVersion);
    if (first !== undefined && first !== eventId) {
      const message = `event ${eventId} claims version ${streamVersion} of ${streamId}, which event ${first} holds`;
      out.rejected.push({
        item,
        rejection: rejection('CONFLICTING_STREAM_VERSION', message, 'streamVersion'),
      });
      settle(item, out);
      continue;
    }
    const current = draft.versionOf(streamId);
    if (first !== undefined || streamVersion <= current) {
      out.duplicates.push(item);
      settle(item, out);
    } else if (streamVersion === current + 1) {
      const refused = draft.apply(item.event);
      if (refused) out.rejected.push({ item, rejection: refused });
      else {
        firstAtVersion.set(streamVersion, eventId);
        out.applied.push(item);
      }
      settle(item, out);
    } else {
      firstAtVersion.set(streamVersion, eventId);
      if (!item.held) out.toHold.push(item);
    }
  }
}

/** A held event that this batch settled (applied, duplicate or refused) leaves the held ones. */
function settle<S>(item: SequencedEvent<S>, out: Outcomes<S>): void {
  if (item.held) out.toRelease.push(item);
}
