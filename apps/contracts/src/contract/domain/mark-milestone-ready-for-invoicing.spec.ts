import { DeciderSpecification } from '@app/testing';
import { aContract } from '../../../test/contract.builders';
import { contractDecider } from './contract.decider';

const given = DeciderSpecification.for({ ...contractDecider, context: { today: '2025-06-15' } });

describe('when the contract, the line or the milestone does not exist', () => {
  it('rejects marking on an unknown contract', () => {
    const milestone = aContract().fixedPriceLine().milestone();
    given([]).when(milestone.markReadyForInvoicing()).thenRejects('CONTRACT_NOT_FOUND');
  });

  it('rejects marking on an unknown line', () => {
    const contract = aContract();
    given([contract.created()])
      .when(contract.fixedPriceLine().milestone().markReadyForInvoicing())
      .thenRejects('CONTRACT_LINE_NOT_FOUND', 'contractLineId');
  });

  it('rejects marking an unknown milestone', () => {
    const contract = aContract();
    const line = contract.fixedPriceLine();
    given([contract.created(), line.added()])
      .when(line.milestone().markReadyForInvoicing())
      .thenRejects('MILESTONE_NOT_FOUND', 'milestoneId');
  });

  it('rejects marking a milestone through a line that does not hold it', () => {
    const contract = aContract();
    const line = contract.fixedPriceLine();
    const otherLine = contract.fixedPriceLine();
    const milestone = line.milestone();
    const command = milestone.markReadyForInvoicing();
    given([contract.created(), line.added(), otherLine.added(), milestone.added()])
      .when({ ...command, data: { ...command.data, contractLineId: otherLine.contractLineId } })
      .thenRejects('MILESTONE_NOT_FOUND', 'milestoneId');
  });
});

describe('when the milestone is not ready for invoicing', () => {
  it('marks it ready for invoicing', () => {
    const contract = aContract();
    const line = contract.fixedPriceLine();
    const milestone = line.milestone();
    given([contract.created(), line.added(), milestone.added()])
      .when(milestone.markReadyForInvoicing())
      .then(milestone.readyForInvoicing());
  });
});

describe('when the milestone is already ready for invoicing', () => {
  it('accepts marking it again without events', () => {
    const contract = aContract();
    const line = contract.fixedPriceLine();
    const milestone = line.milestone();
    given([contract.created(), line.added(), milestone.added(), milestone.readyForInvoicing()])
      .when(milestone.markReadyForInvoicing())
      .thenNothing();
  });

  it('still marks another milestone of the line', () => {
    const contract = aContract();
    const line = contract.fixedPriceLine();
    const [first, second] = [line.milestone(), line.milestone()];
    given([contract.created(), line.added(), first.added(), second.added(), first.readyForInvoicing()])
      .when(second.markReadyForInvoicing())
      .then(second.readyForInvoicing());
  });
});
