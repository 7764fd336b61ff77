#!/usr/bin/env node
/*
 * The JSON Schemas of every published record (docs/product.md 4.7), generated from the TypeScript
 * types in libs/event-contracts/src/schemas/records.v1.ts: one schema for each golden fixture
 * `fixtures/<topic>/<Type>.v<n>.json`, written to `schemas/<topic>/<Type>.v<n>.schema.json`.
 *
 *   npm run schemas            regenerate them after a deliberate change (review the diff)
 *   npm run schemas -- --check exit 1 when a committed schema differs from the types
 *
 * Events allow fields they do not name (a later addition every reader may default, ADR 0007);
 * commands allow none, as the command intake refuses unknown fields.
 */
const { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CONTRACTS = path.join(ROOT, 'libs', 'event-contracts');
const FIXTURES = path.join(CONTRACTS, 'fixtures');
const SCHEMAS = path.join(CONTRACTS, 'schemas');
const RECORD_TYPES = path.join(CONTRACTS, 'src', 'schemas', 'records.v1.ts');
const COMMAND_TOPIC = 'contracts.commands';
const SCHEMA_ID_BASE = 'https://project-invoicing.example/schemas';

/** Every golden fixture as `{ topic, type, version }`. */
function publishedRecords() {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((topic) =>
      readdirSync(path.join(FIXTURES, topic.name))
        .map((file) => /^([A-Za-z]+)\.v(\d+)\.json$/.exec(file))
        .filter(Boolean)
        .map(([, type, version]) => ({ topic: topic.name, type, version: Number(version) })),
    )
    .sort((a, b) => `${a.topic}/${a.type}`.localeCompare(`${b.topic}/${b.type}`));
}

function schemaPath({ topic, type, version }) {
  return path.join(SCHEMAS, topic, `${type}.v${version}.schema.json`);
}

/** `{ path, text }` of every schema, generated from the record types. */
function generateSchemas() {
  const { createGenerator } = require('ts-json-schema-generator');
  const generator = (additionalProperties) =>
    createGenerator({
      path: RECORD_TYPES,
      tsconfig: path.join(ROOT, 'tsconfig.json'),
      skipTypeCheck: true,
      expose: 'none',
      topRef: false,
      jsDoc: 'extended',
      additionalProperties,
    });
  const events = generator(true);
  const commands = generator(false);
  return publishedRecords().map((record) => {
    const recordType = `${record.type}RecordV${record.version}`;
    const body = (record.topic === COMMAND_TOPIC ? commands : events).createSchema(recordType);
    const { $schema, definitions, ...rest } = body;
    const schema = {
      $schema,
      $id: `${SCHEMA_ID_BASE}/${record.topic}/${record.type}.v${record.version}.schema.json`,
      title: `${record.type} v${record.version} on ${record.topic}`,
      ...rest,
      ...(definitions && Object.keys(definitions).length > 0 ? { definitions } : {}),
    };
    return { ...record, path: schemaPath(record), text: `${JSON.stringify(schema, null, 2)}\n` };
  });
}

function main() {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const schema of generateSchemas()) {
    const current = existsSync(schema.path) ? readFileSync(schema.path, 'utf8') : null;
    if (current === schema.text) continue;
    stale.push(path.relative(ROOT, schema.path));
    if (!check) {
      mkdirSync(path.dirname(schema.path), { recursive: true });
      writeFileSync(schema.path, schema.text);
    }
  }
  if (check && stale.length > 0) {
    console.error(`schemas differ from the record types: ${stale.join(', ')}; run npm run schemas`);
    process.exit(1);
  }
  console.log(stale.length === 0 ? 'schemas up to date' : `wrote ${stale.join(', ')}`);
}

module.exports = { generateSchemas, publishedRecords, schemaPath };

if (require.main === module) main();
