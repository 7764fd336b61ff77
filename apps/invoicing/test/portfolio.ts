import {
  aSeedContract,
  aSeedFixedPriceLine,
  aSeedMilestone,
  aSeedTimeAndMaterialLine,
  aSeedTransaction,
} from './read-model.seed';

/**
 * Five contracts that exercise docs/product.md 3: catch-up, cut-off, FP + T&M, split, nothing billable, JPY,
 * and a schedule-less line of a contract with nothing due.
 */
export function aPortfolio() {
  const billed = [
    aSeedTransaction({ transactionDate: '2025-03-01' }),
    aSeedTransaction({ transactionDate: '2025-03-20', quantity: '2', unitPrice: '150.50' }),
  ];
  const afterCutoff = aSeedTransaction({ transactionDate: '2025-03-31' });
  const caughtUp = aSeedTimeAndMaterialLine({
    entries: [
      { invoiceRunDate: '2025-03-15' },
      { invoiceRunDate: '2025-03-31' },
      { invoiceRunDate: '2025-04-15' },
    ],
    transactions: [...billed, afterCutoff],
  });
  const dueMilestone = aSeedMilestone({ milestoneDate: '2025-03-10', amount: '1000.00' });
  const fixedPrice = aSeedFixedPriceLine({
    milestones: [
      dueMilestone,
      aSeedMilestone({ milestoneDate: '2025-04-10' }),
      aSeedMilestone({ milestoneDate: '2025-03-01', status: 'NotReadyForInvoicing' }),
    ],
  });
  const mixed = aSeedContract({ lines: [caughtUp, fixedPrice, aSeedTimeAndMaterialLine()] });
  const split = aSeedContract({
    customers: [
      { customerId: 'customer-60', billingSplitPercent: '60' },
      { customerId: 'customer-40', billingSplitPercent: '40' },
    ],
    lines: [
      aSeedTimeAndMaterialLine({
        entries: [{ invoiceRunDate: '2025-03-31' }],
        transactions: [aSeedTransaction({ quantity: '10', unitPrice: '99.99' })],
      }),
    ],
  });
  const dormant = aSeedContract({
    lines: [
      aSeedTimeAndMaterialLine(),
      aSeedFixedPriceLine({ milestones: [aSeedMilestone({ milestoneDate: '2025-05-01' })] }),
    ],
  });
  const idle = aSeedContract({
    lines: [aSeedTimeAndMaterialLine({ entries: [{ invoiceRunDate: '2025-03-31' }] })],
  });
  const yen = aSeedContract({
    currency: 'JPY',
    lines: [
      aSeedTimeAndMaterialLine({
        entries: [{ invoiceRunDate: '2025-03-31' }],
        transactions: [aSeedTransaction({ quantity: '1.5', unitPrice: '1001' })],
      }),
    ],
  });
  return {
    contracts: [mixed, split, idle, yen, dormant],
    mixed,
    split,
    idle,
    yen,
    billed,
    afterCutoff,
    dueMilestone,
    caughtUp,
  };
}
