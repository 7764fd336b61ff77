import { ContractEventEnvelope } from '@app/event-contracts';
import { asInvalidMessage, InvalidMessageError, ParsedMessage, ReceivedMessage } from '@app/event-store';
import { IHeaders } from 'kafkajs';
import { QueryRunner } from 'typeorm';
import { parseContractEvent } from './contract-event.parser';
import { SequencedEvent } from './domain';
import { affectedRows, queryRows } from '../database';

export type ContractEventMessage = ParsedMessage<ContractEventEnvelope>;

interface HeldRow {
  stream_id: string;
  stream_version: number;
  topic: string;
  kafka_partition: number;
  kafka_offset: string;
  kafka_timestamp: string;
  message_key: Buffer | null;
  message_value: Buffer;
  headers: Record<string, string[]>;
}

export interface HeldEvents {
  readonly held: SequencedEvent<ContractEventMessage>[];
  /** Held events that no longer pass validation (the rules changed): dead-lettered and dropped. */
  readonly unreadable: {
    readonly message: ReceivedMessage;
    readonly error: InvalidMessageError;
    readonly key: StreamKey;
  }[];
}

export interface StreamKey {
  readonly streamId: string;
  readonly streamVersion: number;
}

/**
 * Events that came after a gap in their contract's stream, kept with their original Kafka record
 * (bytes, key, headers, position) so that a held event can still be dead-lettered as it arrived.
 */
export async function loadHeldEvents(runner: QueryRunner, streamIds: readonly string[]): Promise<HeldEvents> {
  const result: HeldEvents = { held: [], unreadable: [] };
  if (streamIds.length === 0) return result;
  const heldRows = await queryRows<HeldRow>(
    runner,
    `SELECT stream_id, stream_version, topic, kafka_partition, kafka_offset, kafka_timestamp, message_key,
       message_value, headers
     FROM invoicing.projection_pending_events WHERE stream_id = ANY($1::text[])
     ORDER BY stream_id, stream_version`,
    [streamIds],
  );
  for (const row of heldRows) {
    const message: ReceivedMessage = {
      topic: row.topic,
      partition: row.kafka_partition,
      offset: row.kafka_offset,
      key: row.message_key,
      value: row.message_value,
      headers: decodeHeaders(row.headers),
      timestamp: row.kafka_timestamp,
    };
    try {
      const event = parseContractEvent(message.value);
      result.held.push({ event, source: { ...message, payload: event }, held: true });
    } catch (error) {
      const key = { streamId: row.stream_id, streamVersion: row.stream_version };
      result.unreadable.push({ message, error: asInvalidMessage(error), key });
    }
  }
  return result;
}

export async function holdEvents(
  runner: QueryRunner,
  items: readonly SequencedEvent<ContractEventMessage>[],
): Promise<void> {
  if (items.length === 0) return;
  const messages = items.map((item) => item.source);
  await runner.query(
    `INSERT INTO invoicing.projection_pending_events (stream_id, stream_version, topic, kafka_partition,
       kafka_offset, kafka_timestamp, message_key, message_value, headers)
     SELECT h.stream_id, h.stream_version, h.topic, h.kafka_partition, h.kafka_offset, h.kafka_timestamp,
       h.message_key, h.message_value, h.headers::jsonb
     FROM unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::bytea[],
       $8::bytea[], $9::text[])
       AS h (stream_id, stream_version, topic, kafka_partition, kafka_offset, kafka_timestamp, message_key,
         message_value, headers)
     ON CONFLICT (stream_id, stream_version) DO NOTHING`,
    [
      items.map((item) => item.event.streamId),
      items.map((item) => item.event.streamVersion),
      messages.map((m) => m.topic),
      messages.map((m) => m.partition),
      messages.map((m) => m.offset),
      messages.map((m) => m.timestamp),
      messages.map((m) => m.key),
      messages.map((m) => m.value),
      messages.map((m) => JSON.stringify(encodeHeaders(m.headers))),
    ],
  );
}

export async function releaseHeldEvents(runner: QueryRunner, keys: readonly StreamKey[]): Promise<void> {
  if (keys.length === 0) return;
  await affectedRows(
    runner,
    `DELETE FROM invoicing.projection_pending_events AS held
     USING unnest($1::text[], $2::int[]) AS released (stream_id, stream_version)
     WHERE held.stream_id = released.stream_id AND held.stream_version = released.stream_version`,
    [keys.map((key) => key.streamId), keys.map((key) => key.streamVersion)],
  );
}

export async function countHeldEvents(runner: QueryRunner): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    runner,
    'SELECT count(*)::int AS count FROM invoicing.projection_pending_events',
  );
  return row.count;
}

/** Header values are bytes; base64 keeps them exact in JSON. */
function encodeHeaders(headers: IHeaders): Record<string, string[]> {
  const encoded: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    encoded[name] = values.map((v) => (typeof v === 'string' ? Buffer.from(v) : v).toString('base64'));
  }
  return encoded;
}

function decodeHeaders(encoded: Record<string, string[]>): IHeaders {
  const headers: IHeaders = {};
  for (const [name, values] of Object.entries(encoded)) {
    const buffers = values.map((v) => Buffer.from(v, 'base64'));
    headers[name] = buffers.length === 1 ? buffers[0] : buffers;
  }
  return headers;
}
