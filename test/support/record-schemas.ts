import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { publishedRecords, schemaPath } from '../../scripts/event-schemas';

/*
 * The JSON Schemas of docs/product.md 4.7 (libs/event-contracts/schemas) as a check of what the
 * services really publish: a record on a topic must validate against the schema of its type and
 * version, exactly as an ERP team validating our topics would.
 */
let validators: Map<string, ValidateFunction> | undefined;

function validatorFor(topic: string, type: string, version: number): ValidateFunction | undefined {
  if (!validators) {
    const ajv = new Ajv({ strict: true, allErrors: true });
    addFormats(ajv);
    validators = new Map(
      publishedRecords().map((record) => [
        `${record.topic}/${record.type}.v${record.version}`,
        ajv.compile(JSON.parse(readFileSync(schemaPath(record), 'utf8')) as object),
      ]),
    );
  }
  return validators.get(`${topic}/${type}.v${version}`);
}

/**
 * What the schema of `record`'s type and version on `topic` (its name without the environment's
 * prefix) finds wrong with it; null when it validates.
 */
export function recordSchemaProblems(topic: string, record: unknown): string | null {
  const fields = (record ?? {}) as Record<string, unknown>;
  const type = String(fields.eventType ?? fields.commandType);
  const version = typeof fields.schemaVersion === 'number' ? fields.schemaVersion : 1;
  const validate = validatorFor(topic, type, version);
  if (!validate) return `no JSON Schema for ${type} v${version} on ${topic}`;
  if (validate(record)) return null;
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`).join('; ');
}
