import { Money, splitterByPercent, subtract, zero } from '@app/event-contracts';

/**
 * Splits the detail amounts of one invoice line among the customers of a billing split (docs/product.md 2,
 * 3.10). Returns `shares[customer][detail]`.
 *
 * The line amount is what is split by percentage, with the shared rule (`splitByPercent`: earlier
 * customers rounded half-up, the remainder to the last), so each customer's line amount is exactly
 * the split of the line. Details are apportioned by splitting the running total of the details and
 * taking differences: customer k's share of detail i is split(d1..di)[k] - split(d1..di-1)[k].
 * Then, on every invoice, details add up to the line and lines to the total, and, across invoices,
 * the parts of every detail and every line add up to exactly the whole. Splitting each detail on
 * its own instead would let rounding drift by up to a minor unit per transaction, always in favour
 * of the same customers. Every running split is within half a minor unit per other customer of
 * exact (half-up rounding; a part capped to what is left, or the last, can be further off), so a
 * customer's share of one detail is within one minor unit per other customer.
 */
export function splitDetailAmounts(
  amounts: readonly Money[],
  percents: readonly string[],
  currency: string,
): Money[][] {
  const split = splitterByPercent(percents);
  const shares: Money[][] = percents.map(() => []);
  let previous = percents.map(() => zero(currency));
  let runningTotal = zero(currency);
  for (const amount of amounts) {
    runningTotal = { currency, minor: runningTotal.minor + amount.minor };
    const current = split(runningTotal);
    current.forEach((part, customer) => shares[customer].push(subtract(part, previous[customer])));
    previous = current;
  }
  return shares;
}
