import { aContract } from '../../test/contract.builders';
import { contractView, InvoiceFacts } from './contract.view';
import { evolveAll, ExistingContract } from './domain';

function noFacts(overrides: Partial<InvoiceFacts> = {}): InvoiceFacts {
  return {
    milestoneInvoices: new Map(),
    milestoneShares: new Map(),
    lastInvoicedRunDate: new Map(),
    transactionCounts: new Map(),
    addedOrder: new Map(),
    ...overrides,
  };
}

describe('the contract view', () => {
  const contract = aContract();
  const hours = contract.timeAndMaterialLine();
  const fixed = contract.fixedPriceLine();
  const design = fixed.milestone({ milestoneDate: '2025-03-31' });
  const launch = fixed.milestone({ milestoneDate: '2025-06-30' });
  const state = evolveAll([
    contract.created(),
    fixed.added(),
    hours.added(),
    hours.scheduleSet([
      { invoiceRunDate: '2025-04-01', transactionCutoffDate: '2025-03-31' },
      { invoiceRunDate: '2025-05-01', transactionCutoffDate: '2025-04-30' },
    ]),
    launch.added(),
    design.added(),
    design.readyForInvoicing(),
  ]) as ExistingContract;

  it('lists lines and milestones in the order they were added', () => {
    const addedOrder = new Map([
      [fixed.contractLineId, 2],
      [hours.contractLineId, 3],
      [launch.milestoneId, 5],
      [design.milestoneId, 6],
    ]);
    const sut = contractView(state, 7, noFacts({ addedOrder }));
    expect(sut.lines.map((line) => line.contractLineId)).toEqual([
      fixed.contractLineId,
      hours.contractLineId,
    ]);
    expect(sut.lines[0].milestones.map((m) => m.milestoneId)).toEqual([
      launch.milestoneId,
      design.milestoneId,
    ]);
  });

  it('shows the invoice status invoicing reported over the milestone’s own status', () => {
    const milestoneInvoices = new Map([
      [
        design.milestoneId,
        { status: 'InvoicePosted' as const, invoiceId: 'i-1', invoiceNumber: 'INV-000001' },
      ],
    ]);
    const sut = contractView(state, 7, noFacts({ milestoneInvoices }));
    const milestones = sut.lines.find((line) => line.contractLineId === fixed.contractLineId)!.milestones;
    expect(milestones.find((m) => m.milestoneId === design.milestoneId)).toMatchObject({
      status: 'InvoicePosted',
      invoiceNumber: 'INV-000001',
    });
    expect(milestones.find((m) => m.milestoneId === launch.milestoneId)).toMatchObject({
      status: 'NotReadyForInvoicing',
      invoiceId: null,
    });
  });

  it('marks the schedule entries an invoice covered as run, and leaves later ones unknown', () => {
    const lastInvoicedRunDate = new Map([[hours.contractLineId, '2025-04-01']]);
    const sut = contractView(state, 7, noFacts({ lastInvoicedRunDate }));
    const line = sut.lines.find((l) => l.contractLineId === hours.contractLineId)!;
    expect(line.invoiceSchedule!.entries.map((entry) => entry.runStatus)).toEqual(['RunSuccessful', null]);
  });

  it('counts a line without transactions as zero of each status', () => {
    const sut = contractView(state, 7, noFacts());
    expect(
      sut.lines.every((line) => line.transactions.unbilled === 0 && line.transactions.posted === 0),
    ).toBe(true);
    expect(sut.version).toBe(7);
  });
});
