import { BILLING_METHODS, TRANSACTION_CLASSES } from '@app/event-contracts';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Endpoint } from './bad-requests';
import { aContract, aMilestone, aTimeLine, aTransaction, ContractFixture } from './contract-fixture';
import {
  badText,
  impossibleAmount,
  malformedDecimal,
  notADate,
  notAString,
  notAUuid,
  notOneOf,
  tooLong,
} from './hostile-values';

const notAList = fc.constantFrom<unknown>('x', 42, true, {}, { 0: 'a' });
const someone = '6f1c1d62-1f43-4f55-9b8f-0d0c6a2f1b10';
const customersSummingTo100ButTooMany = Array.from({ length: 101 }, (_, i) => ({
  customerId: randomUUID(),
  billingSplitPercent: i === 100 ? '0' : '1',
}));

const badQuantity = fc.oneof(malformedDecimal, fc.constantFrom('0', '-0', '0.000', '999999999999999999'));
const badUnitPrice = fc.oneof(malformedDecimal, fc.constantFrom('-0.01', '-120', '-999999999999999999'));
const badTransactionClass = fc.oneof(notOneOf(TRANSACTION_CLASSES), fc.constantFrom('Material', 'Fee'));
const badOptionalText = (maxLength: number) => fc.oneof(tooLong(maxLength), notAString);

/** Every write endpoint of the contracts service (docs/product.md 4.4), against the fixture. */
export function contractEndpoints(fixture: () => ContractFixture): Endpoint[] {
  const ids = () => {
    const { contractId, timeLineId, fixedPriceLineId, milestoneId } = fixture();
    return { contractId, timeLineId, fixedPriceLineId, milestoneId };
  };
  const schedule = {
    name: 'PUT /contracts/{id}/lines/{lineId}/invoice-schedule',
    method: 'PUT',
    route: '/contracts/:contractId/lines/:timeLineId/invoice-schedule',
    ids,
  } as const;
  return [
    {
      name: 'POST /contracts',
      method: 'POST',
      route: '/contracts',
      validBody: aContract,
      badFields: {
        contractId: notAUuid,
        name: badText(200),
        customerId: notAUuid,
        currency: fc.oneof(badText(3), fc.constantFrom('ABC', 'ZZZ', 'E$R', '€', 'eu')),
      },
      required: ['name', 'customerId', 'currency'],
    },
    {
      name: 'POST /contracts/{id}/lines',
      method: 'POST',
      route: '/contracts/:contractId/lines',
      ids,
      validBody: aTimeLine,
      badFields: {
        contractLineId: notAUuid,
        name: badText(200),
        billingMethod: notOneOf(BILLING_METHODS),
        includedTransactionClasses: fc.oneof(
          fc.constantFrom<unknown>([], ['Time', 'Time']),
          fc.array(notOneOf(TRANSACTION_CLASSES), { minLength: 1, maxLength: 3 }),
          notAList,
        ),
        notToExceed: impossibleAmount,
      },
      required: ['name', 'billingMethod'],
    },
    {
      name: 'PUT /contracts/{id}/customers',
      method: 'PUT',
      route: '/contracts/:contractId/customers',
      ids,
      validBody: () => ({
        customers: [
          { customerId: randomUUID(), billingSplitPercent: '60' },
          { customerId: randomUUID(), billingSplitPercent: '40' },
        ],
      }),
      badFields: {
        customers: fc.oneof(
          notAList,
          fc.constantFrom<unknown>([], [null], [[]], ['a'], customersSummingTo100ButTooMany, [
            { customerId: someone, billingSplitPercent: '50' },
            { customerId: someone, billingSplitPercent: '50' },
          ]),
        ),
        'customers[0].customerId': notAUuid,
        'customers[0].billingSplitPercent': fc.oneof(
          malformedDecimal,
          fc.constantFrom('0', '-60', '160', '59.99', '60.000000000001'),
        ),
      },
      required: ['customers', 'customers[0].customerId', 'customers[1].billingSplitPercent'],
      nestedObjects: ['customers[1]'],
    },
    {
      ...schedule,
      variant: 'by frequency',
      validBody: () => ({
        frequency: { period: 'Monthly', days: [1, 16] },
        startDate: '2025-01-01',
        endDate: '2025-12-31',
      }),
      badFields: {
        frequency: fc.constantFrom<unknown>('Monthly', [], 42, [{ period: 'Monthly' }]),
        'frequency.period': notOneOf(['Daily', 'Weekly', 'Biweekly', 'Monthly']),
        'frequency.days': fc.constantFrom<unknown>(
          [0],
          [32],
          [1, 2, 3, 4, 5],
          [],
          [1.5],
          [-1],
          ['1'],
          'Monday',
          'Funday',
          {},
        ),
        startDate: fc.oneof(notADate, fc.constant('2026-01-01')),
        endDate: fc.oneof(notADate, fc.constant('2024-12-31'), fc.constant('9999-12-31')),
        entries: fc.constant([{ invoiceRunDate: '2025-02-01' }]),
      },
      required: ['startDate', 'endDate', 'frequency.period'],
      nestedObjects: ['frequency'],
    },
    {
      ...schedule,
      variant: 'by entries',
      validBody: () => ({ entries: [{ invoiceRunDate: '2025-02-01', transactionCutoffDate: '2025-01-31' }] }),
      badFields: {
        entries: fc.oneof(notAList, fc.constantFrom<unknown>([null], [1], [[]], ['2025-02-01'])),
        'entries[0].invoiceRunDate': notADate,
        'entries[0].transactionCutoffDate': fc.oneof(notADate, fc.constant('2025-02-02')),
      },
      required: ['entries', 'entries[0].invoiceRunDate'],
      nestedObjects: ['entries[0]'],
    },
    {
      name: 'POST /contracts/{id}/lines/{lineId}/milestones',
      method: 'POST',
      route: '/contracts/:contractId/lines/:fixedPriceLineId/milestones',
      ids,
      validBody: aMilestone,
      badFields: {
        milestoneId: notAUuid,
        name: badText(200),
        milestoneDate: notADate,
        amount: impossibleAmount,
      },
      required: ['name', 'milestoneDate', 'amount'],
    },
    {
      name: 'POST /contracts/{id}/lines/{lineId}/milestones/{milestoneId}/ready-for-invoicing',
      method: 'POST',
      route: '/contracts/:contractId/lines/:fixedPriceLineId/milestones/:milestoneId/ready-for-invoicing',
      ids,
    },
    {
      name: 'POST /contracts/{id}/lines/{lineId}/transactions',
      method: 'POST',
      route: '/contracts/:contractId/lines/:timeLineId/transactions',
      ids,
      validBody: aTransaction,
      badFields: {
        transactionId: notAUuid,
        transactionClass: badTransactionClass,
        transactionDate: notADate,
        quantity: badQuantity,
        unitPrice: badUnitPrice,
        description: badOptionalText(1000),
        resourceRole: badOptionalText(200),
      },
      required: ['transactionClass', 'transactionDate', 'quantity', 'unitPrice'],
    },
    {
      name: 'POST /contracts/{id}/transactions/batch',
      method: 'POST',
      route: '/contracts/:contractId/transactions/batch',
      ids,
      validBody: () => ({
        transactions: [
          { ...aTransaction(), contractLineId: fixture().timeLineId },
          { ...aTransaction(), contractLineId: fixture().timeLineId, transactionClass: 'Expense' },
        ],
      }),
      badFields: {
        transactions: fc.oneof(
          notAList,
          fc.constantFrom<unknown>([], [null], [1], [[]]),
          fc
            .constant(1001)
            .map((length) =>
              Array.from({ length }, () => ({ ...aTransaction(), contractLineId: fixture().timeLineId })),
            ),
        ),
        'transactions[1].contractLineId': fc.oneof(
          notAUuid,
          fc.uuid({ version: 4 }),
          // A line that exists but takes no transactions; read when generated, the fixture exists by then.
          fc.constant(null).map(() => fixture().fixedPriceLineId),
        ),
        'transactions[1].transactionClass': badTransactionClass,
        'transactions[0].transactionDate': notADate,
        'transactions[1].quantity': badQuantity,
        'transactions[0].unitPrice': badUnitPrice,
        'transactions[1].description': badOptionalText(1000),
      },
      required: ['transactions', 'transactions[1].quantity', 'transactions[0].contractLineId'],
      nestedObjects: ['transactions[1]'],
    },
  ];
}
