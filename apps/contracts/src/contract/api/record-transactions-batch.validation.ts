import { BadRequestException } from '@nestjs/common';
import { isCalendarDate, isDecimalString, TRANSACTION_CLASSES } from '@app/event-contracts';
import { fieldProblemsBody, validationErrorBody } from '@app/platform';
import { plainToInstance } from 'class-transformer';
import { isIn, isUUID, maxLength, validate } from 'class-validator';
import {
  BatchTransactionDto,
  MAX_BATCH_TRANSACTIONS,
  RecordTransactionsBatchRequest,
} from './record-transaction.request.dto';

const ITEM_FIELDS = new Set([
  'contractLineId',
  'transactionId',
  'transactionClass',
  'transactionDate',
  'quantity',
  'unitPrice',
  'description',
  'resourceRole',
]);

const absent = (value: unknown) => value === undefined || value === null;
const optionalText = (value: unknown, max: number) =>
  absent(value) || (typeof value === 'string' && maxLength(value, max));

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

/** Exactly the rules of {@link BatchTransactionDto}, through class-validator's own checks. */
function isValidItem(item: unknown): item is BatchTransactionDto {
  if (!isPlainObject(item)) return false;
  for (const key of Object.keys(item)) if (!ITEM_FIELDS.has(key)) return false;
  return (
    isUUID(item.contractLineId) &&
    (absent(item.transactionId) || isUUID(item.transactionId)) &&
    isIn(item.transactionClass, TRANSACTION_CLASSES) &&
    isCalendarDate(item.transactionDate) &&
    isDecimalString(item.quantity) &&
    isDecimalString(item.unitPrice) &&
    optionalText(item.description, 1000) &&
    optionalText(item.resourceRole, 200)
  );
}

/**
 * The fast path for a well-formed batch: true when the body passes every rule of
 * {@link RecordTransactionsBatchRequest}. class-validator takes about half a millisecond per item,
 * which made validating 1,000 items cost more than recording them; this check costs microseconds.
 * It may only ever be stricter than the DTO: a body it refuses is validated by class-validator.
 */
export function isValidBatch(body: unknown): body is RecordTransactionsBatchRequest {
  if (!isPlainObject(body)) return false;
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== 'transactions') return false;
  const { transactions } = body;
  return (
    Array.isArray(transactions) &&
    transactions.length >= 1 &&
    transactions.length <= MAX_BATCH_TRANSACTIONS &&
    transactions.every(isValidItem)
  );
}

/**
 * The batch body, validated. A body off the fast path goes through class-validator with the global
 * pipe's options, so a bad one is answered exactly as any other body: 400, every bad field named
 * (`transactions[3].quantity`).
 */
export async function validBatch(body: unknown): Promise<RecordTransactionsBatchRequest> {
  if (isValidBatch(body)) return body;
  if (!isPlainObject(body)) {
    throw new BadRequestException(
      fieldProblemsBody([
        { field: 'transactions', problems: ['the body must be an object with 1 to 1000 transactions'] },
      ]),
    );
  }
  const request = plainToInstance(RecordTransactionsBatchRequest, body) as unknown as object;
  const errors = await validate(request, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  if (errors.length > 0) throw new BadRequestException(validationErrorBody(errors));
  return request as RecordTransactionsBatchRequest;
}
