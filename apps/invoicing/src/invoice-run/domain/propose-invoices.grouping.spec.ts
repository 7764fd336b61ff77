import {
  aBillingInput,
  aFixedPriceLine,
  aMilestone,
  aScheduleEntry,
  aTimeAndMaterialLine,
  anUnbilledTransaction,
} from '../../../test/billing.builders';
import { proposeInvoices as sut } from './propose-invoices';

describe('proposeInvoices, for a fixed-price line (docs/product.md 3.2)', () => {
  it('bills every ready milestone dated on or before the run date, dated on the latest of them', () => {
    const first = aMilestone({ milestoneDate: '2024-03-01', amount: '1000.00' });
    const second = aMilestone({ milestoneDate: '2024-03-04', amount: '500.00' });
    const input = aBillingInput({ lines: [aFixedPriceLine({ milestones: [second, first] })] });
    const [invoice] = sut(input, '2024-03-05').invoices;
    expect(invoice.invoiceRunDate).toBe('2024-03-04');
    expect(invoice.billedMilestoneIds).toEqual([first.milestoneId, second.milestoneId]);
    expect(invoice.lines[0].details).toEqual([
      {
        kind: 'Milestone',
        id: first.milestoneId,
        transactionClass: null,
        date: '2024-03-01',
        quantity: null,
        unitPrice: null,
        amount: '1000.00',
      },
      expect.objectContaining({ id: second.milestoneId, amount: '500.00' }),
    ]);
    expect(invoice.totalAmount).toBe('1500.00');
  });

  it('leaves out a milestone that is not ready for invoicing', () => {
    const notReady = aMilestone({ status: 'NotReadyForInvoicing' });
    const input = aBillingInput({ lines: [aFixedPriceLine({ milestones: [notReady] })] });
    expect(sut(input, '2024-03-05')).toMatchObject({ invoices: [], counts: { linesNotDue: 1 } });
  });

  it('leaves out a ready milestone dated after the run date', () => {
    const future = aMilestone({ milestoneDate: '2024-03-06' });
    const input = aBillingInput({ lines: [aFixedPriceLine({ milestones: [future] })] });
    expect(sut(input, '2024-03-05').invoices).toEqual([]);
    expect(sut(input, '2024-03-06').invoices).toHaveLength(1);
  });

  it('never bills a milestone again once an invoice was created for it', () => {
    const billed = [aMilestone({ status: 'InvoiceCreated' }), aMilestone({ status: 'InvoicePosted' })];
    const input = aBillingInput({ lines: [aFixedPriceLine({ milestones: billed })] });
    expect(sut(input, '2024-03-05').invoices).toEqual([]);
  });

  it('skips a line without milestones and counts it (docs/product.md 3.4)', () => {
    const input = aBillingInput({ lines: [aFixedPriceLine()] });
    expect(sut(input, '2024-03-05')).toMatchObject({ invoices: [], counts: { skippedNoSchedule: 1 } });
  });
});

describe('proposeInvoices, grouping by contract and effective run date (docs/product.md 3.3)', () => {
  it('combines a fixed-price and a time-and-material line due on the same date into one invoice', () => {
    const timeAndMaterial = aTimeAndMaterialLine({
      scheduleEntries: [aScheduleEntry('2024-03-05')],
      unbilledTransactions: [anUnbilledTransaction({ transactionDate: '2024-03-04' })],
    });
    const fixedPrice = aFixedPriceLine({ milestones: [aMilestone({ milestoneDate: '2024-03-05' })] });
    const input = aBillingInput({ lines: [timeAndMaterial, fixedPrice] });
    const { invoices } = sut(input, '2024-03-05');
    expect(invoices).toHaveLength(1);
    expect(invoices[0].lines.map((l) => [l.lineNumber, l.contractLineId, l.billingMethod, l.amount])).toEqual(
      [
        [1, timeAndMaterial.contractLineId, 'TimeAndMaterial', '800.00'],
        [2, fixedPrice.contractLineId, 'FixedPrice', '1000.00'],
      ],
    );
    expect(invoices[0].totalAmount).toBe('1800.00');
  });

  it('creates one invoice per effective run date, earliest first', () => {
    const fixedPrice = aFixedPriceLine({ milestones: [aMilestone({ milestoneDate: '2024-03-01' })] });
    const timeAndMaterial = aTimeAndMaterialLine({
      scheduleEntries: [aScheduleEntry('2024-03-05')],
      unbilledTransactions: [anUnbilledTransaction({ transactionDate: '2024-03-04' })],
    });
    const { invoices } = sut(aBillingInput({ lines: [timeAndMaterial, fixedPrice] }), '2024-03-05');
    expect(invoices.map((i) => [i.invoiceRunDate, i.lines.map((l) => l.contractLineId)])).toEqual([
      ['2024-03-01', [fixedPrice.contractLineId]],
      ['2024-03-05', [timeAndMaterial.contractLineId]],
    ]);
  });

  describe('when one due line of a group has something to bill and another has not', () => {
    const billing = aTimeAndMaterialLine({
      scheduleEntries: [aScheduleEntry('2024-03-05')],
      unbilledTransactions: [anUnbilledTransaction({ transactionDate: '2024-03-04' })],
    });
    const idle = aTimeAndMaterialLine({ scheduleEntries: [aScheduleEntry('2024-03-05')] });
    const proposal = sut(aBillingInput({ lines: [idle, billing] }), '2024-03-05');

    it('gives the idle line an invoice line with amount zero', () => {
      expect(proposal.invoices[0].lines.map((l) => [l.contractLineId, l.amount, l.details.length])).toEqual([
        [idle.contractLineId, '0.00', 0],
        [billing.contractLineId, '800.00', 1],
      ]);
    });

    it('covers the schedule entries of both lines', () => {
      expect(proposal.invoices[0].coveredScheduleEntries.map((e) => e.contractLineId)).toEqual([
        idle.contractLineId,
        billing.contractLineId,
      ]);
    });

    it('still counts the idle line as skipped for no transactions', () => {
      expect(proposal.counts).toMatchObject({ linesDue: 2, skippedNoTransactions: 1, invoicesProposed: 1 });
    });
  });

  it('creates no invoice for a group with nothing to bill while another group is invoiced', () => {
    const idleEarlier = aTimeAndMaterialLine({ scheduleEntries: [aScheduleEntry('2024-03-03')] });
    const billing = aFixedPriceLine({ milestones: [aMilestone({ milestoneDate: '2024-03-05' })] });
    const proposal = sut(aBillingInput({ lines: [idleEarlier, billing] }), '2024-03-05');
    expect(proposal.invoices.map((i) => i.invoiceRunDate)).toEqual(['2024-03-05']);
    expect(proposal.processedEntries).toEqual([
      { contractLineId: idleEarlier.contractLineId, invoiceRunDate: '2024-03-03' },
    ]);
  });

  it('accounts for every line exactly once in its counts', () => {
    const lines = [
      aTimeAndMaterialLine(),
      aFixedPriceLine(),
      aTimeAndMaterialLine({ scheduleEntries: [aScheduleEntry('2024-04-01')] }),
      aFixedPriceLine({ milestones: [aMilestone()] }),
      aTimeAndMaterialLine({ scheduleEntries: [aScheduleEntry('2024-03-02')] }),
    ];
    expect(sut(aBillingInput({ lines }), '2024-03-05').counts).toEqual({
      contractLinesConsidered: 5,
      linesDue: 2,
      linesNotDue: 1,
      skippedNoSchedule: 2,
      skippedNoTransactions: 1,
      heldBackByNotToExceed: 0,
      invoicesProposed: 1,
      transactionsBilled: 0,
      milestonesBilled: 1,
    });
  });

  it('proposes the same invoices every time for the same input', () => {
    const input = aBillingInput({
      lines: [
        aTimeAndMaterialLine({
          scheduleEntries: [aScheduleEntry('2024-03-05')],
          unbilledTransactions: [anUnbilledTransaction(), anUnbilledTransaction(), anUnbilledTransaction()],
        }),
      ],
    });
    expect(sut(input, '2024-03-05')).toEqual(sut(structuredClone(input), '2024-03-05'));
  });
});
