import fc from 'fast-check';
import { Money, splitByPercent } from '@app/event-contracts';
import { splitDetailAmounts as sut } from './detail-amount-split';

const eur = (minor: bigint): Money => ({ currency: 'EUR', minor });
const minors = (parts: readonly Money[]) => parts.map((p) => p.minor);
const total = (parts: readonly Money[]) => parts.reduce((acc, p) => acc + p.minor, 0n);

/** Percent lists with up to two decimals that sum to exactly 100, with up to five customers. */
const percents = fc
  .array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 5 })
  .map((weights) => {
    const sum = weights.reduce((a, b) => a + b, 0);
    const basisPoints = weights.map((w) => Math.floor((w * 10_000) / sum));
    basisPoints[basisPoints.length - 1] += 10_000 - basisPoints.reduce((a, b) => a + b, 0);
    return basisPoints.map((bp) => `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`);
  });
const amounts = fc.array(fc.bigInt({ min: -100_000n, max: 10_000_000n }).map(eur), { maxLength: 12 });

describe('splitDetailAmounts', () => {
  it('splits a single detail exactly as the shared rule does: 100.00 into 33.33, 33.33, 33.34', () => {
    expect(sut([eur(10_000n)], ['33.33', '33.33', '33.34'], 'EUR').map(minors)).toEqual([
      [3_333n],
      [3_333n],
      [3_334n],
    ]);
  });

  it('apportions details by running total, so half cents do not always favour the same customer', () => {
    const pennies = [eur(1n), eur(1n), eur(1n), eur(1n)];
    expect(sut(pennies, ['50', '50'], 'EUR').map(minors)).toEqual([
      [1n, 0n, 1n, 0n],
      [0n, 1n, 0n, 1n],
    ]);
  });

  it('gives no customer a negative share of a line of a few cents: 0.05 over 30/30/30/10', () => {
    const nickel = [eur(2n), eur(3n)];
    const shares = sut(nickel, ['30', '30', '30', '10'], 'EUR');
    expect(shares.map(total)).toEqual([2n, 2n, 1n, 0n]);
    expect(shares.flat().every((share) => share.minor >= 0n)).toBe(true);
  });

  it('gives every customer nothing for a line without details', () => {
    expect(sut([], ['60', '40'], 'EUR')).toEqual([[], []]);
  });

  it('property: the customer parts of every detail add up to exactly the detail', () => {
    fc.assert(
      fc.property(amounts, percents, (details, split) => {
        const shares = sut(details, split, 'EUR');
        details.forEach((detail, i) => expect(total(shares.map((s) => s[i]))).toBe(detail.minor));
      }),
    );
  });

  it("property: each customer's details add up to its share of the line under the shared rule", () => {
    fc.assert(
      fc.property(amounts, percents, (details, split) => {
        const line = splitByPercent(eur(total(details)), split);
        expect(sut(details, split, 'EUR').map(total)).toEqual(minors(line));
      }),
    );
  });

  it('property: no customer is more than a cent per other customer off its exact share of a detail', () => {
    fc.assert(
      fc.property(amounts, percents, (details, split) => {
        const shares = sut(details, split, 'EUR');
        split.forEach((percent, k) => {
          const basisPoints = BigInt(percent.replace('.', ''));
          const bound = 10_000n * BigInt(Math.max(1, split.length - 1));
          details.forEach((detail, i) => {
            const exactTimes10k = detail.minor * basisPoints;
            const diff = shares[k][i].minor * 10_000n - exactTimes10k;
            expect(diff < 0n ? -diff : diff).toBeLessThanOrEqual(bound);
          });
        });
      }),
    );
  });
});
