import { HttpStatus } from '@nestjs/common';
import { CONTRACT_ERROR_STATUSES, BatchItemViolation, TransactionsRejectedError } from './contract.errors';
import { CONTRACT_RULE_VIOLATION_CODES } from './domain';

function item(index: number, code: BatchItemViolation['code']): BatchItemViolation {
  return { index, field: `transactions[${index}].quantity`, code, message: code };
}

describe('contract error statuses', () => {
  it('maps every rule violation: unknown ids 404, taken ids 409, malformed fields 400, broken rules 422', () => {
    expect(CONTRACT_ERROR_STATUSES.CONTRACT_LINE_NOT_FOUND).toBe(HttpStatus.NOT_FOUND);
    expect(CONTRACT_ERROR_STATUSES.TRANSACTION_ALREADY_RECORDED).toBe(HttpStatus.CONFLICT);
    expect(CONTRACT_ERROR_STATUSES.INVALID_SCHEDULE).toBe(HttpStatus.BAD_REQUEST);
    expect(CONTRACT_ERROR_STATUSES.MILESTONE_ON_TIME_AND_MATERIAL_LINE).toBe(HttpStatus.UNPROCESSABLE_ENTITY);
    expect(CONTRACT_ERROR_STATUSES.VERSION_MISMATCH).toBe(HttpStatus.PRECONDITION_FAILED);
    for (const code of CONTRACT_RULE_VIOLATION_CODES) expect(CONTRACT_ERROR_STATUSES[code]).toBeDefined();
  });
});

describe('a refused batch', () => {
  it('answers with the items’ own code when they share it', () => {
    const sut = new TransactionsRejectedError([
      item(1, 'CONTRACT_LINE_NOT_FOUND'),
      item(4, 'CONTRACT_LINE_NOT_FOUND'),
    ]);
    expect(sut.code).toBe('CONTRACT_LINE_NOT_FOUND');
  });

  it('answers with the code of their kind when they share a kind', () => {
    const sut = new TransactionsRejectedError([item(0, 'INVALID_DATE'), item(2, 'INVALID_DECIMAL')]);
    expect(sut.code).toBe('TRANSACTIONS_INVALID');
    expect(CONTRACT_ERROR_STATUSES[sut.code]).toBe(HttpStatus.BAD_REQUEST);
  });

  it('answers 422 when the refusals are of different kinds, listing every item', () => {
    const violations = [item(0, 'CONTRACT_LINE_NOT_FOUND'), item(3, 'TRANSACTION_CLASS_NOT_INCLUDED')];
    const sut = new TransactionsRejectedError(violations);
    expect(sut.code).toBe('TRANSACTIONS_REJECTED');
    expect(CONTRACT_ERROR_STATUSES[sut.code]).toBe(HttpStatus.UNPROCESSABLE_ENTITY);
    expect(sut.details).toEqual({ errors: violations });
    expect(sut.message).toContain('transactions[3].quantity');
  });
});
