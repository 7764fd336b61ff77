import { DLQ_HEADERS, EVENT_HEADERS } from '../envelope';
import { JsonSchema, RECORD_SCHEMAS } from '../schemas/record-schemas';
import { TOPICS, TopicKey } from '../topics';
import { CURRENT_SCHEMA_VERSIONS } from '../versioning/schema-versions';

/*
 * The AsyncAPI 3 document of each service (docs/product.md 4.1-4.3, 4.7): the topics it sends to and
 * receives from, their keys and headers, and every message with the JSON Schema of its record
 * (libs/event-contracts/schemas). Served at /asyncapi.json; the topic addresses carry the
 * environment's KAFKA_TOPIC_PREFIX.
 */
export type AsyncApiService = 'contracts' | 'invoicing';
type AsyncApiDocument = Record<string, unknown>;

const KAFKA_BINDING_VERSION = '0.5.0';

interface ChannelSpec {
  readonly topic: TopicKey;
  readonly summary: string;
  /** What the record key is. */
  readonly key: string;
  /** Only contracts.events keeps its whole history (docs/product.md 5.2). */
  readonly retainedForever?: boolean;
}

const CHANNELS: Readonly<Record<TopicKey, ChannelSpec>> = {
  contractCommands: {
    topic: 'contractCommands',
    summary:
      'Commands an upstream system sends about contracts (docs/product.md 4.3); each applied at most once per commandId.',
    key: "the contract id (contractId of data), so one contract's commands are applied in order",
  },
  contractCommandsDlq: {
    topic: 'contractCommandsDlq',
    summary: 'Commands the contracts service refused, with the reason.',
    key: "the original record's key",
  },
  contractEvents: {
    topic: 'contractEvents',
    summary: 'Every change of a contract, in stream version order per contract (docs/product.md 4.2).',
    key: 'the contract id (streamId)',
    retainedForever: true,
  },
  invoices: {
    topic: 'invoices',
    summary:
      'Invoices: created (with their details in parts when large), confirmed, cancelled (docs/product.md 4.2).',
    key: "the contract id, so one contract's invoices arrive in order",
  },
  processRuns: {
    topic: 'processRuns',
    summary: 'Process runs of the batch jobs: started, completed with their counts, failed with the error.',
    key: 'the batch job id',
  },
  invoicingDlq: {
    topic: 'invoicingDlq',
    summary: 'Contract events the invoicing projection refused, with the reason.',
    key: "the original record's key",
  },
  contractInvoicesDlq: {
    topic: 'contractInvoicesDlq',
    summary: 'Invoice events the contracts service could not read into its view, with the reason.',
    key: "the original record's key",
  },
};

/** What each service sends and receives. */
const OPERATIONS: Readonly<Record<AsyncApiService, readonly (readonly ['send' | 'receive', TopicKey])[]>> = {
  contracts: [
    ['receive', 'contractCommands'],
    ['send', 'contractEvents'],
    ['send', 'contractCommandsDlq'],
    ['receive', 'invoices'],
    ['send', 'contractInvoicesDlq'],
  ],
  invoicing: [
    ['receive', 'contractEvents'],
    ['send', 'invoicingDlq'],
    ['send', 'invoices'],
    ['send', 'processRuns'],
  ],
};

const DEAD_LETTER_TOPICS: readonly TopicKey[] = [
  'contractCommandsDlq',
  'invoicingDlq',
  'contractInvoicesDlq',
];

/** The payload schema as AsyncAPI embeds it: its own `$schema` and `$id` stay in the schema files. */
function embedded(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function eventHeaders(type: string, version: number) {
  return {
    type: 'object',
    required: [EVENT_HEADERS.eventType, EVENT_HEADERS.eventId, EVENT_HEADERS.schemaVersion],
    properties: {
      [EVENT_HEADERS.eventType]: { type: 'string', const: type },
      [EVENT_HEADERS.eventId]: { type: 'string', format: 'uuid', description: "the envelope's eventId" },
      [EVENT_HEADERS.schemaVersion]: { type: 'string', const: String(version) },
    },
  };
}

const DEAD_LETTER_HEADERS = {
  type: 'object',
  required: [
    DLQ_HEADERS.errorCode,
    DLQ_HEADERS.errorMessage,
    'original-topic',
    'original-partition',
    'original-offset',
  ],
  properties: {
    [DLQ_HEADERS.errorCode]: { type: 'string', description: 'why it was refused, e.g. INVALID_COMMAND' },
    [DLQ_HEADERS.errorMessage]: { type: 'string', description: 'the refusal in words, naming the field' },
    'original-topic': { type: 'string' },
    'original-partition': { type: 'string' },
    'original-offset': { type: 'string' },
  },
  additionalProperties: { type: 'string', description: "the original record's headers" },
};

function messagesOf(topic: TopicKey) {
  if (DEAD_LETTER_TOPICS.includes(topic)) {
    return {
      DeadLetter: {
        name: 'DeadLetter',
        title: 'A refused record',
        summary: "The original record's bytes and key, its headers, and why it was refused.",
        headers: DEAD_LETTER_HEADERS,
        payload: { description: 'the original bytes, as they were (they may not be JSON)' },
      },
    };
  }
  const schemas = RECORD_SCHEMAS[TOPICS[topic]] ?? {};
  return Object.fromEntries(
    Object.entries(schemas).map(([type, schema]) => {
      const version = CURRENT_SCHEMA_VERSIONS[type as keyof typeof CURRENT_SCHEMA_VERSIONS];
      const message: Record<string, unknown> = {
        name: type,
        title: String(schema.title),
        contentType: 'application/json',
        payload: embedded(schema),
      };
      if (topic !== 'contractCommands') message.headers = eventHeaders(type, version);
      return [type, message];
    }),
  );
}

/** The AsyncAPI 3.1 document of `service`, its topics named with `topicPrefix`. */
export function asyncApiDocument(
  service: AsyncApiService,
  topicPrefix = '',
  version = '1.0.0',
): AsyncApiDocument {
  const topics = [...new Set(OPERATIONS[service].map(([, topic]) => topic))];
  const messagesByTopic = new Map(topics.map((topic) => [topic, messagesOf(topic)]));
  const messageNames = (topic: TopicKey) => Object.keys(messagesByTopic.get(topic) ?? {});
  const channels = Object.fromEntries(
    topics.map((topic) => {
      const spec = CHANNELS[topic];
      const address = `${topicPrefix}${TOPICS[topic]}`;
      return [
        topic,
        {
          address,
          summary: spec.summary,
          messages: Object.fromEntries(
            messageNames(topic).map((name) => [name, { $ref: `#/components/messages/${name}` }]),
          ),
          bindings: {
            kafka: {
              topic: address,
              ...(spec.retainedForever ? { topicConfiguration: { 'retention.ms': -1 } } : {}),
              bindingVersion: KAFKA_BINDING_VERSION,
            },
          },
        },
      ];
    }),
  );
  const operations = Object.fromEntries(
    OPERATIONS[service].map(([action, topic]) => {
      return [
        `${action}${topic[0].toUpperCase()}${topic.slice(1)}`,
        {
          action,
          channel: { $ref: `#/channels/${topic}` },
          summary: `${service} ${action === 'send' ? 'sends to' : 'receives from'} ${TOPICS[topic]}`,
          messages: messageNames(topic).map((name) => ({ $ref: `#/channels/${topic}/messages/${name}` })),
          bindings: {
            kafka: {
              ...(action === 'receive'
                ? { groupId: { type: 'string', description: `a consumer group of ${service}` } }
                : {}),
              bindingVersion: KAFKA_BINDING_VERSION,
            },
          },
        },
      ];
    }),
  );
  const messages = Object.fromEntries(
    topics.flatMap((topic) =>
      Object.entries(messagesByTopic.get(topic) ?? {}).map(([name, message]) => [
        name,
        {
          ...message,
          bindings: {
            kafka: {
              key: { type: 'string', description: CHANNELS[topic].key },
              bindingVersion: KAFKA_BINDING_VERSION,
            },
          },
        },
      ]),
    ),
  );
  return {
    asyncapi: '3.1.0',
    info: {
      title: `${service} topics`,
      version,
      description:
        `The Kafka topics the ${service} service sends to and receives from. Every record is JSON; ` +
        'events carry the envelope of docs/product.md 4.2, commands that of 4.3.',
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'the brokers of KAFKA_BROKERS',
      },
    },
    channels,
    operations,
    components: { messages },
  };
}
