import { emptyCounts } from './domain';
import { ChunkTally } from './chunk-tally';

describe('a chunk tally', () => {
  it('has no progress before a contract is done, so the cursor stays put', () => {
    expect(new ChunkTally().progress()).toBeNull();
  });

  it('sums done contracts and moves the cursor to the last of them', () => {
    const sut = new ChunkTally();
    const counts = {
      ...emptyCounts(),
      contractLinesConsidered: 2,
      skippedNoSchedule: 1,
      heldBackByNotToExceed: 3,
    };
    sut.add('contract-a', { counts, invoicesCreated: 2, parked: false });
    sut.add('contract-b', { counts: emptyCounts(), invoicesCreated: 0, parked: true });
    expect(sut.progress()).toEqual({
      cursor: 'contract-b',
      contractsDone: 2,
      contractLinesConsidered: 2,
      skippedNoTransactions: 0,
      skippedNoSchedule: 1,
      heldBackByNotToExceed: 3,
      invoicesCreated: 2,
      contractsParked: 1,
    });
  });
});
