/** Types of scripts/event-schemas.js for the tests that use it. */
export interface PublishedRecord {
  readonly topic: string;
  readonly type: string;
  readonly version: number;
}

export interface GeneratedSchema extends PublishedRecord {
  readonly path: string;
  readonly text: string;
}

export function publishedRecords(): PublishedRecord[];
export function schemaPath(record: PublishedRecord): string;
export function generateSchemas(): GeneratedSchema[];
