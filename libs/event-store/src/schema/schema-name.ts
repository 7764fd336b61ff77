/**
 * Schema names are interpolated into SQL (identifiers cannot be bound as parameters), so they are
 * restricted to plain lower-case identifiers and always quoted.
 */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`schema name "${schema}" must match ${SCHEMA_NAME.source}`);
  }
  return schema;
}

/** `"schema"."table"`, for a schema name that passed `assertSchemaName`. */
export function qualifiedTable(schema: string, table: string): string {
  return `"${assertSchemaName(schema)}"."${table}"`;
}

/** The LISTEN/NOTIFY channel on which appends to this schema's event store are announced. */
export function eventsChannel(schema: string): string {
  return `event_store_${assertSchemaName(schema)}`;
}
