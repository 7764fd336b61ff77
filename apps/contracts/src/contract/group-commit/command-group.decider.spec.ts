import { ContractEvent } from '@app/event-contracts';
import { aContract } from '../../../test/contract.builders';
import { LoadedContract } from '../contract-stream';
import { evolveAll } from '../domain';
import { decideGroup, GroupedCommand, GroupOutcome } from './command-group.decider';

const context = { today: '2025-06-15' };

/** Contracts as the group's transaction loads them: their state and stream version. */
function given(...streams: (readonly ContractEvent[])[]): Map<string, LoadedContract> {
  return new Map(
    streams.map((events) => [
      events[0].data.contractId,
      { state: evolveAll(events), version: events.length },
    ]),
  );
}

const when = (...commands: GroupedCommand[]) => commands;

/** The outcomes with only what a caller sees: kind, events or code, version. */
function summary(outcome: GroupOutcome) {
  switch (outcome.kind) {
    case 'decided':
      return { kind: outcome.kind, events: outcome.events, version: outcome.version };
    case 'refused':
      return { kind: outcome.kind, code: outcome.violation.code };
    case 'stale':
      return outcome;
  }
}

function aContractWithLine() {
  const contract = aContract();
  const line = contract.timeAndMaterialLine();
  return { contract, line, history: [contract.created(), line.added()] };
}

describe('a group of commands on several contracts', () => {
  it('decides each in arrival order and answers the version after its own command', () => {
    const a = aContractWithLine();
    const b = aContractWithLine();
    const [a1, b1, a2] = [a.line.transaction(), b.line.transaction(), a.line.transaction()];

    const { outcomes, writes } = decideGroup(
      given(a.history, b.history),
      when({ command: a1.record() }, { command: b1.record() }, { command: a2.record() }),
      context,
    );

    expect(outcomes.map(summary)).toEqual([
      { kind: 'decided', events: [a1.recorded()], version: 3 },
      { kind: 'decided', events: [b1.recorded()], version: 3 },
      { kind: 'decided', events: [a2.recorded()], version: 4 },
    ]);
    expect(writes).toEqual([
      {
        contractId: a.contract.contractId,
        loadedVersion: 2,
        events: [
          { event: a1.recorded(), commandIndex: 0 },
          { event: a2.recorded(), commandIndex: 2 },
        ],
        state: evolveAll([...a.history, a1.recorded(), a2.recorded()]),
      },
      {
        contractId: b.contract.contractId,
        loadedVersion: 2,
        events: [{ event: b1.recorded(), commandIndex: 1 }],
        state: evolveAll([...b.history, b1.recorded()]),
      },
    ]);
  });

  it('lets a later command build on an earlier one: a line added, then a transaction on it', () => {
    const contract = aContract();
    const line = contract.timeAndMaterialLine();
    const transaction = line.transaction();

    const { outcomes } = decideGroup(
      new Map(),
      when({ command: contract.create() }, { command: line.add() }, { command: transaction.record() }),
      context,
    );

    expect(outcomes.map(summary)).toEqual([
      { kind: 'decided', events: [contract.created()], version: 1 },
      { kind: 'decided', events: [line.added()], version: 2 },
      { kind: 'decided', events: [transaction.recorded()], version: 3 },
    ]);
  });
});

describe('when a command of the group is refused', () => {
  it('writes nothing for it, and the commands after it see the contract without it', () => {
    const { contract, line, history } = aContractWithLine();
    const fixedPrice = contract.fixedPriceLine();
    const [before, after] = [line.transaction(), line.transaction()];

    const { outcomes, writes } = decideGroup(
      given([...history, fixedPrice.added()]),
      when(
        { command: before.record() },
        { command: fixedPrice.transaction().record() },
        { command: after.record() },
      ),
      context,
    );

    expect(outcomes.map(summary)).toEqual([
      { kind: 'decided', events: [before.recorded()], version: 4 },
      { kind: 'refused', code: 'TRANSACTION_ON_FIXED_PRICE_LINE' },
      { kind: 'decided', events: [after.recorded()], version: 5 },
    ]);
    expect(writes[0].events.map((e) => e.commandIndex)).toEqual([0, 2]);
  });

  it('refuses a command on a contract that does not exist, and appends nothing for it', () => {
    const contract = aContract();
    const { outcomes, writes } = decideGroup(
      new Map(),
      when({ command: contract.timeAndMaterialLine().add() }),
      context,
    );
    expect(outcomes.map(summary)).toEqual([{ kind: 'refused', code: 'CONTRACT_NOT_FOUND' }]);
    expect(writes).toEqual([]);
  });
});

describe('If-Match inside a group', () => {
  it('is checked against the version the command sees, after the group’s earlier commands', () => {
    const { line, history } = aContractWithLine();
    const [first, second, third] = [line.transaction(), line.transaction(), line.transaction()];

    const { outcomes } = decideGroup(
      given(history),
      when(
        { command: first.record(), expectedVersion: 2 },
        { command: second.record(), expectedVersion: 2 },
        { command: third.record(), expectedVersion: 3 },
      ),
      context,
    );

    expect(outcomes.map(summary)).toEqual([
      { kind: 'decided', events: [first.recorded()], version: 3 },
      { kind: 'stale', expectedVersion: 2, actualVersion: 3 },
      { kind: 'decided', events: [third.recorded()], version: 4 },
    ]);
  });
});

describe('the same transaction id twice in one group', () => {
  it('records it once; the repeat with the same body changes nothing', () => {
    const { line, history } = aContractWithLine();
    const transaction = line.transaction();

    const { outcomes, writes } = decideGroup(
      given(history),
      when({ command: transaction.record() }, { command: transaction.record() }),
      context,
    );

    expect(outcomes.map(summary)).toEqual([
      { kind: 'decided', events: [transaction.recorded()], version: 3 },
      { kind: 'decided', events: [], version: 3 },
    ]);
    expect(writes[0].events).toHaveLength(1);
  });

  it('refuses the repeat when it carries another body', () => {
    const { line, history } = aContractWithLine();
    const transaction = line.transaction();

    const { outcomes } = decideGroup(
      given(history),
      when({ command: transaction.record() }, { command: transaction.record({ quantity: '9' }) }),
      context,
    );

    expect(outcomes.map(summary)[1]).toEqual({ kind: 'refused', code: 'TRANSACTION_ALREADY_RECORDED' });
  });
});

describe('a group in which two contracts name one new id', () => {
  it('gives the id to the first and refuses the second with ID_TAKEN, the others going on', () => {
    const a = aContractWithLine();
    const b = aContractWithLine();
    const taken = a.line.transaction();
    const onB = b.line.transaction({ transactionId: taken.transactionId });
    const other = b.line.transaction();

    const { outcomes } = decideGroup(
      given(a.history, b.history),
      when({ command: taken.record() }, { command: onB.record() }, { command: other.record() }),
      context,
    );

    expect(outcomes.map(summary)).toEqual([
      { kind: 'decided', events: [taken.recorded()], version: 3 },
      { kind: 'refused', code: 'ID_TAKEN' },
      { kind: 'decided', events: [other.recorded()], version: 3 },
    ]);
  });
});
