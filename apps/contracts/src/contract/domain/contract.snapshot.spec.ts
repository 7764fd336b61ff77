import { ContractEvent } from '@app/event-contracts';
import { aContract, ContractCommandFixture } from '../../../test/contract.builders';
import fc from 'fast-check';
import { ContractCommand, decide } from './contract.decider';
import { CONTRACT_SNAPSHOT_VERSION, fromSnapshot, toSnapshot } from './contract.snapshot';
import { ContractState, evolve, evolveAll, initialState } from './contract.state';

const context = { today: '2025-06-15' };
const throughJson = (state: ContractState) => JSON.parse(JSON.stringify(toSnapshot(state))) as unknown;

/** A contract with every kind of fact: split customers, both line kinds, a schedule, milestones, transactions. */
function richHistory(contract: ContractCommandFixture): ContractEvent[] {
  const tm = contract.timeAndMaterialLine({
    includedTransactionClasses: ['Time', 'Fee'],
    notToExceed: '5000.00',
  });
  const daily = contract.timeAndMaterialLine();
  const fp = contract.fixedPriceLine();
  const [ready, notReady] = [fp.milestone(), fp.milestone({ amount: '250.50' })];
  const transactions = Array.from({ length: 50 }, (_, i) =>
    tm.transaction({ quantity: String(i + 1), description: i % 2 ? 'x' : null }),
  );
  return [
    contract.created(),
    contract.customersSet([
      { customerId: 'acme', billingSplitPercent: '33.33' },
      { customerId: 'partner', billingSplitPercent: '66.67' },
    ]),
    tm.added(),
    daily.added(),
    fp.added(),
    tm.scheduleSet([{ invoiceRunDate: '2025-01-31', transactionCutoffDate: '2025-01-30' }], {
      period: 'Monthly',
      days: [31],
    }),
    daily.scheduleSet([{ invoiceRunDate: '2025-01-01', transactionCutoffDate: '2024-12-31' }], {
      period: 'Daily',
    }),
    ready.added(),
    notReady.added(),
    ready.readyForInvoicing(),
    ...transactions.map((t) => t.recorded()),
  ];
}

describe('a contract snapshot', () => {
  it('reads back, through JSON, as exactly the state it was taken of', () => {
    const state = evolveAll(richHistory(aContract()));
    expect(fromSnapshot(throughJson(state))).toStrictEqual(state);
  });

  it('reads back from JSON text', () => {
    const state = evolveAll(richHistory(aContract()));
    expect(fromSnapshot(JSON.stringify(toSnapshot(state)))).toStrictEqual(state);
  });

  it('reads back the state of a contract that does not exist', () => {
    expect(fromSnapshot(throughJson(initialState))).toStrictEqual(initialState);
  });

  it('carries its version, so that a changed state shape is never misread', () => {
    expect(toSnapshot(initialState).snapshotVersion).toBe(CONTRACT_SNAPSHOT_VERSION);
  });

  it.each([
    ['another version', { snapshotVersion: CONTRACT_SNAPSHOT_VERSION + 1, state: { exists: false } }],
    ['no version', { state: { exists: false } }],
    ['no state', { snapshotVersion: CONTRACT_SNAPSHOT_VERSION }],
    ['a state of another shape', { snapshotVersion: CONTRACT_SNAPSHOT_VERSION, state: [] }],
    ['null', null],
    ['a number', 42],
  ])('reads as null, to be rebuilt from the stream, when it has %s', (_case, json) => {
    expect(fromSnapshot(json)).toBeNull();
  });

  it('decides a repeated transaction as a repeat after a round trip', () => {
    const contract = aContract();
    const line = contract.timeAndMaterialLine();
    const transaction = line.transaction();
    const restored = fromSnapshot(
      throughJson(evolveAll([contract.created(), line.added(), transaction.recorded()])),
    );
    expect(decide(transaction.record(), restored!, context)).toEqual({ ok: true, events: [] });
    expect(decide(transaction.record({ quantity: '9' }), restored!, context)).toMatchObject({
      ok: false,
      violation: { code: 'TRANSACTION_ALREADY_RECORDED' },
    });
  });

  it('stays small: well under 100 bytes per recorded transaction', () => {
    const contract = aContract();
    const line = contract.timeAndMaterialLine();
    const transactions = Array.from({ length: 2000 }, () => line.transaction().recorded());
    const state = evolveAll([contract.created(), line.added(), ...transactions]);
    const bytes = JSON.stringify(toSnapshot(state)).length;
    expect(bytes / transactions.length).toBeLessThan(100);
  });
});

describe('a contract evolved by any sequence of commands', () => {
  const contract = aContract();
  const tm = contract.timeAndMaterialLine();
  const fp = contract.fixedPriceLine();
  const milestones = [fp.milestone(), fp.milestone()];
  const transactions = [tm.transaction(), tm.transaction({ transactionClass: 'Fee' })];
  const pool: ContractCommand[] = [
    contract.create(),
    contract.setCustomers([
      { customerId: 'a', billingSplitPercent: '50' },
      { customerId: 'b', billingSplitPercent: '50' },
    ]),
    tm.add(),
    fp.add(),
    tm.setInvoiceSchedule({
      frequency: { period: 'Weekly' },
      startDate: '2025-01-01',
      endDate: '2025-03-01',
    }),
    tm.setInvoiceSchedule({ entries: [] }),
    ...milestones.flatMap((m) => [m.add(), m.markReadyForInvoicing(), m.add({ amount: '1.00' })]),
    ...transactions.flatMap((t) => [t.record(), t.record({ quantity: '-1' })]),
  ];

  it('snapshots to a state that decides every next command exactly as the original does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pool), { maxLength: 30 }),
        fc.constantFrom(...pool),
        (commands, next) => {
          let state = initialState;
          for (const command of commands) {
            const decision = decide(command, state, context);
            if (decision.ok) state = decision.events.reduce(evolve, state);
          }
          const restored = fromSnapshot(throughJson(state));
          expect(restored).toStrictEqual(state);
          expect(decide(next, restored!, context)).toEqual(decide(next, state, context));
        },
      ),
    );
  });
});
