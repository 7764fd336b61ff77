import { BadRequestException } from '@nestjs/common';
import fc from 'fast-check';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { isValidBatch, validBatch } from './record-transactions-batch.validation';
import { RecordTransactionsBatchRequest } from './record-transaction.request.dto';

const uuid = '3f1c2b1e-8c1d-4a57-9c39-2f0f5d9d7b11';

function anItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    contractLineId: uuid,
    transactionId: '9a4e0c2d-1b3f-4e5a-8c7d-6f5e4d3c2b1a',
    transactionClass: 'Time',
    transactionDate: '2025-03-10',
    quantity: '7.5',
    unitPrice: '120.00',
    description: 'Workshop',
    resourceRole: null,
    ...overrides,
  };
}

function classValidatorAccepts(body: unknown): boolean {
  const request = plainToInstance(RecordTransactionsBatchRequest, body) as unknown as object;
  return (
    validateSync(request, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true })
      .length === 0
  );
}

/** Each field valid, invalid, absent or null, so that both checks see every kind of value. */
const fieldValue = (...valid: unknown[]) =>
  fc.oneof(
    fc.constantFrom(...valid),
    fc.constantFrom(undefined, null, '', 42, 7.5, true, [], {}, 'x'.repeat(1001)),
    fc.string({ maxLength: 40 }),
  );

const anyItem = fc.record(
  {
    contractLineId: fieldValue(uuid, uuid.toUpperCase(), 'c0a8012e-0000-0000-0000-000000000001'),
    transactionId: fieldValue(uuid, '00000000-0000-0000-0000-000000000000'),
    transactionClass: fieldValue('Time', 'Expense', 'Material', 'Fee', 'time'),
    transactionDate: fieldValue('2025-03-10', '2024-02-29', '2025-02-29', '2025-3-10'),
    quantity: fieldValue('7.5', '-2', '0', '1e3', '12345678901234567890', '.5'),
    unitPrice: fieldValue('120.00', '0', '1.1234567890123'),
    description: fieldValue('Workshop', 'x'.repeat(1000)),
    resourceRole: fieldValue('Senior developer', 'y'.repeat(200), 'y'.repeat(201)),
    color: fc.constantFrom(undefined, 'blue'),
  },
  { requiredKeys: [] },
);

describe('the batch fast path', () => {
  it('never accepts a body that class-validator refuses', () => {
    fc.assert(
      fc.property(fc.array(anyItem, { minLength: 0, maxLength: 3 }), (transactions) => {
        const body = { transactions: JSON.parse(JSON.stringify(transactions)) };
        if (isValidBatch(body)) expect(classValidatorAccepts(body)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts a well-formed batch without class-validator', () => {
    const body = { transactions: [anItem(), anItem({ transactionId: undefined, description: undefined })] };
    expect(isValidBatch(JSON.parse(JSON.stringify(body)))).toBe(true);
  });

  it.each([
    ['an unknown field', { transactions: [anItem({ hours: 3 })] }],
    ['an unknown top-level field', { transactions: [anItem()], dryRun: true }],
    ['no transactions', { transactions: [] }],
    ['more than 1,000', { transactions: Array.from({ length: 1001 }, () => anItem()) }],
    ['a number for a decimal', { transactions: [anItem({ quantity: 7.5 })] }],
    ['a date that does not exist', { transactions: [anItem({ transactionDate: '2025-02-29' })] }],
  ])('leaves %s to class-validator', (_case, body) => {
    expect(isValidBatch(body)).toBe(false);
  });

  it('answers a bad batch with every bad field named, as the global pipe does', async () => {
    const body = { transactions: [anItem(), anItem({ quantity: 'ten', contractLineId: 'line-1' })] };
    const error = await validBatch(body).then(
      () => undefined,
      (refusal: unknown) => refusal,
    );
    expect(error).toBeInstanceOf(BadRequestException);
    const response = (error as BadRequestException).getResponse() as { errors: { field: string }[] };
    expect(response.errors.map((e) => e.field).sort()).toEqual([
      'transactions[1].contractLineId',
      'transactions[1].quantity',
    ]);
  });
});
