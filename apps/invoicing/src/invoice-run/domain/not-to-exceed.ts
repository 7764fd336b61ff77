import { Money, add, compare, money } from '@app/event-contracts';
import { UnbilledTransaction } from './billing-input';

export interface NotToExceedOutcome {
  readonly billed: readonly UnbilledTransaction[];
  readonly heldBack: readonly UnbilledTransaction[];
}

/**
 * SPEC 3.6. Transactions, already in billing order (date, then id), are billed while the line's
 * invoiced total plus what this run bills stays at or under the ceiling. The first one that would
 * go over is held back together with every later one: billing stays chronological, so a held-back
 * transaction is never overtaken by a later one that happens to be smaller.
 */
export function applyNotToExceed(
  transactions: readonly UnbilledTransaction[],
  invoicedTotal: string,
  notToExceed: string | null,
  currency: string,
): NotToExceedOutcome {
  if (notToExceed === null) return { billed: transactions, heldBack: [] };
  const ceiling = money(notToExceed, currency);
  let running: Money = money(invoicedTotal, currency);
  let cut = 0;
  for (const transaction of transactions) {
    const next = add(running, money(transaction.amount, currency));
    if (compare(next, ceiling) > 0) break;
    running = next;
    cut += 1;
  }
  return { billed: transactions.slice(0, cut), heldBack: transactions.slice(cut) };
}
