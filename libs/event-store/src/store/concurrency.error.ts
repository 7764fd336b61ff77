import { ExpectedVersion } from './event-store.types';

/** An append found the stream at another version than the writer expected. */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';

  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    /** The stream's version when the conflict was seen (0: no stream); undefined when unknown. */
    readonly actualVersion: number | undefined,
  ) {
    super(
      `stream ${streamId}: expected version ${String(expectedVersion)}, ` +
        `actual ${actualVersion === undefined ? 'unknown' : actualVersion}`,
    );
  }
}
