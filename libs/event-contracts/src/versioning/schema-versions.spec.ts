import { CONTRACT_COMMAND_TYPES } from '../commands/contract-commands';
import { CONTRACT_EVENT_TYPES } from '../contract/contract-events';
import { INVOICE_EVENT_TYPES } from '../invoicing/invoice-events';
import { PROCESS_RUN_EVENT_TYPES } from '../invoicing/process-run-events';
import { CURRENT_SCHEMA_VERSIONS, schemaVersionOf } from './schema-versions';

describe('schemaVersionOf', () => {
  const published = [
    ...CONTRACT_EVENT_TYPES,
    ...INVOICE_EVENT_TYPES,
    ...PROCESS_RUN_EVENT_TYPES,
    ...CONTRACT_COMMAND_TYPES,
  ];

  it('names a version for every published event and command type, and for nothing else', () => {
    expect(Object.keys(CURRENT_SCHEMA_VERSIONS).sort()).toEqual([...published].sort());
  });

  it.each(published)('gives %s a positive whole version', (type) => {
    expect(Number.isInteger(schemaVersionOf(type)) && schemaVersionOf(type) >= 1).toBe(true);
  });

  it('gives the version of the frozen module each shape lives in while only v1 exists', () => {
    expect(schemaVersionOf('TransactionRecorded')).toBe(1);
    expect(schemaVersionOf('InvoiceCreated')).toBe(1);
  });
});
