/**
 * Why the projection refuses a contract event. Refused events go to `invoicing.dlq` with `code` as
 * their `error-code`; the projection of that contract does not move past them (see ADR 0005).
 */
export const PROJECTION_REJECTION_CODES = [
  'MESSAGE_TOO_LARGE',
  'UNKNOWN_EVENT_TYPE',
  'UNSUPPORTED_SCHEMA_VERSION',
  'INVALID_EVENT_DATA',
  'STREAM_MISMATCH',
  'INVALID_STREAM_VERSION',
  'CONFLICTING_STREAM_VERSION',
  'UNKNOWN_CONTRACT_LINE',
  'UNKNOWN_MILESTONE',
  'DUPLICATE_CONTRACT_LINE',
  'DUPLICATE_MILESTONE',
  'DUPLICATE_TRANSACTION',
] as const;
export type ProjectionRejectionCode = (typeof PROJECTION_REJECTION_CODES)[number];

export interface ProjectionRejection {
  readonly code: ProjectionRejectionCode;
  readonly message: string;
  /** The offending field as a dotted path (`data.entries[2].invoiceRunDate`), when one is to blame. */
  readonly field?: string;
}

export function rejection(
  code: ProjectionRejectionCode,
  message: string,
  field?: string,
): ProjectionRejection {
  return field === undefined ? { code, message } : { code, message, field };
}
