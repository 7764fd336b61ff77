import { ContractCustomer } from '@app/event-contracts';
import { DeciderSpecification } from '@app/testing';
import { aContract } from '../../../test/contract.builders';
import fc from 'fast-check';
import { checkBillingSplits } from './billing-split.validation';
import { contractDecider } from './contract.decider';

const given = DeciderSpecification.for({ ...contractDecider, context: { today: '2025-06-15' } });
const split = (...percents: string[]): ContractCustomer[] =>
  percents.map((billingSplitPercent, i) => ({ customerId: `customer-${i + 1}`, billingSplitPercent }));

describe('when the contract does not exist', () => {
  it('rejects a billing split', () => {
    const contract = aContract();
    given([])
      .when(contract.setCustomers(split('100')))
      .thenRejects('CONTRACT_NOT_FOUND');
  });
});

describe('when the contract exists', () => {
  const contract = aContract();
  const history = [contract.created()];

  it.each([
    [['100']],
    [['60', '40']],
    [['33.33', '33.33', '33.34']],
    [['0.01', '99.99']],
    [['12.5', '87.50']],
  ])('sets the billing split %j that sums to exactly 100', (percents) => {
    given(history)
      .when(contract.setCustomers(split(...percents)))
      .then(contract.customersSet(split(...percents)));
  });

  it('publishes each percentage without leading zeros', () => {
    given(history)
      .when(contract.setCustomers(split('060', '40.0')))
      .then(contract.customersSet(split('60', '40.0')));
  });

  it.each([[['33.33', '33.33', '33.33']], [['60', '50']], [['99.99']], [['50', '49.99']]])(
    'rejects the split %j that does not sum to exactly 100',
    (percents) => {
      given(history)
        .when(contract.setCustomers(split(...percents)))
        .thenRejects('BILLING_SPLITS_MUST_SUM_TO_100', 'customers');
    },
  );

  it('rejects an empty list of customers', () => {
    given(history).when(contract.setCustomers([])).thenRejects('INVALID_BILLING_SPLIT', 'customers');
  });

  it.each([
    ['0', 'customers[0].billingSplitPercent'],
    ['-10', 'customers[0].billingSplitPercent'],
    ['100.01', 'customers[0].billingSplitPercent'],
    ['33.333', 'customers[0].billingSplitPercent'],
  ])('rejects the percentage %s', (percent, field) => {
    given(history)
      .when(contract.setCustomers(split(percent, '50')))
      .thenRejects('INVALID_BILLING_SPLIT', field);
  });

  it.each(['', 'sixty', '1e2', '50%'])('rejects the malformed percentage %j', (percent) => {
    given(history)
      .when(contract.setCustomers(split('50', percent)))
      .thenRejects('INVALID_DECIMAL', 'customers[1].billingSplitPercent');
  });

  it('rejects a customer listed twice', () => {
    const customers = [
      { customerId: 'acme', billingSplitPercent: '50' },
      { customerId: 'acme', billingSplitPercent: '50' },
    ];
    given(history)
      .when(contract.setCustomers(customers))
      .thenRejects('DUPLICATE_CUSTOMER', 'customers[1].customerId');
  });

  it('rejects a customer without an id', () => {
    const customers = [{ customerId: '', billingSplitPercent: '100' }];
    given(history)
      .when(contract.setCustomers(customers))
      .thenRejects('INVALID_FIELD', 'customers[0].customerId');
  });

  it('accepts the split it already has without events', () => {
    given(history)
      .when(contract.setCustomers([{ customerId: contract.data.customerId, billingSplitPercent: '100.00' }]))
      .thenNothing();
  });
});

describe('when the contract already has a billing split', () => {
  const contract = aContract();
  const history = [contract.created(), contract.customersSet(split('60', '40'))];

  it('accepts the same split again without events', () => {
    given(history)
      .when(contract.setCustomers(split('60.00', '40')))
      .thenNothing();
  });

  it('replaces it with the customers in another order, since the last one takes the rounding remainder', () => {
    const reversed = [...split('60', '40')].reverse();
    given(history).when(contract.setCustomers(reversed)).then(contract.customersSet(reversed));
  });
});

describe('billing split validation, for any split', () => {
  const hundredths = fc.array(fc.integer({ min: 1, max: 10000 }), { minLength: 1, maxLength: 8 });
  const asPercent = (h: number) => `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`;

  it('accepts a split exactly when its shares sum to 100', () => {
    fc.assert(
      fc.property(hundredths, (shares) => {
        const total = shares.reduce((a, b) => a + b, 0);
        const violation = checkBillingSplits(split(...shares.map(asPercent)));
        expect(violation?.code).toBe(total === 10000 ? undefined : 'BILLING_SPLITS_MUST_SUM_TO_100');
      }),
    );
  });

  it('accepts every split whose shares are built to sum to 100', () => {
    const summingTo100 = hundredths
      .filter((shares) => shares.reduce((a, b) => a + b, 0) < 10000)
      .map((shares) => [...shares, 10000 - shares.reduce((a, b) => a + b, 0)]);
    fc.assert(
      fc.property(summingTo100, (shares) => {
        expect(checkBillingSplits(split(...shares.map(asPercent)))).toBeUndefined();
      }),
    );
  });
});
