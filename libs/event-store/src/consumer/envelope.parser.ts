import { EventEnvelope } from '@app/event-contracts';
import { InvalidMessageError } from './invalid-message.error';

export const ENVELOPE_ERROR_CODES = {
  empty: 'EMPTY_MESSAGE',
  malformedJson: 'MALFORMED_JSON',
  invalidEnvelope: 'INVALID_ENVELOPE',
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON object from message bytes, or an `InvalidMessageError` saying why not. */
export function parseJsonObject(bytes: Buffer | string | null | undefined): JsonObject {
  if (bytes === null || bytes === undefined || bytes.length === 0) {
    throw new InvalidMessageError(ENVELOPE_ERROR_CODES.empty, 'message has no value');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidMessageError(ENVELOPE_ERROR_CODES.malformedJson, `message is not valid JSON: ${reason}`);
  }
  if (!isObject(parsed)) {
    throw new InvalidMessageError(ENVELOPE_ERROR_CODES.malformedJson, 'message must be a JSON object');
  }
  return parsed;
}

function invalid(field: string, rule: string): InvalidMessageError {
  return new InvalidMessageError(ENVELOPE_ERROR_CODES.invalidEnvelope, `${field} ${rule}`, field);
}

function requireString(
  json: JsonObject,
  field: string,
  pattern?: RegExp,
  rule = 'must be a non-empty string',
): string {
  const value = json[field];
  if (typeof value !== 'string' || value.length === 0 || (pattern && !pattern.test(value))) {
    throw invalid(field, rule);
  }
  return value;
}

function requireNullableString(json: JsonObject, field: string): string | null {
  const value = json[field];
  if (value === null || typeof value === 'string') return value;
  throw invalid(field, 'must be a string or null');
}

function requirePositiveInteger(json: JsonObject, field: string): number {
  const value = json[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw invalid(field, 'must be an integer >= 1');
  }
  return value;
}

function requireInstant(json: JsonObject, field: string): string {
  const value = requireString(json, field, ISO_UTC_INSTANT, 'must be an ISO-8601 UTC timestamp');
  const time = Date.parse(value);
  // Date.parse rolls 2025-02-30 over into March: the instant must name the day it was parsed as.
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value.slice(0, 10)) {
    throw invalid(field, 'must be an ISO-8601 UTC timestamp');
  }
  return value;
}

/**
 * The SPEC 4.2 envelope from message bytes, every field checked; `data` is only checked to be an
 * object (its shape belongs to the event type and is validated by the consumer that knows it).
 */
export function parseEnvelope(bytes: Buffer | string | null | undefined): EventEnvelope<string, JsonObject> {
  const json = parseJsonObject(bytes);
  const envelope = {
    eventId: requireString(json, 'eventId', UUID, 'must be a UUID'),
    eventType: requireString(json, 'eventType'),
    schemaVersion: requirePositiveInteger(json, 'schemaVersion'),
    streamId: requireString(json, 'streamId'),
    streamVersion: requirePositiveInteger(json, 'streamVersion'),
    occurredAt: requireInstant(json, 'occurredAt'),
    correlationId: requireNullableString(json, 'correlationId'),
    causationId: requireNullableString(json, 'causationId'),
  };
  const data = json['data'];
  if (!isObject(data)) throw invalid('data', 'must be a JSON object');
  return { ...envelope, data };
}
