import { Parser } from '@asyncapi/parser';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RECORD_SCHEMAS } from '../schemas/record-schemas';
import { TOPICS } from '../topics';
import { asyncApiDocument, AsyncApiService } from './asyncapi-documents';

/*
 * The AsyncAPI documents (docs/product.md 4.7) are valid AsyncAPI 3 for @asyncapi/parser, name the
 * topics with the environment's prefix, and carry every record's JSON Schema as its payload.
 */
const SCHEMAS = join(__dirname, '..', '..', 'schemas');
const SERVICES: readonly AsyncApiService[] = ['contracts', 'invoicing'];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the AsyncAPI documents', () => {
  it.each(SERVICES)('of %s parse without an error or a warning', async (service) => {
    const { document, diagnostics } = await new Parser().parse(
      JSON.stringify(asyncApiDocument(service, 'staging.')),
    );
    const problems = diagnostics
      .filter((diagnostic) => diagnostic.severity <= 1)
      .map((diagnostic) => `${diagnostic.code}: ${diagnostic.message} at ${diagnostic.path.join('.')}`);
    expect(problems).toEqual([]);
    expect(document?.channels().length).toBeGreaterThanOrEqual(4);
  });

  it('say which topics each service sends to and receives from, with the prefix', () => {
    const operations = (service: AsyncApiService) => {
      const document = asyncApiDocument(service, 'staging.') as Json;
      return Object.values(document.operations as Json)
        .map((operation: Json) => {
          const channel = (operation.channel.$ref as string).split('/').pop() as string;
          return `${operation.action} ${document.channels[channel].address}`;
        })
        .sort();
    };
    expect(operations('contracts')).toEqual([
      'receive staging.contracts.commands',
      'receive staging.invoicing.invoices',
      'send staging.contracts.commands.dlq',
      'send staging.contracts.events',
      'send staging.contracts.invoices.dlq',
    ]);
    expect(operations('invoicing')).toEqual([
      'receive staging.contracts.events',
      'send staging.invoicing.dlq',
      'send staging.invoicing.invoices',
      'send staging.invoicing.process-runs',
    ]);
    expect((asyncApiDocument('contracts') as Json).channels.contractEvents.address).toBe(
      TOPICS.contractEvents,
    );
  });

  it('carry every record type of their topics with its JSON Schema as the payload', () => {
    const messages = {
      ...(asyncApiDocument('contracts') as Json).components.messages,
      ...(asyncApiDocument('invoicing') as Json).components.messages,
    } as Json;
    for (const topic of readdirSync(SCHEMAS)) {
      for (const file of readdirSync(join(SCHEMAS, topic))) {
        const type = file.split('.')[0];
        const {
          $schema: _schema,
          $id: _id,
          ...schema
        } = JSON.parse(readFileSync(join(SCHEMAS, topic, file), 'utf8'));
        expect({ type, payload: messages[type]?.payload }).toEqual({ type, payload: schema });
        expect(RECORD_SCHEMAS[topic][type]).toBeDefined();
      }
    }
    expect(messages.InvoiceCreated.headers.properties['event-type']).toEqual({
      type: 'string',
      const: 'InvoiceCreated',
    });
    expect(messages.CreateContract.headers).toBeUndefined();
    expect(messages.DeadLetter.headers.required).toContain('error-code');
  });
});
