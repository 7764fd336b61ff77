import { aContract } from '../../../test/contract.builders';
import { decide } from './contract.decider';
import { evolve, evolveAll, initialState } from './contract.state';
import { transactionCount } from './transaction-index';

describe('evolving a contract', () => {
  it('ignores facts about a contract that was never created', () => {
    const contract = aContract();
    const line = contract.timeAndMaterialLine();
    expect(evolveAll([line.added(), line.transaction().recorded()])).toBe(initialState);
  });

  it('bills a new contract to its one customer for 100 percent', () => {
    const contract = aContract();
    const state = evolve(initialState, contract.created());
    expect(state.exists && state.customers).toEqual([
      { customerId: contract.data.customerId, billingSplitPercent: '100' },
    ]);
  });

  it('never changes the state it is given', () => {
    const contract = aContract();
    const line = contract.timeAndMaterialLine();
    const before = evolveAll([contract.created(), line.added()]);
    const copy = JSON.parse(JSON.stringify(before)) as unknown;
    evolveAll([line.transaction().recorded(), line.scheduleSet([]), contract.customersSet([])], before);
    expect(before).toStrictEqual(copy);
  });

  it('remembers every transaction id of a large contract, for idempotency', () => {
    const contract = aContract();
    const line = contract.timeAndMaterialLine();
    const transactions = Array.from({ length: 3000 }, () => line.transaction());
    const state = evolveAll([contract.created(), line.added(), ...transactions.map((t) => t.recorded())]);
    expect(state.exists && transactionCount(state.transactions)).toBe(3000);
    for (const transaction of [transactions[0], transactions[1500], transactions[2999]]) {
      expect(decide(transaction.record(), state, { today: '2025-06-15' })).toEqual({ ok: true, events: [] });
    }
  });
});
