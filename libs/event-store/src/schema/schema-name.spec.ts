import { assertSchemaName, eventsChannel, qualifiedTable } from './schema-name';

describe('schema names', () => {
  it('accepts plain lower-case identifiers', () => {
    expect(assertSchemaName('invoicing')).toBe('invoicing');
    expect(qualifiedTable('contracts', 'events')).toBe('"contracts"."events"');
    expect(eventsChannel('contracts')).toBe('event_store_contracts');
  });

  it.each(['Contracts', 'contracts"; drop table x; --', '1st', '', 'a-b'])(
    'refuses %p, since a schema name is spliced into SQL',
    (schema) => {
      expect(() => assertSchemaName(schema)).toThrow(/schema name/);
    },
  );
});
