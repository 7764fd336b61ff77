import {
  aBillingInput,
  aFixedPriceLine,
  aMilestone,
  aScheduleEntry,
  aTimeAndMaterialLine,
  anUnbilledTransaction,
} from '../../../test/billing.builders';
import { processRunCountsFrom, proposeForContracts as sut } from './propose-for-contracts';

describe('proposeForContracts', () => {
  const good = aBillingInput({ lines: [aFixedPriceLine({ milestones: [aMilestone()] })] });
  const alsoGood = aBillingInput({
    lines: [
      aTimeAndMaterialLine({
        scheduleEntries: [aScheduleEntry('2024-03-02')],
        unbilledTransactions: [anUnbilledTransaction()],
      }),
      aTimeAndMaterialLine(),
    ],
  });
  const bad = aBillingInput({ currency: 'XYZ', lines: [aFixedPriceLine({ milestones: [aMilestone()] })] });

  it('parks a contract it cannot invoice, with the reason, and goes on with the others', () => {
    const result = sut([good, bad, alsoGood], '2024-03-05');
    expect(result.proposals.map((p) => p.contractId)).toEqual([good.contractId, alsoGood.contractId]);
    expect(result.parked).toEqual([
      { contractId: bad.contractId, code: 'CURRENCY_NOT_ISO_4217', reason: expect.stringContaining('XYZ') },
    ]);
  });

  it('parks a contract whose data breaks the generator in an unforeseen way too', () => {
    const broken = aBillingInput({ lines: [{ ...aTimeAndMaterialLine(), scheduleEntries: null as never }] });
    expect(sut([broken], '2024-03-05').parked).toEqual([
      { contractId: broken.contractId, code: 'UNEXPECTED_ERROR', reason: expect.any(String) },
    ]);
  });

  it('sums the counts of the contracts it proposed for', () => {
    expect(sut([good, bad, alsoGood], '2024-03-05').counts).toMatchObject({
      contractLinesConsidered: 3,
      linesDue: 2,
      skippedNoSchedule: 1,
      invoicesProposed: 2,
      transactionsBilled: 1,
      milestonesBilled: 1,
    });
  });

  it('maps to the published process run counts with what was committed', () => {
    const { counts } = sut([good, bad, alsoGood], '2024-03-05');
    expect(processRunCountsFrom(counts, { invoicesCreated: 2, contractsParked: 1 })).toEqual({
      contractLinesConsidered: 3,
      invoicesCreated: 2,
      skippedNoTransactions: 0,
      skippedNoSchedule: 1,
      heldBackByNotToExceed: 0,
      contractsParked: 1,
    });
  });
});
