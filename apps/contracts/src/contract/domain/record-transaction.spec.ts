import { TransactionClass } from '@app/event-contracts';
import { DeciderSpecification } from '@app/testing';
import { aContract } from '../../../test/contract.builders';
import { contractDecider } from './contract.decider';

const given = DeciderSpecification.for({ ...contractDecider, context: { today: '2025-06-15' } });

function timeAndMaterial(currency = 'EUR', includedTransactionClasses?: TransactionClass[]) {
  const contract = aContract({ currency });
  const line = contract.timeAndMaterialLine(includedTransactionClasses ? { includedTransactionClasses } : {});
  return { contract, line, history: [contract.created(), line.added()] };
}

describe('when the contract or the line does not exist', () => {
  it('rejects a transaction for an unknown contract', () => {
    given([])
      .when(aContract().timeAndMaterialLine().transaction().record())
      .thenRejects('CONTRACT_NOT_FOUND');
  });

  it('rejects a transaction for an unknown line', () => {
    const contract = aContract();
    given([contract.created()])
      .when(contract.timeAndMaterialLine().transaction().record())
      .thenRejects('CONTRACT_LINE_NOT_FOUND', 'contractLineId');
  });
});

describe('when the line is fixed-price', () => {
  it('rejects a transaction: a fixed-price line bills its milestones', () => {
    const contract = aContract();
    const line = contract.fixedPriceLine();
    given([contract.created(), line.added()])
      .when(line.transaction().record())
      .thenRejects('TRANSACTION_ON_FIXED_PRICE_LINE', 'contractLineId');
  });
});

describe('when the line is time-and-material', () => {
  const { line, history } = timeAndMaterial();

  it('records the transaction with amount = quantity × unit price', () => {
    const transaction = line.transaction({
      quantity: '7.5',
      unitPrice: '120',
      description: 'Workshop',
      resourceRole: 'Consultant',
    });
    given(history).when(transaction.record()).then(transaction.recorded());
    expect(transaction.recorded().data.amount).toBe('900.00');
  });

  it.each([
    ['EUR', '1.5', '33.333', '50.00'],
    ['EUR', '1', '0.005', '0.01'],
    ['EUR', '1', '0.0049', '0.00'],
    ['EUR', '-1', '0.005', '-0.01'],
    ['EUR', '-2.5', '10.01', '-25.03'],
    ['JPY', '3', '333.5', '1001'],
    ['JPY', '1', '0.49', '0'],
    ['JPY', '-1', '0.5', '-1'],
    ['BHD', '2', '1.23449', '2.469'],
    ['BHD', '1', '0.0005', '0.001'],
    ['BHD', '-1', '0.0005', '-0.001'],
  ])('rounds half-up in %s: %s × %s is %s', (currency, quantity, unitPrice, amount) => {
    const tm = timeAndMaterial(currency);
    const [event] = given(tm.history)
      .when(tm.line.transaction({ quantity, unitPrice }).record())
      .thenAccepts();
    expect(event).toMatchObject({ type: 'TransactionRecorded', data: { quantity, unitPrice, amount } });
  });

  it('accepts a negative quantity as a correction of an earlier recording', () => {
    const correction = line.transaction({ quantity: '-2', unitPrice: '100' });
    given(history).when(correction.record()).then(correction.recorded());
    expect(correction.recorded().data.amount).toBe('-200.00');
  });

  it('accepts a zero unit price', () => {
    const free = line.transaction({ quantity: '3', unitPrice: '0' });
    given(history).when(free.record()).then(free.recorded());
  });

  it.each(['0', '0.000', '-0'])('rejects the quantity %s, which records nothing', (quantity) => {
    given(history)
      .when(line.transaction().record({ quantity }))
      .thenRejects('QUANTITY_MUST_NOT_BE_ZERO', 'quantity');
  });

  it('rejects a negative unit price: a correction is a negative quantity', () => {
    given(history)
      .when(line.transaction().record({ unitPrice: '-100' }))
      .thenRejects('UNIT_PRICE_MUST_NOT_BE_NEGATIVE', 'unitPrice');
  });

  it.each([
    ['quantity', { quantity: '8h' }],
    ['quantity', { quantity: '' }],
    ['unitPrice', { unitPrice: '1,5' }],
    ['unitPrice', { unitPrice: '1e2' }],
  ])('rejects a malformed %s', (field, overrides) => {
    given(history).when(line.transaction().record(overrides)).thenRejects('INVALID_DECIMAL', field);
  });

  it('rejects an amount too large to publish as a decimal string', () => {
    given(history)
      .when(line.transaction().record({ quantity: '999999999999999999', unitPrice: '999999' }))
      .thenRejects('INVALID_DECIMAL', 'quantity');
  });

  it('publishes quantity and unit price without leading zeros', () => {
    const transaction = line.transaction({ quantity: '8', unitPrice: '100.50' });
    given(history)
      .when(transaction.record({ quantity: '008', unitPrice: '0100.50' }))
      .then(transaction.recorded());
  });

  it.each(['2025-02-29', '2025-1-5', ''])('rejects the transaction date %j', (transactionDate) => {
    given(history)
      .when(line.transaction().record({ transactionDate }))
      .thenRejects('INVALID_DATE', 'transactionDate');
  });

  it('rejects an unknown transaction class', () => {
    given(history)
      .when(line.transaction().record({ transactionClass: 'Travel' as TransactionClass }))
      .thenRejects('INVALID_FIELD', 'transactionClass');
  });

  it('publishes a missing description and resource role as null', () => {
    const transaction = line.transaction();
    given(history)
      .when(transaction.record({ description: undefined, resourceRole: undefined }))
      .then(transaction.recorded());
  });

  it('rejects a description that is not text', () => {
    given(history)
      .when(line.transaction().record({ description: 42 as unknown as string }))
      .thenRejects('INVALID_FIELD', 'description');
  });
});

describe('when the line includes only some transaction classes', () => {
  const { line, history } = timeAndMaterial('EUR', ['Time', 'Expense']);

  it.each(['Time', 'Expense'] as const)('records a %s transaction', (transactionClass) => {
    const transaction = line.transaction({ transactionClass });
    given(history).when(transaction.record()).then(transaction.recorded());
  });

  it.each(['Material', 'Fee'] as const)('rejects a %s transaction', (transactionClass) => {
    given(history)
      .when(line.transaction({ transactionClass }).record())
      .thenRejects('TRANSACTION_CLASS_NOT_INCLUDED', 'transactionClass');
  });
});

describe('when a transaction with the same id was recorded', () => {
  const { contract, line, history } = timeAndMaterial();
  const transaction = line.transaction({ quantity: '8', unitPrice: '100', description: 'Design' });
  const recorded = [...history, transaction.recorded()];

  it('accepts the same transaction again without events', () => {
    given(recorded).when(transaction.record()).thenNothing();
  });

  it('takes decimals spelled otherwise as the same body', () => {
    given(recorded)
      .when(transaction.record({ quantity: '8.00', unitPrice: '100.0' }))
      .thenNothing();
  });

  it.each([
    { quantity: '9' },
    { unitPrice: '101' },
    { transactionDate: '2025-03-11' },
    { transactionClass: 'Fee' as const },
    { description: 'Build' },
    { description: null },
    { resourceRole: 'Architect' },
  ])('rejects the same id with another body: %j', (overrides) => {
    given(recorded)
      .when(transaction.record(overrides))
      .thenRejects('TRANSACTION_ALREADY_RECORDED', 'transactionId');
  });

  it('rejects the same id on another line of the contract', () => {
    const otherLine = contract.timeAndMaterialLine();
    given([...recorded, otherLine.added()])
      .when(transaction.record({ contractLineId: otherLine.contractLineId }))
      .thenRejects('TRANSACTION_ALREADY_RECORDED', 'transactionId');
  });

  it('still records another transaction with the same body under a new id', () => {
    const twin = line.transaction({ quantity: '8', unitPrice: '100', description: 'Design' });
    given(recorded).when(twin.record()).then(twin.recorded());
  });
});
