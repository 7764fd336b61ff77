import { DeciderSpecification } from '@app/testing';
import { aContract } from '../../../test/contract.builders';
import { contractDecider } from './contract.decider';

const given = DeciderSpecification.for({ ...contractDecider, context: { today: '2025-06-15' } });

describe('when the contract or the line does not exist', () => {
  it('rejects a milestone for an unknown contract', () => {
    const milestone = aContract().fixedPriceLine().milestone();
    given([]).when(milestone.add()).thenRejects('CONTRACT_NOT_FOUND');
  });

  it('rejects a milestone for an unknown line', () => {
    const contract = aContract();
    given([contract.created()])
      .when(contract.fixedPriceLine().milestone().add())
      .thenRejects('CONTRACT_LINE_NOT_FOUND', 'contractLineId');
  });
});

describe('when the line is time-and-material', () => {
  it('rejects a milestone', () => {
    const contract = aContract();
    const line = contract.timeAndMaterialLine();
    given([contract.created(), line.added()])
      .when(line.milestone().add())
      .thenRejects('MILESTONE_ON_TIME_AND_MATERIAL_LINE', 'contractLineId');
  });
});

describe('when the line is fixed-price', () => {
  const contract = aContract();
  const line = contract.fixedPriceLine();
  const history = [contract.created(), line.added()];

  it('adds a milestone', () => {
    const milestone = line.milestone({ amount: '2500.00', milestoneDate: '2025-04-30' });
    given(history).when(milestone.add()).then(milestone.added());
  });

  it.each([
    ['EUR', '2500', '2500.00'],
    ['EUR', '2500.5', '2500.50'],
    ['JPY', '2500', '2500'],
    ['JPY', '2500.000', '2500'],
    ['BHD', '2.5', '2.500'],
  ])(
    'publishes the amount in %s with exactly its minor units: %s as %s',
    (currency, requested, published) => {
      const other = aContract({ currency });
      const fixedPrice = other.fixedPriceLine();
      const milestone = fixedPrice.milestone({ amount: published });
      given([other.created(), fixedPrice.added()])
        .when(milestone.add({ amount: requested }))
        .then(milestone.added());
    },
  );

  it.each(['0', '-100.00'])('rejects the amount %s, which is not positive', (amount) => {
    given(history).when(line.milestone().add({ amount })).thenRejects('AMOUNT_MUST_BE_POSITIVE', 'amount');
  });

  it.each([
    ['EUR', '10.001'],
    ['JPY', '10.5'],
    ['BHD', '0.0001'],
  ])('rejects in %s the amount %s, finer than the currency', (currency, amount) => {
    const other = aContract({ currency });
    const fixedPrice = other.fixedPriceLine();
    given([other.created(), fixedPrice.added()])
      .when(fixedPrice.milestone().add({ amount }))
      .thenRejects('AMOUNT_PRECISION_EXCEEDS_CURRENCY', 'amount');
  });

  it('rejects a malformed amount', () => {
    given(history)
      .when(line.milestone().add({ amount: '1.000,00' }))
      .thenRejects('INVALID_DECIMAL', 'amount');
  });

  it.each(['2025-02-29', '2025-13-01', '31-01-2025'])('rejects the milestone date %s', (milestoneDate) => {
    given(history).when(line.milestone().add({ milestoneDate })).thenRejects('INVALID_DATE', 'milestoneDate');
  });

  it('rejects a milestone without a name', () => {
    given(history)
      .when(line.milestone().add({ name: '' }))
      .thenRejects('INVALID_FIELD', 'name');
  });
});

describe('when a milestone with the same id exists', () => {
  const contract = aContract();
  const line = contract.fixedPriceLine();
  const milestone = line.milestone({ amount: '1000.00' });
  const history = [contract.created(), line.added(), milestone.added()];

  it('accepts the same add again without events, even with the amount spelled otherwise', () => {
    given(history).when(milestone.add()).thenNothing();
    given(history)
      .when(milestone.add({ amount: '1000' }))
      .thenNothing();
  });

  it('accepts the same add again after the milestone became ready', () => {
    given([...history, milestone.readyForInvoicing()])
      .when(milestone.add())
      .thenNothing();
  });

  it.each([{ name: 'Other' }, { milestoneDate: '2025-05-01' }, { amount: '1000.01' }])(
    'rejects an add under the same id with another body: %j',
    (overrides) => {
      given(history).when(milestone.add(overrides)).thenRejects('MILESTONE_ALREADY_EXISTS', 'milestoneId');
    },
  );

  it('rejects the same milestone id on another line of the contract', () => {
    const otherLine = contract.fixedPriceLine();
    given([...history, otherLine.added()])
      .when(milestone.add({ contractLineId: otherLine.contractLineId }))
      .thenRejects('MILESTONE_ALREADY_EXISTS', 'milestoneId');
  });
});
