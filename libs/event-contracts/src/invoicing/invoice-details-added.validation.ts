import { InvoiceDetailsAdded, InvoicePartDetail } from './invoice-events';

/** A field of a received invoice event that is missing or malformed; `field` is its JSON path. */
export class InvoiceEventFieldError extends Error {
  override readonly name = 'InvoiceEventFieldError';

  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field} ${problem}`);
  }
}

type Json = Record<string, unknown>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

function fail(field: string, problem: string): never {
  throw new InvoiceEventFieldError(field, problem);
}

function text(data: Json, field: string, path: string): string {
  const value = data[field];
  if (typeof value !== 'string' || value.length === 0) fail(path, 'must be a non-empty string');
  return value;
}

function positive(data: Json, field: string, path: string): number {
  const value = data[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    fail(path, 'must be an integer >= 1');
  return value;
}

function decimalOrNull(data: Json, field: string, path: string): string | null {
  const value = data[field];
  if (value === null) return null;
  if (typeof value !== 'string' || !DECIMAL.test(value)) fail(path, 'must be a decimal string or null');
  return value;
}

function partDetail(value: unknown, path: string): InvoicePartDetail {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be an object');
  const detail = value as Json;
  const kind = detail.kind;
  if (kind !== 'Transaction' && kind !== 'Milestone')
    fail(`${path}.kind`, 'must be Transaction or Milestone');
  const transactionClass = detail.transactionClass;
  if (transactionClass !== null && typeof transactionClass !== 'string')
    fail(`${path}.transactionClass`, 'must be a string or null');
  const date = text(detail, 'date', `${path}.date`);
  if (!DATE.test(date)) fail(`${path}.date`, 'must be a date YYYY-MM-DD');
  const amount = text(detail, 'amount', `${path}.amount`);
  if (!DECIMAL.test(amount)) fail(`${path}.amount`, 'must be a decimal string');
  return {
    lineNumber: positive(detail, 'lineNumber', `${path}.lineNumber`),
    kind,
    id: text(detail, 'id', `${path}.id`),
    transactionClass: transactionClass as InvoicePartDetail['transactionClass'],
    date,
    quantity: decimalOrNull(detail, 'quantity', `${path}.quantity`),
    unitPrice: decimalOrNull(detail, 'unitPrice', `${path}.unitPrice`),
    amount,
  };
}

/**
 * The `data` of a received `InvoiceDetailsAdded` (docs/product.md 4.2), checked field by field: throws
 * {@link InvoiceEventFieldError} naming the first bad field (paths start at `data.`).
 */
export function validateInvoiceDetailsAdded(data: unknown): InvoiceDetailsAdded {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('data', 'must be an object');
  const json = data as Json;
  const part = positive(json, 'part', 'data.part');
  const partCount = positive(json, 'partCount', 'data.partCount');
  if (part > partCount) fail('data.part', `must be at most partCount (${partCount})`);
  const details = json.details;
  if (!Array.isArray(details) || details.length === 0) fail('data.details', 'must be a non-empty list');
  return {
    invoiceId: text(json, 'invoiceId', 'data.invoiceId'),
    invoiceNumber: text(json, 'invoiceNumber', 'data.invoiceNumber'),
    contractId: text(json, 'contractId', 'data.contractId'),
    part,
    partCount,
    details: details.map((detail, i) => partDetail(detail, `data.details[${i}]`)),
  };
}
