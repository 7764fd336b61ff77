import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  GeneratedSchema,
  generateSchemas,
  publishedRecords,
  schemaPath,
} from '../../../../scripts/event-schemas';

/*
 * The JSON Schemas of the published records (docs/product.md 4.7) are generated from the record
 * types (records.v1.ts): a committed schema that differs from the types fails here, and so does a
 * golden fixture (the serialized form, src/golden) that its schema does not accept.
 */
const SCHEMAS = join(__dirname, '..', '..', 'schemas');
const FIXTURES = join(__dirname, '..', '..', 'fixtures');

type Json = Record<string, unknown>;

function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8')) as Json;
}

describe('the JSON Schemas of the published records', () => {
  let generated: GeneratedSchema[];
  let validators: Map<string, ValidateFunction>;
  const records = publishedRecords();
  const key = (topic: string, type: string) => `${topic}/${type}`;
  const fixtureOf = (topic: string, type: string, version: number) =>
    readJson(join(FIXTURES, topic, `${type}.v${version}.json`));
  const validate = (topic: string, type: string, record: unknown) => {
    const check = validators.get(key(topic, type));
    if (!check) throw new Error(`no schema for ${key(topic, type)}`);
    return { valid: check(record), errors: check.errors };
  };

  beforeAll(() => {
    generated = generateSchemas();
    const ajv = new Ajv({ strict: true, allErrors: true });
    addFormats(ajv);
    validators = new Map(
      records.map(({ topic, type, version }) => [
        key(topic, type),
        ajv.compile(readJson(schemaPath({ topic, type, version }))),
      ]),
    );
  }, 60_000);

  it('has one committed schema per published record type, equal to what the types generate', () => {
    expect(records.length).toBeGreaterThanOrEqual(21);
    for (const schema of generated) {
      const where = relative(SCHEMAS, schema.path);
      expect({ where, text: existsSync(schema.path) ? readFileSync(schema.path, 'utf8') : null }).toEqual({
        where,
        text: schema.text,
      });
    }
    const onDisk = readdirSync(SCHEMAS).flatMap((topic) =>
      readdirSync(join(SCHEMAS, topic)).map((file) => join(SCHEMAS, topic, file)),
    );
    expect(onDisk.sort()).toEqual(generated.map((schema) => schema.path).sort());
  });

  it.each(records)('accepts the golden $type v$version on $topic', ({ topic, type, version }) => {
    expect(validate(topic, type, fixtureOf(topic, type, version))).toEqual({ valid: true, errors: null });
  });

  it.each(records)(
    'refuses $type v$version without its data, or named as another type',
    ({ topic, type, version }) => {
      const record = fixtureOf(topic, type, version);
      const { data: _data, ...withoutData } = record;
      expect(validate(topic, type, withoutData).valid).toBe(false);
      const typeField = 'eventType' in record ? 'eventType' : 'commandType';
      expect(validate(topic, type, { ...record, [typeField]: `${type}Renamed` }).valid).toBe(false);
    },
  );

  it('lets an event carry a field added later, which every reader may default, and a command none', () => {
    const event = fixtureOf('contracts.events', 'TransactionRecorded', 1);
    const later = { ...event, data: { ...(event.data as Json), addedLater: 'x' } };
    expect(validate('contracts.events', 'TransactionRecorded', later).valid).toBe(true);

    const command = fixtureOf('contracts.commands', 'RecordTransaction', 1);
    const unknown = { ...command, data: { ...(command.data as Json), unknownField: 'x' } };
    expect(validate('contracts.commands', 'RecordTransaction', unknown).valid).toBe(false);
  });

  it('refuses a value of the wrong kind: an unknown transaction class, a version it is not', () => {
    const event = fixtureOf('contracts.events', 'TransactionRecorded', 1);
    const badClass = { ...event, data: { ...(event.data as Json), transactionClass: 'Overtime' } };
    expect(validate('contracts.events', 'TransactionRecorded', badClass).valid).toBe(false);
    expect(validate('contracts.events', 'TransactionRecorded', { ...event, schemaVersion: 2 }).valid).toBe(
      false,
    );
    expect(
      validate('contracts.events', 'TransactionRecorded', { ...event, eventId: 'not-a-uuid' }).valid,
    ).toBe(false);
  });
});
