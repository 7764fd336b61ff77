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

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Two ASCII digits of `text` at `at` as a number (the pattern has checked they are digits). */
function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + (text.charCodeAt(at + 1) - 48);
}

/**
 * What `Date.parse` accepts of the pattern without rolling over into another day or failing: a
 * real calendar day (year 0 is a leap year, as in the proleptic Gregorian calendar Date uses) and
 * a time of day up to 23:59:59. Plain arithmetic: it runs for every event a consumer reads.
 */
function isRealInstant(value: string): boolean {
  const year = twoDigits(value, 0) * 100 + twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  if (month < 1 || month > 12 || day < 1) return false;
  const lastDay = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  return (
    day <= lastDay && twoDigits(value, 11) < 24 && twoDigits(value, 14) < 60 && twoDigits(value, 17) < 60
  );
}

function requireInstant(json: JsonObject, field: string): string {
  const value = requireString(json, field, ISO_UTC_INSTANT, 'must be an ISO-8601 UTC timestamp');
  // Date.parse would roll 2025-02-30 over into March: the instant must name a day that exists.
  if (!isRealInstant(value)) throw invalid(field, 'must be an ISO-8601 UTC timestamp');
  return value;
}

/**
 * The docs/product.md 4.2 envelope from message bytes, every field checked; `data` is only checked to be an
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
    data: json['data'],
  };
  if (!isObject(envelope.data)) throw invalid('data', 'must be a JSON object');
  return envelope as EventEnvelope<string, JsonObject>;
}
