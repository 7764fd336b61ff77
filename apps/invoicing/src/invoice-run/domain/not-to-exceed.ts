import { Money, add, compare, money, sum } from '@app/event-contracts';
import { UnbilledTransaction, hasReleasedShares } from './billing-input';

export interface NotToExceedOutcome {
  readonly billed: readonly UnbilledTransaction[];
  readonly heldBack: readonly UnbilledTransaction[];
}

/**
 * docs/product.md 3.6. Transactions, already in billing order (date, then id), are billed while the line's
 * invoiced total plus what this run bills stays at or under the ceiling. The first one that would
 * go over is held back together with every later one: billing stays chronological, so a held-back
 * transaction is never overtaken by a later one that happens to be smaller. A transaction with
 * released shares counts with what they owe: the rest of it stands on invoices and is in the
 * invoiced total already.
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
    const next = add(running, owedAmount(transaction, currency));
    if (compare(next, ceiling) > 0) break;
    running = next;
    cut += 1;
  }
  return { billed: transactions.slice(0, cut), heldBack: transactions.slice(cut) };
}

/** What billing the transaction adds: all of it, or the sum of its released shares. */
export function owedAmount(transaction: UnbilledTransaction, currency: string): Money {
  if (!hasReleasedShares(transaction)) return money(transaction.amount, currency);
  return sum(
    currency,
    (transaction.releasedShares ?? []).map((share) => money(share.amount, currency)),
  );
}
