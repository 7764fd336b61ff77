import { CURRENT_SCHEMA_VERSIONS } from './schema-versions';

/** The dead-letter code of an event whose schema version a reader cannot raise to its own. */
export const UNSUPPORTED_SCHEMA_VERSION = 'UNSUPPORTED_SCHEMA_VERSION';

/** An envelope's data as read off the wire, before its fields are checked. */
export type RawEventData = Readonly<Record<string, unknown>>;

/**
 * Raises the data of one event type from `fromVersion` to `fromVersion + 1`. It runs before the
 * reader checks the fields, so it must not trust them: it moves and defaults what it finds.
 */
export interface Upcaster {
  readonly eventType: string;
  readonly fromVersion: number;
  readonly upcast: (data: RawEventData) => Record<string, unknown>;
}

/** The part of an envelope upcasting reads and rewrites. */
export interface VersionedEnvelope {
  readonly eventType: string;
  readonly schemaVersion: number;
  readonly data: RawEventData;
}

export interface SchemaVersionRefusal {
  readonly code: typeof UNSUPPORTED_SCHEMA_VERSION;
  readonly message: string;
  readonly field: 'schemaVersion';
}

export type UpcastResult<E extends VersionedEnvelope> =
  | { readonly ok: true; readonly envelope: E }
  | { readonly ok: false; readonly refusal: SchemaVersionRefusal };

export interface UpcasterRegistry {
  /**
   * The envelope in its type's current version: as it is when already current, else raised one
   * version at a time. A version newer than the current one, a type without one, or a gap in the
   * chain is refused, so the reader dead-letters the event instead of misreading it.
   */
  upcast<E extends VersionedEnvelope>(envelope: E): UpcastResult<E>;
}

function refuse(message: string): { ok: false; refusal: SchemaVersionRefusal } {
  return { ok: false, refusal: { code: UNSUPPORTED_SCHEMA_VERSION, message, field: 'schemaVersion' } };
}

/** A registry over `currentVersions`; each upcaster must lead to a version at most the current one. */
export function createUpcasterRegistry(
  currentVersions: Readonly<Record<string, number>>,
  upcasters: readonly Upcaster[],
): UpcasterRegistry {
  const steps = new Map<string, Upcaster>();
  for (const upcaster of upcasters) {
    const { eventType, fromVersion } = upcaster;
    const current = currentVersions[eventType];
    if (current === undefined || fromVersion < 1 || fromVersion >= current)
      throw new Error(
        `an upcaster of ${eventType} from version ${fromVersion} leads past its current version`,
      );
    const key = `${eventType}@${fromVersion}`;
    if (steps.has(key)) throw new Error(`two upcasters of ${eventType} from version ${fromVersion}`);
    steps.set(key, upcaster);
  }
  const known = new Map(Object.entries(currentVersions));
  return {
    upcast<E extends VersionedEnvelope>(envelope: E): UpcastResult<E> {
      const { eventType, schemaVersion } = envelope;
      const current = known.get(eventType);
      // The common case allocates nothing: a reader runs this for every event it reads.
      if (schemaVersion === current) return { ok: true, envelope };
      if (current === undefined) return refuse(`${eventType} has no schema version this reader knows`);
      if (schemaVersion > current)
        return refuse(
          `schemaVersion ${schemaVersion} of ${eventType} is newer than this reader's ${current}`,
        );
      let data: RawEventData = envelope.data;
      for (let version = schemaVersion; version < current; version += 1) {
        const step = steps.get(`${eventType}@${version}`);
        if (step === undefined)
          return refuse(
            `schemaVersion ${schemaVersion} of ${eventType} has no upcaster from version ${version}`,
          );
        data = step.upcast(data);
      }
      return { ok: true, envelope: { ...envelope, schemaVersion: current, data } as E };
    },
  };
}

/**
 * The upcasters of every published event, from each older version to the next. Only v1 exists, so
 * there are none yet; a `v<n+1>` module adds its upcaster from `v<n>` here.
 */
export const EVENT_UPCASTERS: readonly Upcaster[] = [];

/** What every reader of published events passes each envelope through before parsing it. */
export const upcasterRegistry: UpcasterRegistry = createUpcasterRegistry(
  CURRENT_SCHEMA_VERSIONS,
  EVENT_UPCASTERS,
);
