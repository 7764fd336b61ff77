import { DeciderSpecification } from '@app/testing';
import { aContract } from '../../../test/contract.builders';
import { contractDecider } from './contract.decider';

const given = DeciderSpecification.for({ ...contractDecider, context: { today: '2025-06-15' } });

describe('when no contract exists yet', () => {
  it('creates the contract', () => {
    const contract = aContract({ currency: 'JPY' });
    given([]).when(contract.create()).then(contract.created());
  });

  it.each(['EURO', 'eur', 'XXX', '', 'constructor'])(
    'rejects the currency %j, which is not ISO 4217',
    (currency) => {
      const contract = aContract();
      given([]).when(contract.create({ currency })).thenRejects('CURRENCY_NOT_ISO_4217', 'currency');
    },
  );

  it.each([
    ['name', { name: '' }],
    ['name', { name: '   ' }],
    ['customerId', { customerId: '' }],
  ])('rejects an empty %s', (field, overrides) => {
    const contract = aContract();
    given([]).when(contract.create(overrides)).thenRejects('INVALID_FIELD', field);
  });
});

describe('when the contract exists', () => {
  it('accepts the same create again without events (an idempotent retry)', () => {
    const contract = aContract();
    given([contract.created()]).when(contract.create()).thenNothing();
  });

  it.each([{ name: 'Another name' }, { customerId: 'another-customer' }, { currency: 'USD' }])(
    'rejects a create under the same id with another body: %j',
    (overrides) => {
      const contract = aContract();
      given([contract.created()])
        .when(contract.create(overrides))
        .thenRejects('CONTRACT_ALREADY_EXISTS', 'contractId');
    },
  );

  it('still answers the same create with the same body after the billing split changed', () => {
    const contract = aContract();
    const customers = [
      { customerId: contract.data.customerId, billingSplitPercent: '50' },
      { customerId: 'partner', billingSplitPercent: '50' },
    ];
    given([contract.created(), contract.customersSet(customers)])
      .when(contract.create())
      .thenNothing();
  });
});
