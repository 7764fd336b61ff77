import { randomUUID } from 'node:crypto';
import { GOLDEN_CONTRACT_COMMANDS } from '@app/event-contracts/golden/golden-commands.builders';
import { InvalidMessageError } from '@app/event-store';
import { parseContractCommand } from './contract-command.parser';

const contractId = randomUUID();
const contractLineId = randomUUID();

function bytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

function refusal(value: Buffer | string | null): InvalidMessageError {
  try {
    parseContractCommand(value);
  } catch (error) {
    if (error instanceof InvalidMessageError) return error;
    throw error;
  }
  throw new Error('expected the command to be refused');
}

const recordTransaction = (data: Record<string, unknown> = {}) => ({
  commandId: randomUUID(),
  commandType: 'RecordTransaction',
  data: {
    contractId,
    contractLineId,
    transactionClass: 'Time',
    transactionDate: '2025-03-10',
    quantity: '2',
    unitPrice: '95.50',
    ...data,
  },
});

describe('parseContractCommand', () => {
  it('turns a valid envelope into the domain command the REST path builds', () => {
    const envelope = recordTransaction({ transactionId: randomUUID(), description: 'Workshop' });
    const sut = parseContractCommand(bytes(envelope));
    expect(sut).toEqual({
      commandId: envelope.commandId,
      correlationId: envelope.commandId,
      command: {
        type: 'RecordTransaction',
        data: { ...envelope.data, resourceRole: null },
      },
    });
  });

  it('names a new line, milestone or transaction after the command when the data names none', () => {
    const envelope = {
      commandId: randomUUID(),
      commandType: 'AddContractLine',
      data: { contractId, name: 'Hours', billingMethod: 'TimeAndMaterial' },
    };
    const sut = parseContractCommand(bytes(envelope));
    expect(sut.command.data).toMatchObject({ contractId, contractLineId: envelope.commandId });
  });

  it.each(Object.values(GOLDEN_CONTRACT_COMMANDS).map((build) => [build().commandType, build()] as const))(
    'reads the golden %s fixture',
    (_type, golden) => {
      const parsed = parseContractCommand(JSON.stringify(golden));
      expect(parsed).toMatchObject({ commandId: golden.commandId, correlationId: golden.correlationId });
      expect(parsed.command.data).toMatchObject({ contractId: golden.data.contractId });
    },
  );

  it('keeps the correlation id the envelope carries', () => {
    const sut = parseContractCommand(bytes({ ...recordTransaction(), correlationId: 'crm-sync-42' }));
    expect(sut.correlationId).toBe('crm-sync-42');
  });

  it('refuses bytes that are not JSON as MALFORMED_JSON', () => {
    expect(refusal('{"commandId":').code).toBe('MALFORMED_JSON');
    expect(refusal(null).code).toBe('EMPTY_MESSAGE');
  });

  it('refuses a command type it does not know as UNKNOWN_COMMAND_TYPE', () => {
    const sut = refusal(bytes({ ...recordTransaction(), commandType: 'DeleteContract' }));
    expect(sut).toMatchObject({ code: 'UNKNOWN_COMMAND_TYPE', field: 'commandType' });
  });

  it.each([
    ['commandId', { commandId: 'not-a-uuid' }],
    ['data', { data: [1] }],
    ['priority', { priority: 'high' }],
    ['correlationId', { correlationId: 7 }],
  ])('refuses a bad envelope field (%s) as INVALID_COMMAND', (field, change) => {
    expect(refusal(bytes({ ...recordTransaction(), ...change }))).toMatchObject({
      code: 'INVALID_COMMAND',
      field,
    });
  });

  it('validates data with the REST rules and names every bad field under data', () => {
    const sut = refusal(bytes(recordTransaction({ quantity: 2, transactionDate: '2025-02-30', hours: 3 })));
    expect(sut.code).toBe('INVALID_COMMAND');
    for (const field of ['data.quantity', 'data.transactionDate', 'data.hours'])
      expect(sut.message).toContain(field);
  });

  it('requires the ids the REST path would carry', () => {
    const { contractLineId: _omitted, ...data } = recordTransaction().data;
    const sut = refusal(bytes({ ...recordTransaction(), data }));
    expect(sut).toMatchObject({ code: 'INVALID_COMMAND', field: 'data.contractLineId' });
  });
});
