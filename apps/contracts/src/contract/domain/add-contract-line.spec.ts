import { BillingMethod, TransactionClass } from '@app/event-contracts';
import { DeciderSpecification } from '@app/testing';
import { aContract } from '../../../test/contract.builders';
import { contractDecider } from './contract.decider';

const given = DeciderSpecification.for({ ...contractDecider, context: { today: '2025-06-15' } });

describe('when the contract does not exist', () => {
  it('rejects a line', () => {
    const line = aContract().timeAndMaterialLine();
    given([]).when(line.add()).thenRejects('CONTRACT_NOT_FOUND', 'contractId');
  });
});

describe('when the contract exists', () => {
  const contract = aContract();
  const history = [contract.created()];

  it('adds a time-and-material line', () => {
    const line = contract.timeAndMaterialLine();
    given(history).when(line.add()).then(line.added());
  });

  it('adds a fixed-price line', () => {
    const line = contract.fixedPriceLine();
    given(history).when(line.add()).then(line.added());
  });

  it('includes all four transaction classes when none are named', () => {
    const line = contract.timeAndMaterialLine();
    given(history)
      .when(line.add({ includedTransactionClasses: undefined }))
      .then(line.added());
    given(history)
      .when(line.add({ includedTransactionClasses: null }))
      .then(line.added());
  });

  it('publishes the named classes in their canonical order', () => {
    const line = contract.timeAndMaterialLine({ includedTransactionClasses: ['Time', 'Expense'] });
    given(history)
      .when(line.add({ includedTransactionClasses: ['Expense', 'Time'] }))
      .then(line.added());
  });

  it.each([[[]], [['Time', 'Time']], [['Time', 'Travel']], [['time']]])(
    'rejects the transaction classes %j',
    (classes) => {
      const line = contract.timeAndMaterialLine();
      given(history)
        .when(line.add({ includedTransactionClasses: classes as TransactionClass[] }))
        .thenRejects('INVALID_TRANSACTION_CLASSES', 'includedTransactionClasses');
    },
  );

  it('rejects a line without a name', () => {
    const line = contract.timeAndMaterialLine();
    given(history)
      .when(line.add({ name: ' ' }))
      .thenRejects('INVALID_FIELD', 'name');
  });

  it('rejects an unknown billing method', () => {
    const line = contract.timeAndMaterialLine();
    given(history)
      .when(line.add({ billingMethod: 'Hourly' as BillingMethod }))
      .thenRejects('INVALID_FIELD', 'billingMethod');
  });
});

describe('when a time-and-material line has a not-to-exceed amount', () => {
  it.each([
    ['EUR', '5000', '5000.00'],
    ['EUR', '5000.5', '5000.50'],
    ['EUR', '5000.500', '5000.50'],
    ['JPY', '5000', '5000'],
    ['BHD', '1.005', '1.005'],
  ])('publishes it in %s with exactly the minor units: %s as %s', (currency, requested, published) => {
    const contract = aContract({ currency });
    const line = contract.timeAndMaterialLine({ notToExceed: published });
    given([contract.created()])
      .when(line.add({ notToExceed: requested }))
      .then(line.added());
  });

  it.each(['0', '0.00', '-100'])('rejects the amount %s, which is not positive', (notToExceed) => {
    const contract = aContract();
    given([contract.created()])
      .when(contract.timeAndMaterialLine().add({ notToExceed }))
      .thenRejects('AMOUNT_MUST_BE_POSITIVE', 'notToExceed');
  });

  it.each([
    ['EUR', '100.005'],
    ['JPY', '100.5'],
    ['BHD', '1.0005'],
  ])('rejects in %s the amount %s, finer than the currency', (currency, notToExceed) => {
    const contract = aContract({ currency });
    given([contract.created()])
      .when(contract.timeAndMaterialLine().add({ notToExceed }))
      .thenRejects('AMOUNT_PRECISION_EXCEEDS_CURRENCY', 'notToExceed');
  });

  it.each(['', 'lots', '1,000.00'])('rejects the malformed amount %j', (notToExceed) => {
    const contract = aContract();
    given([contract.created()])
      .when(contract.timeAndMaterialLine().add({ notToExceed }))
      .thenRejects('INVALID_DECIMAL', 'notToExceed');
  });
});

describe('when the line is fixed-price', () => {
  it('rejects a not-to-exceed amount', () => {
    const contract = aContract();
    given([contract.created()])
      .when(contract.fixedPriceLine().add({ notToExceed: '1000.00' }))
      .thenRejects('NOT_TO_EXCEED_ON_FIXED_PRICE_LINE', 'notToExceed');
  });
});

describe('when a line with the same id exists', () => {
  const contract = aContract();
  const line = contract.timeAndMaterialLine({
    includedTransactionClasses: ['Time', 'Fee'],
    notToExceed: '900.00',
  });
  const history = [contract.created(), line.added()];

  it('accepts the same add again without events', () => {
    given(history).when(line.add()).thenNothing();
  });

  it('takes the same classes in another order and the same cap spelled otherwise as the same body', () => {
    given(history)
      .when(line.add({ includedTransactionClasses: ['Fee', 'Time'], notToExceed: '900' }))
      .thenNothing();
  });

  it.each([
    { name: 'Other name' },
    { billingMethod: 'FixedPrice' as const, notToExceed: null },
    { includedTransactionClasses: ['Time' as const] },
    { notToExceed: '901.00' },
    { notToExceed: null },
  ])('rejects an add under the same id with another body: %j', (overrides) => {
    given(history).when(line.add(overrides)).thenRejects('CONTRACT_LINE_ALREADY_EXISTS', 'contractLineId');
  });
});
