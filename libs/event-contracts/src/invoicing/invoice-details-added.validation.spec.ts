import { InvoiceEventFieldError, validateInvoiceDetailsAdded } from './invoice-details-added.validation';

const aPart = (overrides: Record<string, unknown> = {}) => ({
  invoiceId: '5b0c3f2e-7f43-4a43-9a3c-6c9f0d1e2a10',
  invoiceNumber: 'INV-000042',
  contractId: 'contract-1',
  part: 2,
  partCount: 3,
  details: [
    {
      lineNumber: 1,
      kind: 'Transaction',
      id: 'transaction-1',
      transactionClass: 'Time',
      date: '2026-02-10',
      quantity: '1.5',
      unitPrice: '10.00',
      amount: '15.00',
    },
  ],
  ...overrides,
});

function problemOf(data: unknown): { field: string; problem: string } {
  try {
    validateInvoiceDetailsAdded(data);
  } catch (error) {
    if (error instanceof InvoiceEventFieldError) return { field: error.field, problem: error.problem };
    throw error;
  }
  throw new Error('accepted');
}

describe('validateInvoiceDetailsAdded', () => {
  it('accepts a part as the invoicing service publishes it', () => {
    expect(validateInvoiceDetailsAdded(aPart())).toEqual(aPart());
  });

  it.each([
    [{ part: 0 }, 'data.part'],
    [{ part: 4 }, 'data.part'],
    [{ partCount: '3' }, 'data.partCount'],
    [{ invoiceId: '' }, 'data.invoiceId'],
    [{ details: [] }, 'data.details'],
    [{ details: [{ ...aPart().details[0], lineNumber: 0 }] }, 'data.details[0].lineNumber'],
    [{ details: [{ ...aPart().details[0], kind: 'Fee' }] }, 'data.details[0].kind'],
    [{ details: [{ ...aPart().details[0], amount: '1,5' }] }, 'data.details[0].amount'],
    [{ details: [{ ...aPart().details[0], date: '10.02.2026' }] }, 'data.details[0].date'],
  ])('refuses %j naming %s', (overrides, field) => {
    expect(problemOf(aPart(overrides)).field).toBe(field);
  });

  it('refuses data that is not an object', () => {
    expect(problemOf([])).toEqual({ field: 'data', problem: 'must be an object' });
  });
});
