import { DeciderSpecification } from '@app/testing';
import { aContract } from '../../../test/contract.builders';
import { contractDecider } from './contract.decider';
import { globalIdKey, GlobalIdKind, IdHolders } from './global-ids';

const given = DeciderSpecification.for({ ...contractDecider, context: { today: '2025-06-15' } });

const heldBy = (contractId: string, kind: GlobalIdKind, id: string): IdHolders =>
  new Map([[globalIdKey({ kind, id }), contractId]]);

describe('when another contract holds the id', () => {
  const contract = aContract();
  const other = aContract().contractId;
  const tm = contract.timeAndMaterialLine();
  const fp = contract.fixedPriceLine();
  const history = [contract.created(), tm.added(), fp.added()];
  const today = '2025-06-15';

  it('refuses a line under that id', () => {
    const line = contract.timeAndMaterialLine();
    const idHolders = heldBy(other, 'ContractLine', line.contractLineId);
    const violation = given([contract.created()])
      .when(line.add(), { today, idHolders })
      .thenRejects('ID_TAKEN', 'contractLineId');
    expect(violation.message).toContain(line.contractLineId);
  });

  it('refuses a milestone under that id', () => {
    const milestone = fp.milestone();
    const idHolders = heldBy(other, 'Milestone', milestone.milestoneId);
    given(history).when(milestone.add(), { today, idHolders }).thenRejects('ID_TAKEN', 'milestoneId');
  });

  it('refuses a transaction under that id', () => {
    const transaction = tm.transaction();
    const idHolders = heldBy(other, 'Transaction', transaction.transactionId);
    given(history).when(transaction.record(), { today, idHolders }).thenRejects('ID_TAKEN', 'transactionId');
  });

  it('still names a malformed field first', () => {
    const transaction = tm.transaction();
    const idHolders = heldBy(other, 'Transaction', transaction.transactionId);
    given(history)
      .when(transaction.record({ quantity: 'x' }), { today, idHolders })
      .thenRejects('INVALID_DECIMAL', 'quantity');
  });

  it('keeps the id kinds apart: a milestone may share a line id', () => {
    const milestone = fp.milestone();
    const idHolders = heldBy(other, 'ContractLine', milestone.milestoneId);
    given(history).when(milestone.add(), { today, idHolders }).then(milestone.added());
  });
});

describe('when the contract holds the id itself', () => {
  const contract = aContract();
  const tm = contract.timeAndMaterialLine();
  const transaction = tm.transaction();
  const history = [contract.created(), tm.added(), transaction.recorded()];
  const today = '2025-06-15';

  it('answers a repeated line as before', () => {
    const idHolders = heldBy(contract.contractId, 'ContractLine', tm.contractLineId);
    given(history).when(tm.add(), { today, idHolders }).thenNothing();
    given(history)
      .when(tm.add({ name: 'Other' }), { today, idHolders })
      .thenRejects('CONTRACT_LINE_ALREADY_EXISTS', 'contractLineId');
  });

  it('answers a repeated transaction as before, even when another contract also holds it', () => {
    // Ids recorded twice before ids were global: the later contract keeps its own repeats.
    const idHolders = heldBy(aContract().contractId, 'Transaction', transaction.transactionId);
    given(history).when(transaction.record(), { today, idHolders }).thenNothing();
  });
});
